/**
 * What crosses instances besides the text (issue 15): a sign-off round started on instance A locks
 * the writes arriving at instance B before the start is answered; a party-internal comment created
 * on A reaches that party's clients on B and C and nobody else's; a removed member's socket on
 * another instance is closed.
 */

import { postgresAvailable, waitFor } from '@trepart/server/test-support'
import { CloseCode, CONTENT_FRAGMENT, type ServerEvent } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anchoredText, insertParagraph } from '../support/anchors.js'
import { createClient, type TestClient } from '../support/clients.js'
import { lastCanWrite, signatories, startRound } from '../support/sign-off.js'
import { type Cluster, startCluster } from './support/cluster.js'
import { storedDoc } from './support/stored.js'

const hasPostgres = await postgresAvailable()

async function storedContent(databaseUrl: string, id: string): Promise<string> {
  const doc = await storedDoc(databaseUrl, id)
  try {
    return doc.getXmlFragment(CONTENT_FRAGMENT).toString()
  } finally {
    doc.destroy()
  }
}

describe.skipIf(!hasPostgres && !process.env.CI)('server events and locks across instances', () => {
  let cluster: Cluster
  const clients: TestClient[] = []
  beforeAll(async () => {
    cluster = await startCluster('multi_events')
  }, 90_000)
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await cluster?.stop()
  })
  const open = (instance: number, documentId: string, actor: { headers: Record<string, string> }) => {
    const client = createClient(cluster.instances[instance]!.collabUrl, documentId, { trepart: true, actor })
    clients.push(client)
    return client
  }

  it('a round started on instance A locks writes arriving at instance B before its start is answered', async () => {
    const { world } = cluster
    const signers = await signatories(world)
    const id = await world.document('Låses på tvers')
    const writer = open(1, id, signers.employees)
    await waitFor(() => writer.provider.synced && lastCanWrite(writer) === true, { timeoutMs: 15_000 })
    // The writer types a paragraph after another on instance B, on and on.
    let typing = true
    let typed = 0
    const loop = (async () => {
      while (typing) {
        insertParagraph(writer, `avsnitt-${typed++}`)
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    })()
    await waitFor(async () => (await storedContent(cluster.databaseUrl, id)).includes('avsnitt-20'), {
      timeoutMs: 15_000,
    })
    // Redis goes away first: instance B cannot hear of the lock from the bus at all, and must not
    // need to. The round starts on instance A; from its answer on, nothing more may be stored.
    await cluster.redis.kill()
    try {
      await startRound(world, signers.politicians, id)
      const answeredAt = typed
      const frozen = await storedContent(cluster.databaseUrl, id)
      await waitFor(() => typed > answeredAt + 100, { timeoutMs: 10_000 })
      typing = false
      await loop
      // The writer's next write was refused (its socket closed to reconnect) and it is read-only now.
      await waitFor(() => lastCanWrite(writer) === false, { timeoutMs: 15_000 })
      expect(await storedContent(cluster.databaseUrl, id)).toBe(frozen)
      for (let i = answeredAt; i < typed; i++) expect(frozen).not.toContain(`avsnitt-${i}<`)
    } finally {
      typing = false
      await cluster.redis.start()
    }
    // The round's version is the stored text: what every party is asked to sign.
    const res = await world.api(signers.politicians, 'GET', `/api/documents/${id}/rounds`)
    expect(res.status).toBe(200)
  }, 60_000)

  it('a party-internal comment created on A reaches only that party’s clients on B and C', async () => {
    const { world } = cluster
    const id = await world.document('Partiets egne merknader')
    const anchor = await anchoredText(
      cluster.instances[0]!.collabUrl,
      world.admin,
      id,
      'Turnusen endres fra mars.',
      7,
    )
    // One after another: sign-ups from one address at once are limited.
    const author = await world.member('editor', 'employees')
    const employeeB = await world.member('viewer', 'employees')
    const employeeC = await world.member('commenter', 'employees')
    const politicianB = await world.member('editor', 'politicians')
    const politicianC = await world.member('viewer', 'politicians')
    const listeners = [
      { client: open(1, id, employeeB), party: 'employees' },
      { client: open(2, id, employeeC), party: 'employees' },
      { client: open(1, id, politicianB), party: 'politicians' },
      { client: open(2, id, politicianC), party: 'politicians' },
    ]
    await waitFor(() => listeners.every((l) => l.client.events.some((e) => e.type === 'welcome')), {
      timeoutMs: 15_000,
    })
    const post = async (visibility: 'shared' | 'party', body: string) => {
      const res = await world.api(author, 'POST', `/api/documents/${id}/threads`, {
        anchor,
        visibility,
        body,
      })
      expect(res.status, await res.clone().text()).toBe(201)
    }
    const heard = (client: TestClient, needle: string) =>
      client.events.some((e: ServerEvent) => JSON.stringify(e).includes(needle))
    await post('party', 'Bare for de ansatte')
    const employees = listeners.filter((l) => l.party === 'employees')
    await waitFor(() => employees.every((l) => heard(l.client, 'Bare for de ansatte')), { timeoutMs: 5_000 })
    // A shared thread after it reaches everyone: by then the internal one would have too.
    await post('shared', 'Til alle parter')
    await waitFor(() => listeners.every((l) => heard(l.client, 'Til alle parter')), { timeoutMs: 5_000 })
    for (const l of listeners.filter((x) => x.party === 'politicians'))
      expect(heard(l.client, 'Bare for de ansatte')).toBe(false)
  }, 60_000)

  it('a member removed through instance A loses their socket on instance C', async () => {
    const { world } = cluster
    const id = await world.document('Fjernet medlem')
    const member = await world.member('editor', 'politicians')
    const client = open(2, id, member)
    await waitFor(() => client.provider.synced, { timeoutMs: 15_000 })
    let closedWith = 0
    client.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closedWith = event.code
    })
    const res = await world.api(
      world.admin,
      'DELETE',
      `/api/workspaces/${world.workspaceId}/members/${member.userId}`,
    )
    expect(res.status, await res.clone().text()).toBe(204)
    await waitFor(() => closedWith === CloseCode.Removed, {
      timeoutMs: 5_000,
      message: () => `closed with ${closedWith}`,
    })
  }, 60_000)
})
