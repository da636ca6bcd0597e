/**
 * "New document": a title and a kind, in a dialog opened from the top of the documents list. The
 * document is initiated by the member's own party (the server stamps it); creating it opens it.
 */
import type { DocumentKind } from '@trepart/shared'
import { DOCUMENT_KINDS } from '@trepart/shared/parties'
import { For } from 'solid-js'
import { Dialog } from '../../components/dialog.js'
import { FormError } from '../../components/form-error.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, field, formSubmit } from '../../lib/action.js'
import { api, TEXT_LIMITS } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import { kindLabel } from '../../lib/labels.js'
import '../../lib/messages/workspace.js'
import { navigate } from '../../router.js'

export function NewDocumentDialog(props: { workspaceId: string; onClose: () => void }) {
  const action = createAction()
  const submit = formSubmit((form) => {
    void action.run(async () => {
      const { document } = await api.createDocument(props.workspaceId, {
        title: field(form, 'title'),
        kind: field(form, 'kind') as DocumentKind,
      })
      navigate(`/d/${document.id}`)
    })
  })
  return (
    <Dialog title={t('workspace.new_document.heading')} onClose={props.onClose}>
      <p class="hint">{t('workspace.new_document.hint')}</p>
      <form class="stack" novalidate onSubmit={submit} aria-describedby="new-document-error">
        <div class="field">
          <label for="document-title">{t('workspace.new_document.title')}</label>
          <input
            id="document-title"
            name="title"
            data-maxlength={TEXT_LIMITS.titleMax}
            autocomplete="off"
            required
          />
        </div>
        <div class="field">
          <label for="document-kind">{t('workspace.new_document.kind')}</label>
          <select id="document-kind" name="kind">
            <For each={DOCUMENT_KINDS}>{(kind) => <option value={kind}>{kindLabel(kind)}</option>}</For>
          </select>
        </div>
        <FormError id="new-document-error" message={action.message()} />
        <div class="buttons">
          <SubmitButton
            busy={action.busy()}
            label={t('workspace.new_document.submit')}
            busyLabel={t('workspace.new_document.busy')}
          />
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
