/**
 * Sign-off in tests, over the real API: a signatory in every party of a world (made once per
 * world), a document with committed text, rounds started and decided as people would.
 */
import type { Actor, World } from '@trepart/server/test-support'
import type { PartyKey, RoundWithDecisions } from '@trepart/shared'
import { anchoredText } from './anchors.js'

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

/** A document with text made final: a round every party approved. */
export async function finalDocument(
  world: World,
  collabUrl: string,
): Promise<{ id: string; contentHash: string }> {
  const signers = await signatories(world)
  const id = await writtenDocument(world, collabUrl, 'Vedtatt tekst.')
  const { round } = await startRound(world, signers.administration, id)
  for (const party of ['politicians', 'administration', 'employees'] as const)
    await decide(world, signers[party], id, round.contentHash, 'approve')
  return { id, contentHash: round.contentHash }
}
