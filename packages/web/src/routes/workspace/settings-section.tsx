/**
 * The workspace itself: admins rename it; everyone may leave it. The last admin cannot leave (the
 * server answers 409 `member.last_admin`), which the dialog explains.
 */
import { createSignal, Show } from 'solid-js'
import { Dialog } from '../../components/dialog.js'
import { FormError } from '../../components/form-error.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, field, formSubmit } from '../../lib/action.js'
import { api, TEXT_LIMITS, type Workspace } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../lib/messages/workspace.js'
import { navigate } from '../../router.js'

export function SettingsSection(props: {
  workspace: Workspace
  isAdmin: boolean
  onRenamed: (workspace: Workspace) => void
}) {
  const rename = createAction()
  const [renamed, setRenamed] = createSignal(false)
  const [leaving, setLeaving] = createSignal(false)

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
      <Show when={props.isAdmin}>
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
      </Show>
      <h3>{t('workspace.leave.heading')}</h3>
      <p>{t('workspace.leave.text')}</p>
      <button type="button" class="danger" onClick={() => setLeaving(true)}>
        {t('workspace.leave.button')}
      </button>
      <Show when={leaving()}>
        <LeaveDialog workspace={props.workspace} onClose={() => setLeaving(false)} />
      </Show>
    </section>
  )
}

function LeaveDialog(props: { workspace: Workspace; onClose: () => void }) {
  const leave = createAction()
  const confirm = () =>
    leave.run(async () => {
      await api.removeMember(props.workspace.id, 'me')
      navigate('/', { replace: true })
    })
  return (
    <Dialog
      title={t('workspace.leave.confirm_heading', { workspace: props.workspace.name })}
      onClose={props.onClose}
    >
      <p>{t('workspace.leave.confirm_text')}</p>
      <FormError id="leave-error" message={leave.message()} />
      <div class="buttons">
        <button
          type="button"
          class="danger"
          onClick={confirm}
          aria-disabled={leave.busy() ? 'true' : undefined}
          aria-describedby="leave-error"
        >
          {t('workspace.leave.yes')}
        </button>
        <button type="button" onClick={props.onClose} data-autofocus>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  )
}
