/**
 * Attack 6: parallel logins from the one address, with many unknown emails and with wrong
 * passwords for an honest account's email. Each password check costs the server an Argon2 hash
 * (19 MiB, two passes by default), so parallel checks are what a login limit must bound.
 */
import { runLoop } from '../loop.js'
import { Tally } from '../tally.js'
import { type Attack, type AttackContext, statusOf } from './context.js'

export const unknownEmailPlan = { maxAttempts: 2_000, maxInFlight: 16, perSecond: 8 }
export const wrongPasswordPlan = { maxAttempts: 1_000, maxInFlight: 8, perSecond: 4 }

export function logins(ctx: AttackContext): Attack {
  const unknown = new Tally('login-unknown-emails', 'parallel logins, unknown emails (6)', 'requests')
  const wrong = new Tally(
    'login-wrong-password',
    "parallel logins, an honest email's wrong password (6)",
    'requests',
  )
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}`
  const login = (tally: Tally, email: string, password: string) =>
    statusOf(ctx, 'POST', '/api/auth/login', {}, { email, password }).then((o) => tally.outcome(o))
  const honest = ctx.target.honestEmails
  return {
    tallies: [unknown, wrong],
    done: Promise.all([
      runLoop(unknownEmailPlan, ctx.signal, unknown, (i) =>
        login(unknown, `nobody-${run}-${i}@example.test`, 'a wrong password, long enough'),
      ),
      runLoop(wrongPasswordPlan, ctx.signal, wrong, (i) =>
        login(wrong, honest[i % honest.length]!, `wrong password number ${i}`),
      ),
    ]).then(() => {}),
  }
}
