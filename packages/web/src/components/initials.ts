/**
 * A person's initials for a compact badge: the first letter of the first and the last name
 * ("Anne Rådmann" → "AR"), one letter for a single name. Letters, not code units, so "Øystein"
 * and names with combining marks keep their first letter whole.
 */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean)
  const first = (word: string | undefined) => (word ? ([...word.normalize('NFC')][0] ?? '') : '')
  if (words.length === 0) return '?'
  const letters = words.length === 1 ? first(words[0]) : first(words[0]) + first(words[words.length - 1])
  return letters.toLocaleUpperCase()
}
