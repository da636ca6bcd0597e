/**
 * A workspace's public index and its Atom feed over the real server, on SQLite and PostgreSQL
 * (issue 14): off by default (the one 404 page); switched by admins only; on, it lists the final
 * documents that have a live share link, newest decision first, never a draft or a document in
 * review; revoking the last link takes a document off; a listed document's page at its public id
 * is the final page a share link shows (headers, ETag, exports, none of whose files, Word's and
 * PDF's metadata included, carries an internal id); a cross-site switch is refused; off again, the index, the feed
 * and every entry page are the 404 page. Hostile titles and names are inert in the HTML and the
 * feed; no comment of either layer, no email and no internal id reaches either (marker strings
 * searched in the bytes). Public requests to the index are limited per address like the others.
 */
import { createHash } from 'node:crypto'
import { backends, createWorld, readPdf, type World } from '@trepart/server/test-support'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anchoredText } from '../support/anchors.js'
import {
  approveAll,
  type Signatories,
  signatories,
  startRound,
  writtenDocument,
} from '../support/sign-off.js'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

const COMMENT_MARKER = 'KOMMENTARMARKØR'
const PARTY_MARKER = 'PARTIINTERNMARKØR'
const HOSTILE_TITLE = 'Vedtak <script>alert("x")</script> & ]]> \u0007 <![CDATA[ \u202Eomvendt'
const HOSTILE_NAME = `Forum <img src=x onerror=alert(1)> & "sitat" 'enkelt'`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`workspace public index and feed (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    let signers: Signatories
    let slug: string
    /** Every internal id made here: none may appear on a public page or in the feed. */
    const internalIds: string[] = []

    beforeAll(async () => {
      s = await startWithDb(backend)
      world = await createWorld(s.server.url)
      signers = await signatories(world)
      const { workspace } = await expectJson<{ workspace: { slug: string; publicIndex: boolean } }>(
        await world.api(world.admin, 'PATCH', ws(), { name: HOSTILE_NAME }),
        200,
      )
      slug = workspace.slug
      expect(workspace.publicIndex).toBe(false)
      internalIds.push(world.workspaceId, world.admin.userId, ...Object.values(signers).map((a) => a.userId))
    })
    afterAll(async () => s?.stop())

    const ws = () => `/api/workspaces/${world.workspaceId}`
    const get = (p: string, headers: Record<string, string> = {}) => fetch(`${s.server.url}${p}`, { headers })
    const setIndex = async (on: boolean) => {
      const { workspace } = await expectJson<{ workspace: { publicIndex: boolean; slug: string } }>(
        await world.api(world.admin, 'PATCH', ws(), { publicIndex: on }),
        200,
      )
      expect(workspace).toMatchObject({ publicIndex: on, slug })
    }
    const share = async (id: string) =>
      (
        await expectJson<{ link: { id: string; url: string } }>(
          await world.api(world.admin, 'POST', `/api/documents/${id}/share-links`, {}),
          201,
        )
      ).link
    const revoke = async (linkId: string) =>
      expect((await world.api(world.admin, 'DELETE', `/api/share-links/${linkId}`)).status).toBe(204)

    /** A document with text and a comment of each layer carrying the markers. */
    async function commented(title: string): Promise<string> {
      const id = await world.document(title, 'decision')
      internalIds.push(id)
      const anchor = await anchoredText(
        s.server.collabUrl,
        world.admin,
        id,
        'Vedtatt tekst om arbeidstid.',
        7,
      )
      for (const [as, visibility, body] of [
        [world.admin, 'shared', COMMENT_MARKER],
        [signers.employees, 'party', PARTY_MARKER],
      ] as const)
        expect(
          (await world.api(as, 'POST', `/api/documents/${id}/threads`, { anchor, visibility, body })).status,
        ).toBe(201)
      return id
    }
    /** Made final: every party approves (the administration with a reservation). */
    async function finalise(id: string): Promise<string> {
      const { round } = await startRound(world, signers.politicians, id)
      await approveAll(world, signers, id, round.contentHash, 'Forutsetter midler')
      return round.contentHash
    }

    /** The entries of an index page: title and public id, in the order shown. */
    function entriesOf(html: string): Array<{ publicId: string; title: string }> {
      return [
        ...html.matchAll(/<h2><a href="\/p\/w\/[a-z0-9-]+\/([^"?]+)\?lang=[a-z]+">([^<]*)<\/a><\/h2>/g),
      ].map((m) => ({ publicId: m[1]!, title: m[2]! }))
    }
    /** The index's public id for the document titled `title` (escaped as on the page). */
    async function publicIdOf(escapedTitle: string): Promise<string> {
      const html = await (await get(`/p/w/${slug}`)).text()
      const found = entriesOf(html).find((e) => e.title === escapedTitle)
      if (!found) throw new Error(`${escapedTitle} is not on the index`)
      return found.publicId
    }

    /** No comment of either layer, no email and no internal id, in any bytes. */
    function expectNoPrivateText(bytes: string) {
      expect(bytes).not.toContain(COMMENT_MARKER)
      expect(bytes).not.toContain(PARTY_MARKER)
      expect(bytes).not.toContain('@trepart.test')
      for (const id of internalIds) expect(bytes).not.toContain(id)
    }
    function expectNothingPrivate(bytes: string) {
      expectNoPrivateText(bytes)
      // Nothing a title or a name smuggled in is markup: the only tags are the page's own. (An
      // attribute's value is text: its quotes arrive escaped, so it ends at the first `"`.)
      expect(bytes).not.toMatch(/<(script|img)\b/i)
      expect(bytes.replace(/"[^"]*"/g, '""')).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i)
    }

    /** The one 404 page, whatever address led nowhere. */
    const notFoundPage = async () => (await get('/p/w/finnes-ikke')).text()
    async function expectNotFound(path: string) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(await res.text()).toBe(await notFoundPage())
    }

    it('is off by default: the index and its feed are the one 404 page', async () => {
      await expectNotFound(`/p/w/${slug}`)
      await expectNotFound(`/p/w/${slug}/feed.atom`)
      expect(await notFoundPage()).toBe(await (await get(`/p/${'a'.repeat(32)}`)).text())
    })

    it('is switched by admins only: 200 with the workspace; members 403, outsiders 404, anonymous 401', async () => {
      for (const role of ['viewer', 'commenter', 'editor'] as const)
        await expectError(
          await world.api(await world.member(role), 'PATCH', ws(), { publicIndex: true }),
          403,
          'access.forbidden',
        )
      await expectError(
        await world.api(await world.outsider(), 'PATCH', ws(), { publicIndex: true }),
        404,
        'not_found',
      )
      await expectError(
        await world.api(null, 'PATCH', ws(), { publicIndex: true }),
        401,
        'auth.unauthenticated',
      )
      await expectError(
        await world.api(world.admin, 'PATCH', ws(), { publicIndex: 'ja' }),
        400,
        'request.invalid',
      )
      // From another site, even the admin's own session is refused, as on every state-changing route.
      const sites: Array<Record<string, string>> = [
        { origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site' },
      ]
      for (const site of sites) {
        const res = await fetch(`${s.server.url}${ws()}`, {
          method: 'PATCH',
          headers: { cookie: world.admin.cookie, 'content-type': 'application/json', ...site },
          body: JSON.stringify({ publicIndex: true }),
        })
        await expectError(res, 403, 'request.cross_site')
      }
      await expectNotFound(`/p/w/${slug}`)
      await setIndex(true)
      const { workspace } = await expectJson<{ workspace: { publicIndex: boolean } }>(
        await world.api(await world.member('viewer'), 'GET', ws()),
        200,
      )
      expect(workspace.publicIndex).toBe(true)
      await setIndex(false)
    })

    it('lists shared final documents newest first; never a draft, a document in review or an unshared one', async () => {
      const draft = await commented('Utkast som er delt')
      await share(draft)
      const inReview = await writtenDocument(world, s.server.collabUrl)
      internalIds.push(inReview)
      await startRound(world, signers.politicians, inReview)
      await share(inReview)
      const unshared = await commented('Vedtatt men ikke delt')
      await finalise(unshared)
      const older = await commented('Eldre vedtak')
      await finalise(older)
      await share(older)
      const hostile = await commented(HOSTILE_TITLE)
      await finalise(hostile)
      await share(hostile)
      await setIndex(true)

      const res = await get(`/p/w/${slug}`, { 'accept-language': 'nn-NO,nn;q=0.9' })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      const html = await res.text()
      expect(html).toContain('<html lang="nn">')
      expect(html).toContain('Publiserte vedtak')
      expect(html).toContain('Vedtak · Vedteke <time datetime="')
      expect(html).toContain(
        'Forum &lt;img src=x onerror=alert(1)&gt; &amp; &quot;sitat&quot; &#39;enkelt&#39;',
      )
      expect(html).toContain(
        `<link rel="alternate" type="application/atom+xml" href="/p/w/${slug}/feed.atom"`,
      )
      const entries = entriesOf(html)
      expect(entries.map((e) => e.title)).toEqual([
        'Vedtak &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; \u0007 &lt;![CDATA[ \u202Eomvendt',
        'Eldre vedtak',
      ])
      for (const e of entries) expect(e.publicId).toMatch(UUID)
      expect(html).not.toContain('Utkast som er delt')
      expect(html).not.toContain('Vedtatt men ikke delt')
      expect(html).not.toContain('Til vedtak')
      expectNothingPrivate(html)
      // Unchanged, it costs a 304.
      const etag = res.headers.get('etag')!
      expect((await get(`/p/w/${slug}`, { 'accept-language': 'nn', 'if-none-match': etag })).status).toBe(304)
      // In another language it is another page.
      expect((await get(`/p/w/${slug}`, { 'if-none-match': etag })).status).toBe(200)
      expect((await get(`/p/w/${slug}?lang=nn`)).headers.get('etag')).toBe(res.headers.get('etag'))
      expect(await (await get(`/p/w/${slug}?lang=en`)).text()).toContain('Published decisions')
    })

    it("serves a listed document's final page at its public id, as a share link's page, with its exports", async () => {
      const id = await commented('Vedtak om turnus')
      const contentHash = await finalise(id)
      const link = await share(id)
      const publicId = await publicIdOf('Vedtak om turnus')
      const res = await get(`/p/w/${slug}/${publicId}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('x-robots-tag')).toBeNull()
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      const html = await res.text()
      for (const text of ['Vedtaksprotokoll', 'Godkjent med forbehold', 'Forutsetter midler', contentHash])
        expect(html).toContain(text)
      expect(html).toContain(`href="${publicId}/export?format=md&amp;lang=nb"`)
      expectNothingPrivate(html)
      expect(
        (await get(`/p/w/${slug}/${publicId}`, { 'if-none-match': res.headers.get('etag')! })).status,
      ).toBe(304)
      // The same page as through the link, but for the addresses of its own files.
      const token = new URL(link.url).pathname.split('/').at(-1)!
      const viaLink = await (await get(new URL(link.url).pathname)).text()
      expect(viaLink.replaceAll(`${token}/export`, `${publicId}/export`)).toBe(html)
      // A second link's page carries its own token, never the first one's (pages are cached by
      // address, not by document): revoking one link leaves no reader holding it through another.
      const second = await share(id)
      const secondToken = new URL(second.url).pathname.split('/').at(-1)!
      const viaSecond = await (await get(new URL(second.url).pathname)).text()
      expect(viaSecond).toContain(`${secondToken}/export`)
      expect(viaSecond).not.toContain(token)

      const json = await get(`/p/w/${slug}/${publicId}/export?format=json`)
      expect(json.status).toBe(200)
      expect(
        createHash('sha256')
          .update(Buffer.from(await json.arrayBuffer()))
          .digest('hex'),
      ).toBe(contentHash)
      const md = await get(`/p/w/${slug}/${publicId}/export?format=md`)
      expect(md.headers.get('content-disposition')).toMatch(/^attachment; filename="Vedtak om turnus-/)
      expectNothingPrivate(await md.text())
      // Every part of the Word file (its metadata in docProps/core.xml among them), and the PDF's
      // bytes (its info dictionary and XMP packet are uncompressed) and its text.
      const docx = await get(`/p/w/${slug}/${publicId}/export?format=docx`)
      expect(docx.status).toBe(200)
      const parts = unzipSync(new Uint8Array(await docx.arrayBuffer()))
      expect(strFromU8(parts['docProps/core.xml']!)).toContain('<dc:title>Vedtak om turnus</dc:title>')
      for (const part of Object.values(parts)) expectNoPrivateText(strFromU8(part))
      const pdf = await get(`/p/w/${slug}/${publicId}/export?format=pdf`)
      expect(pdf.status).toBe(200)
      const pdfBytes = new Uint8Array(await pdf.arrayBuffer())
      expectNoPrivateText(Buffer.from(pdfBytes).toString('latin1'))
      const read = await readPdf(pdfBytes)
      expect(read.xmp).toContain('Vedtak om turnus')
      expectNoPrivateText(read.text)
      expect(read.text).toContain('Forutsetter midler')
      await expectNotFound(`/p/w/${slug}/${publicId}/export?format=exe`)
    })

    it('gives every way to nowhere the same 404: unknown, malformed, another workspace’s public id', async () => {
      const id = await commented('Vedtak i et annet forum?')
      await finalise(id)
      await share(id)
      const publicId = await publicIdOf('Vedtak i et annet forum?')
      // A second workspace of the same admin, its index on: the first one's public id is nothing there.
      const created = await expectJson<{ workspace: { id: string } }>(
        await world.api(world.admin, 'POST', '/api/workspaces', {
          name: 'Et annet forum',
          party: 'politicians',
        }),
        201,
      )
      const { workspace } = await expectJson<{ workspace: { slug: string } }>(
        await world.api(world.admin, 'PATCH', `/api/workspaces/${created.workspace.id}`, {
          publicIndex: true,
        }),
        200,
      )
      expect((await get(`/p/w/${workspace.slug}`)).status).toBe(200)
      for (const path of [
        `/p/w/${workspace.slug}/${publicId}`,
        `/p/w/${slug}/${crypto.randomUUID()}`,
        `/p/w/${slug}/${publicId.toUpperCase()}`,
        `/p/w/${slug}/${id}`,
        `/p/w/${world.workspaceId}`,
        `/p/w/${slug}/${publicId}/annet`,
        `/p/w/${'x'.repeat(65)}`,
        `/p/w/${slug}/export`,
        `/p/w/${slug}/live`,
      ])
        await expectNotFound(path)
    })

    it('is an Atom feed of the same entries: ids from public ids, absolute links on PUBLIC_URL, everything escaped', async () => {
      const res = await get(`/p/w/${slug}/feed.atom`, { 'accept-language': 'en' })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      const xml = await res.text()
      expectNothingPrivate(xml)
      const listed = entriesOf(await (await get(`/p/w/${slug}`)).text())
      const entries = [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]!)
      expect(entries).toHaveLength(listed.length)
      entries.forEach((entry, i) => {
        const { publicId } = listed[i]!
        expect(entry).toContain(`<id>urn:uuid:${publicId}</id>`)
        expect(entry).toContain(
          `<link rel="alternate" type="text/html" href="${s.server.url}/p/w/${slug}/${publicId}"/>`,
        )
        expect(entry).toMatch(/<updated>\d{4}-\d\d-\d\dT[\d:.]+Z<\/updated>/)
      })
      expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">')
      expect(xml).toContain(
        `<link rel="self" type="application/atom+xml" href="${s.server.url}/p/w/${slug}/feed.atom"/>`,
      )
      // The hostile title as text: escaped, and the BEL that XML cannot carry at all is gone.
      expect(xml).toContain(
        '<title type="text">Vedtak &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt;  &lt;![CDATA[ \u202Eomvendt</title>',
      )
      expect(xml).toContain(
        '<name>Forum &lt;img src=x onerror=alert(1)&gt; &amp; &quot;sitat&quot; &apos;enkelt&apos;</name>',
      )
      expectWellFormed(xml)
      expect(
        (
          await get(`/p/w/${slug}/feed.atom`, {
            'accept-language': 'en',
            'if-none-match': res.headers.get('etag')!,
          })
        ).status,
      ).toBe(304)
    })

    it('shows what a decision amends and what amends it, both ways', async () => {
      const original = await commented('Opprinnelig vedtak')
      await finalise(original)
      await share(original)
      const { document: amendment } = await expectJson<{ document: { id: string } }>(
        await world.api(signers.politicians, 'POST', `/api/documents/${original}/amendments`, {}),
        201,
      )
      internalIds.push(amendment.id)
      // A draft amendment is unpublished work: not named anywhere yet.
      const before = await (await get(`/p/w/${slug}`)).text()
      expect(before).not.toContain('Endret av')
      await finalise(amendment.id)
      await share(amendment.id)
      const html = await (await get(`/p/w/${slug}`)).text()
      const originalId = await publicIdOf('Opprinnelig vedtak')
      const entries = entriesOf(html)
      const amendmentEntry = entries[0]!
      expect(amendmentEntry.publicId).not.toBe(originalId)
      expect(html).toContain(
        `<p>Dette dokumentet endrer: <a href="/p/w/${slug}/${originalId}?lang=nb">Opprinnelig vedtak</a></p>`,
      )
      expect(html).toContain(
        `<p>Endret av: <a href="/p/w/${slug}/${amendmentEntry.publicId}?lang=nb">${amendmentEntry.title}</a></p>`,
      )
      expect(await (await get(`/p/w/${slug}/feed.atom`)).text()).toContain(
        'Dette dokumentet endrer: Opprinnelig vedtak.',
      )
    })

    it('takes a document off when its last live link is revoked or has expired, and its page with it', async () => {
      const id = await commented('Vedtak med to lenker')
      await finalise(id)
      const [first, second] = [await share(id), await share(id)]
      const publicId = await publicIdOf('Vedtak med to lenker')
      await revoke(first.id)
      expect((await get(`/p/w/${slug}/${publicId}`)).status).toBe(200)
      // The last live link past its expiry (set in the database: a test does not wait for a clock).
      await s.db.query('update share_links set expires_at = ? where id = ?', [Date.now() - 1, second.id])
      expect(await (await get(`/p/w/${slug}`)).text()).not.toContain('Vedtak med to lenker')
      expect(await (await get(`/p/w/${slug}/feed.atom`)).text()).not.toContain(publicId)
      await expectNotFound(`/p/w/${slug}/${publicId}`)
      await expectNotFound(`/p/w/${slug}/${publicId}/export?format=md`)
      // Shared again: back, under the same public id.
      const third = await share(id)
      expect(await publicIdOf('Vedtak med to lenker')).toBe(publicId)
      await revoke(third.id)
      await expectNotFound(`/p/w/${slug}/${publicId}`)
    })

    it('off again: the index, the feed and every entry page are the 404 page; on again, the same addresses', async () => {
      const publicId = await publicIdOf('Eldre vedtak')
      await setIndex(false)
      await expectNotFound(`/p/w/${slug}`)
      await expectNotFound(`/p/w/${slug}/feed.atom`)
      await expectNotFound(`/p/w/${slug}/${publicId}`)
      await expectNotFound(`/p/w/${slug}/${publicId}/export?format=json`)
      await setIndex(true)
      expect(await publicIdOf('Eldre vedtak')).toBe(publicId)
    })

    it('lists at most PUBLIC_INDEX_MAX_ENTRIES, and says so', async () => {
      const capped = await startWithDb(backend, { PUBLIC_INDEX_MAX_ENTRIES: '1' })
      try {
        const small = await createWorld(capped.server.url)
        const smallSigners = await signatories(small)
        for (const title of ['Første', 'Andre']) {
          const id = await small.document(title, 'decision')
          await anchoredText(capped.server.collabUrl, small.admin, id, 'Tekst.', 1)
          const { round } = await startRound(small, smallSigners.politicians, id)
          await approveAll(small, smallSigners, id, round.contentHash)
          await small.api(small.admin, 'POST', `/api/documents/${id}/share-links`, {})
        }
        const { workspace } = await expectJson<{ workspace: { slug: string } }>(
          await small.api(small.admin, 'PATCH', `/api/workspaces/${small.workspaceId}`, {
            publicIndex: true,
          }),
          200,
        )
        const html = await (await fetch(`${capped.server.url}/p/w/${workspace.slug}`)).text()
        expect(entriesOf(html).map((e) => e.title)).toEqual(['Andre'])
        expect(html).toContain('Viser de 1 nyeste.')
        const xml = await (await fetch(`${capped.server.url}/p/w/${workspace.slug}/feed.atom`)).text()
        expect(xml.match(/<entry>/g)).toHaveLength(1)
      } finally {
        await capped.stop()
      }
    })

    it('is limited per client address like every public route', async () => {
      let status = 200
      // The bucket holds PUBLIC_REQUESTS_BURST (120): it runs dry well before 500.
      for (let i = 0; i < 500 && status !== 429; i++) status = (await get(`/p/w/${slug}`)).status
      expect(status).toBe(429)
      // The same bucket: the feed is refused too. The bucket refills a token every 100 ms (600 a
      // minute), which a slow run can spend between two requests (seen once in CI on PostgreSQL),
      // so a few tries; a bucket of its own would let 120 through.
      let feed = await get(`/p/w/${slug}/feed.atom`)
      for (let i = 0; i < 10 && feed.status !== 429; i++) feed = await get(`/p/w/${slug}/feed.atom`)
      expect(feed.status).toBe(429)
      expect(feed.headers.get('retry-after')).toMatch(/^\d+$/)
    })
  })
}

/**
 * Well-formed XML, checked without a parser (none is installed): every `<` opens a tag (or the
 * declaration), tags nest and close, every `&` starts one of XML's five entities, attribute values
 * are quoted without `<`, and no character XML cannot carry is left.
 */
function expectWellFormed(xml: string) {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/)
  expect(xml.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toContain('&')
  const stack: string[] = []
  const rest = xml
    .slice(xml.indexOf('?>') + 2)
    .replace(
      /<(\/?)([a-zA-Z:]+)((?:\s+[a-zA-Z:]+="[^"<]*")*)\s*(\/?)>/g,
      (_, close, name, _attrs, selfClosing) => {
        if (close) expect(stack.pop()).toBe(name)
        else if (!selfClosing) stack.push(name)
        return ''
      },
    )
  expect(stack).toEqual([])
  expect(rest).not.toMatch(/[<>]/)
}
