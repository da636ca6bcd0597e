/**
 * A PDF read back as a reader's software reads it (pdf.js, through `unpdf`): its text, the targets
 * of its link annotations (as written, also those pdf.js would refuse to open) and its XMP
 * metadata packet, for tests of the PDF export.
 */
import { extractText, getDocumentProxy } from 'unpdf'

export interface ReadPdf {
  text: string
  pages: number
  links: string[]
  xmp: string
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  // pdf.js takes the buffer over (detaches it): give it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  try {
    const { text, totalPages } = await extractText(pdf, { mergePages: true })
    const links: string[] = []
    for (let n = 1; n <= totalPages; n++) {
      const annotations = (await (await pdf.getPage(n)).getAnnotations()) as Array<{
        subtype?: string
        url?: string
        unsafeUrl?: string
      }>
      for (const a of annotations)
        if (a.subtype === 'Link') links.push(a.unsafeUrl ?? a.url ?? '(a link without a URI)')
    }
    // PDF/A keeps the XMP packet unfiltered, so it reads as text in the file's bytes.
    const raw = Buffer.from(bytes).toString('latin1')
    const xmp = raw.slice(raw.indexOf('<x:xmpmeta'), raw.indexOf('</x:xmpmeta>') + 12)
    return { text, pages: totalPages, links, xmp }
  } finally {
    await pdf.destroy()
  }
}
