/**
 * The workspace's meetings (issue 16): those at the table now, the upcoming ones and the past
 * ones, each with its time, place and chair (by name and party); editors make a new one in a
 * dialog. The list is fetched when the tab opens and again on each `meeting` event of the
 * workspace page's live stream (a meeting planned, changed, opened or closed by anyone).
 */
import type { Role } from '@trepart/shared'
import { roleAtLeast } from '@trepart/shared/parties'
import Plus from 'lucide-solid/icons/plus'
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js'
import { PartyBadge } from '../../components/party.js'
import type { Member } from '../../lib/api.js'
import { errorMessage } from '../../lib/error-messages.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import { formatTime } from '../../lib/labels.js'
import { type MeetingSummary, meetingApi } from '../../lib/meeting-api.js'
import '../../lib/messages/meetings.js'
import { followLink } from '../../router.js'
import { groupMeetings } from '../meeting/agenda-state.js'
import { MeetingDialog } from '../meeting/meeting-dialog.js'
import '../meeting/meeting.css'

export function MeetingsSection(props: {
  workspaceId: string
  role: Role
  members: readonly Member[]
  myId: string
  /** The workspace page's live stream: meeting news on it, not on a stream of our own. */
  onMeetingNews: (listener: () => void) => void
}) {
  const [creating, setCreating] = createSignal(false)
  const [meetings, { refetch }] = createResource(
    () => props.workspaceId,
    async (wid) => groupMeetings((await meetingApi.meetings(wid)).meetings),
  )
  const groups = () =>
    [
      { key: 'open', label: t('meetings.list.open'), meetings: meetings()?.open ?? [] },
      { key: 'upcoming', label: t('meetings.list.upcoming'), meetings: meetings()?.upcoming ?? [] },
      { key: 'past', label: t('meetings.list.past'), meetings: meetings()?.past ?? [] },
    ] as const
  props.onMeetingNews(() => void refetch())

  return (
    <section class="meetings-section" aria-labelledby="meetings-heading">
      <h2 id="meetings-heading" class="visually-hidden">
        {t('meetings.list.heading')}
      </h2>
      <Show when={roleAtLeast(props.role, 'editor')}>
        <div class="documents-toolbar">
          <button type="button" class="primary" onClick={() => setCreating(true)}>
            <Plus size="1.1em" aria-hidden="true" />
            {t('meetings.new.heading')}
          </button>
        </div>
      </Show>
      <Switch>
        <Match when={meetings.error}>
          <p class="error" role="alert">
            {errorMessage(meetings.error)}
          </p>
        </Match>
        <Match when={!meetings()}>
          <p class="loading">{t('common.loading')}</p>
        </Match>
        <Match when={meetings()}>
          <For each={groups()}>
            {(group) => (
              <section class="meeting-group" aria-labelledby={`meetings-${group.key}`}>
                <h3 id={`meetings-${group.key}`}>{group.label}</h3>
                <Show
                  when={group.meetings.length > 0}
                  fallback={<p class="hint">{t('meetings.list.none')}</p>}
                >
                  <ul class="meeting-list">
                    <For each={group.meetings}>{(meeting) => <MeetingCard meeting={meeting} />}</For>
                  </ul>
                </Show>
              </section>
            )}
          </For>
        </Match>
      </Switch>
      <Show when={creating()}>
        <MeetingDialog
          workspaceId={props.workspaceId}
          members={props.members}
          myId={props.myId}
          onClose={() => setCreating(false)}
        />
      </Show>
    </section>
  )
}

function MeetingCard(props: { meeting: MeetingSummary }) {
  return (
    <li class="meeting-card" data-status={props.meeting.status}>
      <a class="card-title" href={`/m/${encodeURIComponent(props.meeting.id)}`} onClick={followLink}>
        {props.meeting.title}
      </a>
      <span class="hint">
        {formatTime(props.meeting.startsAt)}
        <Show when={props.meeting.place}>{(place) => ` · ${place()}`}</Show>
        {' · '}
        {tCount('meetings.list.items', props.meeting.itemCount)}
      </span>
      <Show when={props.meeting.chair}>
        {(chair) => (
          <span class="meeting-person">
            {t('meetings.facts.chair')}: {chair().name} <PartyBadge party={chair().party} />
          </span>
        )}
      </Show>
    </li>
  )
}
