/**
 * A published document as a file: Markdown, self-contained HTML (the public page's rendering with
 * its stylesheet inline and no links back), Word (export-docx.ts), PDF/A (export-pdf.ts), or the
 * canonical JSON of its content — the exact bytes whose SHA-256 is the content hash, so anyone can
 * check a final document. A final document's exports carry its decision record. Never a comment,
 * never an email. File names carry the title and the date.
 */
import type { ExportFormat, Locale } from '@trepart/shared'
import { canonicalJson } from '../content/content-json.js'
import { escapeMarkdown, renderMarkdown } from '../content/render-markdown.js'
import { PUBLIC_CSS } from './public-css.js'
import { PUBLIC_MESSAGES, partyName, statusBanner } from './public-messages.js'
import { renderPublicPage } from './public-page.js'
import type { PublishedDocument } from './published-document.js'

export interface ExportFile {
  body: string | Uint8Array<ArrayBuffer>
  contentType: string
  filename: string
}

const TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
}

/** `Tittel på vedtak-2026-12-06.md`: the title made safe for every file system, and the date. */
export function exportFilename(title: string, at: number, format: ExportFormat): string {
  const safe = title
    .normalize('NFC')
    // Control and format characters (bidi overrides among them, which could disguise the
    // extension) and what file systems refuse.
    .replace(/[\p{Cc}\p{Cf}"*/:<>?\\|]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
  return `${safe || 'dokument'}-${new Date(at).toISOString().slice(0, 10)}.${format}`
}

/** The `Content-Disposition` of a download: an ASCII fallback and the real name (RFC 6266/5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '')
  return `attachment; filename="${ascii || 'dokument'}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)}`
}

function markdown(doc: PublishedDocument, locale: Locale): string {
  const m = PUBLIC_MESSAGES[locale]
  let md = `# ${escapeMarkdown(doc.title)}\n\n`
  if (doc.status !== 'final') md += `_${escapeMarkdown(statusBanner(m, doc.status))}_\n\n`
  md += renderMarkdown(doc.content)
  if (doc.record) {
    md += `\n## ${escapeMarkdown(m.record)}\n\n`
    md += `| ${m.party} | ${m.decision} | ${m.decidedBy} | ${m.when} | ${m.reservation} |\n| --- | --- | --- | --- | --- |\n`
    for (const d of doc.record.decisions) {
      const cells = [partyName(m, d.party), m[d.decision], d.by, new Date(d.at).toISOString(), d.note ?? '']
      md += `| ${cells.map((c) => escapeMarkdown(c).replace(/\n+/g, ' ')).join(' | ')} |\n`
    }
    md += `\n${escapeMarkdown(m.contentHash)}: \`${doc.record.contentHash}\`\n`
  }
  return md
}

/**
 * Word and PDF are loaded on the first such export, not at start: pdfkit and docx take 28 and
 * 6 MiB of memory once loaded, which a server that never exports should not carry.
 */
export async function exportDocument(
  doc: PublishedDocument,
  format: ExportFormat,
  locale: Locale,
): Promise<ExportFile> {
  const filename = exportFilename(doc.title, doc.record?.decidedAt ?? doc.updatedAt, format)
  const body =
    format === 'md'
      ? markdown(doc, locale)
      : format === 'html'
        ? renderPublicPage(doc, locale, null, { css: PUBLIC_CSS })
        : format === 'docx'
          ? await (await import('./export-docx.js')).exportDocx(doc, locale)
          : format === 'pdf'
            ? await (await import('./export-pdf.js')).exportPdf(doc, locale)
            : canonicalJson(doc.content)
  return { body, contentType: TYPES[format], filename }
}
