/**
 * Search of a workspace's documents over the real API, against SQLite and PostgreSQL: words of
 * titles and text (Norwegian letters; inflected forms where the database stems, prefixes on both),
 * the index following edits committed through a real y-websocket client (into the editor's
 * XmlFragment) once the indexer has caught up, and never a document of another workspace or for
 * someone who is not a member — whatever query syntax the text carries.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  type Actor,
  backends,
  createPgSchema,
  createWorld,
  startTestServer,
  TEST_DATABASE_URL,
} from '@trepart/server/test-support'
import { type SearchResult, TEXT_LIMITS } from '@trepart/shared'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { writeParagraphs } from '../support/content.js'
import { useServerWithWorld } from '../support/world-fixture.js'
import { expectError, expectJson } from './support.js'

/** Indexing runs this soon after a commit here, so the suite waits milliseconds, not seconds. */
const FAST_INDEX = { SEARCH_INDEX_DELAY_MS: '50' }

const snippetText = (result: SearchResult) => result.snippet.map((p) => p.text).join('')
const matches = (result: SearchResult) => result.snippet.filter((p) => p.match).map((p) => p.text)

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`search (${backend.name})`, () => {
    const fx = useServerWithWorld(() => backend.start(FAST_INDEX))
    const ws = () => fx.world.workspaceId

    const searchAs = (actor: Actor | null, q: string, wid = ws(), extra = '') =>
      fx.world.api(actor, 'GET', `/api/workspaces/${wid}/search?q=${encodeURIComponent(q)}${extra}`)
    async function search(q: string, options: { as?: Actor; wid?: string; extra?: string } = {}) {
      const res = await searchAs(options.as ?? fx.world.admin, q, options.wid, options.extra)
      return (await expectJson<{ results: SearchResult[] }>(res, 200)).results
    }
    const ids = (results: SearchResult[]) => results.map((r) => r.document.id)
    /** Content of `id`, committed and indexed. */
    async function write(id: string, paragraphs: string[], as: Actor = fx.world.admin) {
      await writeParagraphs(fx.server, as, id, paragraphs)
      await fx.server.searchIndex.whenIdle()
    }

    it('[S2] finds words of titles at once, Norwegian letters and any case, with the initiating party', async () => {
      const editor = await fx.world.member('editor', 'employees', { name: 'Åse Ærlig' })
      const id = await fx.world.document('Økonomiplan for Ærøy og Åsen', 'proposal', editor)
      for (const q of ['økonomiplan', 'ØKONOMIPLAN', 'ærøy', 'åsen', 'Økonomiplan Åsen']) {
        const results = await search(q)
        expect(ids(results), q).toEqual([id])
      }
      const [result] = await search('ærøy')
      expect(result!.document).toMatchObject({
        id,
        workspaceId: ws(),
        title: 'Økonomiplan for Ærøy og Åsen',
        initiatingParty: 'employees',
        createdBy: { id: editor.userId, name: 'Åse Ærlig' },
        archived: false,
      })
      // No text yet: an empty snippet, not an error.
      expect(result!.snippet).toEqual([])
      // å is a letter of its own, not an a with a ring (remove_diacritics 0 / no unaccent).
      expect(await search('asen')).toEqual([])
    })

    it('[S1] finds words of the text once an edit is committed and indexed, with the matches marked', async () => {
      const id = await fx.world.document('Skolebruksplan')
      expect(await search('årvoll')).toEqual([])
      await write(id, ['Vi vil bygge en ny barneskole.', 'Tomten ligger på Øvre Årvoll, nær bekken.'])
      const [result] = await search('årvoll')
      expect(result?.document.id).toBe(id)
      expect(snippetText(result!)).toContain('Øvre Årvoll')
      expect(matches(result!)).toEqual(['Årvoll'])
      // Blocks are apart in the text: the last word of one and the first of the next are two words.
      expect(ids(await search('barneskole tomten'))).toEqual([id])
    })

    it('[S1] follows later edits: removed words are no longer found, new ones are', async () => {
      const id = await fx.world.document('Referat')
      await write(id, ['Saken om brøytemannskap ble utsatt.'])
      expect(ids(await search('brøytemannskap'))).toEqual([id])
      await write(id, ['Saken om snørydding ble vedtatt.'])
      expect(await search('brøytemannskap')).toEqual([])
      expect(ids(await search('snørydding'))).toEqual([id])
    })

    it('[S2] indexes a rename at once: the new title is found, the old one is not', async () => {
      const id = await fx.world.document('Gammelt navn på saken')
      expect(ids(await search('gammelt'))).toEqual([id])
      const res = await fx.world.api(fx.world.admin, 'PATCH', `/api/documents/${id}`, {
        title: 'Fornyet tittel',
      })
      expect(res.status).toBe(200)
      expect(await search('gammelt')).toEqual([])
      expect(ids(await search('fornyet'))).toEqual([id])
    })

    it('matches the last word as a prefix while it is being typed', async () => {
      const id = await fx.world.document('Klimatiltak')
      await write(id, ['Et bærekraftig tiltak om sykkelveier.'])
      expect(ids(await search('bærekr'))).toEqual([id])
      expect(ids(await search('sykkelv'))).toEqual([id])
      // A finished word (followed by a space) is a word, not a prefix.
      expect(await search('bærekr ')).toEqual([])
    })

    if (backend.name === 'postgres') {
      it('finds inflected forms: the norwegian configuration stems both text and query', async () => {
        const id = await fx.world.document('Høring')
        await write(id, ['Administrasjonen la fram et forslag om nye barnehager.'])
        // With a trailing space each is a whole word, not a prefix: the stems match.
        for (const q of ['forslagene ', 'forslaget ', 'barnehage ', 'barnehagene ']) {
          expect(ids(await search(q)), q).toEqual([id])
        }
        const [result] = await search('forslagene')
        expect(matches(result!)).toEqual(['forslag'])
      })
    } else {
      it('does not stem: unicode61 matches words as written (the prefix covers endings)', async () => {
        const id = await fx.world.document('Høring')
        await write(id, ['Administrasjonen la fram et forslag om nye barnehager.'])
        // SQLite's FTS5 ships no Norwegian stemmer: an inflected form is another word there.
        expect(await search('forslagene ')).toEqual([])
        expect(ids(await search('forslag'))).toEqual([id])
        expect(ids(await search('barnehage'))).toEqual([id])
      })
    }

    it('ranks a title match above a text match', async () => {
      const inText = await fx.world.document('Vedlegg')
      await write(inText, ['Her nevnes rangeringsord i teksten.'])
      const inTitle = await fx.world.document('Rangeringsord')
      expect(ids(await search('rangeringsord'))).toEqual([inTitle, inText])
      const [titleHit, textHit] = await search('rangeringsord')
      // Only the title matched: the snippet is the text's beginning, nothing marked.
      expect(titleHit!.snippet).toEqual([])
      expect(matches(textHit!)).toEqual(['rangeringsord'])
    })

    it('[S3] finds archived documents, marked as such, unless archived=false', async () => {
      const id = await fx.world.document('Arkivsak om fiskeplasser')
      await fx.world.api(fx.world.admin, 'PATCH', `/api/documents/${id}`, { archived: true })
      const [result] = await search('fiskeplasser')
      expect(result?.document).toMatchObject({ id, archived: true })
      expect(await search('fiskeplasser', { extra: '&archived=false' })).toEqual([])
      expect(ids(await search('fiskeplasser', { extra: '&archived=true' }))).toEqual([id])
    })

    it('lets every role of a member search, viewers included', async () => {
      const id = await fx.world.document('Lesesak')
      const viewer = await fx.world.member('viewer', 'politicians')
      expect(ids(await search('lesesak', { as: viewer }))).toEqual([id])
    })

    describe('never outside what the member may read', () => {
      /** Another workspace of the same admin, with a document whose title and text hold `secret`. */
      async function otherWorkspace(secret: string) {
        const created = await fx.world.api(fx.world.admin, 'POST', '/api/workspaces', {
          name: `Annet rom ${secret}`,
          party: 'politicians',
        })
        const { workspace } = await expectJson<{ workspace: { id: string } }>(created, 201)
        const res = await fx.world.api(fx.world.admin, 'POST', `/api/workspaces/${workspace.id}/documents`, {
          title: `Hemmelig ${secret}`,
          kind: 'proposal',
        })
        const { document } = await expectJson<{ document: { id: string } }>(res, 201)
        await write(document.id, [`Teksten nevner ${secret} og budsjett.`])
        return { wid: workspace.id, id: document.id }
      }

      it('[S3] never returns a document of another workspace, even to a member of both', async () => {
        const other = await otherWorkspace('kongekrabbe')
        const mine = await fx.world.document('Budsjett for kongekrabbe-fisket')
        // The admin is a member of both: each workspace's search finds its own document only.
        expect(ids(await search('kongekrabbe'))).toEqual([mine])
        expect(ids(await search('kongekrabbe', { wid: other.wid }))).toEqual([other.id])
        expect(ids(await search('hemmelig'))).toEqual([])
      })

      it('answers 404 to someone who is not a member, 401 without a session', async () => {
        const other = await otherWorkspace('havørn')
        const member = await fx.world.member('editor')
        await expectError(await searchAs(member, 'havørn', other.wid), 404, 'not_found')
        const outsider = await fx.world.outsider()
        await expectError(await searchAs(outsider, 'budsjett'), 404, 'not_found')
        await expectError(await searchAs(null, 'budsjett'), 401, 'auth.unauthenticated')
      })

      it('[S3] takes query syntax as plain words: no error, no operator, no way out of the workspace', async () => {
        const other = await otherWorkspace('tjeld')
        const mine = await fx.world.document('Syntaksprøve')
        await write(mine, ['Innholdet handler om måker.'])
        const attempts = [
          '"',
          '""',
          '"tjeld',
          '*',
          'tjeld*',
          '* OR *',
          'OR',
          'syntaksprøve OR tjeld',
          'NEAR(syntaksprøve tjeld)',
          'NEAR(',
          '-tjeld',
          'title:tjeld',
          'body:tjeld',
          '{title body}:tjeld',
          '^syntaksprøve',
          'tjeld:*',
          "'",
          "tjeld' | 'måker",
          'måker | tjeld',
          '!måker',
          'måker & !tjeld',
          '(',
          ')',
          '\\',
          'måker <-> tjeld',
          '\u0002måker\u0003',
        ]
        for (const q of attempts) {
          const res = await searchAs(fx.world.admin, q)
          const { results } = await expectJson<{ results: SearchResult[] }>(res, 200)
          expect(ids(results), q).not.toContain(other.id)
          for (const r of results) expect(r.document.workspaceId, q).toBe(ws())
        }
        // OR is a word here, not an operator: "syntaksprøve OR tjeld" needs all three words.
        expect(await search('syntaksprøve OR tjeld')).toEqual([])
        // A leading minus is no negation, a column filter no filter: the words are simply searched.
        expect(ids(await search('-måker'))).toEqual([mine])
        expect(ids(await search('body:måker'))).toEqual([])
        expect(ids(await search('"måker"'))).toEqual([mine])
      })

      it('[S3] forgets a deleted document: its entry goes with it', async () => {
        const id = await fx.world.document('Slettesak om tare')
        await write(id, ['Taretråling i fjorden.'])
        expect(ids(await search('taretråling'))).toEqual([id])
        await sql`delete from documents where id = ${id}`.execute(fx.server.db)
        expect(await search('taretråling')).toEqual([])
        const left = await sql<{ n: number }>`
          select count(*) as n from search_entries where document_id = ${id}`.execute(fx.server.db)
        expect(Number(left.rows[0]!.n)).toBe(0)
      })
    })

    describe('bounded input', () => {
      it(`answers 400 to a q longer than ${TEXT_LIMITS.searchQueryMax} characters, empty or missing`, async () => {
        await expectError(
          await searchAs(fx.world.admin, 'a'.repeat(TEXT_LIMITS.searchQueryMax + 1)),
          400,
          'request.invalid',
        )
        await expectError(await searchAs(fx.world.admin, '   '), 400, 'request.invalid')
        await expectError(
          await fx.world.api(fx.world.admin, 'GET', `/api/workspaces/${ws()}/search`),
          400,
          'request.invalid',
        )
        expect(await search('ord '.repeat(TEXT_LIMITS.searchQueryMax / 4))).toEqual([])
      })

      it('returns at most MAX_SEARCH_RESULTS documents', async () => {
        const server = await backend.start({ ...FAST_INDEX, MAX_SEARCH_RESULTS: '3' })
        try {
          const world = await createWorld(server.url)
          for (let i = 0; i < 5; i++) await world.document(`Mengdesak ${i}`)
          const res = await world.api(
            world.admin,
            'GET',
            `/api/workspaces/${world.workspaceId}/search?q=mengdesak`,
          )
          const { results } = await expectJson<{ results: SearchResult[] }>(res, 200)
          expect(results).toHaveLength(3)
        } finally {
          await server.stop()
        }
      })
    })
  })

  describe.skipIf(!backend.available)(`search index across a restart (${backend.name})`, () => {
    /** A server on `backend` whose data outlives it: the same SQLite directory or PostgreSQL schema. */
    async function keepingData() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-search-'))
      const schema = backend.name === 'postgres' ? await createPgSchema('search') : null
      const start = (env: Record<string, string>) =>
        schema
          ? startTestServer({ DATABASE_URL: TEST_DATABASE_URL, ...env }, { dataDir, pgSchema: schema.schema })
          : startTestServer(env, { dataDir })
      return {
        start,
        async cleanUp() {
          await schema?.drop()
          fs.rmSync(dataDir, { recursive: true, force: true })
        },
      }
    }

    it('[S1] indexes on the way out what was committed but not yet indexed, and catches up on a start', async () => {
      const data = await keepingData()
      try {
        // The delay never runs out here: only the stop indexes the edit (from the store, rooms gone).
        const first = await data.start({ SEARCH_INDEX_DELAY_MS: '600000' })
        const world = await createWorld(first.url)
        const edited = await world.document('Vinterdrift')
        await writeParagraphs(first, world.admin, edited, ['Strøsand og saltlake på veiene.'])
        const unindexed = await world.document('Sommerdrift')
        // As a document made before the index existed: no entry at all.
        await sql`delete from search_entries where document_id = ${unindexed}`.execute(first.db)
        await first.stop({ keepData: true })

        const second = await data.start(FAST_INDEX)
        try {
          // The same accounts and sessions: the admin's cookie works against the second server.
          const found = async (q: string) => {
            const res = await fetch(`${second.url}/api/workspaces/${world.workspaceId}/search?q=${q}`, {
              headers: { cookie: world.admin.cookie },
            })
            return (await expectJson<{ results: SearchResult[] }>(res, 200)).results.map((r) => r.document.id)
          }
          expect(await found('saltlake')).toEqual([edited])
          await second.searchIndex.whenIdle()
          expect(await found('sommerdrift')).toEqual([unindexed])
        } finally {
          await second.stop({ keepData: true })
        }
      } finally {
        await data.cleanUp()
      }
    })
  })
}
