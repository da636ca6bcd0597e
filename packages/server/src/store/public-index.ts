/**
 * A workspace's public index: whether it is on, and which of its documents are published on it.
 * Published means final and shared: a final document with at least one live share link (neither
 * revoked nor expired), so revoking the last link takes it off the index at once. A published
 * document is known to the public by a random public id, made when the index first lists it;
 * nothing here hands its internal id to a caller that renders.
 */
import { randomUUID } from 'node:crypto'
import type { DocumentKind } from '@trepart/shared'
import type { ExpressionBuilder, Kysely } from 'kysely'
import type { Database } from './schema.js'

export interface PublicWorkspace {
  id: string
  name: string
  slug: string
  createdAt: number
}

export interface IndexEntry {
  publicId: string
  title: string
  kind: DocumentKind
  /** When the last party approved (the approving round's end). */
  decidedAt: number
  /** The final document this one amends; `publicId` only when it is listed too. */
  amends: { title: string; publicId: string | null } | null
  /** Its final amendments (a draft amendment is unpublished work). */
  amendedBy: Array<{ title: string; publicId: string | null }>
}

type WithDocument = ExpressionBuilder<Database & { d: Database['documents'] }, 'd'>

/** Final, with a share link that is neither revoked nor expired at `now`. */
function published(eb: WithDocument, now: number) {
  return eb.and([
    eb('d.status', '=', 'final'),
    eb.exists(
      eb
        .selectFrom('share_links as l')
        .select('l.id')
        .whereRef('l.document_id', '=', 'd.id')
        .where('l.revoked_at', 'is', null)
        .where((e) => e.or([e('l.expires_at', 'is', null), e('l.expires_at', '>', now)])),
    ),
  ])
}

export class PublicIndex {
  constructor(private readonly db: Kysely<Database>) {}

  async setEnabled(workspaceId: string, on: boolean): Promise<void> {
    await this.db
      .updateTable('workspaces')
      .set({ public_index: on ? 1 : 0, updated_at: Date.now() })
      .where('id', '=', workspaceId)
      .execute()
  }

  /** The workspace with this slug while its index is on; undefined when off or unknown alike. */
  async workspace(slug: string): Promise<PublicWorkspace | undefined> {
    const row = await this.db
      .selectFrom('workspaces')
      .select(['id', 'name', 'slug', 'created_at'])
      .where('slug', '=', slug)
      .where('public_index', '=', 1)
      .executeTakeFirst()
    return row && { id: row.id, name: row.name, slug: row.slug, createdAt: Number(row.created_at) }
  }

  /** The workspace's published documents, newest decision first, at most `limit`. */
  async entries(workspaceId: string, now: number, limit: number): Promise<IndexEntry[]> {
    const rows = await this.db
      .selectFrom('documents as d')
      .leftJoin('document_public_ids as p', 'p.document_id', 'd.id')
      .select((eb) => [
        'd.id',
        'd.title',
        'd.kind',
        'd.amends_id',
        'p.public_id',
        eb.fn
          .coalesce(
            eb
              .selectFrom('sign_off_rounds as r')
              .select((r) => r.fn.max('r.ended_at').as('ended'))
              .whereRef('r.document_id', '=', 'd.id')
              .where('r.outcome', '=', 'approved'),
            'd.updated_at',
          )
          .as('decided_at'),
      ])
      .where('d.workspace_id', '=', workspaceId)
      .where((eb) => published(eb, now))
      .orderBy('decided_at', 'desc')
      .orderBy('d.id')
      .limit(limit)
      .execute()
    const publicIds = await this.ensurePublicIds(rows)
    const listed = (id: string | null) => (id === null ? null : (publicIds.get(id) ?? null))
    const ids = rows.map((r) => r.id)
    const amendsIds = rows.flatMap((r) => (r.amends_id ? [r.amends_id] : []))
    const [amended, amendments] = await Promise.all([
      amendsIds.length
        ? this.db.selectFrom('documents').select(['id', 'title']).where('id', 'in', amendsIds).execute()
        : [],
      ids.length
        ? this.db
            .selectFrom('documents')
            .select(['id', 'title', 'amends_id'])
            .where('amends_id', 'in', ids)
            .where('status', '=', 'final')
            .orderBy('created_at')
            .execute()
        : [],
    ])
    const titles = new Map(amended.map((a) => [a.id, a.title]))
    return rows.map((r) => {
      const amendsTitle = r.amends_id ? titles.get(r.amends_id) : undefined
      return {
        publicId: publicIds.get(r.id)!,
        title: r.title,
        kind: r.kind as DocumentKind,
        decidedAt: Number(r.decided_at),
        amends: amendsTitle === undefined ? null : { title: amendsTitle, publicId: listed(r.amends_id) },
        amendedBy: amendments
          .filter((a) => a.amends_id === r.id)
          .map((a) => ({ title: a.title, publicId: listed(a.id) })),
      }
    })
  }

  /** The document behind a public id, while it is published in this workspace; else undefined. */
  async documentId(workspaceId: string, publicId: string, now: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('documents as d')
      .innerJoin('document_public_ids as p', 'p.document_id', 'd.id')
      .select('d.id')
      .where('p.public_id', '=', publicId)
      .where('d.workspace_id', '=', workspaceId)
      .where((eb) => published(eb, now))
      .executeTakeFirst()
    return row?.id
  }

  /**
   * Public ids by document id, made for the documents that have none yet. Two readers listing at
   * once may both try: the first insert wins and both read what it stored.
   */
  private async ensurePublicIds(
    rows: Array<{ id: string; public_id: string | null }>,
  ): Promise<Map<string, string>> {
    const ids = new Map(rows.flatMap((r) => (r.public_id ? [[r.id, r.public_id] as const] : [])))
    const missing = rows.filter((r) => !r.public_id).map((r) => r.id)
    if (missing.length === 0) return ids
    await this.db
      .insertInto('document_public_ids')
      .values(missing.map((document_id) => ({ document_id, public_id: randomUUID() })))
      .onConflict((oc) => oc.column('document_id').doNothing())
      .execute()
    const made = await this.db
      .selectFrom('document_public_ids')
      .select(['document_id', 'public_id'])
      .where('document_id', 'in', missing)
      .execute()
    for (const m of made) ids.set(m.document_id, m.public_id)
    return ids
  }
}
