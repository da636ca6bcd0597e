/**
 * Leaving the workspace, open to every member (on the members tab: it is about one's own
 * membership). The last admin cannot leave (the server answers 409 `member.last_admin`), which the
 * dialog explains.
 */
import { createSignal, Show } from 'solid-js'
import { Dialog } from '../../components/dialog.js'
import { FormError } from '../../components/form-error.js'
import { createAction } from '../../lib/action.js'
import { api, type Workspace } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../lib/messages/workspace.js'
import { navigate } from '../../router.js'

export function LeaveSection(props: { workspace: Workspace }) {
  const [leaving, setLeaving] = createSignal(false)
  return (
    <section class="leave-section" aria-labelledby="leave-heading">
      <h2 id="leave-heading">{t('workspace.leave.heading')}</h2>
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
