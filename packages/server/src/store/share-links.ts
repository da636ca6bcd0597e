/**
 * Share links: unguessable, revocable, optionally expiring read-only links to one document for the
 * public. Only the token's SHA-256 is stored; a link is found by it only while it is neither
 * revoked nor expired, so a revoked, expired and unknown token are one and the same to a reader.
 */
import type { Kysely } from 'kysely'
import type { Database, ShareLinkTable } from './schema.js'

export type ShareLinkRow = ShareLinkTable & { creator_name: string }

/** How often a link's "last used" moves: a page read by many must not write on every view. */
const LAST_USED_RESOLUTION_MS = 60_000

export class ShareLinks {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: ShareLinkTable): Promise<void> {
    await this.db.insertInto('share_links').values(row).execute()
  }

  private links() {
    return this.db
      .selectFrom('share_links')
      .innerJoin('users', 'users.id', 'share_links.created_by')
      .selectAll('share_links')
      .select('users.name as creator_name')
  }

  /** The document's links, newest first (revoked ones too: the page shows they were). */
  ofDocument(documentId: string): Promise<ShareLinkRow[]> {
    return this.links()
      .where('share_links.document_id', '=', documentId)
      .orderBy('share_links.created_at', 'desc')
      .orderBy('share_links.id')
      .execute()
  }

  byId(id: string): Promise<ShareLinkRow | undefined> {
    return this.links().where('share_links.id', '=', id).executeTakeFirst()
  }

  /** The live link with this token hash, or undefined (revoked, expired and unknown alike). */
  live(tokenHash: string, now: number): Promise<ShareLinkTable | undefined> {
    return this.db
      .selectFrom('share_links')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst()
  }

  /** Marks the link used (after an answer that showed something), at most once a minute. */
  async touch(link: Pick<ShareLinkTable, 'id' | 'last_used_at'>, now: number): Promise<void> {
    if (link.last_used_at !== null && now - Number(link.last_used_at) < LAST_USED_RESOLUTION_MS) return
    await this.db.updateTable('share_links').set({ last_used_at: now }).where('id', '=', link.id).execute()
  }

  /** Revokes a live link; false when it was revoked already. */
  async revoke(id: string, by: string, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('share_links')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }
}
