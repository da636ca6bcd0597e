/** Password hashing with argon2id; the cost is a setting (lowered in tests only). */
import { hash, verify } from '@node-rs/argon2'

export interface PasswordCost {
  memoryCostKib: number
  timeCost: number
}

export class Passwords {
  /** A real hash to verify against when the account does not exist, so timing does not tell. */
  private dummyHash: Promise<string> | null = null

  constructor(
    private readonly cost: PasswordCost,
    readonly minLength: number,
  ) {}

  hash(password: string): Promise<string> {
    // algorithm defaults to argon2id; the const enum is not importable under verbatimModuleSyntax.
    return hash(password, {
      memoryCost: this.cost.memoryCostKib,
      timeCost: this.cost.timeCost,
      parallelism: 1,
    })
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    if (passwordHash === null) {
      this.dummyHash ??= this.hash('not-a-real-password-but-same-cost')
      await verify(await this.dummyHash, password).catch(() => false)
      return false
    }
    try {
      return await verify(passwordHash, password)
    } catch {
      return false
    }
  }

  isLongEnough(password: string): boolean {
    return [...password].length >= this.minLength
  }
}
