/**
 * The one-time set-up token of an instance reachable from a network. Until the first account (the
 * instance admin) exists, signing up needs it, so whoever merely finds the address cannot claim the
 * instance before its operator does. It is made at start when no account exists, kept in memory
 * only as a hash, and written to `DATA_DIR/setup-token` (mode 0600) for the operator; the log names
 * the file, never the token. The first account removes the file; a restart before that makes a new
 * token. Several instances each make their own: sign up the first account against one of them.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Logger } from 'pino'
import type { Users } from '../store/users.js'
import { generateToken } from './tokens.js'

export const SETUP_TOKEN_FILE = 'setup-token'

const digest = (token: string) => createHash('sha256').update(token).digest()

export interface SetupTokenOptions {
  /** `config.auth.setupTokenRequired`. */
  required: boolean
  dataDir: string
  users: Users
  log: Logger
}

export class SetupToken {
  private constructor(
    /** Whether the first sign-up needs a token at all (from the configuration). */
    readonly required: boolean,
    private hash: Buffer | null,
    private readonly file: string | null,
  ) {}

  /** No token: the instance listens on loopback only, or SETUP_TOKEN=off. */
  static notRequired(): SetupToken {
    return new SetupToken(false, null, null)
  }

  /** Makes the token when it is required and no account exists yet; removes a stale file otherwise. */
  static async prepare(options: SetupTokenOptions): Promise<SetupToken> {
    if (!options.required) return SetupToken.notRequired()
    const file = path.join(options.dataDir, SETUP_TOKEN_FILE)
    // A file from an earlier start is never reused: its token may have been seen since.
    await fs.rm(file, { force: true })
    if ((await options.users.count()) > 0) return new SetupToken(true, null, null)
    const token = generateToken()
    await fs.mkdir(options.dataDir, { recursive: true })
    // `wx`: created here with 0600, never an existing file someone else could already read.
    await fs.writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' })
    options.log.warn(
      { file },
      'No account exists yet: the first sign-up needs the set-up token in this file (open /signup?setup=<token>)',
    )
    return new SetupToken(true, digest(token), file)
  }

  /**
   * Whether `token` is the set-up token. False once it has been used, and always when the instance
   * started with accounts: a first account then can only come from a fresh start's token.
   */
  matches(token: string | undefined): boolean {
    if (!this.hash || token === undefined) return false
    return timingSafeEqual(digest(token), this.hash)
  }

  /** The first account exists: the token is spent and its file removed. */
  async spend(log: Logger): Promise<void> {
    this.hash = null
    if (!this.file) return
    await fs.rm(this.file, { force: true }).catch((err: unknown) => {
      log.warn({ err, file: this.file }, 'could not remove the spent set-up token file')
    })
  }
}
