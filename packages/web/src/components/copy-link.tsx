/**
 * A secret link shown once (an invitation, a password reset): read-only, selected on focus, with a
 * copy button and a status line that says whether copying worked.
 */
import { createSignal, onMount } from 'solid-js'
import { t } from '../lib/i18n/i18n.js'
import '../lib/messages/common.js'

export function CopyLink(props: { id: string; label: string; url: string; hint: string }) {
  const [copied, setCopied] = createSignal<'yes' | 'no' | null>(null)
  let input: HTMLInputElement | undefined
  onMount(() => input?.focus())
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.url)
      setCopied('yes')
    } catch {
      input?.select()
      setCopied('no')
    }
  }
  return (
    <div class="copy-link">
      <label for={props.id}>{props.label}</label>
      <div class="row">
        <input
          id={props.id}
          ref={input}
          value={props.url}
          readOnly
          aria-describedby={`${props.id}-hint`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" onClick={copy}>
          {t('common.copy_link')}
        </button>
      </div>
      <p id={`${props.id}-hint`} class="hint">
        {props.hint}
      </p>
      <p role="status" class="hint">
        {copied() === 'yes' ? t('common.copied') : copied() === 'no' ? t('common.copy_failed') : ''}
      </p>
    </div>
  )
}
