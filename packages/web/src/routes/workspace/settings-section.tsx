/** The workspace's settings (admins, on their own tab): its name. */
import { createSignal } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, field, formSubmit } from '../../lib/action.js'
import { api, TEXT_LIMITS, type Workspace } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../lib/messages/workspace.js'

export function SettingsSection(props: { workspace: Workspace; onRenamed: (workspace: Workspace) => void }) {
  const rename = createAction()
  const [renamed, setRenamed] = createSignal(false)

  const submit = formSubmit((form) => {
    setRenamed(false)
    void rename.run(async () => {
      const { workspace } = await api.renameWorkspace(props.workspace.id, { name: field(form, 'name') })
      props.onRenamed(workspace)
      setRenamed(true)
    })
  })

  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('workspace.settings.heading')}</h2>
      <form class="stack" novalidate onSubmit={submit} aria-describedby="rename-workspace-error">
        <div class="field">
          <label for="rename-workspace">{t('workspace.settings.name')}</label>
          <input
            id="rename-workspace"
            name="name"
            value={props.workspace.name}
            data-maxlength={TEXT_LIMITS.workspaceNameMax}
            autocomplete="off"
            required
            onInput={() => setRenamed(false)}
          />
        </div>
        <FormError id="rename-workspace-error" message={rename.message()} />
        <SubmitButton
          busy={rename.busy()}
          label={t('workspace.settings.rename')}
          busyLabel={t('common.saving')}
          secondary
        />
        <p role="status" class="hint">
          {renamed() ? t('workspace.settings.renamed') : ''}
        </p>
      </form>
    </section>
  )
}
