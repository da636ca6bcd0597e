/**
 * The first draft of a meeting's minutes, written by the server from the agenda: when and where,
 * who was present per party (by the party's name), each item with its outcome and note, and the
 * decisions with the title and content hash of what was signed. Built as ProseMirror JSON in the
 * editor's own schema and turned into a Yjs update with `@tiptap/y-tiptap`, the binding the editor
 * uses, so that the minutes open as any other document and are edited from there.
 */
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { CONTENT_FRAGMENT, type ItemOutcome, type Locale, type Meeting, PARTY_KEYS } from '@trepart/shared'
import { contentSchema } from '@trepart/shared/editor-schema'
import * as Y from 'yjs'
import type { ContentJson } from '../content/content-json.js'
import { cutText } from '../text-cut.js'

const TEXTS = {
  nb: {
    date: 'Tid',
    place: 'Sted',
    video: 'Videomøte',
    present: 'Til stede',
    nobody: 'ingen registrert',
    agenda: 'Saker',
    broughtBy: 'Fremmet av',
    outcome: 'Utfall',
    noOutcome: 'ikke behandlet',
    decision: 'Vedtak',
    hash: 'innholdshash',
    outcomes: {
      decided: 'vedtatt',
      postponed: 'utsatt',
      sent_back: 'sendt tilbake',
      noted: 'tatt til orientering',
    },
    roundOpen: 'signering pågår',
  },
  nn: {
    date: 'Tid',
    place: 'Stad',
    video: 'Videomøte',
    present: 'Til stades',
    nobody: 'ingen registrert',
    agenda: 'Saker',
    broughtBy: 'Fremja av',
    outcome: 'Utfall',
    noOutcome: 'ikkje handsama',
    decision: 'Vedtak',
    hash: 'innhaldshash',
    outcomes: {
      decided: 'vedteke',
      postponed: 'utsett',
      sent_back: 'sendt tilbake',
      noted: 'teke til orientering',
    },
    roundOpen: 'signering pågår',
  },
  en: {
    date: 'Time',
    place: 'Place',
    video: 'Video meeting',
    present: 'Present',
    nobody: 'none recorded',
    agenda: 'Items',
    broughtBy: 'Brought by',
    outcome: 'Outcome',
    noOutcome: 'not dealt with',
    decision: 'Decision',
    hash: 'content hash',
    outcomes: { decided: 'decided', postponed: 'postponed', sent_back: 'sent back', noted: 'noted' },
    roundOpen: 'sign-off under way',
  },
} as const satisfies Record<Locale, unknown>

export interface MinutesInput {
  meeting: Meeting
  locale: Locale
  /** The party's name in `locale` (the workspace's own labels). */
  partyName: (key: string) => string
}

const text = (t: string) => ({ type: 'text', text: t })
/**
 * A paragraph of plain text. A note's line breaks become hard breaks as the editor makes them: a
 * new line inside a text node is no structure the editor knows, and an export would read a blank
 * line in it as a new paragraph.
 */
const paragraph = (t: string) => {
  const content = t
    .split(/\r\n|\r|\n/)
    .flatMap((line, n) => [...(n > 0 ? [{ type: 'hardBreak' }] : []), ...(line ? [text(line)] : [])])
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' }
}
/** A heading is one line: a title's line breaks and runs of spaces become one space. */
const heading = (level: 1 | 2 | 3, t: string) => ({
  type: 'heading',
  attrs: { level },
  content: [text(t.replace(/\s+/g, ' ').trim() || '–')],
})
const bullets = (lines: string[]) => ({
  type: 'bulletList',
  content: lines.map((l) => ({ type: 'listItem', content: [paragraph(l)] })),
})

/** Norway's time zone; Nynorsk dates read as Bokmål's (ICU has no nn data everywhere). */
function when(locale: Locale, startsAt: string, endsAt: string): string {
  const tag = locale === 'en' ? 'en-GB' : 'nb-NO'
  const day = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'Europe/Oslo' })
  const time = new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone: 'Europe/Oslo' })
  const start = Date.parse(startsAt)
  const end = Date.parse(endsAt)
  const sameDay = day.format(start) === day.format(end)
  return sameDay
    ? `${day.format(start)}, ${time.format(start)}–${time.format(end)}`
    : `${day.format(start)} ${time.format(start)} – ${day.format(end)} ${time.format(end)}`
}

/** The minutes' first content, as ProseMirror JSON of a Trepart document. */
export function minutesJson({ meeting, locale, partyName }: MinutesInput): ContentJson {
  const t = TEXTS[locale]
  const facts = [`${t.date}: ${when(locale, meeting.startsAt, meeting.endsAt)}`]
  if (meeting.place) facts.push(`${t.place}: ${meeting.place}`)
  if (meeting.videoUrl) facts.push(`${t.video}: ${meeting.videoUrl}`)

  const present = meeting.attendance.filter((a) => a.present)
  const parties = [
    ...PARTY_KEYS,
    ...new Set(present.map((a) => a.user.party).filter((p) => !PARTY_KEYS.includes(p))),
  ]
  const attendees = parties.map((party) => {
    const names = present.filter((a) => a.user.party === party).map((a) => a.user.name)
    return `${partyName(party)}: ${names.length > 0 ? names.join(', ') : t.nobody}`
  })

  const items = meeting.items.flatMap((item, n) => {
    const outcome = item.outcome ? t.outcomes[item.outcome as ItemOutcome] : t.noOutcome
    const blocks: object[] = [
      heading(3, `${n + 1}. ${item.title}`),
      paragraph(`${t.broughtBy}: ${partyName(item.party)}`),
      paragraph(`${t.outcome}: ${outcome}${item.outcomeNote ? ` — ${item.outcomeNote}` : ''}`),
    ]
    if (item.decision) {
      const title = item.document?.title ?? ''
      const state = item.decision.outcome === null ? ` (${t.roundOpen})` : ''
      blocks.push(paragraph(`${t.decision}: ${title}${state}, ${t.hash} ${item.decision.contentHash}`))
    }
    return blocks
  })

  return {
    type: 'doc',
    content: [
      heading(1, meeting.title),
      ...facts.map(paragraph),
      heading(2, t.present),
      bullets(attendees),
      heading(2, t.agenda),
      ...items,
    ],
  }
}

/**
 * The minutes document's title: "Referat: " and the meeting's title, cut to `max` UTF-16 units
 * (the document title's limit) without splitting a character: half an emoji would be stored as a
 * lone surrogate, which the databases mangle (U+FFFD) and the title schema refuses.
 */
export function minutesTitle(locale: Locale, meetingTitle: string, max: number): string {
  return cutText(`${locale === 'en' ? 'Minutes: ' : 'Referat: '}${meetingTitle}`, max)
}

/** `json` as the Yjs update a new document's room is seeded with (the editor's fragment). */
export function contentUpdate(json: ContentJson): Uint8Array {
  const doc = prosemirrorJSONToYDoc(contentSchema(), json, CONTENT_FRAGMENT)
  try {
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
