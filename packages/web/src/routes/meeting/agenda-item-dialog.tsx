/**
 * Adding or editing an agenda item: its title, the document it is about (one of the workspace's
 * proposals and decisions, picked by title, kind and status), the party that brings it and the
 * minutes planned for it.
 */
import { PLANNED_MINUTES_MAX } from '@trepart/shared/limits'
import type { PartyKey } from '@trepart/shared/parties'
import { createResource, For, Show } from 'solid-js'
import { Dialog } from '../../components/dialog.js'
import { FormError } from '../../components/form-error.js'
import { PartyPicker } from '../../components/party.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, field, formSubmit } from '../../lib/action.js'
import { api, TEXT_LIMITS } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import { kindLabel, statusLabel } from '../../lib/labels.js'
import { type AgendaItem, meetingApi } from '../../lib/meeting-api.js'
import '../../lib/messages/meetings.js'

export function AgendaItemDialog(props: {
  meetingId: string
  workspaceId: string
  /** The item to edit; a new item when absent. */
  item?: AgendaItem
  /** The party a new item is brought by unless chosen otherwise: the viewer's. */
  party: string
  onClose: () => void
}) {
  const action = createAction()
  const [documents] = createResource(async () =>
    (await api.documents(props.workspaceId, {})).documents.filter(
      (d) => !d.archived && (d.kind === 'proposal' || d.kind === 'decision'),
    ),
  )
  const submit = formSubmit((form) => {
    const documentId = field(form, 'documentId')
    const minutes = Number.parseInt(field(form, 'plannedMinutes'), 10)
    const plannedMinutes =
      Number.isFinite(minutes) && minutes > 0 ? Math.min(minutes, PLANNED_MINUTES_MAX) : null
    const body = {
      title: field(form, 'title'),
      party: field(form, 'party') as PartyKey,
    }
    void action
      .run(async () => {
        if (props.item) {
          await meetingApi.updateItem(props.meetingId, props.item.id, {
            ...body,
            documentId: documentId || null,
            plannedMinutes,
          })
        } else {
          await meetingApi.addItem(props.meetingId, {
            ...body,
            ...(documentId ? { documentId } : {}),
            ...(plannedMinutes ? { plannedMinutes } : {}),
          })
        }
      })
      .then((ok) => ok && props.onClose())
  })
  return (
    <Dialog
      title={props.item ? t('meetings.item.edit_heading') : t('meetings.item.add_heading')}
      onClose={props.onClose}
    >
      <form class="stack" novalidate onSubmit={submit} aria-describedby="agenda-item-error">
        <div class="field">
          <label for="item-title">{t('meetings.item.title')}</label>
          <input
            id="item-title"
            name="title"
            value={props.item?.title ?? ''}
            data-maxlength={TEXT_LIMITS.meetingTitleMax}
            autocomplete="off"
            required
          />
        </div>
        <div class="field">
          <label for="item-document">{t('meetings.item.document')}</label>
          <select id="item-document" name="documentId" aria-describedby="item-document-hint">
            <option value="">{t('meetings.item.no_document')}</option>
            <For each={documents() ?? []}>
              {(doc) => (
                <option value={doc.id} selected={props.item?.document?.id === doc.id}>
                  {`${doc.title} (${kindLabel(doc.kind)}, ${statusLabel(doc.status).toLowerCase()})`}
                </option>
              )}
            </For>
          </select>
          <p id="item-document-hint" class="hint">
            <Show when={documents.loading} fallback={t('meetings.item.document_hint')}>
              {t('common.loading')}
            </Show>
          </p>
        </div>
        <PartyPicker
          name="party"
          legend={t('meetings.item.party')}
          value={props.item?.party ?? props.party}
        />
        <div class="field">
          <label for="item-minutes">{t('meetings.item.minutes')}</label>
          <input
            id="item-minutes"
            name="plannedMinutes"
            type="number"
            min="1"
            max={PLANNED_MINUTES_MAX}
            inputMode="numeric"
            value={props.item?.plannedMinutes ?? ''}
          />
        </div>
        <FormError id="agenda-item-error" message={action.message()} />
        <div class="buttons">
          <SubmitButton
            busy={action.busy()}
            label={props.item ? t('meetings.item.save') : t('meetings.item.add')}
            busyLabel={t('meetings.item.busy')}
          />
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
