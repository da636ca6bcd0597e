/**
 * Who is in the document now, from the awareness states the server relays. The server stamps each
 * connection's `user` ({id, name, party, role, color}) from its session, so these are trusted; the
 * local client's own state is not stamped, so "me" comes from the page instead. One person with two
 * tabs is one person here.
 */
import { DEFAULT_PARTIES, FALLBACK_PARTY_COLOR, type Locale } from '@trepart/shared/parties'

export interface PresentUser {
  id: string
  name: string
  party: string
  role: string
  color: string
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i

/** A stamped `user` from an awareness state, or null when it is not one. */
export function readPresentUser(state: unknown): PresentUser | null {
  if (typeof state !== 'object' || state === null) return null
  const user = (state as { user?: unknown }).user
  if (typeof user !== 'object' || user === null) return null
  const { id, name, party, role, color } = user as Record<string, unknown>
  if (typeof id !== 'string' || typeof name !== 'string' || typeof party !== 'string') return null
  return {
    id,
    name,
    party,
    role: typeof role === 'string' ? role : 'viewer',
    color: typeof color === 'string' && HEX_COLOR.test(color) ? color : FALLBACK_PARTY_COLOR,
  }
}

/** The other people present (by user id, so not `selfId` in another tab), from awareness states. */
export function othersPresent(
  states: ReadonlyMap<number, unknown>,
  ownClientId: number,
  selfId: string,
): Map<string, PresentUser> {
  const people = new Map<string, PresentUser>()
  for (const [clientId, state] of states) {
    if (clientId === ownClientId) continue
    const user = readPresentUser(state)
    if (user && user.id !== selfId && !people.has(user.id)) people.set(user.id, user)
  }
  return people
}

export interface PartyPresence {
  key: string
  label: string
  color: string
  people: Array<PresentUser & { self: boolean }>
}

/** Everyone present grouped by party, every party listed (an empty one too), names sorted. */
export function presenceByParty(
  self: PresentUser,
  others: Iterable<PresentUser>,
  locale: Locale,
): PartyPresence[] {
  const everyone = [{ ...self, self: true }, ...[...others].map((u) => ({ ...u, self: false }))]
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'nb')
  return DEFAULT_PARTIES.map((party) => ({
    key: party.key,
    label: party.labels[locale],
    color: party.color,
    people: everyone
      .filter((u) => u.party === party.key)
      .sort((a, b) => Number(b.self) - Number(a.self) || collator.compare(a.name, b.name)),
  }))
}

/** The party's name in `locale` (its key when unknown). */
export function partyLabel(key: string, locale: Locale): string {
  return DEFAULT_PARTIES.find((p) => p.key === key)?.labels[locale] ?? key
}

/** Who came and who went between two snapshots. */
export function presenceChanges(
  before: ReadonlyMap<string, PresentUser>,
  after: ReadonlyMap<string, PresentUser>,
): { joined: PresentUser[]; left: PresentUser[] } {
  return {
    joined: [...after.values()].filter((u) => !before.has(u.id)),
    left: [...before.values()].filter((u) => !after.has(u.id)),
  }
}

/**
 * Whether two snapshots show the same people the same way. Awareness changes with every caret move;
 * the presence bar only re-renders (and keeps the focus on an avatar) when who is here changed.
 */
export function samePeople(
  a: ReadonlyMap<string, PresentUser>,
  b: ReadonlyMap<string, PresentUser>,
): boolean {
  if (a.size !== b.size) return false
  for (const [id, x] of a) {
    const y = b.get(id)
    if (!y || x.name !== y.name || x.party !== y.party || x.role !== y.role || x.color !== y.color)
      return false
  }
  return true
}
