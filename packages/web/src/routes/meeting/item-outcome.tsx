/**
 * An agenda item's outcome: shown to everyone (what, the note, who recorded it and when, and for
 * `decided` the round and its content hash), and recorded by the chair or the secretary while
 * the meeting is open. `sent_back` needs a note; `decided` needs a linked document with a round.
 */
import { createSignal, For, Show } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { createAction } from '../../lib/action.js'
import { t } from '../../lib/i18n/i18n.js'
import { formatTime } from '../../lib/labels.js'
import { type AgendaItem, type ItemOutcome, meetingApi } from '../../lib/meeting-api.js'
import '../../lib/messages/meetings.js'
import { shortHash } from '../document/sign-off/sign-off-state.js'
import { ItemName } from './item-name.js'

/** As in the shared contract (its module carries zod, which the bundle leaves out). */
const ITEM_OUTCOMES: readonly ItemOutcome[] = ['decided', 'postponed', 'sent_back', 'noted']

const outcomeLabel = (outcome: ItemOutcome) => t(`meetings.outcome.${outcome}`)

export function OutcomeView(props: { item: AgendaItem }) {
  return (
    <Show when={props.item.outcome}>
      {(outcome) => (
        <div class="item-outcome" data-outcome={outcome()}>
          <p>
            <strong>{t('meetings.outcome.label')}:</strong> {outcomeLabel(outcome())}
            <Show when={props.item.outcomeBy}>
              {(by) => (
                <span class="hint-inline">
                  {' '}
                  {t('meetings.outcome.by', {
                    name: by().name,
                    time: formatTime(props.item.outcomeAt ?? ''),
                  })}
                </span>
              )}
            </Show>
          </p>
          <Show when={props.item.outcomeNote}>{(note) => <blockquote>{note()}</blockquote>}</Show>
          <Show when={props.item.decision}>
            {(decision) => (
              <p class="hint">
                {decision().outcome
                  ? t(`meetings.decision.${decision().outcome}`)
                  : t('meetings.decision.open')}{' '}
                {t('signoff.hash')}{' '}
                <code title={decision().contentHash}>{shortHash(decision().contentHash)}</code>
              </p>
            )}
          </Show>
        </div>
      )}
    </Show>
  )
}

/** The chair's or secretary's form for one item's outcome. */
export function OutcomeForm(props: { meetingId: string; item: AgendaItem }) {
  const action = createAction()
  const [noteMissing, setNoteMissing] = createSignal(false)
  const id = (part: string) => `outcome-${props.item.id}-${part}`
  let select: HTMLSelectElement | undefined
  let note: HTMLTextAreaElement | undefined
  const save = (event: SubmitEvent) => {
    event.preventDefault()
    const outcome = (select?.value || null) as ItemOutcome | null
    const text = note?.value.trim() ?? ''
    if (outcome === 'sent_back' && !text) {
      setNoteMissing(true)
      note?.focus()
      return
    }
    setNoteMissing(false)
    void action.run(() => meetingApi.setOutcome(props.meetingId, props.item.id, outcome, text).then(() => {}))
  }
  const error = () => (noteMissing() ? t('meetings.outcome.note_required') : action.message())
  return (
    <form class="outcome-form" onSubmit={save} novalidate aria-labelledby={id('legend')}>
      <p id={id('legend')} class="outcome-form-heading">
        {t('meetings.outcome.record', { title: props.item.title })}
      </p>
      <div class="outcome-fields">
        <div class="outcome-field">
          <label for={id('select')}>{t('meetings.outcome.label')}</label>
          <select id={id('select')} ref={select} name="outcome" value={props.item.outcome ?? ''}>
            <option value="">{t('meetings.outcome.none')}</option>
            <For each={ITEM_OUTCOMES}>{(o) => <option value={o}>{outcomeLabel(o)}</option>}</For>
          </select>
        </div>
        <div class="outcome-field outcome-note">
          <label for={id('note')}>{t('meetings.outcome.note')}</label>
          <textarea
            id={id('note')}
            ref={note}
            name="note"
            rows="2"
            maxLength={4000}
            value={props.item.outcomeNote ?? ''}
            aria-invalid={noteMissing() ? 'true' : undefined}
            aria-describedby={id('error')}
          />
        </div>
      </div>
      <FormError id={id('error')} message={error()} />
      <button type="submit" class="small" aria-disabled={action.busy() ? 'true' : undefined}>
        {action.busy() ? t('meetings.outcome.saving') : t('meetings.outcome.save')}
        <ItemName title={props.item.title} />
      </button>
    </form>
  )
}
