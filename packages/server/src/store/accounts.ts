/**
 * Creating an account and joining with an invitation, each in one transaction: the user, the
 * invitation's use and the membership exist together or not at all (concurrent signups with a
 * single-use link must not leave accounts without a workspace behind). Whether this is the first
 * account (the instance admin) is decided inside that transaction too, so two simultaneous first
 * sign-ups cannot both see an empty instance.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { InvitationRow } from './invitations.js'
import type { Database, Dialect } from './schema.js'
import type { UserRow } from './users.js'

export type Refusal = 'email_taken' | 'invitation_unusable' | 'signup_closed' | 'setup_token'

/**
 * The sign-up policy, asked inside the transaction with whether the account would be the first:
 * null to go ahead, or why not. It must not touch the database (it runs while signups are held).
 */
export type SignupRule = (firstAccount: boolean) => Refusal | null

export type Created = { created: true; instanceAdmin: boolean } | { created: false; refusal: Refusal }

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal)
  }
}

async function takeUseAndJoin(
  trx: Transaction<Database>,
  invitation: InvitationRow,
  userId: string,
): Promise<boolean> {
  const taken = await trx
    .updateTable('invitations')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', invitation.id)
    .where((eb) => eb('uses', '<', eb.ref('max_uses')))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', Date.now())
    .executeTakeFirst()
  if (Number(taken.numUpdatedRows) !== 1) return false
  await trx
    .insertInto('members')
    .values({
      workspace_id: invitation.workspace_id,
      user_id: userId,
      party: invitation.party,
      role: invitation.role,
      signatory: invitation.signatory,
      joined_at: Date.now(),
    })
    .execute()
  return true
}

export class Accounts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Creates the user (and joins with `invitation`) unless `rule` or the data refuse; on refusal
   * nothing is stored. The account is the instance admin exactly when it is the first.
   */
  async create(
    user: Omit<UserRow, 'instance_admin'>,
    invitation: InvitationRow | null,
    rule: SignupRule,
  ): Promise<Created> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        // SQLite: Kysely's one connection runs one transaction at a time, so the count below
        // cannot change under us. PostgreSQL: concurrent transactions each see an empty table, so
        // sign-ups take a lock (this schema's, held until commit) before counting.
        if (this.dialect === 'postgres') {
          await sql`select pg_advisory_xact_lock(hashtext('trepart.signup:' || current_schema()))`.execute(
            trx,
          )
        }
        const firstAccount = (await countUsers(trx)) === 0
        const refusal = rule(firstAccount)
        if (refusal) throw new Refused(refusal)
        const existing = await trx
          .selectFrom('users')
          .select('id')
          .where('email', '=', user.email)
          .executeTakeFirst()
        if (existing) throw new Refused('email_taken')
        try {
          await trx
            .insertInto('users')
            .values({ ...user, instance_admin: firstAccount ? 1 : 0 })
            .execute()
        } catch {
          // Two signups with one email at once: the unique index decides.
          throw new Refused('email_taken')
        }
        if (invitation && !(await takeUseAndJoin(trx, invitation, user.id)))
          throw new Refused('invitation_unusable')
        return { created: true as const, instanceAdmin: firstAccount }
      })
    } catch (error) {
      if (error instanceof Refused) return { created: false, refusal: error.refusal }
      throw error
    }
  }

  /** An existing user joins with `invitation`; false when it could not be used. */
  join(invitation: InvitationRow, userId: string): Promise<boolean> {
    return this.db.transaction().execute((trx) => takeUseAndJoin(trx, invitation, userId))
  }
}

async function countUsers(db: Kysely<Database> | Transaction<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
