/**
 * Creating an account and joining with an invitation, each in one transaction: the user, the
 * invitation's use and the membership exist together or not at all (concurrent signups with a
 * single-use link must not leave accounts without a workspace behind).
 */
import type { Kysely, Transaction } from 'kysely'
import type { InvitationRow } from './invitations.js'
import type { Database } from './schema.js'
import type { UserRow } from './users.js'

type Refusal = 'email_taken' | 'invitation_unusable'

class Refused extends Error {
  constructor(readonly outcome: Refusal) {
    super(outcome)
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
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the user (and joins with `invitation`); on refusal nothing is stored and `onRefused` decides the error. */
  async create(
    user: UserRow,
    invitation: InvitationRow | null,
    onRefused: (outcome: Refusal) => Promise<never>,
  ): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('users')
          .select('id')
          .where('email', '=', user.email)
          .executeTakeFirst()
        if (existing) throw new Refused('email_taken')
        try {
          await trx.insertInto('users').values(user).execute()
        } catch {
          // Two signups with one email at once: the unique index decides.
          throw new Refused('email_taken')
        }
        if (invitation && !(await takeUseAndJoin(trx, invitation, user.id)))
          throw new Refused('invitation_unusable')
      })
    } catch (error) {
      if (error instanceof Refused) await onRefused(error.outcome)
      throw error
    }
  }

  /** An existing user joins with `invitation`; false when it could not be used. */
  join(invitation: InvitationRow, userId: string): Promise<boolean> {
    return this.db.transaction().execute((trx) => takeUseAndJoin(trx, invitation, userId))
  }
}
