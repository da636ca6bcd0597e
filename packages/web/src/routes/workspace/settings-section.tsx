/** The workspace's settings (admins, on their own tab): its name, and its public index of decisions. */
import { createSignal, Show } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, field, formSubmit } from '../../lib/action.js'
import { api, TEXT_LIMITS, type Workspace } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../lib/messages/workspace.js'

/** `onRenamed`: the workspace as the server has it after a change (its name or its public index). */
export function SettingsSection(props: { workspace: Workspace; onRenamed: (workspace: Workspace) => void }) {
  const rename = createAction()
  const [renamed, setRenamed] = createSignal(false)
  const publish = createAction()
  const [switched, setSwitched] = createSignal(false)
  const indexAddress = () => `${location.origin}/p/w/${encodeURIComponent(props.workspace.slug)}`

  /** Saved at once: a switch, not a form. On failure it shows the state the server still has. */
  const switchIndex = (input: HTMLInputElement) => {
    setSwitched(false)
    void publish
      .run(async () => {
        const { workspace } = await api.renameWorkspace(props.workspace.id, { publicIndex: input.checked })
        props.onRenamed(workspace)
        setSwitched(true)
      })
      .then(() => {
        input.checked = props.workspace.publicIndex
      })
  }

  const submit = formSubmit((form) => {
    setRenamed(false)
    void rename.run(async () => {
      const { workspace } = await api.renameWorkspace(props.workspace.id, { name: field(form, 'name') })
      props.onRenamed(workspace)
      setRenamed(true)
    })
  })

  return (
    <>
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
      <section aria-labelledby="public-index-heading" class="stack">
        <h2 id="public-index-heading">{t('workspace.settings.public_index.heading')}</h2>
        <p class="hint" id="public-index-hint">
          {t('workspace.settings.public_index.hint')}
        </p>
        <label class="choice">
          <input
            type="checkbox"
            checked={props.workspace.publicIndex}
            disabled={publish.busy()}
            aria-describedby="public-index-hint public-index-error"
            onChange={(event) => switchIndex(event.currentTarget)}
          />
          {t('workspace.settings.public_index.label')}
        </label>
        <FormError id="public-index-error" message={publish.message()} />
        <Show when={props.workspace.publicIndex}>
          <p>
            {t('workspace.settings.public_index.address')} <a href={indexAddress()}>{indexAddress()}</a>
          </p>
        </Show>
        <p role="status" class="hint">
          {switched()
            ? t(
                props.workspace.publicIndex
                  ? 'workspace.settings.public_index.on'
                  : 'workspace.settings.public_index.off',
              )
            : ''}
        </p>
      </section>
    </>
  )
}
