/**
 * Login throttling over the real API: after LOGIN_FREE_ATTEMPTS failures the next attempt within
 * the delay is 429 with Retry-After — per account and per client address, the same for unknown
 * emails, with no bypass by the right password. Settings are chosen so no test waits for a delay,
 * except the one that checks a slowed account is let in again (a 1 s delay, polled).
 * Runs against SQLite and PostgreSQL.
 */
import { backends, createWorld, type TestServer, type World, waitFor } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const FREE = 3
/** MAX_CONCURRENT_LOGINS_PER_ADDRESS of the `narrow` server. */
const NARROW = 2
const WRONG = 'definitely not the password'

interface Attempt {
  status: number
  body: unknown
  retryAfter: string | null
  setsCookie: boolean
}

let addressCounter = 0
/** A fresh client address (sent as X-Forwarded-For; only honoured with TRUST_PROXY=true). */
const freshAddress = () => `198.51.100.${++addressCounter}`

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`login throttling (${backend.name})`, () => {
    // Behind a trusted proxy, so each test has its own client address.
    let server: TestServer
    let world: World
    // The socket address decides; X-Forwarded-For is not trusted.
    let direct: TestServer
    let directWorld: World
    // A 1 s base delay, for the one test that waits until a slowed account may sign in again.
    let quick: TestServer
    let quickWorld: World
    // Room for many failures and parallel attempts, for exact counts under concurrency.
    let roomy: TestServer
    let roomyWorld: World
    // Two logins at a time per address, and a password check slow enough that a burst overlaps.
    let narrow: TestServer
    let narrowWorld: World

    beforeAll(async () => {
      const limits = { LOGIN_FREE_ATTEMPTS: String(FREE), LOGIN_THROTTLE_BASE_MS: '60000' }
      // The production password cost: each check takes long enough for parallel attempts to
      // overlap it (with the tests' cheap default, SQLite's one connection hides most races).
      const realCost = { ARGON2_MEMORY_KIB: '19456', ARGON2_TIME_COST: '2' }
      const roomyLimits = {
        LOGIN_FREE_ATTEMPTS: '1000',
        MAX_CONCURRENT_LOGINS_PER_ADDRESS: '1000',
        TRUST_PROXY: 'true',
      }
      ;[server, direct, quick, roomy, narrow] = await Promise.all([
        backend.start({ ...limits, ...realCost, TRUST_PROXY: 'true' }),
        backend.start(limits),
        backend.start({ ...limits, LOGIN_THROTTLE_BASE_MS: '1000', TRUST_PROXY: 'true' }),
        backend.start({ ...roomyLimits, ...realCost }),
        backend.start({ ...roomyLimits, ...realCost, MAX_CONCURRENT_LOGINS_PER_ADDRESS: String(NARROW) }),
      ])
      ;[world, directWorld, quickWorld, roomyWorld, narrowWorld] = await Promise.all([
        createWorld(server.url),
        createWorld(direct.url),
        createWorld(quick.url),
        createWorld(roomy.url),
        createWorld(narrow.url),
      ])
    })
    afterAll(async () => {
      await Promise.all([server?.stop(), direct?.stop(), quick?.stop(), roomy?.stop(), narrow?.stop()])
    })

    /** The stored failure count of a throttle key (0 when there is no row). */
    async function failures(on: TestServer, key: string): Promise<number> {
      const row = await on.db
        .selectFrom('login_failures')
        .select(['failures', 'last_failure_at'])
        .where('key', '=', key)
        .executeTakeFirst()
      return row?.failures ?? 0
    }
    async function failureRow(on: TestServer, key: string) {
      return on.db.selectFrom('login_failures').selectAll().where('key', '=', key).executeTakeFirst()
    }

    async function attempt(
      on: TestServer,
      email: string,
      password: string,
      address: string | null,
    ): Promise<Attempt> {
      const res = await fetch(`${on.url}/api/auth/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(address ? { 'x-forwarded-for': address } : {}),
        },
        body: JSON.stringify({ email, password }),
      })
      return {
        status: res.status,
        body: await res.json(),
        retryAfter: res.headers.get('retry-after'),
        setsCookie: res.headers.getSetCookie().length > 0,
      }
    }
    const failed = {
      status: 401,
      body: { error: { id: 'auth.invalid_credentials', message: expect.any(String) } },
      retryAfter: null,
      setsCookie: false,
    }
    const throttled = {
      status: 429,
      body: { error: { id: 'auth.throttled', message: expect.any(String) } },
      retryAfter: expect.stringMatching(/^\d+$/),
      setsCookie: false,
    }

    async function failTimes(on: TestServer, email: string, address: string | null, n = FREE) {
      const results: Attempt[] = []
      for (let i = 0; i < n; i++) results.push(await attempt(on, email, WRONG, address))
      return results
    }

    it(`refuses attempts after ${FREE} failures with 429 and Retry-After`, async () => {
      const user = await world.member('editor')
      const address = freshAddress()
      const results = await failTimes(server, user.email, address)
      expect(results).toEqual([failed, failed, failed])
      const fourth = await attempt(server, user.email, WRONG, address)
      expect(fourth).toEqual(throttled)
      const seconds = Number(fourth.retryAfter)
      expect(seconds).toBeGreaterThanOrEqual(1)
      expect(seconds).toBeLessThanOrEqual(60)
      // Refused attempts are not counted as failures, and the refusal holds.
      expect(await attempt(server, user.email, WRONG, address)).toEqual(throttled)
    })

    it('answers an unknown email exactly like a known one', async () => {
      const user = await world.member('viewer')
      const sequence = async (email: string) => {
        const address = freshAddress()
        return [
          ...(await failTimes(server, email, address, FREE + 2)),
          await attempt(server, email, WRONG, address),
        ]
      }
      const known = await sequence(user.email)
      const unknown = await sequence(`nobody-${Date.now()}@trepart.test`)
      expect(known).toEqual([failed, failed, failed, throttled, throttled, throttled])
      // Identical statuses, bodies (messages included) and headers, apart from the seconds to wait.
      expect(unknown).toEqual(
        known.map((a) => ({ ...a, retryAfter: a.retryAfter === null ? null : expect.any(String) })),
      )
      expect(unknown.map((a) => a.body)).toStrictEqual(known.map((a) => a.body))
    })

    it('refuses the right password while throttled: no bypass, no session', async () => {
      const user = await world.member('editor')
      const address = freshAddress()
      await failTimes(server, user.email, address)
      expect(await attempt(server, user.email, user.password, address)).toEqual(throttled)
    })

    it('throttles the account from every address (per account)', async () => {
      const user = await world.member('editor')
      await failTimes(server, user.email, freshAddress())
      expect(await attempt(server, user.email, user.password, freshAddress())).toEqual(throttled)
    })

    it('throttles every account from an address that failed often enough (per address)', async () => {
      const victim = await world.member('editor')
      const address = freshAddress()
      // Failures spread over emails that do not exist: the address alone is counted.
      for (let i = 0; i < FREE; i++) {
        expect(await attempt(server, `guess-${i}-${Date.now()}@trepart.test`, WRONG, address)).toEqual(failed)
      }
      expect(await attempt(server, victim.email, victim.password, address)).toEqual(throttled)
      // The account itself is not throttled: from another address it signs in.
      const elsewhere = await attempt(server, victim.email, victim.password, freshAddress())
      expect(elsewhere.status).toBe(200)
      expect(elsewhere.setsCookie).toBe(true)
    })

    it("a success clears the account's count but not the address's", async () => {
      const user = await world.member('editor')
      const address = freshAddress()
      await failTimes(server, user.email, address, FREE - 1)
      expect((await attempt(server, user.email, user.password, address)).status).toBe(200)
      // The address is now one failure from its limit; the account starts afresh.
      expect(await attempt(server, user.email, WRONG, address)).toEqual(failed)
      expect(await attempt(server, user.email, user.password, address)).toEqual(throttled)
      expect((await attempt(server, user.email, user.password, freshAddress())).status).toBe(200)
    })

    it('without TRUST_PROXY a forged X-Forwarded-For does not give a fresh address', async () => {
      const victim = await directWorld.member('editor')
      for (let i = 0; i < FREE; i++) {
        const res = await attempt(direct, `guess-${i}-${Date.now()}@trepart.test`, WRONG, freshAddress())
        expect(res).toEqual(failed)
      }
      expect(await attempt(direct, victim.email, victim.password, freshAddress())).toEqual(throttled)
      expect(await attempt(direct, victim.email, victim.password, null)).toEqual(throttled)
    })

    it('lets a slowed account in again once the delay has passed, and the delay grows', async () => {
      const user = await quickWorld.member('editor')
      const address = freshAddress()
      await failTimes(quick, user.email, address)
      const refused = await attempt(quick, user.email, user.password, address)
      expect(refused).toEqual({ ...throttled, retryAfter: '1' })
      let last: Attempt | undefined
      await waitFor(
        async () => {
          last = await attempt(quick, user.email, user.password, address)
          if (last.status !== 200) expect(last).toEqual({ ...throttled, retryAfter: '1' })
          return last.status === 200
        },
        { timeoutMs: 10_000, intervalMs: 100 },
      )
      expect(last!.setsCookie).toBe(true)
      // One more failure from that address doubles its delay (base × 2).
      expect(await attempt(quick, user.email, WRONG, address)).toEqual(failed)
      expect(await attempt(quick, user.email, user.password, address)).toEqual({
        ...throttled,
        retryAfter: '2',
      })
    })

    it('checks only the free attempts when many unknown emails are tried at once from one address', async () => {
      const address = freshAddress()
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          attempt(server, `parallel-${i}-${Date.now()}@trepart.test`, WRONG, address),
        ),
      )
      const checked = results.filter((r) => r.status === 401)
      // Each attempt reserves its failure before the password check, so no burst gets past the
      // free attempts; the rest are refused unchecked.
      expect(checked.length).toBeGreaterThanOrEqual(1)
      expect(checked.length).toBeLessThanOrEqual(FREE)
      for (const r of results) expect(r).toEqual(r.status === 401 ? failed : throttled)
      // Refused attempts are not counted: the address holds exactly the checked ones.
      expect(await failures(server, `ip:${address}`)).toBe(checked.length)
    })

    it('keeps an exact failure count when wrong passwords arrive in parallel', async () => {
      const user = await roomyWorld.member('editor')
      // One account from many addresses at once.
      const toAccount = await Promise.all(
        Array.from({ length: 10 }, () => attempt(roomy, user.email, WRONG, freshAddress())),
      )
      expect(toAccount.map((r) => r.status)).toEqual(Array(10).fill(401))
      expect(await failures(roomy, `email:${user.email}`)).toBe(10)
      // Many accounts from one address at once.
      const address = freshAddress()
      const fromAddress = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          attempt(roomy, `exact-${i}-${Date.now()}@trepart.test`, WRONG, address),
        ),
      )
      expect(fromAddress.map((r) => r.status)).toEqual(Array(10).fill(401))
      expect(await failures(roomy, `ip:${address}`)).toBe(10)
      // Successful logins from that address (an office behind one NAT) leave no failure behind on
      // it, and clear the account's own count.
      const signedIn = await Promise.all(
        Array.from({ length: 6 }, () => attempt(roomy, user.email, user.password, address)),
      )
      expect(signedIn.map((r) => r.status)).toEqual(Array(6).fill(200))
      expect(await failures(roomy, `ip:${address}`)).toBe(10)
      expect(await failures(roomy, `email:${user.email}`)).toBe(0)
    })

    it('a throttled hammerer neither counts nor pushes out the wait', async () => {
      const victim = await world.member('editor')
      const address = freshAddress()
      await failTimes(server, victim.email, address)
      const before = await failureRow(server, `email:${victim.email}`)
      const addressBefore = await failureRow(server, `ip:${address}`)
      expect(before?.failures).toBe(FREE)
      expect(addressBefore?.failures).toBe(FREE)
      // Refused in parallel, from the same address and from fresh ones.
      const others = Array.from({ length: 4 }, freshAddress)
      const hammer = await Promise.all(
        [address, address, address, address, ...others].map((from) =>
          attempt(server, victim.email, WRONG, from),
        ),
      )
      for (const r of hammer) expect(r).toEqual(throttled)
      expect(await failureRow(server, `email:${victim.email}`)).toEqual(before)
      expect(await failureRow(server, `ip:${address}`)).toEqual(addressBefore)
      for (const other of others) expect(await failures(server, `ip:${other}`)).toBe(0)
    })

    it(`answers 429 beyond ${NARROW} password checks at once from one address: sign-in, password change and sign-up`, async () => {
      const user = await narrowWorld.member('editor')
      const address = freshAddress()
      const burst = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          attempt(narrow, `burst-${i}-${Date.now()}@trepart.test`, WRONG, address),
        ),
      )
      // LOGIN_FREE_ATTEMPTS is 1000 here: every 429 is the concurrency bound.
      const refused = burst.filter((r) => r.status === 429)
      expect(refused.length).toBeGreaterThanOrEqual(1)
      for (const r of burst) expect(r).toEqual(r.status === 401 ? failed : throttled)
      expect(await failures(narrow, `ip:${address}`)).toBe(10 - refused.length)
      // The slots are given back: the next login from that address is checked.
      expect((await attempt(narrow, user.email, user.password, address)).status).toBe(200)

      // The current-password check of a password change is bounded the same way.
      const changes = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(`${narrow.url}/api/auth/password`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: user.cookie, 'x-forwarded-for': address },
            body: JSON.stringify({ currentPassword: WRONG, newPassword: 'a new long enough password' }),
          }),
        ),
      )
      const statuses = changes.map((r) => r.status)
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1)
      expect(statuses.every((s) => s === 400 || s === 429)).toBe(true)
      expect(await failures(narrow, `password:${user.userId}`)).toBe(statuses.filter((s) => s === 400).length)

      // Sign-ups hash a password too: the same bound, so an open link cannot keep the hashing busy.
      const inv = await narrowWorld.api(
        narrowWorld.admin,
        'POST',
        `/api/workspaces/${narrowWorld.workspaceId}/invitations`,
        { party: 'employees', role: 'viewer', signatory: false, maxUses: 10 },
      )
      const { token } = (await inv.json()) as { token: string }
      const signups = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fetch(`${narrow.url}/api/auth/signup`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
            body: JSON.stringify({
              email: `signup-burst-${i}-${Date.now()}@trepart.test`,
              password: 'a long enough password',
              name: 'Burst',
              invitationToken: token,
            }),
          }),
        ),
      )
      const signupStatuses = signups.map((r) => r.status)
      expect(signupStatuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1)
      expect(signupStatuses.every((s) => s === 202 || s === 429)).toBe(true)
    })

    it('counts parallel wrong current passwords exactly and refuses past the free attempts', async () => {
      const user = await world.member('editor')
      const changes = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`${server.url}/api/auth/password`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: user.cookie },
            body: JSON.stringify({ currentPassword: WRONG, newPassword: 'a new long enough password' }),
          }),
        ),
      )
      const statuses = changes.map((r) => r.status)
      expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(FREE)
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(8 - FREE)
      expect(await failures(server, `password:${user.userId}`)).toBe(statuses.filter((s) => s === 400).length)
      // The session is untouched and the right password still works once the delay allows it.
      expect((await world.api(user, 'GET', '/api/me')).status).toBe(200)
    })

    it('does not touch existing sessions or signing up', async () => {
      const user = await world.member('editor')
      await failTimes(server, user.email, freshAddress())
      // An existing session of the throttled account still works; new members still sign up.
      expect((await world.api(user, 'GET', '/api/me')).status).toBe(200)
      expect((await world.member('viewer')).cookie).toMatch(/^trepart_session=/)
    })
  })
}
