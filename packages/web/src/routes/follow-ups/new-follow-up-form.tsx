/**
 * A new follow-up item on a final decision (issue 16, editors of any party): what is to be done,
 * the responsible party (name and colour), optionally a person of that party, and a due day. The
 * person list follows the chosen party; the server checks the person is in it.
 */
import type { PartyKey } from '@trepart/shared'
import { createResource, createSignal, createUniqueId, For } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { PartyPicker } from '../../components/party.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, field, formSubmit } from '../../lib/action.js'
import { api, TEXT_LIMITS } from '../../lib/api.js'
import { type FollowUp, followUpApi } from '../../lib/follow-up-api.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../lib/messages/follow-ups.js'
import { dayInputValue } from '../document/share-export/share-export-state.js'
import { addDays } from './follow-up-state.js'

/** A new item's due day unless one is chosen: two weeks from today. */
const DEFAULT_DUE_IN_DAYS = 14

export function NewFollowUpForm(props: {
  documentId: string
  workspaceId: string
  onAdded: (item: FollowUp) => void
}) {
  const id = createUniqueId()
  const action = createAction()
  const [party, setParty] = createSignal<string>('')
  const [members] = createResource(() => api.members(props.workspaceId).then((r) => r.members))
  const inParty = () =>
    (members.state === 'ready' ? members() : [])
      .filter((m) => m.party === party())
      .sort((a, b) => a.user.name.localeCompare(b.user.name))

  const submit = formSubmit((form) => {
    const element = document.getElementById(`${id}-form`) as HTMLFormElement | null
    const assigneeId = field(form, 'assignee')
    void action.run(async () => {
      const { followUp } = await followUpApi.create(props.documentId, {
        title: field(form, 'title'),
        party: field(form, 'party') as PartyKey,
        dueDate: field(form, 'due'),
        ...(assigneeId ? { assigneeId } : {}),
      })
      element?.reset()
      setParty('')
      props.onAdded(followUp)
    })
  })

  return (
    <form
      id={`${id}-form`}
      class="new-follow-up stack"
      novalidate
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-error`}
      onSubmit={submit}
      onChange={(event) => {
        const target = event.target as HTMLInputElement
        if (target.name === 'party') setParty(target.value)
      }}
    >
      <h3 id={`${id}-heading`}>{t('followups.new.heading')}</h3>
      <div class="field">
        <label for={`${id}-title`}>{t('followups.new.title')}</label>
        <input
          id={`${id}-title`}
          name="title"
          autocomplete="off"
          required
          data-maxlength={TEXT_LIMITS.followUpTitleMax}
        />
      </div>
      <PartyPicker name="party" legend={t('followups.new.party')} />
      <div class="field">
        <label for={`${id}-assignee`}>{t('followups.new.assignee')}</label>
        <select id={`${id}-assignee`} name="assignee">
          <option value="">{t('followups.new.assignee_none')}</option>
          <For each={inParty()}>{(member) => <option value={member.user.id}>{member.user.name}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for={`${id}-due`}>{t('followups.new.due')}</label>
        <input
          id={`${id}-due`}
          name="due"
          type="date"
          required
          min={dayInputValue(new Date())}
          // The default (in two weeks) as the field's default value, so a reset after adding brings it back.
          ref={(input) => {
            input.defaultValue = addDays(dayInputValue(new Date()), DEFAULT_DUE_IN_DAYS)
          }}
        />
      </div>
      <FormError id={`${id}-error`} message={action.message()} />
      <SubmitButton
        busy={action.busy()}
        label={t('followups.new.submit')}
        busyLabel={t('followups.new.busy')}
      />
    </form>
  )
}
