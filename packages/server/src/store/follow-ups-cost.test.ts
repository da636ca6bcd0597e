/**
 * What the follow-up and participation stores cost and what a failure leaves behind, on SQLite
 * (issue 16): "my follow-ups", read on every member's home page, reads the items of the user's own
 * workspaces through an index, never every workspace's items; a list ranks the notes of its items
 * without reading their text; a batch of edit counts is stored whole or not at all, since the edit
 * counter adds a failed batch back and sends it again.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertDocumentRows } from '../test-support/store.js'
import { openDatabase } from './database.js'
import { FollowUps } from './follow-ups.js'
import { Participation } from './participation.js'
import type { Database as Schema } from './schema.js'

describe('follow-up and participation stores (SQLite)', () => {
  let dataDir: string
  let sqlite: Database.Database
  let db: Kysely<Schema>
  /** Every statement run, with its parameters, in order. */
  const statements: Array<{ sql: string; parameters: readonly unknown[] }> = []

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-follow-ups-'))
    // Migrated as the server does it, then opened again with a statement log.
    const opened = await openDatabase({ dataDir, sqliteSynchronous: 'normal', sqliteBusyTimeoutMs: 1000 })
    await opened.close()
    sqlite = new Database(path.join(dataDir, 'trepart.sqlite'))
    sqlite.pragma('foreign_keys = ON')
    db = new Kysely<Schema>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (event) => {
        statements.push({ sql: event.query.sql, parameters: event.query.parameters })
      },
    })
  })
  afterAll(async () => {
    await db?.destroy()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('my follow-ups are read through my memberships and an index, not by scanning every item', async () => {
    statements.length = 0
    await new FollowUps(db, 'sqlite').list({ responsibleUserId: 'u1', open: true }, '2026-01-01', 500)
    const [listed] = statements
    expect(listed).toBeDefined()
    const plan = sqlite
      .prepare(`explain query plan ${listed!.sql}`)
      .all(...(listed!.parameters as unknown[]))
      .map((row) => (row as { detail: string }).detail)
    expect(plan.filter((line) => /^SCAN /.test(line))).toEqual([])
    expect(plan.some((line) => /^SEARCH f USING INDEX follow_up_items_workspace/.test(line))).toBe(true)
  })

  it('a list ranks notes by id and time only: only the notes it keeps are read whole', async () => {
    statements.length = 0
    await new FollowUps(db, 'sqlite').notesOf(['i1', 'i2'], 20)
    const [ranked] = statements
    expect(ranked).toBeDefined()
    // What the window function runs over: the innermost select, up to its first `from`. Ranking
    // whole rows sorted every note's text (up to 200 MB for a full overview) to keep 20 per item.
    const windowed = /\(select ([^()]*(?:\([^()]*\)[^()]*)*?) from "follow_up_notes"/.exec(ranked!.sql)?.[1]
    expect(windowed).toContain('row_number()')
    expect(windowed).not.toMatch(/\.\*|"note"/)
  })

  it('a batch of edit counts is stored whole or not at all', async () => {
    await insertDocumentRows(db)
    // 500 rows fill the first statement; the 501st names no document and fails the second.
    const rows = Array.from({ length: 500 }, (_, i) => ({
      documentId: 'd1',
      workspaceId: 'w1',
      party: 'employees',
      day: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}#${i}`,
      edits: 1,
    }))
    rows.push({
      documentId: 'zz-missing',
      workspaceId: 'w1',
      party: 'employees',
      day: '2026-01-01',
      edits: 1,
    })
    await expect(new Participation(db).addEdits(rows)).rejects.toThrow()
    const { n } = await db
      .selectFrom('edit_counts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(n)).toBe(0)
  })
})
