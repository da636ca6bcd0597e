/**
 * The one migration set for SQLite and PostgreSQL. Column types that differ between the two
 * (binary data, auto-increment keys) go through `types(dialect)`; everything else is shared but
 * the search index, which each database builds with its own full-text search (0004).
 * Migrations only ever get added: one that has run is never edited.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'
import type { Dialect } from './schema.js'

function types(dialect: Dialect) {
  return dialect === 'postgres'
    ? { binary: sql`bytea`, serialKey: sql`bigserial`, bigint: sql`bigint` }
    : { binary: sql`blob`, serialKey: sql`integer`, bigint: sql`integer` }
}

function migrations(dialect: Dialect): Record<string, Migration> {
  const t = types(dialect)
  return {
    '0001_document_content': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('document_updates')
          .addColumn('seq', t.serialKey, (c) =>
            dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('document_id', 'text', (c) => c.notNull())
          .addColumn('data', t.binary, (c) => c.notNull())
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex('document_updates_document_seq')
          .on('document_updates')
          .columns(['document_id', 'seq'])
          .execute()
        await db.schema
          .createTable('document_snapshots')
          .addColumn('document_id', 'text', (c) => c.primaryKey())
          .addColumn('data', t.binary, (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('updated_at', t.bigint, (c) => c.notNull())
          .execute()
      },
    },
    '0002_accounts_workspaces_documents': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('locale', 'text', (c) => c.notNull())
          .addColumn('instance_admin', 'integer', (c) => c.notNull())
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .addColumn('updated_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('expires_at', t.bigint, (c) => c.notNull())
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()
        await db.schema
          .createTable('login_failures')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('last_failure_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createTable('workspaces')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .addColumn('updated_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createTable('workspace_parties')
          .addColumn('workspace_id', 'text', (c) =>
            c.notNull().references('workspaces.id').onDelete('cascade'),
          )
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('labels', 'text', (c) => c.notNull())
          .addColumn('color', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('workspace_parties_pk', ['workspace_id', 'key'])
          .execute()
        await db.schema
          .createTable('members')
          .addColumn('workspace_id', 'text', (c) =>
            c.notNull().references('workspaces.id').onDelete('cascade'),
          )
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('party', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('signatory', 'integer', (c) => c.notNull())
          .addColumn('joined_at', t.bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('members_pk', ['workspace_id', 'user_id'])
          .execute()
        await db.schema.createIndex('members_user').on('members').column('user_id').execute()
        await db.schema
          .createTable('invitations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workspace_id', 'text', (c) =>
            c.notNull().references('workspaces.id').onDelete('cascade'),
          )
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('party', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('signatory', 'integer', (c) => c.notNull())
          .addColumn('max_uses', 'integer', (c) => c.notNull())
          .addColumn('uses', 'integer', (c) => c.notNull())
          .addColumn('expires_at', t.bigint, (c) => c.notNull())
          .addColumn('revoked_at', t.bigint)
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex('invitations_workspace')
          .on('invitations')
          .column('workspace_id')
          .execute()
        await db.schema
          .createTable('password_resets')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('expires_at', t.bigint, (c) => c.notNull())
          .addColumn('used_at', t.bigint)
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createTable('documents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workspace_id', 'text', (c) =>
            c.notNull().references('workspaces.id').onDelete('cascade'),
          )
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('initiating_party', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .addColumn('updated_at', t.bigint, (c) => c.notNull())
          .addColumn('archived', 'integer', (c) => c.notNull())
          .execute()
        await db.schema.createIndex('documents_workspace').on('documents').column('workspace_id').execute()
      },
    },
    '0003_login_failures_by_time': {
      async up(db: Kysely<unknown>) {
        // The throttle forgets old failures with `delete … where last_failure_at < …` after every
        // failed login; without an index that scans the whole table each time.
        await db.schema
          .createIndex('login_failures_last_failure_at')
          .on('login_failures')
          .column('last_failure_at')
          .execute()
      },
    },
    '0004_search_index': {
      // The search index of titles and text (store/search-index.ts). Which document it belongs to,
      // and so which workspace, is read from `documents` at query time: a moved or archived document
      // is found as it is now; a deleted one takes its entry with it (cascade).
      async up(db: Kysely<unknown>) {
        if (dialect === 'postgres') {
          // Norwegian stemming where the server has it (every stock build does); plain words otherwise.
          // SearchIndex makes the same choice for queries.
          const found = await sql<{ n: number }>`
            select count(*)::int as n from pg_ts_config where cfgname = 'norwegian'`.execute(db)
          const config = sql.lit(found.rows[0]?.n ? 'norwegian' : 'simple')
          await db.schema
            .createTable('search_entries')
            .addColumn('document_id', 'text', (c) =>
              c.primaryKey().references('documents.id').onDelete('cascade'),
            )
            .addColumn('title', 'text', (c) => c.notNull())
            .addColumn('body', 'text', (c) => c.notNull())
            // Titles weigh more than text in the ranking (A before B).
            .addColumn('vector', sql`tsvector`, (c) =>
              c
                .generatedAlwaysAs(
                  sql`setweight(to_tsvector(${config}::regconfig, title), 'A') || setweight(to_tsvector(${config}::regconfig, body), 'B')`,
                )
                .stored(),
            )
            .execute()
          await sql`create index search_entries_vector on search_entries using gin (vector)`.execute(db)
          return
        }
        // FTS5 keys its rows by integer rowid; search_entries maps document ids to them, and its
        // trigger takes the text along when an entry goes (also through the cascade).
        await db.schema
          .createTable('search_entries')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('document_id', 'text', (c) =>
            c.notNull().unique().references('documents.id').onDelete('cascade'),
          )
          .execute()
        // unicode61 takes æ, ø and å as letters and folds case beyond ASCII (Ø = ø). Diacritics are
        // kept (remove_diacritics 0): folding would make å match a while æ and ø, which Unicode
        // does not decompose, stayed apart; Norwegian treats all three as letters of their own.
        await sql`create virtual table search_text using fts5(
          title, body, tokenize = 'unicode61 remove_diacritics 0')`.execute(db)
        await sql`create trigger search_entries_delete after delete on search_entries begin
          delete from search_text where rowid = old.id;
        end`.execute(db)
      },
    },
    '0005_comment_threads': {
      // Comment threads and their comments: server-owned records beside the content, never in it
      // (a mark in the document would tell every party where a party-internal thread sits).
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('threads')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          // Y.encodeRelativePosition of each end, as the client sent them.
          .addColumn('anchor_start', t.binary, (c) => c.notNull())
          .addColumn('anchor_end', t.binary, (c) => c.notNull())
          .addColumn('quote', 'text', (c) => c.notNull())
          .addColumn('visibility', 'text', (c) => c.notNull())
          .addColumn('party', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
          .addColumn('resolved_at', t.bigint)
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .execute()
        // Listing a document's threads, oldest first, is the one read the panel makes.
        await db.schema
          .createIndex('threads_document_created')
          .on('threads')
          .columns(['document_id', 'created_at'])
          .execute()
        await db.schema
          .createTable('comments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
          .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('author_party', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .addColumn('edited_at', t.bigint)
          .addColumn('deleted_at', t.bigint)
          .execute()
        await db.schema
          .createIndex('comments_thread_created')
          .on('comments')
          .columns(['thread_id', 'created_at'])
          .execute()
      },
    },
    '0006_discussion_budgets': {
      // Per party and document: threads started, comments written (deleted ones too) and the
      // characters of their bodies. The caps read one row instead of summing the discussion, and
      // count only what the writer's own party wrote: all of it is visible to that party, so a
      // refusal never tells a party anything about another party's internal threads.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('discussion_budgets')
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          .addColumn('party', 'text', (c) => c.notNull())
          .addColumn('threads', 'integer', (c) => c.notNull())
          .addColumn('comments', 'integer', (c) => c.notNull())
          .addColumn('chars', t.bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('discussion_budgets_pk', ['document_id', 'party'])
          .execute()
        // What 0005's tables already hold. length() counts characters in both databases, as the
        // server counts code points.
        await sql`
          insert into discussion_budgets (document_id, party, threads, comments, chars)
          select document_id, party, sum(threads), sum(comments), sum(chars) from (
            select document_id, party, count(*) as threads, 0 as comments, 0 as chars
              from threads group by document_id, party
            union all
            select t.document_id, c.author_party as party, 0 as threads, count(*) as comments,
                   coalesce(sum(length(c.body)), 0) as chars
              from comments c join threads t on t.id = c.thread_id
              group by t.document_id, c.author_party
          ) as parts
          group by document_id, party
        `.execute(db)
      },
    },
    '0007_sign_off': {
      // Consensus sign-off: versions of the content (what a round asks the parties to agree to),
      // rounds with one current decision per party, the link from an amendment to what it
      // amends, and a hash-chained audit log per workspace.
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('documents')
          .addColumn('amends_id', 'text', (c) => c.references('documents.id'))
          .execute()
        await db.schema
          .createTable('document_versions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          .addColumn('name', 'text')
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('content_json', 'text', (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('yjs_state', t.binary, (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex('document_versions_document_created')
          .on('document_versions')
          .columns(['document_id', 'created_at'])
          .execute()
        await db.schema
          .createTable('sign_off_rounds')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          .addColumn('version_id', 'text', (c) => c.notNull().references('document_versions.id'))
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('started_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('started_at', t.bigint, (c) => c.notNull())
          .addColumn('due_at', t.bigint)
          .addColumn('message', 'text')
          .addColumn('outcome', 'text')
          .addColumn('ended_by', 'text', (c) => c.references('users.id'))
          .addColumn('ended_at', t.bigint)
          .execute()
        await db.schema
          .createIndex('sign_off_rounds_document_started')
          .on('sign_off_rounds')
          .columns(['document_id', 'started_at'])
          .execute()
        await db.schema
          .createTable('sign_off_decisions')
          .addColumn('round_id', 'text', (c) =>
            c.notNull().references('sign_off_rounds.id').onDelete('cascade'),
          )
          .addColumn('party', 'text', (c) => c.notNull())
          .addColumn('decision', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('decided_at', t.bigint, (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('sign_off_decisions_pk', ['round_id', 'party'])
          .execute()
        await db.schema
          .createTable('audit_log')
          .addColumn('workspace_id', 'text', (c) =>
            c.notNull().references('workspaces.id').onDelete('cascade'),
          )
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('at', t.bigint, (c) => c.notNull())
          .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('document_id', 'text')
          .addColumn('content_hash', 'text')
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('audit_log_pk', ['workspace_id', 'seq'])
          .execute()
      },
    },
    '0008_share_links': {
      // Read-only links for the public: the token itself is shown once and never stored.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('share_links')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .addColumn('expires_at', t.bigint)
          .addColumn('revoked_at', t.bigint)
          .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
          .addColumn('last_used_at', t.bigint)
          .execute()
        await db.schema
          .createIndex('share_links_document')
          .on('share_links')
          .columns(['document_id', 'created_at'])
          .execute()
      },
    },
    '0009_sign_off_deciders': {
      // One person decides for one party per round: the first decision binds them to its party.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('sign_off_deciders')
          .addColumn('round_id', 'text', (c) =>
            c.notNull().references('sign_off_rounds.id').onDelete('cascade'),
          )
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('party', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('sign_off_deciders_pk', ['round_id', 'user_id'])
          .execute()
      },
    },
    '0010_public_index': {
      // A workspace's public index of its published decisions (off by default), and the public
      // identity of a published document: random, made when the index first lists it, so that
      // neither an address nor a feed ever carries a document's internal id.
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('workspaces')
          .addColumn('public_index', 'integer', (c) => c.notNull().defaultTo(0))
          .execute()
        await db.schema
          .createTable('document_public_ids')
          .addColumn('document_id', 'text', (c) =>
            c.primaryKey().references('documents.id').onDelete('cascade'),
          )
          .addColumn('public_id', 'text', (c) => c.notNull().unique())
          .execute()
      },
    },
    '0011_document_log_positions': {
      // Scaled out, every instance with a document open must see each of its updates: the bus
      // between them (Redis) may drop one, so each update gets a position in its document's log
      // that has no holes (`doc_seq`, from `document_heads`, taken under that row's lock, so the
      // positions also follow commit order). A receiver that sees a hole, or a head ahead of what it
      // applied, reads what it missed; a snapshot says up to which position it holds the log, for
      // when compaction folded the missing rows in. One instance on SQLite does not number them.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('document_heads')
          .addColumn('document_id', 'text', (c) => c.primaryKey())
          .addColumn('seq', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema.alterTable('document_updates').addColumn('doc_seq', t.bigint).execute()
        await db.schema
          .alterTable('document_snapshots')
          .addColumn('through_seq', t.bigint, (c) => c.notNull().defaultTo(0))
          .execute()
        // When a round's first step locked the document: an instance that starts while another is
        // between the round's two steps must not take that for a round left half-made by a crash.
        await db.schema.alterTable('documents').addColumn('review_started_at', t.bigint).execute()
      },
    },
    '0012_meetings': {
      // The forum's meetings (issue 16): server records, not a Y.Doc, because each field has its
      // own rule (who may set it, which document an item may link) and an item's order moves one
      // item at a time in a transaction, so that two people reordering at once both get their move.
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('meetings')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workspace_id', 'text', (c) =>
            c.notNull().references('workspaces.id').onDelete('cascade'),
          )
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('starts_at', t.bigint, (c) => c.notNull())
          .addColumn('ends_at', t.bigint, (c) => c.notNull())
          .addColumn('place', 'text')
          .addColumn('video_url', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('chair_id', 'text', (c) => c.references('users.id'))
          .addColumn('secretary_id', 'text', (c) => c.references('users.id'))
          .addColumn('current_item_id', 'text')
          .addColumn('minutes_document_id', 'text', (c) => c.references('documents.id').onDelete('set null'))
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .addColumn('updated_at', t.bigint, (c) => c.notNull())
          .addColumn('opened_at', t.bigint)
          .addColumn('closed_at', t.bigint)
          .execute()
        await db.schema
          .createIndex('meetings_workspace')
          .on('meetings')
          .columns(['workspace_id', 'starts_at'])
          .execute()
        await db.schema
          .createTable('agenda_items')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('document_id', 'text', (c) => c.references('documents.id').onDelete('set null'))
          .addColumn('party', 'text', (c) => c.notNull())
          .addColumn('planned_minutes', 'integer')
          .addColumn('outcome', 'text')
          .addColumn('outcome_note', 'text')
          .addColumn('outcome_by', 'text', (c) => c.references('users.id'))
          .addColumn('outcome_at', t.bigint)
          .addColumn('decision_round_id', 'text', (c) =>
            c.references('sign_off_rounds.id').onDelete('set null'),
          )
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex('agenda_items_meeting')
          .on('agenda_items')
          .columns(['meeting_id', 'position'])
          .execute()
        await db.schema
          .createTable('meeting_attendance')
          .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('party', 'text', (c) => c.notNull())
          .addColumn('present', 'integer', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.references('users.id'))
          .addColumn('updated_at', t.bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('meeting_attendance_pk', ['meeting_id', 'user_id'])
          .execute()
      },
    },
    '0013_follow_ups_and_edits': {
      // Follow-up items of final decisions and their history of status notes (issue 16), and the
      // edits committed per document, party and day: counted by the server from the writing
      // connection's party, summed in memory and added here in batches (collab/edit-counter.ts).
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('follow_up_items')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workspace_id', 'text', (c) =>
            c.notNull().references('workspaces.id').onDelete('cascade'),
          )
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('party', 'text', (c) => c.notNull())
          .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
          .addColumn('due_date', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .addColumn('updated_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex('follow_up_items_workspace')
          .on('follow_up_items')
          .columns(['workspace_id', 'due_date'])
          .execute()
        await db.schema
          .createIndex('follow_up_items_document')
          .on('follow_up_items')
          .columns(['document_id'])
          .execute()
        await db.schema
          .createTable('follow_up_notes')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('item_id', 'text', (c) =>
            c.notNull().references('follow_up_items.id').onDelete('cascade'),
          )
          .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
          .addColumn('author_party', 'text', (c) => c.notNull())
          .addColumn('status', 'text')
          .addColumn('note', 'text', (c) => c.notNull())
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex('follow_up_notes_item')
          .on('follow_up_notes')
          .columns(['item_id', 'created_at'])
          .execute()
        await db.schema
          .createTable('edit_counts')
          .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('party', 'text', (c) => c.notNull())
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('edits', t.bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('edit_counts_pk', ['document_id', 'party', 'day'])
          .execute()
        await db.schema
          .createIndex('edit_counts_workspace_day')
          .on('edit_counts')
          .columns(['workspace_id', 'day'])
          .execute()
      },
    },
  }
}

/** Brings the database to the latest schema, or throws with the migration that failed. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) }
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error })
  }
}
