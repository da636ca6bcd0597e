/**
 * The local user's display name (kept in localStorage) and caret colour. Until accounts exist the
 * name is whatever the user types; the colour is one of the three party colours, picked by a hash of
 * the name so the same name always gets the same colour.
 */
export interface CaretUser {
  name: string
  color: string
}

/** The three parties' colours (employer, employees, union); all reach AA contrast under white text. */
export const PARTY_COLORS = ['#8E4472', '#0072B2', '#B24E00'] as const

const STORAGE_KEY = 'trepart.displayName'
export const MAX_NAME_LENGTH = 60

function storage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    // Storage can be disabled (privacy settings, sandboxed frames): fall back to this session only.
    return null
  }
}

export function defaultName(): string {
  const n = 100 + (crypto.getRandomValues(new Uint16Array(1))[0]! % 900)
  return `Gjest ${n}`
}

/** The saved name, or a new guest name which is saved so a reload keeps it. */
export function loadName(): string {
  const saved = storage()?.getItem(STORAGE_KEY)?.trim()
  if (saved) return saved.slice(0, MAX_NAME_LENGTH)
  const name = defaultName()
  saveName(name)
  return name
}

export function saveName(name: string): void {
  try {
    storage()?.setItem(STORAGE_KEY, name.slice(0, MAX_NAME_LENGTH))
  } catch {
    // Quota or disabled storage: the name still applies to this page.
  }
}

export function colorFor(name: string): string {
  let hash = 0
  for (const ch of name) hash = (Math.imul(hash, 31) + ch.codePointAt(0)!) >>> 0
  return PARTY_COLORS[hash % PARTY_COLORS.length]!
}

export function caretUser(name: string): CaretUser {
  const trimmed = name.trim().slice(0, MAX_NAME_LENGTH) || 'Uten navn'
  return { name: trimmed, color: colorFor(trimmed) }
}
