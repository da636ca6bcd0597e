/**
 * The dialog's exports: one download link per format the server's export route takes, with what
 * the file holds for the
 * document's status. A click fetches the file, so a refusal (too many exports, no network) is said
 * in words instead of a failed download; a modified click (new tab, save as) is left to the browser,
 * which sends the session cookie to the same route.
 */
import type { DocumentStatus } from '@trepart/shared'
import { createSignal, For, onCleanup } from 'solid-js'
import { FormError } from '../../../components/form-error.js'
import { createAction } from '../../../lib/action.js'
import { api, type ExportFormat } from '../../../lib/api.js'
import { t } from '../../../lib/i18n/i18n.js'
import { filenameFromDisposition } from './share-export-state.js'
import './share-export-messages.js'

/**
 * Every format of the export route's enum (`ExportFormat` in @trepart/shared), in the order offered:
 * the readable ones first, the JSON for checking the hash last. Typed by the enum, as the error
 * texts are by `ErrorId`: a format added there is a compile error here until it is offered with
 * its words (share.export.format.<format>), and one the server does not take cannot be listed.
 * (Importing the value EXPORT_FORMATS from the schemas' module keeps zod in the bundle, ~95 kB,
 * and zod's eval probe is a violation of the app's Content-Security-Policy.)
 */
const OFFERED: Record<ExportFormat, true> = { md: true, html: true, docx: true, pdf: true, json: true }
const FORMATS = Object.keys(OFFERED) as ExportFormat[]

export function ExportSection(props: { documentId: string; status: DocumentStatus }) {
  const action = createAction()
  const [saved, setSaved] = createSignal<string | null>(null)
  // Object URLs of the files handed to the browser, let go when the dialog closes (a download may
  // still be reading one right after the click).
  const urls: string[] = []
  onCleanup(() => {
    for (const url of urls) URL.revokeObjectURL(url)
  })
  let section: HTMLElement | undefined

  const download = (event: MouseEvent, format: ExportFormat) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    setSaved(null)
    void action.run(async () => {
      const { blob, disposition } = await api.exportFile(props.documentId, format)
      const name = filenameFromDisposition(disposition) ?? `dokument.${format}`
      const url = URL.createObjectURL(blob)
      urls.push(url)
      const link = document.createElement('a')
      link.href = url
      link.download = name
      link.hidden = true
      // Inside the dialog: the page behind a modal dialog is inert.
      section?.append(link)
      link.click()
      link.remove()
      setSaved(name)
    })
  }

  return (
    <section class="share-export-section" aria-labelledby="export-heading" ref={section}>
      <h3 id="export-heading">{t('share.export.heading')}</h3>
      <p class="hint">
        {t(`share.export.intro.${props.status}`)} {t('share.export.no_comments')}
      </p>
      <ul class="export-formats">
        <For each={FORMATS}>
          {(format) => (
            <li>
              <a
                href={api.exportUrl(props.documentId, format)}
                download=""
                data-format={format}
                aria-describedby={`export-hint-${format}`}
                onClick={(event) => download(event, format)}
              >
                {t(`share.export.format.${format}`)}
              </a>
              <span id={`export-hint-${format}`} class="hint">
                {t(`share.export.format.${format}.hint`)}
              </span>
            </li>
          )}
        </For>
      </ul>
      <FormError message={action.message()} />
      <p role="status" class="hint export-status">
        {action.busy()
          ? t('share.export.busy')
          : saved() !== null
            ? t('share.export.done', { file: saved() ?? '' })
            : ''}
      </p>
    </section>
  )
}
