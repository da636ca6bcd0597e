/**
 * How other people's carets and selections look: a bar in their party's colour with a label of
 * their name and party, and their selection tinted in that colour. The caret extension calls the
 * renderers with the server-stamped user only; the label shows while their caret moves
 * (caret-activity.ts), so `data-active` starts as it is now. ProseMirror keeps a caret's element
 * while its key stays, so a change of language relabels the carets already on the page.
 */
import { FALLBACK_PARTY_COLOR } from '@trepart/shared/parties'
import type { Locale } from '../lib/i18n/i18n.js'
import type { CaretActivity } from './caret-activity.js'
import { partyLabel, readPresentUser } from './presence.js'

const CARET = 'collaboration-carets__caret'
const LABEL = 'collaboration-carets__label'

const labelText = (name: string, party: string, locale: Locale) => `${name} · ${partyLabel(party, locale)}`

export function renderCaret(
  user: Record<string, unknown>,
  activity: CaretActivity | null,
  locale: Locale,
): HTMLElement {
  const person = readPresentUser({ user })
  const color = person?.color ?? FALLBACK_PARTY_COLOR
  const caret = document.createElement('span')
  caret.classList.add(CARET)
  caret.style.borderColor = color
  const label = document.createElement('span')
  label.classList.add(LABEL)
  label.style.backgroundColor = color
  if (person) {
    caret.dataset.user = person.id
    caret.dataset.name = person.name
    caret.dataset.party = person.party
    caret.toggleAttribute('data-active', activity?.isActive(person.id) ?? true)
    label.textContent = labelText(person.name, person.party, locale)
  } else {
    label.textContent = String(user.name ?? '')
  }
  caret.append(label)
  return caret
}

/** The selection's decoration: the person's colour at 20 % (`33` alpha), so the text stays readable. */
export function renderSelection(user: Record<string, unknown>) {
  return {
    nodeName: 'span',
    class: 'collaboration-carets__selection',
    style: `background-color: ${readPresentUser({ user })?.color ?? FALLBACK_PARTY_COLOR}33`,
  }
}

/** Relabels the carets under `root` in `locale`. */
export function relabelCarets(root: HTMLElement, locale: Locale): void {
  for (const caret of root.querySelectorAll<HTMLElement>(`.${CARET}[data-user]`)) {
    const label = caret.querySelector(`.${LABEL}`)
    const { name, party } = caret.dataset
    if (label && name !== undefined && party !== undefined) label.textContent = labelText(name, party, locale)
  }
}
