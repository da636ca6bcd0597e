/**
 * The search index of document titles and text, in each database's own full-text search: SQLite
 * FTS5 (tokenizer unicode61, no stemming) or a PostgreSQL tsvector with the `norwegian`
 * configuration (stemming; `simple` where the server lacks it) and a GIN index. Tables: migration
 * 0004. Only text lives here: which workspace a document is in, whether it is archived and who
 * started it are read from `documents` when searching, so a search always sees them as they are now.
 */
import { type Kysely, sql } from 'kysely'
import { fts5Match, type SearchWords, tsQuery } from '../search/search-query.js'
import { MATCH_END, MATCH_START } from '../search/snippet.js'
import type { DocumentRow } from './documents.js'
import type { Database, Dialect } from './schema.js'

export interface IndexedText {
  documentId: string
  /** Plain text (search/plain-text.ts): no control characters. */
  text: string
}

export interface SearchOptions {
  workspaceId: string
  includeArchived: boolean
  limit: number
}

export interface SearchHit {
  document: DocumentRow & { creator_name: string }
  /** The text around the matches, each between MATCH_START and MATCH_END (search/snippet.ts). */
  snippet: string
}

/** About this many words of text around the matches (FTS5 counts tokens, PostgreSQL words). */
const SNIPPET_WORDS = 24
/** Title matches rank above text matches (FTS5 bm25 column weights; PostgreSQL uses weights A/B). */
const TITLE_WEIGHT = 10

export class SearchIndex {
  private pgConfig: Promise<string> | undefined

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: Dialect,
  ) {}

  /**
   * Writes each document's text with its current title, in one transaction. The title is read in
   * the same statement, so a rename racing an indexing run cannot leave the old title behind.
   * Documents that no longer exist are skipped.
   */
  async write(entries: readonly IndexedText[]): Promise<void> {
    if (entries.length === 0) return
    if (this.dialect === 'postgres') {
      await sql`
        insert into search_entries (document_id, title, body)
        select d.id, d.title, v.body
        from unnest(${entries.map((e) => e.documentId)}::text[], ${entries.map((e) => e.text)}::text[])
          as v(id, body)
        join documents d on d.id = v.id
        on conflict (document_id) do update set title = excluded.title, body = excluded.body`.execute(this.db)
      return
    }
    await this.db.transaction().execute(async (trx) => {
      for (const { documentId, text } of entries) {
        await this.sqliteEnsureEntry(trx, documentId)
        await sql`delete from search_text
          where rowid = (select id from search_entries where document_id = ${documentId})`.execute(trx)
        await sql`insert into search_text (rowid, title, body)
          select e.id, d.title, ${text} from search_entries e join documents d on d.id = e.document_id
          where e.document_id = ${documentId}`.execute(trx)
      }
    })
  }

  /** Sets a document's indexed title from `documents`, keeping its text (none yet for a new one). */
  async writeTitle(documentId: string): Promise<void> {
    if (this.dialect === 'postgres') {
      await sql`
        insert into search_entries (document_id, title, body)
        select id, title, '' from documents where id = ${documentId}
        on conflict (document_id) do update set title = excluded.title`.execute(this.db)
      return
    }
    await this.db.transaction().execute(async (trx) => {
      await this.sqliteEnsureEntry(trx, documentId)
      const updated = await sql`update search_text
        set title = (select title from documents where id = ${documentId})
        where rowid = (select id from search_entries where document_id = ${documentId})`.execute(trx)
      if (Number(updated.numAffectedRows ?? 0) > 0) return
      await sql`insert into search_text (rowid, title, body)
        select e.id, d.title, '' from search_entries e join documents d on d.id = e.document_id
        where e.document_id = ${documentId}`.execute(trx)
    })
  }

  /** Those of `ids` that are documents (still). */
  async existing(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return []
    const rows = await this.db.selectFrom('documents').select('id').where('id', 'in', ids).execute()
    return rows.map((r) => r.id)
  }

  /** Documents without an entry: made before the index existed, or whose title write failed. */
  async unindexed(): Promise<string[]> {
    const result = await sql<{ id: string }>`
      select d.id from documents d
      where not exists (select 1 from search_entries e where e.document_id = d.id)`.execute(this.db)
    return result.rows.map((r) => r.id)
  }

  /**
   * The best-ranked documents of one workspace containing every word (the last as a prefix when
   * `prefixLast`), best first. The workspace and archived filters are in the query itself.
   */
  async search(words: SearchWords, options: SearchOptions): Promise<SearchHit[]> {
    if (words.words.length === 0) return []
    return this.dialect === 'postgres'
      ? this.searchPostgres(words, options)
      : this.searchSqlite(words, options)
  }

  private async searchSqlite(words: SearchWords, options: SearchOptions): Promise<SearchHit[]> {
    const match = fts5Match(words)
    // The FTS table drives the join (CROSS JOIN fixes the order), which bm25() requires.
    const ranked = await sql<DocumentRow & { creator_name: string; entry: number }>`
      select d.*, u.name as creator_name, search_text.rowid as entry
      from search_text
      cross join search_entries e on e.id = search_text.rowid
      cross join documents d on d.id = e.document_id
      join users u on u.id = d.created_by
      where search_text match ${match}
        and d.workspace_id = ${options.workspaceId}
        and (${options.includeArchived ? 1 : 0} = 1 or d.archived = 0)
      order by bm25(search_text, ${TITLE_WEIGHT}, 1.0), d.updated_at desc
      limit ${options.limit}`.execute(this.db)
    if (ranked.rows.length === 0) return []
    // Snippets for the page of results only: snippet() reads the text, bm25() does not.
    const snippets = await sql<{ entry: number; snippet: string }>`
      select rowid as entry,
        snippet(search_text, 1, ${MATCH_START}, ${MATCH_END}, '…', ${SNIPPET_WORDS}) as snippet
      from search_text
      where search_text match ${match}
        and rowid in (${sql.join(ranked.rows.map((r) => r.entry))})`.execute(this.db)
    const byEntry = new Map(snippets.rows.map((r) => [Number(r.entry), r.snippet]))
    return ranked.rows.map(({ entry, ...document }) => ({
      document,
      snippet: byEntry.get(Number(entry)) ?? '',
    }))
  }

  private async searchPostgres(words: SearchWords, options: SearchOptions): Promise<SearchHit[]> {
    const config = await this.postgresConfig()
    const headline = [
      `StartSel="${MATCH_START}"`,
      `StopSel="${MATCH_END}"`,
      `MaxWords=${SNIPPET_WORDS / 2}`,
      `MinWords=${SNIPPET_WORDS / 4}`,
      'MaxFragments=2',
      'FragmentDelimiter=" … "',
    ].join(', ')
    // Ranked and limited first; ts_headline (which parses the whole text) only for that page.
    const result = await sql<DocumentRow & { creator_name: string; snippet: string }>`
      select d.*, u.name as creator_name,
        ts_headline(${config}::regconfig, hits.body, hits.query, ${headline}) as snippet
      from (
        select s.document_id, s.body, q.query, ts_rank(s.vector, q.query) as rank, d.updated_at
        from search_entries s
        join documents d on d.id = s.document_id
        cross join to_tsquery(${config}::regconfig, ${tsQuery(words)}) as q(query)
        where s.vector @@ q.query
          and d.workspace_id = ${options.workspaceId}
          and (${options.includeArchived} or d.archived = 0)
        order by rank desc, d.updated_at desc
        limit ${options.limit}
      ) hits
      join documents d on d.id = hits.document_id
      join users u on u.id = d.created_by
      order by hits.rank desc, hits.updated_at desc`.execute(this.db)
    return result.rows.map(({ snippet, ...document }) => ({ document, snippet: snippet ?? '' }))
  }

  /** The configuration migration 0004 built the index with: the same choice, made the same way. */
  private postgresConfig(): Promise<string> {
    this.pgConfig ??= sql<{ n: number }>`
      select count(*)::int as n from pg_ts_config where cfgname = 'norwegian'`
      .execute(this.db)
      .then((r) => (r.rows[0]?.n ? 'norwegian' : 'simple'))
    // A failed look-up is asked again next time, not remembered.
    this.pgConfig.catch(() => {
      this.pgConfig = undefined
    })
    return this.pgConfig
  }

  private async sqliteEnsureEntry(trx: Kysely<Database>, documentId: string): Promise<void> {
    await sql`insert into search_entries (document_id)
      select id from documents where id = ${documentId}
      on conflict (document_id) do nothing`.execute(trx)
  }
}
