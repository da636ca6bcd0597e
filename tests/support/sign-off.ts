/**
 * Sign-off in tests, over the real API: a signatory in every party of a world (made once per
 * world), a document with committed text, rounds started and decided as people would.
 */
import type { Actor, World } from '@trepart/server/test-support'
import type { PartyKey, RoundWithDecisions, ServerEvent } from '@trepart/shared'
import { anchoredText } from './anchors.js'
import type { TestClient } from './clients.js'

export type Signatories = Record<PartyKey, Actor>

const made = new WeakMap<World, Promise<Signatories>>()

/** One editor signatory per party, made once per world. */
export function signatories(world: World): Promise<Signatories> {
  let existing = made.get(world)
  if (!existing) {
    existing = (async () => ({
      politicians: await world.member('editor', 'politicians', { signatory: true, name: 'Signe Politiker' }),
      administration: await world.member('editor', 'administration', {
        signatory: true,
        name: 'Sigurd Rådmann',
      }),
      employees: await world.member('editor', 'employees', { signatory: true, name: 'Siri Tillitsvalgt' }),
    }))()
    made.set(world, existing)
  }
  return existing
}

/** A document with one committed paragraph of `text`. */
export async function writtenDocument(world: World, collabUrl: string, text = 'Forslag til vedtak.') {
  const id = await world.document('Til vedtak')
  await anchoredText(collabUrl, world.admin, id, text, 1)
  return id
}

async function expectStatus(res: Response, status: number): Promise<unknown> {
  const text = await res.text()
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`)
  return text ? JSON.parse(text) : null
}

/** Starts a round as `as` (an editor); every party must have a signatory. */
export async function startRound(world: World, as: Actor, documentId: string): Promise<RoundWithDecisions> {
  const res = await world.api(as, 'POST', `/api/documents/${documentId}/rounds`, {})
  return (await expectStatus(res, 201)) as RoundWithDecisions
}

/** Decides as `as`, on the round's hash. */
export async function decide(
  world: World,
  as: Actor,
  documentId: string,
  contentHash: string,
  decision: 'approve' | 'approve_with_reservation' | 'object',
  note?: string,
): Promise<RoundWithDecisions> {
  const res = await world.api(as, 'POST', `/api/documents/${documentId}/rounds/current/decisions`, {
    decision,
    contentHash,
    ...(note ? { note } : {}),
  })
  return (await expectStatus(res, 200)) as RoundWithDecisions
}

/**
 * Every party decides on the round's hash as `as` says: the politicians and the employees approve,
 * the administration approves with `reservation` (a plain approval without one).
 */
export async function approveAll(
  world: World,
  signers: Signatories,
  documentId: string,
  contentHash: string,
  reservation?: string,
): Promise<RoundWithDecisions> {
  await decide(world, signers.politicians, documentId, contentHash, 'approve')
  await decide(
    world,
    signers.administration,
    documentId,
    contentHash,
    reservation ? 'approve_with_reservation' : 'approve',
    reservation,
  )
  return decide(world, signers.employees, documentId, contentHash, 'approve')
}

/** The client's latest word on whether it may write (its welcome, then each access change). */
export function lastCanWrite(client: TestClient): boolean | undefined {
  return client.events
    .filter(
      (e): e is Extract<ServerEvent, { type: 'access.changed' | 'welcome' }> =>
        e.type === 'access.changed' || e.type === 'welcome',
    )
    .at(-1)?.canWrite
}

/** A document with text made final: a round every party approved. */
export async function finalDocument(
  world: World,
  collabUrl: string,
): Promise<{ id: string; contentHash: string }> {
  const signers = await signatories(world)
  const id = await writtenDocument(world, collabUrl, 'Vedtatt tekst.')
  const { round } = await startRound(world, signers.administration, id)
  await approveAll(world, signers, id, round.contentHash)
  return { id, contentHash: round.contentHash }
}
