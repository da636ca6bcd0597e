/**
 * When the user can no longer save (write access withdrawn, removed, the connection closed for good)
 * while some of their changes never reached the server: the document's text as they had it, to copy.
 * The simplest honest version: the full plain text, read-only, with a Copy button.
 */
import { createSignal } from 'solid-js'
import { t } from '../lib/i18n/i18n.js'
import './messages.js'

export function UnsentText(props: { text: string }) {
  const [copied, setCopied] = createSignal('')
  let area!: HTMLTextAreaElement
  const copy = async () => {
    area.select()
    try {
      await navigator.clipboard.writeText(props.text)
      setCopied(t('editor.unsent.copied'))
    } catch {
      setCopied(t('editor.unsent.copyFailed'))
    }
  }
  return (
    <section class="unsent" aria-labelledby="unsent-title">
      <h2 id="unsent-title">{t('editor.unsent.title')}</h2>
      <p>{t('editor.unsent.body')}</p>
      <label for="unsent-text">{t('editor.unsent.label')}</label>
      <textarea id="unsent-text" ref={area} readOnly rows={8} value={props.text} />
      <p>
        <button type="button" onClick={copy}>
          {t('editor.unsent.copy')}
        </button>{' '}
        <span role="status">{copied()}</span>
      </p>
    </section>
  )
}
