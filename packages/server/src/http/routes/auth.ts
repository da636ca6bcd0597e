/** Sign up, log in, log out, change password, reset a forgotten password. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  changePasswordBody,
  ErrorId,
  errorSchema,
  loginBody,
  resetPasswordBody,
  signupAcceptedSchema,
  signupBody,
  userSchema,
} from '@trepart/shared'
import type { Context } from 'hono'
import { z } from 'zod'
import { ConcurrencyLimit } from '../../auth/concurrency-limit.js'
import { clearSessionCookie, setSessionCookie } from '../../auth/cookies.js'
import { mayResetPassword } from '../../auth/reset-authority.js'
import { hashToken, newId } from '../../auth/tokens.js'
import type { Services } from '../../services.js'
import type { SignupRule } from '../../store/accounts.js'
import type { UserRow } from '../../store/users.js'
import { clientAddress } from '../client-address.js'
import type { AppEnv } from '../context.js'
import { ApiError } from '../errors.js'
import { requireAuth } from '../middleware/session.js'
import { presentUser } from '../presenters.js'
import { errorResponses, json, jsonBody } from './define.js'
import { checkInvitation, invitationUnusable } from './invitation-rules.js'

const userResponse = z.object({ user: userSchema })

const throttled = (waitMs: number, message = 'Too many failed attempts; wait a little and try again') =>
  new ApiError(429, ErrorId.Throttled, message, {
    'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
  })

export function authRoutes(services: Services) {
  const { config } = services
  const secure = config.auth.secureCookies
  const app = new OpenAPIHono<AppEnv>()
  // Password checks (argon2) running at once per client address, on this instance.
  const checksPerAddress = new ConcurrencyLimit(config.auth.maxConcurrentLoginsPerAddress)

  const passwordTooShort = () =>
    new ApiError(
      400,
      ErrorId.PasswordTooShort,
      `The password must be at least ${config.auth.passwordMinLength} characters`,
    )

  /**
   * Runs one password check under the throttle: at most MAX_CONCURRENT_LOGINS_PER_ADDRESS at once
   * from `address`, and a failure reserved on `accountKey` and `otherKeys` before `check` runs
   * (login-throttle.ts). Answers 429 with Retry-After when either bound refuses; resolves to what
   * `check` said.
   */
  async function throttledCheck(
    address: string,
    accountKey: string,
    otherKeys: string[],
    check: () => Promise<boolean>,
  ): Promise<boolean> {
    const release = checksPerAddress.tryAcquire(address)
    // The checks already running finish in well under a second.
    if (!release) throw throttled(1000, 'Too many sign-ins at once from this address; try again in a moment')
    try {
      const admission = await services.throttle.begin(accountKey, otherKeys)
      if ('waitMs' in admission) throw throttled(admission.waitMs)
      let ok: boolean
      try {
        ok = await check()
      } catch (error) {
        await admission.attempt.abandoned()
        throw error
      }
      await (ok ? admission.attempt.succeeded() : admission.attempt.failed())
      return ok
    } finally {
      release()
    }
  }

  const refusal = (why: 'setup_token' | 'signup_closed') =>
    why === 'setup_token'
      ? new ApiError(
          403,
          ErrorId.SetupTokenRequired,
          'The first account on this instance needs its set-up token (the server log names the file)',
        )
      : new ApiError(403, ErrorId.SignupClosed, 'Signing up needs an invitation link')

  /** The same answer for a new and a taken email: nothing in it tells which emails exist. */
  const signupAccepted = (c: Context<AppEnv>) => c.json({ next: 'sign_in' as const }, 202)

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/signup',
        summary:
          'Create an account (the first one is the instance admin); the same answer whether or not the email is taken',
        request: jsonBody(signupBody),
        responses: {
          202: json(signupAcceptedSchema, 'Received: now sign in with the same email and password'),
          ...errorResponses,
          410: json(errorSchema, 'The invitation expired, was used up or revoked'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        if (!services.passwords.isLongEnough(body.password)) throw passwordTooShort()
        const invitation = body.invitationToken ? await checkInvitation(services, body.invitationToken) : null
        // Asked inside the account transaction with the count it saw (store/accounts.ts), so two
        // simultaneous first sign-ups cannot both become instance admin.
        const rule: SignupRule = (firstAccount) => {
          if (firstAccount && services.setupToken.required && !services.setupToken.matches(body.setupToken))
            return 'setup_token'
          // The first account (the instance admin) can always be created: there is nobody to invite it.
          const policy = firstAccount ? 'open' : (config.auth.signup ?? 'invite')
          return policy === 'invite' && !invitation ? 'signup_closed' : null
        }
        // Refuse the plain cases before hashing, so a closed instance does not do argon2 work for
        // anyone who asks. Once an account exists the count never drops back to 0, so this early
        // answer cannot be wrong; the rule is asked again inside the transaction.
        const early = rule((await services.users.count()) === 0)
        if (early === 'setup_token' || early === 'signup_closed') throw refusal(early)
        // Argon2 work is bounded per address like a login's: an open instance (or a link with many
        // uses) must not let one client keep the hashing threads busy with sign-ups.
        const release = checksPerAddress.tryAcquire(clientAddress(c, config.auth.trustProxy))
        if (!release)
          throw throttled(1000, 'Too many sign-ups at once from this address; try again in a moment')
        let passwordHash: string
        try {
          // Hashed before anything looks at the email: a taken email costs the same argon2 work.
          passwordHash = await services.passwords.hash(body.password)
        } finally {
          release()
        }
        const now = Date.now()
        const user = {
          id: newId(),
          email: body.email.toLowerCase(),
          name: body.name.trim(),
          password_hash: passwordHash,
          locale: body.locale ?? 'nb',
          created_at: now,
          updated_at: now,
        }
        // One transaction: the account, the invitation's use and the membership exist together or not at all.
        const result = await services.accounts.create(user, invitation, rule)
        if (result.created) {
          if (result.instanceAdmin) await services.setupToken.spend(services.log)
          return signupAccepted(c)
        }
        switch (result.refusal) {
          case 'email_taken':
            // Nothing stored, no invitation use taken, and the same answer as a new account: the
            // sign-in that follows fails for a wrong password as it would for anyone.
            return signupAccepted(c)
          case 'invitation_unusable':
            throw await invitationUnusable(services, invitation!)
          default:
            throw refusal(result.refusal)
        }
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/login',
        summary: 'Sign in; throttled per account and per address',
        request: jsonBody(loginBody),
        responses: {
          200: json(userResponse, 'Signed in; a new session cookie'),
          ...errorResponses,
          429: json(errorSchema, 'Too many failed attempts, or too many at once; see Retry-After'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const email = body.email.trim().toLowerCase()
        const address = clientAddress(c, config.auth.trustProxy)
        let user: UserRow | undefined
        const ok = await throttledCheck(address, `email:${email}`, [`ip:${address}`], async () => {
          user = await services.users.byEmail(email)
          // An unknown email is checked against a dummy hash: the same work, the same answer.
          const right = await services.passwords.verify(user?.password_hash ?? null, body.password)
          return right && user !== undefined
        })
        if (!ok || !user) throw new ApiError(401, ErrorId.InvalidCredentials, 'Wrong email or password')
        const { token, session } = await services.sessions.create(user.id)
        setSessionCookie(c, secure, token, session.expiresAt)
        return c.json({ user: presentUser(user) }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/logout',
        summary: 'End this session; its websockets are closed',
        middleware: [requireAuth] as const,
        responses: { 204: { description: 'Signed out' }, ...errorResponses },
      }),
      async (c) => {
        await services.sessions.invalidate(c.var.auth!.session.id)
        clearSessionCookie(c, secure)
        return c.body(null, 204)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/password',
        summary: 'Change my password; every other session ends, this one gets a new token',
        middleware: [requireAuth] as const,
        request: jsonBody(changePasswordBody),
        responses: {
          204: { description: 'Changed' },
          ...errorResponses,
          429: json(errorSchema, 'Too many wrong current passwords, or too many at once; see Retry-After'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const { user, session } = c.var.auth!
        // Throttled like logins: a stolen session must not be a way to guess the password.
        const address = clientAddress(c, config.auth.trustProxy)
        const ok = await throttledCheck(address, `password:${user.id}`, [], () =>
          services.passwords.verify(user.password_hash, body.currentPassword),
        )
        if (!ok) throw new ApiError(400, ErrorId.WrongPassword, 'The current password is wrong')
        if (!services.passwords.isLongEnough(body.newPassword)) throw passwordTooShort()
        await services.users.update(user.id, {
          password_hash: await services.passwords.hash(body.newPassword),
        })
        await services.sessions.invalidateAllOf(user.id, session.id)
        // The current session is replaced too: a new token, so an old copy of the cookie is worthless.
        await services.sessions.replace(session.id)
        const fresh = await services.sessions.create(user.id)
        setSessionCookie(c, secure, fresh.token, fresh.session.expiresAt)
        return c.body(null, 204)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/reset',
        summary: 'Set a new password with a one-time reset link',
        request: jsonBody(resetPasswordBody),
        responses: { 204: { description: 'Password set; sign in with it' }, ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        if (!services.passwords.isLongEnough(body.newPassword)) throw passwordTooShort()
        const invalid = () =>
          new ApiError(400, ErrorId.ResetInvalid, 'This reset link is invalid, used or expired')
        // Used up first (one winner), then the issuer's authority checked as it is now: a link
        // refused here stays used, so it cannot work later either.
        const reset = await services.resets.consume(hashToken(body.token))
        if (!reset) throw invalid()
        if (!(await mayResetPassword(services, reset.issuedBy, reset.userId))) throw invalid()
        const { userId } = reset
        await services.users.update(userId, {
          password_hash: await services.passwords.hash(body.newPassword),
        })
        await services.sessions.invalidateAllOf(userId)
        return c.body(null, 204)
      },
    )
}
