/**
 * Attack 11: sign-ups with emails that are taken (honest accounts'), with and without the
 * invitation link the account still holds. Only the statuses are counted: whether they tell
 * "taken" apart is for the tests; here they must stay cheap and bounded.
 */
import { runLoop } from '../loop.js'
import { Tally } from '../tally.js'
import { type Attack, type AttackContext, statusOf } from './context.js'

export const takenEmailPlan = { maxAttempts: 400, maxInFlight: 4, perSecond: 2 }

export function takenEmailSignups(ctx: AttackContext): Attack {
  const tally = new Tally('signup-taken-email', 'sign-ups with taken emails (11)', 'requests')
  const { target } = ctx
  const done = runLoop(takenEmailPlan, ctx.signal, tally, async (i) => {
    const email = target.honestEmails[i % target.honestEmails.length]!
    const withLink = i % 2 === 1
    const outcome = await statusOf(
      ctx,
      'POST',
      '/api/auth/signup',
      {},
      {
        email: i % 4 < 2 ? email : email.toUpperCase(),
        password: 'a long enough password',
        name: 'Taken',
        ...(withLink ? { invitationToken: target.invitationToken } : {}),
      },
    )
    tally.outcome(`${withLink ? 'with link' : 'no link'} ${outcome}`)
  })
  return { tallies: [tally], done }
}
