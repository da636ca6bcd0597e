/**
 * The meeting's agenda as an ordered list. Editors add, edit and delete items and reorder them by
 * drag (the grip) or by keyboard (each item's "move up" and "move down" buttons); every reorder
 * is one `move` to the server, said in the page's live region, and focus stays on the button
 * pressed although the row moved. While the meeting is open the current item is marked (and is
 * `aria-current`), the chair or secretary sets any item as current, and records outcomes.
 */
import ArrowDown from 'lucide-solid/icons/arrow-down'
import ArrowUp from 'lucide-solid/icons/arrow-up'
import GripVertical from 'lucide-solid/icons/grip-vertical'
import { createEffect, createSignal, For, on, Show } from 'solid-js'
import { Dialog } from '../../components/dialog.js'
import { FormError } from '../../components/form-error.js'
import { PartyBadge } from '../../components/party.js'
import { createAction } from '../../lib/action.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import { kindLabel, statusLabel } from '../../lib/labels.js'
import { type AgendaItem, type Meeting, meetingApi } from '../../lib/meeting-api.js'
import '../../lib/messages/meetings.js'
import { followLink } from '../../router.js'
import { AgendaItemDialog } from './agenda-item-dialog.js'
import { stepIndex } from './agenda-state.js'
import { ItemName } from './item-name.js'
import { OutcomeForm, OutcomeView } from './item-outcome.js'
import { ItemRound, type MeetingViewer } from './item-round.js'

/** The element id of an item's row (the page scrolls the current one into view). */
export const itemElementId = (itemId: string) => `agenda-item-${itemId}`

export function Agenda(props: {
  meeting: Meeting
  viewer: MeetingViewer
  /** Editors change the agenda (not once the meeting is closed). */
  canEdit: boolean
  /** The chair, the secretary or an admin. */
  runs: boolean
  announce: (text: string) => void
}) {
  const action = createAction()
  const [adding, setAdding] = createSignal(false)
  const [editing, setEditing] = createSignal<AgendaItem | null>(null)
  const [deleting, setDeleting] = createSignal<AgendaItem | null>(null)
  const [dragged, setDragged] = createSignal<string | null>(null)
  const [dropAt, setDropAt] = createSignal<number | null>(null)
  /** The control to focus again once the moved row is back in the page. */
  let refocus: string | null = null
  const items = () => props.meeting.items
  const isOpen = () => props.meeting.status === 'open'
  const closed = () => props.meeting.status === 'closed'

  // A row that moved is taken out of the page and put back: the button pressed loses focus. Once
  // the new order is in, focus goes back to it (found by its key).
  createEffect(
    on(
      () =>
        items()
          .map((i) => i.id)
          .join(','),
      () => {
        if (!refocus) return
        const target = document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(refocus)}"]`)
        if (target && document.activeElement !== target) target.focus()
      },
      { defer: true },
    ),
  )

  const move = (item: AgendaItem, index: number, focusKey: string | null) => {
    refocus = focusKey
    void action
      .run(() => meetingApi.moveItem(props.meeting.id, item.id, index).then(() => {}))
      .then((ok) => {
        if (ok)
          props.announce(
            t('meetings.agenda.moved', { title: item.title, position: index + 1, count: items().length }),
          )
      })
  }
  const step = (item: AgendaItem, delta: -1 | 1) => {
    const to = stepIndex(items(), item.id, delta)
    if (to === null) return
    move(item, to, `${delta < 0 ? 'up' : 'down'}-${item.id}`)
  }
  const setCurrent = (item: AgendaItem) =>
    void action.run(() => meetingApi.setCurrent(props.meeting.id, item.id).then(() => {}))

  return (
    <section class="agenda" aria-labelledby="agenda-heading">
      <div class="agenda-head">
        <h2 id="agenda-heading">{t('meetings.agenda.heading')}</h2>
        <span class="hint">{tCount('meetings.list.items', items().length)}</span>
        <Show when={props.canEdit && !closed()}>
          <button type="button" onClick={() => setAdding(true)}>
            {t('meetings.agenda.add')}
          </button>
        </Show>
      </div>
      <FormError message={action.message()} />
      <Show when={items().length > 0} fallback={<p class="hint">{t('meetings.agenda.empty')}</p>}>
        <Show when={props.canEdit && !closed()}>
          <p class="hint" id="agenda-reorder-hint">
            {t('meetings.agenda.reorder_hint')}
          </p>
        </Show>
        <ol class="agenda-list">
          <For each={items()}>
            {(item) => {
              const current = () => isOpen() && props.meeting.currentItemId === item.id
              return (
                <li
                  id={itemElementId(item.id)}
                  class="agenda-item"
                  data-item-id={item.id}
                  data-current={current() ? 'true' : undefined}
                  data-drop={dropAt() === item.position && dragged() !== item.id ? 'true' : undefined}
                  aria-current={current() ? 'step' : undefined}
                  onDragOver={(event) => {
                    if (!dragged()) return
                    event.preventDefault()
                    setDropAt(item.position)
                  }}
                  onDrop={(event) => {
                    event.preventDefault()
                    const id = dragged()
                    const moving = items().find((i) => i.id === id)
                    setDragged(null)
                    setDropAt(null)
                    if (moving && moving.id !== item.id) move(moving, item.position, null)
                  }}
                >
                  <div class="agenda-item-head">
                    <Show when={props.canEdit && !closed()}>
                      {/* biome-ignore lint/a11y/noStaticElementInteractions: a pointer's way to reorder; the move buttons are the keyboard's */}
                      <span
                        class="agenda-grip"
                        draggable="true"
                        title={t('meetings.agenda.drag')}
                        onDragStart={(event) => {
                          setDragged(item.id)
                          event.dataTransfer?.setData('text/plain', item.title)
                          const row = event.currentTarget.closest('li')
                          if (row && event.dataTransfer) event.dataTransfer.setDragImage(row, 16, 16)
                        }}
                        onDragEnd={() => {
                          setDragged(null)
                          setDropAt(null)
                        }}
                      >
                        <GripVertical size="1.1em" aria-hidden="true" />
                      </span>
                    </Show>
                    <span class="agenda-number" aria-hidden="true">
                      {item.position + 1}.
                    </span>
                    <h3 id={`agenda-title-${item.id}`} class="agenda-title">
                      <span class="visually-hidden">
                        {t('meetings.agenda.item_number', { number: item.position + 1 })}
                      </span>
                      {item.title}
                    </h3>
                    <Show when={current()}>
                      <span class="tag current-tag">{t('meetings.agenda.current')}</span>
                    </Show>
                  </div>
                  <p class="agenda-item-facts">
                    <span>
                      {t('meetings.agenda.brought_by')} <PartyBadge party={item.party} />
                    </span>
                    <Show when={item.plannedMinutes}>
                      {(minutes) => <span>{tCount('meetings.agenda.minutes', minutes())}</span>}
                    </Show>
                    <Show when={item.document}>
                      {(doc) => (
                        <span>
                          <a
                            class="agenda-document"
                            href={`/d/${encodeURIComponent(doc().id)}`}
                            onClick={followLink}
                          >
                            {doc().title}
                          </a>{' '}
                          <span class="tag">{kindLabel(doc().kind)}</span>{' '}
                          <span class="tag">{statusLabel(doc().status)}</span>
                        </span>
                      )}
                    </Show>
                  </p>
                  <OutcomeView item={item} />
                  <ItemRound item={item} viewer={props.viewer} atTable={current()} closed={closed()} />
                  <div class="agenda-item-actions">
                    <Show when={props.runs && isOpen()}>
                      {/* Stays (disabled) on the current item: the button pressed keeps focus. */}
                      <button
                        type="button"
                        class="small"
                        aria-disabled={current() ? 'true' : undefined}
                        onClick={() => !current() && setCurrent(item)}
                      >
                        {t('meetings.agenda.set_current')}
                        <ItemName title={item.title} />
                      </button>
                    </Show>
                    <Show when={props.canEdit && !closed()}>
                      <button
                        type="button"
                        class="small icon-button"
                        data-focus-key={`up-${item.id}`}
                        aria-label={t('meetings.agenda.move_up', { title: item.title })}
                        aria-disabled={item.position === 0 ? 'true' : undefined}
                        onClick={() => step(item, -1)}
                      >
                        <ArrowUp size="1em" aria-hidden="true" />
                      </button>
                      <button
                        type="button"
                        class="small icon-button"
                        data-focus-key={`down-${item.id}`}
                        aria-label={t('meetings.agenda.move_down', { title: item.title })}
                        aria-disabled={item.position === items().length - 1 ? 'true' : undefined}
                        onClick={() => step(item, 1)}
                      >
                        <ArrowDown size="1em" aria-hidden="true" />
                      </button>
                      <button
                        type="button"
                        class="small"
                        data-focus-key={`edit-${item.id}`}
                        onClick={() => setEditing(item)}
                      >
                        {t('meetings.agenda.edit')}
                        <ItemName title={item.title} />
                      </button>
                      <button type="button" class="small danger" onClick={() => setDeleting(item)}>
                        {t('meetings.agenda.delete')}
                        <ItemName title={item.title} />
                      </button>
                    </Show>
                  </div>
                  <Show when={props.runs && isOpen()}>
                    <OutcomeForm meetingId={props.meeting.id} item={item} />
                  </Show>
                </li>
              )
            }}
          </For>
        </ol>
      </Show>
      <Show when={adding()}>
        <AgendaItemDialog
          meetingId={props.meeting.id}
          workspaceId={props.meeting.workspaceId}
          party={props.viewer.party}
          onClose={() => setAdding(false)}
        />
      </Show>
      <Show when={editing()}>
        {(item) => (
          <AgendaItemDialog
            meetingId={props.meeting.id}
            workspaceId={props.meeting.workspaceId}
            item={item()}
            party={props.viewer.party}
            onClose={() => setEditing(null)}
          />
        )}
      </Show>
      <Show when={deleting()}>
        {(item) => (
          <DeleteItemDialog meetingId={props.meeting.id} item={item()} onClose={() => setDeleting(null)} />
        )}
      </Show>
    </section>
  )
}

function DeleteItemDialog(props: { meetingId: string; item: AgendaItem; onClose: () => void }) {
  const action = createAction()
  const remove = () =>
    void action
      .run(() => meetingApi.deleteItem(props.meetingId, props.item.id).then(() => {}))
      .then((ok) => ok && props.onClose())
  return (
    <Dialog title={t('meetings.agenda.delete_heading')} onClose={props.onClose}>
      <p>{t('meetings.agenda.delete_body', { title: props.item.title })}</p>
      <FormError message={action.message()} />
      <div class="buttons">
        <button
          type="button"
          class="danger"
          onClick={remove}
          aria-disabled={action.busy() ? 'true' : undefined}
        >
          {t('meetings.agenda.delete')}
        </button>
        <button type="button" data-autofocus onClick={props.onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  )
}
