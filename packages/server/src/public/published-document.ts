/**
 * What a public page or an export of a document shows, and nothing else: its title, kind and
 * status; the signed version's content for a final document (never the live text, which an
 * amendment cannot touch anyway), the committed content now for a draft; and for a final
 * document its decision record. No comments, no presence, no emails, no internal ids: the record
 * names people by name and parties by key.
 */
import type { DocumentStatus, Locale, PartyKey } from '@trepart/shared'
import type { ContentJson } from '../content/content-json.js'
import type { Services } from '../services.js'

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
}

export async function publishedDocument(
  services: Services,
  documentId: string,
): Promise<PublishedDocument | null> {
  const { documents, signOff, draftContent } = services
  const row = await documents.byId(documentId)
  if (!row) return null
  const status = row.status as DocumentStatus
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
  const [amended, amendments] = await Promise.all([
    row.amends_id ? documents.byId(row.amends_id) : Promise.resolve(undefined),
    signOff.amendmentsOf(documentId),
  ])
  return {
    title: row.title,
    kind: row.kind as PublishedDocument['kind'],
    status,
    updatedAt: Number(row.updated_at),
    content: json,
    ...(article ? { article } : {}),
    record,
    amends: amended ? { title: amended.title } : null,
    // Only what is itself agreed: a draft amendment's title is unpublished work.
    amendedBy: amendments
      .filter((a) => a.status === 'final')
      .map((a) => ({ title: a.title, status: a.status as DocumentStatus })),
  }
}
