/**
 * What a public page or an export of a document shows, and nothing else: its title, kind and
 * status; the signed version's content for a final document (never the live text, which an
 * amendment cannot touch anyway), the committed content now for a draft; and for a final
 * document its decision record. No comments, no presence, no emails, no internal ids: the record
 * names people by name and parties by key.
 */
import type { DocumentStatus, FollowUpStatus, Locale, PartyKey, PublicFollowUp } from '@trepart/shared'
import type { ContentJson } from '../content/content-json.js'
import type { Services } from '../services.js'
import { isOverdue, utcDay } from '../store/follow-ups.js'

export interface PublishedDecision {
  party: PartyKey
  decision: 'approve' | 'approve_with_reservation' | 'object'
  note: string | null
  by: string
  at: number
}

export interface PublishedDocument {
  title: string
  kind: 'proposal' | 'decision' | 'minutes'
  status: DocumentStatus
  updatedAt: number
  content: ContentJson
  /**
   * The content's article, already rendered (a draft's, kept by DraftContent while its content
   * holds); without it the page renders `content`.
   */
  article?: (locale: Locale) => string
  /** Final documents: the hash every party approved, and who decided for each. */
  record: { contentHash: string; decisions: PublishedDecision[]; decidedAt: number } | null
  amends: { title: string } | null
  amendedBy: Array<{ title: string; status: DocumentStatus }>
  /**
   * A final decision's follow-up items as the public sees them (issue 16): what, which party, by
   * when, how far. Never a person or a note.
   */
  followUps?: PublicFollowUp[]
}

/**
 * What of a published document can be read without its content: its row, its amendments and, for
 * a final one, who decided (four small queries). A final document's page is cached on this (see
 * `headState`); only a miss reads and parses the signed version.
 */
export type PublishedHead = Pick<
  PublishedDocument,
  'title' | 'kind' | 'status' | 'updatedAt' | 'amends' | 'amendedBy' | 'followUps'
> & {
  id: string
  /** A final document's deciders as its record names them (empty for others). */
  deciders: string[]
}

export async function publishedHead(services: Services, documentId: string): Promise<PublishedHead | null> {
  const { documents, signOff } = services
  const row = await documents.byId(documentId)
  if (!row) return null
  const final = row.status === 'final'
  const [amended, amendments, deciders, followUps] = await Promise.all([
    row.amends_id ? documents.byId(row.amends_id) : Promise.resolve(undefined),
    signOff.amendmentsOf(documentId),
    final ? signOff.approvedDeciderNames(documentId) : Promise.resolve([]),
    final
      ? services.followUps.publicOf(documentId, services.config.limits.maxFollowUpsPerDocument)
      : Promise.resolve([]),
  ])
  const today = utcDay(Date.now())
  return {
    id: row.id,
    deciders,
    title: row.title,
    kind: row.kind as PublishedDocument['kind'],
    status: row.status as DocumentStatus,
    updatedAt: Number(row.updated_at),
    amends: amended ? { title: amended.title } : null,
    // Only what is itself agreed: a draft amendment's title is unpublished work.
    amendedBy: amendments
      .filter((a) => a.status === 'final')
      .map((a) => ({ title: a.title, status: a.status as DocumentStatus })),
    followUps: followUps.map((f) => ({
      title: f.title,
      party: f.party as PartyKey,
      dueDate: f.due_date,
      status: f.status as FollowUpStatus,
      overdue: isOverdue(f, today),
    })),
  }
}

/**
 * Everything a final page shows that can still change: the signed version, the hash and the
 * decisions never do once final, but the row's title, kind, status and date (archiving moves it),
 * the amendments, the names of those who decided (a user may rename themselves) and the follow-up
 * items (their state, and whether one is overdue, which moves with the day) can.
 */
export const headState = (head: PublishedHead): string =>
  JSON.stringify([
    head.status,
    head.title,
    head.kind,
    head.updatedAt,
    head.amends,
    head.amendedBy,
    head.deciders,
    head.followUps,
  ])

export async function publishedDocument(
  services: Services,
  documentId: string,
  known?: PublishedHead,
): Promise<PublishedDocument | null> {
  const head = known ?? (await publishedHead(services, documentId))
  if (!head) return null
  const { signOff, draftContent } = services
  const { status } = head
  let record: PublishedDocument['record'] = null
  let json: ContentJson
  let article: PublishedDocument['article']
  if (status === 'final') {
    const [version, rounds, decisions] = await Promise.all([
      signOff.finalVersion(documentId),
      signOff.roundsOf(documentId),
      signOff.decisionsOf(documentId),
    ])
    const approved = rounds.findLast((r) => r.outcome === 'approved')
    if (!version || !approved) return null
    json = JSON.parse(version.content_json) as ContentJson
    record = {
      contentHash: version.content_hash,
      decidedAt: Number(approved.ended_at ?? approved.started_at),
      decisions: (decisions.get(approved.id) ?? []).map((d) => ({
        party: d.party as PartyKey,
        decision: d.decision as PublishedDecision['decision'],
        note: d.note,
        by: d.decided_by_name,
        at: Number(d.decided_at),
      })),
    }
  } else {
    // Read and rendered once per committed change, whoever asks (pages, live readers, exports).
    const draft = await draftContent.get(documentId)
    json = draft.content
    article = draft.html
  }
  const { id: _, deciders: __, ...shown } = head
  return { ...shown, content: json, ...(article ? { article } : {}), record }
}

/** A final document as published, or null for anything else (a draft's content is not read). */
export async function publishedFinal(services: Services, documentId: string | undefined) {
  const head = documentId ? await publishedHead(services, documentId) : null
  return head?.status === 'final' ? publishedDocument(services, head.id, head) : null
}
