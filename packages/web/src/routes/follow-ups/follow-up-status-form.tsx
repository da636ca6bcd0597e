/**
 * Changing a follow-up item's status, with a note (issue 16): the new status and an optional note
 * are one entry in the item's history. The focus starts on the status; Cancel and Escape leave the
 * item as it was.
 */

import { createUniqueId, For, onMount } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, field, formSubmit } from '../../lib/action.js'
import { TEXT_LIMITS } from '../../lib/api.js'
import type { FollowUp, FollowUpStatus } from '../../lib/follow-up-api.js'
import { followUpApi } from '../../lib/follow-up-api.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../lib/messages/follow-ups.js'
import { STATUS_ORDER } from './follow-up-state.js'

export function FollowUpStatusForm(props: { item: FollowUp; onDone: (changed: FollowUp | null) => void }) {
  const id = createUniqueId()
  const action = createAction()
  let select: HTMLSelectElement | undefined
  onMount(() => select?.focus())

  const submit = formSubmit((form) => {
    const status = field(form, 'status') as FollowUpStatus
    const note = field(form, 'note').trim()
    if (status === props.item.status && !note) return props.onDone(null)
    void action.run(async () => {
      const { followUp } = await followUpApi.update(props.item.id, {
        ...(status !== props.item.status ? { status } : {}),
        ...(note ? { note } : {}),
      })
      props.onDone(followUp)
    })
  })

  return (
    <form
      class="follow-up-status-form stack"
      novalidate
      aria-label={t('followups.update.heading', { title: props.item.title })}
      aria-describedby={`${id}-error`}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation()
          props.onDone(null)
        }
      }}
    >
      <div class="field">
        <label for={`${id}-status`}>{t('followups.update.status')}</label>
        <select id={`${id}-status`} name="status" ref={select}>
          <For each={STATUS_ORDER}>
            {(status) => (
              <option value={status} selected={status === props.item.status}>
                {t(`followups.status.${status}`)}
              </option>
            )}
          </For>
        </select>
      </div>
      <div class="field">
        <label for={`${id}-note`}>{t('followups.update.note')}</label>
        <textarea id={`${id}-note`} name="note" rows="2" data-maxlength={TEXT_LIMITS.followUpNoteMax} />
      </div>
      <FormError id={`${id}-error`} message={action.message()} />
      <div class="form-actions">
        <SubmitButton
          busy={action.busy()}
          label={t('followups.update.submit')}
          busyLabel={t('followups.update.busy')}
        />
        <button type="button" onClick={() => props.onDone(null)}>
          {t('followups.update.cancel')}
        </button>
      </div>
    </form>
  )
}
