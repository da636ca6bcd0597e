/**
 * Share links, public pages and exports over the real server, on SQLite and PostgreSQL (issue 14):
 * who may share; the address shown once and never listed; a draft's page says plainly it is not
 * agreed and is neither cached nor indexed; a final page shows the signed version and its record
 * (also after its amendment was edited), revalidates with an ETag (a new page as soon as a
 * decider's name, its date or its final amendments change), and its JSON export hashes to
 * the signed hash; hostile content renders inert (the JSON export is the content as data, exactly as
 * hashed, so it keeps the text as written); no comment of any layer and no email reaches a
 * page or a file (marker strings searched in the bytes); unknown, revoked, expired and malformed
 * links get the same 404, byte for byte. A draft's live readers get its edits and a new title
 * within a second and are sent back to the page when a round starts; live streams are capped per
 * address and per link and give their place back however they end (also at the link's expiry);
 * a draft's page and export never show less than the last committed edit; a member's exports
 * are made at most two at a time.
 */
import { createHash } from 'node:crypto'
import { type Actor, backends, createWorld, readPdf, type World, waitFor } from '@trepart/server/test-support'
import { CONTENT_FRAGMENT } from '@trepart/shared'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { encodeAnchorPosition, insertParagraph } from '../support/anchors.js'
import { createClient } from '../support/clients.js'
import { readEventStream } from '../support/event-stream.js'
import { approveAll, type Signatories, signatories, startRound } from '../support/sign-off.js'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

const COMMENT_MARKER = 'KOMMENTARMARKØR'
const PARTY_MARKER = 'PARTIINTERNMARKØR'

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`public pages and exports (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    let signers: Signatories

    beforeAll(async () => {
      // Behind a proxy (as a big public meeting's readers would be): a test reader's address is
      // its X-Forwarded-For, so the cap per link can be reached before the one per address.
      s = await startWithDb(backend, {
        MAX_PUBLIC_STREAMS_PER_ADDRESS: '2',
        MAX_PUBLIC_STREAMS_PER_LINK: '3',
        TRUST_PROXY: 'true',
      })
      world = await createWorld(s.server.url)
      signers = await signatories(world)
    })
    afterAll(async () => s?.stop())

    /** A document with hostile text and a hostile link, and comments of both layers carrying markers. */
    async function hostileDocument(): Promise<string> {
      const id = await world.document('Vedtak <script>alert("tittel")</script>')
      const writer = createClient(s.server.collabUrl, id, { actor: world.admin, trepart: true })
      try {
        await waitFor(() => writer.provider.synced)
        const text = insertParagraph(writer, '<img src=x onerror=alert(1)> Arbeidstid & æøå. ')
        text.insert(text.length, 'farlig lenke', { link: { href: 'javascript:alert(1)' } })
        text.insert(text.length, ' og ')
        text.insert(text.length, 'kommunen', { link: { href: 'https://nordby.kommune.no/' } })
        await writer.flush()
        const anchor = { start: encodeAnchorPosition(text, 0), end: encodeAnchorPosition(text, 5) }
        for (const [as, visibility, body] of [
          [world.admin, 'shared', COMMENT_MARKER],
          [signers.employees, 'party', PARTY_MARKER],
        ] as const) {
          const res = await world.api(as, 'POST', `/api/documents/${id}/threads`, {
            anchor,
            visibility,
            body,
          })
          expect(res.status).toBe(201)
        }
      } finally {
        writer.destroy()
      }
      return id
    }

    const share = async (as: Actor, id: string, body: object = {}) =>
      (
        await expectJson<{ link: { id: string; url: string } }>(
          await world.api(as, 'POST', `/api/documents/${id}/share-links`, body),
          201,
        )
      ).link
    const path = (url: string) => new URL(url).pathname
    /** A download's file name as a browser takes it (the UTF-8 one of `Content-Disposition`). */
    const downloadName = (res: Response) =>
      decodeURIComponent(res.headers.get('content-disposition')?.split("filename*=UTF-8''")[1] ?? '')
    /** A PDF as its reader gets it: the text, and that every link is one we allow. */
    const pdfTextOf = async (res: Response) => {
      expect(res.headers.get('content-type')).toBe('application/pdf')
      const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()))
      expect(pdf.links).toEqual(['https://nordby.kommune.no/'])
      expect(pdf.xmp).toContain('<pdfaid:part>2</pdfaid:part>')
      return pdf.text
    }
    const get = (p: string, headers: Record<string, string> = {}) => fetch(`${s.server.url}${p}`, { headers })

    /**
     * What must never be in a public page or a file: a comment (either layer), an email, or any
     * markup the content smuggled in (its `<` arrive escaped: `&lt;` in HTML, `\<` in Markdown).
     */
    function expectNothingPrivate(bytes: string, format: 'html' | 'md' | 'json' | 'pdf' = 'html') {
      expect(bytes).not.toContain(COMMENT_MARKER)
      expect(bytes).not.toContain(PARTY_MARKER)
      expect(bytes).not.toContain('@trepart.test')
      // The JSON is the content as data, exactly as hashed (served as application/json, nosniff);
      // a PDF's words are glyphs, never markup (its links are checked on its annotations).
      if (format === 'json' || format === 'pdf') return
      expect(bytes).not.toMatch(/javascript:/)
      // The one script a page may have is ours, from a file (a live draft's): nothing inline.
      const unescaped = bytes
        .replace(/\\</g, '')
        .replace('<script src="/p/assets/live.js" defer></script>', '')
      expect(unescaped).not.toMatch(/<(script|img)\b/i)
      expect(unescaped).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i)
    }

    it('lets admins and signatories share a draft, any editor a final one; the address only once', async () => {
      const id = await hostileDocument()
      const viewer = await world.member('viewer', 'politicians')
      const editor = await world.member('editor', 'politicians')
      for (const who of [viewer, editor])
        await expectError(
          await world.api(who, 'POST', `/api/documents/${id}/share-links`, {}),
          403,
          'access.forbidden',
        )
      const byAdmin = await share(world.admin, id)
      const bySignatory = await share(signers.employees, id)
      expect(byAdmin.url).toMatch(new RegExp(`^${s.server.url}/p/[a-z2-7]{32}$`))
      const { links } = await expectJson<{ links: object[] }>(
        await world.api(viewer, 'GET', `/api/documents/${id}/share-links`),
        200,
      )
      expect(links).toHaveLength(2)
      const listed = JSON.stringify(links)
      for (const url of [byAdmin.url, bySignatory.url]) expect(listed).not.toContain(url.split('/').at(-1)!)
      expect(listed).not.toMatch(/token|url/)
      await expectError(
        await world.api(world.admin, 'POST', `/api/documents/${id}/share-links`, {
          expiresAt: new Date(Date.now() - 1000).toISOString(),
        }),
        400,
        'request.invalid',
      )
    })

    it('shows a draft as not agreed, uncached and unindexed; hostile text inert; nothing private', async () => {
      const id = await hostileDocument()
      const link = await share(world.admin, id)
      const res = await get(path(link.url), { 'accept-language': 'nn-NO,nn;q=0.9,en;q=0.5' })
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.headers.get('x-robots-tag')).toBe('noindex')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      const html = await res.text()
      expect(html).toContain('<html lang="nn">')
      expect(html).toContain('Utkast – ikkje vedteke')
      expect(html).toContain('Vedtak &lt;script&gt;alert(&quot;tittel&quot;)&lt;/script&gt;')
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Arbeidstid &amp; æøå.')
      expect(html).toContain('farlig lenke')
      expect(html).toContain(
        '<a href="https://nordby.kommune.no/" rel="noopener noreferrer nofollow">kommunen</a>',
      )
      expect(html).not.toContain(id)
      expectNothingPrivate(html)
      // A draft's files are for members: the public gets the same 404 as for no page at all.
      expect((await get(`${path(link.url)}/export?format=md`)).status).toBe(404)
      // The page follows the text as it is committed.
      const writer = createClient(s.server.collabUrl, id, { actor: world.admin, trepart: true })
      try {
        await waitFor(() => writer.provider.synced)
        insertParagraph(writer, 'Ny setning i utkastet.')
        await writer.flush()
      } finally {
        writer.destroy()
      }
      expect(await (await get(path(link.url))).text()).toContain('Ny setning i utkastet.')
      expect(await (await get(`${path(link.url)}?lang=en`)).text()).toContain('Draft – not agreed')
    })

    it('shows a final document as signed, with its record, however its amendment is edited; its JSON hashes to the signed hash', async () => {
      const id = await hostileDocument()
      const { round } = await startRound(world, signers.politicians, id)
      await approveAll(world, signers, id, round.contentHash, 'Forutsetter midler')
      // Any editor may share a final document.
      const link = await share(await world.member('editor', 'politicians'), id)
      const page = await get(path(link.url))
      const etag = page.headers.get('etag')
      expect(page.headers.get('cache-control')).toBe('no-cache')
      expect(page.headers.get('x-robots-tag')).toBeNull()
      const html = await page.text()
      expect(html).toContain('Vedtatt. Alle partene har godkjent nøyaktig denne teksten.')
      for (const text of [
        'Vedtaksprotokoll',
        'Godkjent med forbehold',
        'Forutsetter midler',
        'Sigurd Rådmann',
        round.contentHash,
      ])
        expect(html).toContain(text)
      expectNothingPrivate(html)
      expect((await get(path(link.url), { 'if-none-match': etag! })).status).toBe(304)

      const json = await get(`${path(link.url)}/export?format=json`)
      expect(
        createHash('sha256')
          .update(Buffer.from(await json.arrayBuffer()))
          .digest('hex'),
      ).toBe(round.contentHash)
      for (const format of ['md', 'html'] as const) {
        const file = await get(`${path(link.url)}/export?format=${format}`)
        expect(file.status).toBe(200)
        expect(file.headers.get('content-disposition')).toMatch(
          /^attachment; filename=".*\.(md|html)"; filename\*=UTF-8''/,
        )
        const bytes = await file.text()
        expectNothingPrivate(bytes)
        expect(bytes).toContain('Forutsetter midler')
        expect(bytes).toContain(round.contentHash)
      }
      const pdf = await get(`${path(link.url)}/export?format=pdf&lang=en`)
      expect(pdf.status).toBe(200)
      expect(downloadName(pdf)).toMatch(/^Vedtak script alert\( tittel \) script-\d{4}-\d{2}-\d{2}\.pdf$/)
      const pdfText = (await pdfTextOf(pdf)).replace(/\s+/g, ' ')
      expectNothingPrivate(pdfText, 'pdf')
      for (const text of [
        'Decision record',
        'Approved with a reservation',
        'Forutsetter midler',
        'Sigurd Rådmann',
        'Arbeidstid & æøå.',
        round.contentHash,
      ])
        expect(pdfText).toContain(text)

      // An amendment, edited: the final page does not move.
      const { document: amendment } = await expectJson<{ document: { id: string } }>(
        await world.api(signers.politicians, 'POST', `/api/documents/${id}/amendments`, {}),
        201,
      )
      const writer = createClient(s.server.collabUrl, amendment.id, {
        actor: signers.politicians,
        trepart: true,
      })
      try {
        await waitFor(() => writer.provider.synced && writer.doc.getXmlFragment(CONTENT_FRAGMENT).length > 0)
        const first = (writer.doc.getXmlFragment(CONTENT_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText
        first.insert(0, 'ENDRET: ')
        await writer.flush()
      } finally {
        writer.destroy()
      }
      const after = await (await get(path(link.url))).text()
      expect(after).not.toContain('ENDRET')
      // A draft amendment is unpublished work: its title is not on the final page.
      expect(after).not.toContain('Endret av')
      expect(after).not.toContain('(endring)')
      expect(after).toContain('&lt;img src=x onerror=alert(1)&gt;')
    })

    it('serves a cached final page only while all it shows holds: a decider renamed, the date moved, an amendment made final', async () => {
      const id = await world.document('Vedtak om skoleskyss')
      const { round } = await startRound(world, signers.politicians, id)
      await approveAll(world, signers, id, round.contentHash, 'Forutsetter midler')
      const link = await share(world.admin, id)
      const first = await get(path(link.url))
      const etag = first.headers.get('etag')!
      expect(await first.text()).toContain('Sigurd Rådmann')
      expect((await get(path(link.url), { 'if-none-match': etag })).status).toBe(304)

      // The record names people as they are called now, as the API's record does.
      const rename = (name: string) => world.api(signers.administration, 'PATCH', '/api/me', { name })
      expect((await rename('Sigurd Rådmann-Berg')).status).toBe(200)
      try {
        const renamed = await get(path(link.url), { 'if-none-match': etag })
        expect(renamed.status).toBe(200)
        expect(await renamed.text()).toContain('Sigurd Rådmann-Berg')
      } finally {
        expect((await rename('Sigurd Rådmann')).status).toBe(200)
      }

      // The date the page gives is the row's (archiving moves it; set here, not waited for).
      const at = Date.UTC(2031, 0, 2, 11)
      await s.db.query('update documents set updated_at = ? where id = ?', [at, id])
      expect(await (await get(path(link.url))).text()).toContain('2. januar 2031')

      // A final amendment is named on the page at once.
      const { document: amendment } = await expectJson<{ document: { id: string } }>(
        await world.api(signers.politicians, 'POST', `/api/documents/${id}/amendments`, {}),
        201,
      )
      await expectJson(
        await world.api(world.admin, 'PATCH', `/api/documents/${amendment.id}`, { title: 'Ny skoleskyss' }),
        200,
      )
      const { round: second } = await startRound(world, signers.politicians, amendment.id)
      await approveAll(world, signers, amendment.id, second.contentHash)
      expect(await (await get(path(link.url))).text()).toContain('Endret av: Ny skoleskyss (vedtatt)')
    })

    it('answers unknown, revoked, expired and malformed links with the same 404, byte for byte', async () => {
      const id = await hostileDocument()
      const revoked = await share(world.admin, id)
      const expired = await share(world.admin, id)
      // Past its expiry (set in the database: a test does not wait for a clock).
      await s.db.query('update share_links set expires_at = ? where id = ?', [Date.now() - 1, expired.id])
      // Its maker, a signatory or an admin revokes; a viewer may not, an outsider sees nothing.
      await expectError(
        await world.api(
          await world.member('viewer', 'employees'),
          'DELETE',
          `/api/share-links/${revoked.id}`,
        ),
        403,
        'access.forbidden',
      )
      await expectError(
        await world.api(await world.outsider(), 'DELETE', `/api/share-links/${revoked.id}`),
        404,
        'not_found',
      )
      expect((await world.api(signers.politicians, 'DELETE', `/api/share-links/${revoked.id}`)).status).toBe(
        204,
      )
      const pages = await Promise.all(
        [path(revoked.url), path(expired.url), `/p/${'a'.repeat(32)}`, '/p/kort', '/p/noe/annet'].map(
          async (p) => {
            const res = await get(p)
            return { status: res.status, body: await res.text(), cache: res.headers.get('cache-control') }
          },
        ),
      )
      for (const page of pages) expect(page).toEqual(pages[0])
      expect(pages[0]!.status).toBe(404)
      expect(pages[0]!.cache).toBe('no-store')
    })

    it('streams a draft to its public readers, capped per address; not a final one, nor a revoked link', async () => {
      const id = await hostileDocument()
      const link = await share(world.admin, id)
      const controllers = [new AbortController(), new AbortController()]
      try {
        const streams = await Promise.all(
          controllers.map((controller) =>
            fetch(`${s.server.url}${path(link.url)}/live`, { signal: controller.signal }),
          ),
        )
        expect(streams.map((r) => r.status)).toEqual([200, 200])
        expect(streams[0]!.headers.get('content-type')).toMatch(/^text\/event-stream/)
        await waitFor(() => s.server.services.draftFeed.size === 2)
        // A third from the same address is one too many.
        const third = await get(`${path(link.url)}/live`)
        expect(third.status).toBe(429)
      } finally {
        for (const controller of controllers) controller.abort()
      }
      await waitFor(
        () => s.server.services.draftFeed.size === 0 && s.server.services.publicStreams.size === 0,
      )
      // A HEAD holds no place: it gets the headers and nothing is subscribed.
      for (let i = 0; i < 3; i++) {
        const head = await fetch(`${s.server.url}${path(link.url)}/live`, { method: 'HEAD' })
        expect(head.status).toBe(200)
      }
      expect(s.server.services.publicStreams.size).toBe(0)
      // Revoking ends the streams open through the link at once, not at their next reopening.
      const open = new AbortController()
      const stream = await fetch(`${s.server.url}${path(link.url)}/live`, { signal: open.signal })
      expect(stream.status).toBe(200)
      await waitFor(() => s.server.services.publicStreams.size === 1)
      expect((await world.api(world.admin, 'DELETE', `/api/share-links/${link.id}`)).status).toBe(204)
      await waitFor(
        () => s.server.services.publicStreams.size === 0 && s.server.services.linkStreams.size === 0,
      )
      open.abort()
      expect((await get(`${path(link.url)}/live`)).status).toBe(404)
    })

    it('hands live readers a renamed title within a second, and sends them back to the page when a round starts', async () => {
      const id = await hostileDocument()
      const link = await share(world.admin, id)
      const stream = await readEventStream(`${s.server.url}${path(link.url)}/live`)
      const articles = () =>
        stream.events
          .filter((e) => e.event === 'article')
          .map((e) => e.data as { title: string; html: string })
      try {
        // The article as it is, at once, with the title as the page shows it.
        await waitFor(() => articles().length > 0)
        expect(articles()[0]!.title).toBe('Vedtak <script>alert("tittel")</script>')
        expect(articles()[0]!.html).toContain('Arbeidstid &amp; æøå.')
        const renamed = 'Nytt navn <b>på</b> forslaget'
        const res = await world.api(world.admin, 'PATCH', `/api/documents/${id}`, { title: renamed })
        expect(res.status).toBe(200)
        const at = Date.now()
        // The title is data (the script sets it as text); the article keeps its text.
        await waitFor(() => articles().at(-1)?.title === renamed, { timeoutMs: 1000 })
        console.log(`public draft: a renamed title reached a live reader after ${Date.now() - at} ms`)
        expect(articles().at(-1)!.html).toContain('Arbeidstid &amp; æøå.')
        // Without script: the page as loaded now carries the new title in <title> and <h1>.
        const page = await (await get(path(link.url))).text()
        expect(page).toContain('<title>Nytt navn &lt;b&gt;på&lt;/b&gt; forslaget</title>')
        expect(page).toContain('<h1>Nytt navn &lt;b&gt;på&lt;/b&gt; forslaget</h1>')
        // A round locks the text: what the page says changes (its banner), so readers load it anew.
        await startRound(world, signers.politicians, id)
        await waitFor(() => stream.events.some((e) => e.event === 'reload'))
        await stream.ended
        expect(await (await get(path(link.url))).text()).toContain('Til behandling – ikke vedtatt ennå.')
      } finally {
        stream.close()
      }
      await waitFor(
        () => s.server.services.draftFeed.size === 0 && s.server.services.publicStreams.size === 0,
      )
    })

    it('caps the live streams of one link, not of its document, and frees a place however a stream ends', async () => {
      const id = await hostileDocument()
      const link = await share(world.admin, id)
      const other = await share(world.admin, id)
      const { linkStreams, publicStreams } = s.server.services
      const live = (l: { url: string }) => `${s.server.url}${path(l.url)}/live`
      // Readers from different addresses: the cap that binds is the link's (3).
      let reader = 0
      const open = (l: { url: string }) =>
        readEventStream(live(l), { 'x-forwarded-for': `192.0.2.${++reader}` })
      const streams = [await open(link), await open(link), await open(link)]
      try {
        expect(linkStreams.count(link.id)).toBe(3)
        const refused = await fetch(live(link), { headers: { 'x-forwarded-for': '192.0.2.200' } })
        expect(refused.status).toBe(503)
        expect(refused.headers.get('retry-after')).toBe('60')
        expect(refused.headers.get('cache-control')).toBe('no-store')
        await refused.body?.cancel()
        // Another link to the same document has places of its own.
        const byOther = await open(other)
        streams.push(byOther)
        expect(linkStreams.count(other.id)).toBe(1)
        // A reader who leaves gives the place back…
        streams[0]!.close()
        await waitFor(() => linkStreams.count(link.id) === 2)
        streams.push(await open(link))
        expect(linkStreams.count(link.id)).toBe(3)
        // …and so does a revocation, for every stream of the link.
        expect((await world.api(world.admin, 'DELETE', `/api/share-links/${link.id}`)).status).toBe(204)
        await waitFor(() => linkStreams.count(link.id) === 0)
        expect(linkStreams.count(other.id)).toBe(1)
      } finally {
        for (const stream of streams) stream.close()
      }
      await waitFor(() => publicStreams.size === 0 && linkStreams.size === 0)

      // A link that expires ends its streams at that moment, not at the next keep-alive (25 s).
      const expiresAt = Date.now() + 1500
      const expiring = await share(world.admin, id, { expiresAt: new Date(expiresAt).toISOString() })
      const stream = await open(expiring)
      try {
        expect(linkStreams.count(expiring.id)).toBe(1)
        await waitFor(() => linkStreams.count(expiring.id) === 0 && publicStreams.size === 0, {
          timeoutMs: 10_000,
        })
        console.log(`public draft: a stream ended ${Date.now() - expiresAt} ms after its link expired`)
        await stream.ended
      } finally {
        stream.close()
      }
      expect((await fetch(live(expiring), { headers: { 'x-forwarded-for': '192.0.2.201' } })).status).toBe(
        404,
      )
    })

    it('never serves a draft older than its last committed edit, with or without live readers', async () => {
      const id = await hostileDocument()
      const link = await share(world.admin, id)
      const page = async () => (await get(path(link.url))).text()
      // Exports are costly actions, counted per user: a reader of its own makes these.
      const member = await world.member('viewer', 'employees')
      const writer = createClient(s.server.collabUrl, id, { actor: world.admin, trepart: true })
      let stream: Awaited<ReturnType<typeof readEventStream>> | undefined
      try {
        await waitFor(() => writer.provider.synced)
        // Twice over: alone, then while a live reader's feed renders the same draft on its ticks.
        for (const live of [false, true]) {
          if (live) stream = await readEventStream(`${s.server.url}${path(link.url)}/live`)
          for (let i = 0; i < 4; i++) {
            // Asked for (and kept) as it is, then edited: the next answer has the edit.
            expect(await page()).not.toContain(`Endring ${live} ${i}.`)
            insertParagraph(writer, `Endring ${live} ${i}.`)
            await writer.flush()
            expect(await page()).toContain(`Endring ${live} ${i}.`)
            // The members' export reads the same copy: it has the edit too.
            const md = await world.api(member, 'GET', `/api/documents/${id}/export?format=md`)
            expect(await md.text()).toContain(`Endring ${live} ${i}\\.`)
          }
        }
        // Kept between requests: the draft is held once, not once per request.
        expect(s.server.services.draftContent.size).toBeGreaterThan(0)
      } finally {
        stream?.close()
        writer.destroy()
      }
    })

    it('exports for members in every format, without a comment of any layer', async () => {
      const id = await hostileDocument()
      for (const format of ['md', 'html', 'json', 'docx', 'pdf'] as const) {
        const res = await world.api(signers.employees, 'GET', `/api/documents/${id}/export?format=${format}`)
        expect(res.status).toBe(200)
        expect(downloadName(res)).toMatch(
          new RegExp(`^Vedtak script alert\\( tittel \\) script-\\d{4}-\\d{2}-\\d{2}\\.${format}$`),
        )
        // A Word file is a zip: what counts is its document's XML; a PDF's, its text.
        const bytes =
          format === 'docx'
            ? strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!)
            : format === 'pdf'
              ? await pdfTextOf(res)
              : await res.text()
        expectNothingPrivate(bytes, format === 'docx' ? 'json' : format)
        if (format === 'docx') expect(bytes).not.toMatch(/javascript:|<w:t[^>]*>[^<]*<script/)
        expect(bytes).toContain('æøå')
        if (format === 'json') expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
      }
      await expectError(
        await world.api(await world.outsider(), 'GET', `/api/documents/${id}/export?format=md`),
        404,
        'not_found',
      )
      await expectError(
        await world.api(world.admin, 'GET', `/api/documents/${id}/export?format=exe`),
        400,
        'request.invalid',
      )
    })

    it("makes at most EXPORTS_AT_ONCE_PER_USER (2) of a member's exports at once: a third is a 429, and places come back", async () => {
      const id = await world.document('Lang tekst')
      const writer = createClient(s.server.collabUrl, id, { actor: world.admin, trepart: true })
      try {
        await waitFor(() => writer.provider.synced)
        // Long enough that a PDF of it takes a while to make.
        for (let i = 0; i < 40; i++) insertParagraph(writer, `Avsnitt ${i}: ${'ord for ord '.repeat(2000)}`)
        await writer.flush()
      } finally {
        writer.destroy()
      }
      // A new member: their token bucket is full, so only the limit on exports at once can refuse.
      const reader = await world.member('viewer')
      const exportPdf = () => world.api(reader, 'GET', `/api/documents/${id}/export?format=pdf`)
      const answers = await Promise.all([exportPdf(), exportPdf(), exportPdf()])
      const bodies = await Promise.all(answers.map((r) => r.text()))
      expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 429])
      const refused = answers.findIndex((r) => r.status === 429)
      expect(answers[refused]!.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(JSON.parse(bodies[refused]!)).toEqual({
        error: { id: 'request.rate_limited', message: expect.any(String) },
      })
      // Both places were given back when their files were done.
      const again = await Promise.all([exportPdf(), exportPdf()])
      expect(again.map((r) => r.status)).toEqual([200, 200])
      await Promise.all(again.map((r) => r.arrayBuffer()))
    })
  })
}
