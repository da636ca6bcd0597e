/**
 * Limits on free text and numbers, shared so forms can say them before the server does. Kept free
 * of zod so the web app can import them without pulling the schemas into every page.
 */
export const TEXT_LIMITS = {
  nameMax: 100,
  emailMax: 254,
  passwordMax: 256,
  titleMax: 200,
  workspaceNameMax: 120,
  /** A search of a workspace's documents (`GET /api/workspaces/:wid/search?q=`). */
  searchQueryMax: 200,
  /** A comment's body (plain text, counted in UTF-16 code units as JavaScript counts them). */
  commentBodyMax: 10_000,
  /**
   * The quoted text a thread keeps of its anchor (cut, never refused: the server computes it).
   * Long enough to recognise the passage; the anchor itself covers any length.
   */
  commentQuoteMax: 1_000,
  /** One relative position of an anchor, base64 (a Yjs encoding is a few dozen bytes). */
  anchorPositionMax: 512,
  /** The message to the signatories when a round starts. */
  roundMessageMax: 2_000,
  /** A reservation's or objection's note: published with the decision. */
  decisionNoteMax: 5_000,
  /** A named version's name. */
  versionNameMax: 120,
  /** A meeting's title and an agenda item's title. */
  meetingTitleMax: 200,
  /** Where a meeting is held (a room, an address). */
  meetingPlaceMax: 300,
  /** A meeting's video link (http or https). */
  meetingUrlMax: 2_000,
  /** The note with an agenda item's outcome (required when it is sent back). */
  outcomeNoteMax: 2_000,
  /** What a follow-up item says is to be done. */
  followUpTitleMax: 500,
  /** A note in a follow-up item's history. */
  followUpNoteMax: 2_000,
} as const

/** An agenda item's planned length: whole minutes from 1 to this (ten hours). */
export const PLANNED_MINUTES_MAX = 600

/** The interface languages: Norwegian Bokmål, Nynorsk, English. */
export const LOCALES = ['nb', 'nn', 'en'] as const
export type Locale = (typeof LOCALES)[number]
