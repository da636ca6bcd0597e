/** Sign up, log in, log out, change password, reset a forgotten password. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  changePasswordBody,
  ErrorId,
  errorSchema,
  loginBody,
  resetPasswordBody,
  signupBody,
  userSchema,
} from '@trepart/shared'
import { z } from 'zod'
import { clearSessionCookie, setSessionCookie } from '../../auth/cookies.js'
import { hashToken, newId } from '../../auth/tokens.js'
import type { Services } from '../../services.js'
import { clientAddress } from '../client-address.js'
import type { AppEnv } from '../context.js'
import { ApiError } from '../errors.js'
import { requireAuth } from '../middleware/session.js'
import { presentUser } from '../presenters.js'
import { errorResponses, json, jsonBody } from './define.js'
import { checkInvitation, invitationUnusable } from './invitation-rules.js'

const userResponse = z.object({ user: userSchema })

/** 429 with Retry-After while any of `keys` must still wait after failed attempts. */
async function assertNotThrottled(services: Services, keys: string[]): Promise<void> {
  const waitMs = await services.throttle.waitMs(keys)
  if (waitMs > 0) {
    throw new ApiError(429, ErrorId.Throttled, 'Too many failed attempts; wait a little and try again', {
      'retry-after': String(Math.ceil(waitMs / 1000)),
    })
  }
}

export function authRoutes(services: Services) {
  const { config } = services
  const secure = config.auth.secureCookies
  const app = new OpenAPIHono<AppEnv>()

  const passwordTooShort = () =>
    new ApiError(
      400,
      ErrorId.PasswordTooShort,
      `The password must be at least ${config.auth.passwordMinLength} characters`,
    )

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/signup',
        summary: 'Create an account (the first one on an instance is the instance admin)',
        request: jsonBody(signupBody),
        responses: {
          201: json(userResponse, 'Signed up and signed in'),
          ...errorResponses,
          409: json(errorSchema, 'An account with this email exists'),
          410: json(errorSchema, 'The invitation expired, was used up or revoked'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        if (!services.passwords.isLongEnough(body.password)) throw passwordTooShort()
        const invitation = body.invitationToken ? await checkInvitation(services, body.invitationToken) : null
        const userCount = await services.users.count()
        // The first account (the instance admin) can always be created: there is nobody to invite it.
        const policy = userCount === 0 ? 'open' : (config.auth.signup ?? 'invite')
        if (policy === 'invite' && !invitation) {
          throw new ApiError(403, ErrorId.SignupClosed, 'Signing up needs an invitation link')
        }
        const email = body.email.toLowerCase()
        if (await services.users.byEmail(email))
          throw new ApiError(409, ErrorId.EmailTaken, 'An account with this email exists; sign in instead')
        const now = Date.now()
        const user = {
          id: newId(),
          email,
          name: body.name.trim(),
          password_hash: await services.passwords.hash(body.password),
          locale: body.locale ?? 'nb',
          instance_admin: userCount === 0 ? 1 : 0,
          created_at: now,
          updated_at: now,
        }
        // One transaction: the account, the invitation's use and the membership exist together or not at all.
        await services.accounts.create(user, invitation, async (outcome) => {
          if (outcome === 'email_taken') {
            throw new ApiError(409, ErrorId.EmailTaken, 'An account with this email exists; sign in instead')
          }
          throw await invitationUnusable(services, invitation!)
        })
        const { token, session } = await services.sessions.create(user.id)
        setSessionCookie(c, secure, token, session.expiresAt)
        return c.json({ user: presentUser(user) }, 201)
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
          429: json(
            z.object({ error: z.object({ id: z.string(), message: z.string() }) }),
            'Too many failed attempts; see Retry-After',
          ),
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const email = body.email.trim().toLowerCase()
        const accountKey = `email:${email}`
        const keys = [accountKey, `ip:${clientAddress(c, config.auth.trustProxy)}`]
        // One attempt at a time per account: parallel guesses must not all pass the check below
        // before any failure is counted.
        const user = await services.throttle.serialize(accountKey, async () => {
          await assertNotThrottled(services, keys)
          const found = await services.users.byEmail(email)
          const ok = await services.passwords.verify(found?.password_hash ?? null, body.password)
          if (!found || !ok) {
            await services.throttle.recordFailure(keys)
            throw new ApiError(401, ErrorId.InvalidCredentials, 'Wrong email or password')
          }
          await services.throttle.recordSuccess(accountKey)
          return found
        })
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
        responses: { 204: { description: 'Changed' }, ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const { user, session } = c.var.auth!
        // Throttled like logins: a stolen session must not be a way to guess the password.
        const keys = [`password:${user.id}`]
        await services.throttle.serialize(keys[0]!, async () => {
          await assertNotThrottled(services, keys)
          if (!(await services.passwords.verify(user.password_hash, body.currentPassword))) {
            await services.throttle.recordFailure(keys)
            throw new ApiError(400, ErrorId.WrongPassword, 'The current password is wrong')
          }
          await services.throttle.recordSuccess(keys[0]!)
        })
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
        const userId = await services.resets.consume(hashToken(body.token))
        if (!userId)
          throw new ApiError(400, ErrorId.ResetInvalid, 'This reset link is invalid, used or expired')
        await services.users.update(userId, {
          password_hash: await services.passwords.hash(body.newPassword),
        })
        await services.sessions.invalidateAllOf(userId)
        return c.body(null, 204)
      },
    )
}
