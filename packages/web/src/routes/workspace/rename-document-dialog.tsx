/** Renaming a document from the workspace's list: the same title rules as creating one. */

import { untrack } from 'solid-js'
import { Dialog } from '../../components/dialog.js'
import { FormError } from '../../components/form-error.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, field, formSubmit } from '../../lib/action.js'
import { api, type DocumentInfo, TEXT_LIMITS } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../lib/messages/workspace.js'

export function RenameDocumentDialog(props: { doc: DocumentInfo; onClose: () => void }) {
  const action = createAction()
  // The title as it was on opening: the document is live, and another's rename must not overwrite
  // what is being typed in the field.
  const title = untrack(() => props.doc.title)
  const submit = formSubmit((form) => {
    void action
      .run(async () => {
        await api.updateDocument(props.doc.id, { title: field(form, 'title') })
      })
      .then((ok) => ok && props.onClose())
  })
  return (
    <Dialog title={t('workspace.rename_document.heading')} onClose={props.onClose}>
      <form class="stack" novalidate onSubmit={submit} aria-describedby="rename-document-error">
        <div class="field">
          <label for="rename-document-title">{t('workspace.rename_document.label')}</label>
          <input
            id="rename-document-title"
            name="title"
            value={title}
            data-maxlength={TEXT_LIMITS.titleMax}
            autocomplete="off"
            required
          />
        </div>
        <FormError id="rename-document-error" message={action.message()} />
        <div class="buttons">
          <SubmitButton busy={action.busy()} label={t('common.save')} busyLabel={t('common.saving')} />
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
