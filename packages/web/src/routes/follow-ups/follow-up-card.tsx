/**
 * One follow-up item (issue 16), the same in a decision's panel, the workspace's overview and the
 * home page: what is to be done, its status and, when overdue, "Forfalt" in words (never colour
 * alone), the responsible party by name and colour, the person, the due day, the decision it
 * follows up (outside the decision's own page), and the history of status notes. Editors change the
 * status with a note in place.
 */

import { createEffect, createSignal, For, on, Show } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { PartyBadge } from '../../components/party.js'
import { RichText } from '../../components/rich-text.js'
import { createAction } from '../../lib/action.js'
import type { FollowUp, FollowUpStatus } from '../../lib/follow-up-api.js'
import { followUpApi } from '../../lib/follow-up-api.js'
import { locale, t, tCount } from '../../lib/i18n/i18n.js'
import { formatTime } from '../../lib/labels.js'
import '../../lib/messages/follow-ups.js'
import { followLink } from '../../router.js'
import { formatDueDay } from './follow-up-state.js'
import { FollowUpStatusForm } from './follow-up-status-form.js'

export const statusText = (status: FollowUpStatus) => t(`followups.status.${status}`)

export function FollowUpCard(props: {
  item: FollowUp
  canEdit: boolean
  /** Name the decision with a link to it (the overview, the home page). */
  showDecision?: boolean
  /** Say which workspace (the home page lists every workspace's). */
  workspaceName?: string
  onChanged?: (item: FollowUp) => void
}) {
  const [editing, setEditing] = createSignal(false)
  // A list carries only the latest notes; the whole history is one request away.
  const [fullNotes, setFullNotes] = createSignal<FollowUp['notes'] | null>(null)
  const notes = () => fullNotes() ?? props.item.notes
  // A new note (anyone's) makes the fetched history old: back to the list's latest.
  createEffect(
    on(
      () => props.item.noteCount,
      () => setFullNotes(null),
      { defer: true },
    ),
  )
  const more = createAction()
  const showAll = () =>
    void more.run(async () => {
      const { followUp } = await followUpApi.one(props.item.id)
      setFullNotes(followUp.notes)
    })
  let opener: HTMLButtonElement | undefined
  const close = () => {
    setEditing(false)
    opener?.focus()
  }
  return (
    <li
      class="follow-up"
      data-follow-up={props.item.id}
      data-status={props.item.status}
      data-overdue={props.item.overdue ? 'true' : 'false'}
    >
      <div class="follow-up-head">
        <span class="follow-up-title">{props.item.title}</span>
        <span class="tag follow-up-status" data-status={props.item.status}>
          {statusText(props.item.status)}
        </span>
        <Show when={props.item.overdue}>
          <span class="tag follow-up-overdue">{t('followups.overdue')}</span>
        </Show>
      </div>
      <p class="follow-up-facts">
        <span>
          <RichText
            text={t('followups.responsible')}
            parts={{ party: () => <PartyBadge party={props.item.party} /> }}
          />
        </span>
        <Show when={props.item.assignee}>
          {(person) => <span>{t('followups.assignee', { name: person().name })}</span>}
        </Show>
        <span class="follow-up-due">
          {t('followups.due', { date: formatDueDay(props.item.dueDate, locale()) })}
        </span>
        <Show when={props.showDecision}>
          <span>
            <Show when={props.workspaceName}>{(name) => <>{name()} · </>}</Show>
            <RichText
              text={t('followups.decision')}
              parts={{
                title: () => (
                  <a href={`/d/${encodeURIComponent(props.item.document.id)}`} onClick={followLink}>
                    {props.item.document.title}
                  </a>
                ),
              }}
            />
          </span>
        </Show>
      </p>
      <Show when={props.item.noteCount > 0}>
        <details class="follow-up-history">
          <summary>{tCount('followups.history.show', props.item.noteCount)}</summary>
          <ol>
            <For each={notes()}>
              {(note) => (
                <li>
                  <span class="follow-up-note-by">
                    <RichText
                      text={t('followups.history.by')}
                      parts={{
                        name: () => note.author.name,
                        party: () => <PartyBadge party={note.author.party} />,
                      }}
                    />
                  </span>{' '}
                  <time datetime={note.createdAt} class="follow-up-note-time">
                    {formatTime(note.createdAt)}
                  </time>
                  <Show when={note.status}>
                    {(status) => <> {t('followups.history.moved', { status: statusText(status()) })}</>}
                  </Show>
                  <Show when={note.note}>
                    <p class="follow-up-note">{note.note}</p>
                  </Show>
                </li>
              )}
            </For>
          </ol>
          <Show when={notes().length < props.item.noteCount}>
            <button
              type="button"
              class="small"
              aria-disabled={more.busy() ? 'true' : undefined}
              onClick={showAll}
            >
              {t('followups.history.all', { count: props.item.noteCount })}
            </button>
            <FormError message={more.message()} />
          </Show>
        </details>
      </Show>
      <Show when={props.canEdit}>
        <Show
          when={editing()}
          fallback={
            <button
              type="button"
              class="small"
              ref={opener}
              aria-label={`${t('followups.update.open')}: ${props.item.title}`}
              onClick={() => setEditing(true)}
            >
              {t('followups.update.open')}
            </button>
          }
        >
          <FollowUpStatusForm
            item={props.item}
            onDone={(changed) => {
              if (changed) props.onChanged?.(changed)
              close()
            }}
          />
        </Show>
      </Show>
    </li>
  )
}
