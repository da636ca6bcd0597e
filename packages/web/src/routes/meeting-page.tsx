/**
 * Route `/m/:meetingId`: one meeting of a workspace's forum (issue 16). Its facts and status, the
 * chair and the secretary by name and party; the agenda (meeting/agenda.tsx) and attendance; and
 * for the chair, secretary or an admin the buttons that run it: open, next item, close, draft the
 * minutes. The page follows the meeting's stream (meeting/live-meeting.ts). While the meeting is
 * open, every participant's page follows the item the table is at: the change is announced
 * politely and the item scrolled into view (focus stays where the reader is); "Stop following"
 * keeps the page still, "Follow the chair" goes back to the current item.
 */
import { roleAtLeast } from '@trepart/shared/parties'
import { createEffect, createResource, createSignal, on, onMount, Show } from 'solid-js'
import { Dialog } from '../components/dialog.js'
import { FormError } from '../components/form-error.js'
import { LoadFailedOrLoading } from '../components/load-failed-or-loading.js'
import { PartyBadge } from '../components/party.js'
import { SiteHeader } from '../components/site-header.js'
import { createAction } from '../lib/action.js'
import { api, type Member, type Membership, type User, type Workspace } from '../lib/api.js'
import { t } from '../lib/i18n/i18n.js'
import { formatTime } from '../lib/labels.js'
import { type Meeting, meetingApi } from '../lib/meeting-api.js'
import '../lib/messages/meetings.js'
import { usePageTitle } from '../lib/page-title.js'
import { orSignIn } from '../lib/require-sign-in.js'
import { loadMe } from '../lib/session.js'
import { followLink, loginPath } from '../router.js'
import { Agenda, itemElementId } from './meeting/agenda.js'
import { mayRun, nextItem } from './meeting/agenda-state.js'
import { Attendance } from './meeting/attendance.js'
import { createLiveMeeting } from './meeting/live-meeting.js'
import { MeetingDialog } from './meeting/meeting-dialog.js'
import './meeting/meeting.css'
import './workspace/workspace.css'

async function loadMeeting(meetingId: string) {
  const { meeting } = await meetingApi.meeting(meetingId)
  const [workspace, members, me] = await Promise.all([
    api.workspace(meeting.workspaceId),
    api.members(meeting.workspaceId),
    loadMe(),
  ])
  return {
    meeting,
    workspace: workspace.workspace,
    me: workspace.me,
    members: members.members,
    user: me.user,
  }
}

export default function MeetingPage(props: { meetingId: string }) {
  const [data] = createResource(() => orSignIn(() => loadMeeting(props.meetingId)))
  const ready = () => (data.state === 'ready' ? data() : undefined)
  const [title, setTitle] = createSignal<string | null>(null)
  const pageTitle = () => title() ?? ready()?.meeting.title ?? t('meetings.fallback_title')
  usePageTitle(pageTitle)
  return (
    <>
      <SiteHeader
        userName={ready()?.user.name}
        crumbs={[
          ...(ready()
            ? [
                {
                  label: ready()!.workspace.name,
                  href: `/w/${encodeURIComponent(ready()!.workspace.id)}/meetings`,
                },
              ]
            : []),
          { label: pageTitle() },
        ]}
      />
      <main id="main" tabIndex={-1} class="wide meeting-page">
        <Show
          when={ready()}
          fallback={
            <LoadFailedOrLoading
              title={t('meetings.fallback_title')}
              error={data.error}
              notFound={t('meetings.not_found')}
            />
          }
        >
          {(loaded) => (
            <MeetingView
              initial={loaded().meeting}
              workspace={loaded().workspace}
              me={loaded().me}
              members={loaded().members}
              user={loaded().user}
              onTitle={setTitle}
            />
          )}
        </Show>
      </main>
    </>
  )
}

function MeetingView(props: {
  initial: Meeting
  workspace: Workspace
  me: Membership
  members: Member[]
  user: User
  onTitle: (title: string) => void
}) {
  const live = createLiveMeeting(props.initial.id, props.initial)
  const meeting = live.meeting
  createEffect(() => props.onTitle(meeting().title))
  const viewer = {
    id: props.user.id,
    role: props.me.role,
    party: props.me.party,
    signatory: props.me.signatory,
  }
  const runs = () => mayRun(meeting(), props.user.id, props.me.role)
  const canEdit = () => roleAtLeast(props.me.role, 'editor')
  const status = () => meeting().status
  const action = createAction()
  const [confirmClose, setConfirmClose] = createSignal(false)
  const [editing, setEditing] = createSignal(false)

  // One polite region for what changes under the reader: the table's item, a reorder.
  const [announcement, setAnnouncement] = createSignal('')
  const announce = (text: string) => {
    setAnnouncement('')
    queueMicrotask(() => setAnnouncement(text))
  }

  const [following, setFollowing] = createSignal(true)
  const current = () => meeting().items.find((i) => i.id === meeting().currentItemId) ?? null
  const scrollToCurrent = () => {
    const item = current()
    const row = item ? document.getElementById(itemElementId(item.id)) : null
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
    row?.scrollIntoView({ block: 'center', behavior: still ? 'auto' : 'smooth' })
  }
  createEffect(
    on(
      () => (status() === 'open' ? meeting().currentItemId : null),
      (id) => {
        const item = current()
        if (!id || !item) return
        announce(t('meetings.table.now', { number: item.position + 1, title: item.title }))
        if (following()) queueMicrotask(scrollToCurrent)
      },
      { defer: true },
    ),
  )
  // A step that took the focused control away (Open once open, a decision form once decided):
  // focus goes to the page's controls, or its heading, never to <body>.
  createEffect(
    on(
      () => [
        status(),
        meeting().currentItemId,
        meeting()
          .items.map((i) => i.document?.status)
          .join(),
      ],
      () =>
        queueMicrotask(() => {
          const active = document.activeElement
          if (active && active !== document.body) return
          const target =
            document.querySelector<HTMLElement>('.meeting-controls button:not([aria-disabled])') ??
            document.querySelector<HTMLElement>('#main h1')
          target?.focus()
        }),
      { defer: true },
    ),
  )

  // Coming in while the table is at an item: straight to it (the reader follows until they stop).
  onMount(() => {
    if (status() === 'open' && current()) requestAnimationFrame(scrollToCurrent)
  })
  const toggleFollowing = () => {
    const next = !following()
    setFollowing(next)
    announce(next ? t('meetings.follow.on') : t('meetings.follow.off'))
    if (next) scrollToCurrent()
  }

  const step = (run: () => Promise<unknown>) => void action.run(() => run().then(() => {}))
  const next = () => nextItem(meeting().items, meeting().currentItemId)

  return (
    <Show
      when={live.state() !== 'gone' && live.state() !== 'signed-out'}
      fallback={
        <>
          <h1 tabIndex={-1}>{meeting().title}</h1>
          <div class="gone" role="alert">
            <Show
              when={live.state() === 'gone'}
              fallback={
                <p>
                  {t('meetings.gone.signed_out')}{' '}
                  <a href={loginPath()} onClick={followLink}>
                    {t('common.log_in')}
                  </a>
                </p>
              }
            >
              <p>{t('meetings.not_found')}</p>
            </Show>
          </div>
        </>
      }
    >
      <div class="meeting-head">
        <h1 tabIndex={-1}>{meeting().title}</h1>
        <span class="tag meeting-status" data-status={status()}>
          {t(`meetings.status.${status()}`)}
        </span>
      </div>
      <dl class="facts meeting-facts">
        <dt>{t('meetings.facts.time')}</dt>
        <dd>
          {formatTime(meeting().startsAt)} – {formatTime(meeting().endsAt)}
        </dd>
        <Show when={meeting().place}>
          {(place) => (
            <>
              <dt>{t('meetings.facts.place')}</dt>
              <dd>{place()}</dd>
            </>
          )}
        </Show>
        <Show when={meeting().videoUrl}>
          {(url) => (
            <>
              <dt>{t('meetings.facts.video')}</dt>
              <dd>
                <a href={url()} target="_blank" rel="noopener noreferrer">
                  {url()}
                </a>
              </dd>
            </>
          )}
        </Show>
        <dt>{t('meetings.facts.chair')}</dt>
        <dd>
          <Show when={meeting().chair} fallback={t('meetings.facts.nobody')}>
            {(p) => (
              <span class="meeting-person" data-role="chair">
                {p().name} <PartyBadge party={p().party} />
              </span>
            )}
          </Show>
        </dd>
        <dt>{t('meetings.facts.secretary')}</dt>
        <dd>
          <Show when={meeting().secretary} fallback={t('meetings.facts.nobody')}>
            {(p) => (
              <span class="meeting-person" data-role="secretary">
                {p().name} <PartyBadge party={p().party} />
              </span>
            )}
          </Show>
        </dd>
      </dl>
      <p class="visually-hidden meeting-announcement" role="status" aria-live="polite">
        {announcement()}
      </p>
      <div class="meeting-controls">
        <Show when={canEdit() && status() !== 'closed'}>
          <button type="button" onClick={() => setEditing(true)}>
            {t('meetings.control.edit')}
          </button>
        </Show>
        <Show when={runs() && status() === 'planned'}>
          <button type="button" class="primary" onClick={() => step(() => meetingApi.open(meeting().id))}>
            {t('meetings.control.open')}
          </button>
        </Show>
        <Show when={runs() && status() === 'open'}>
          <Show when={meeting().items.length > 0}>
            {/* Kept in place after the last item (disabled, saying so), so focus is not lost. */}
            <button
              type="button"
              class="primary"
              aria-disabled={next() ? undefined : 'true'}
              aria-describedby={next() ? undefined : 'meeting-last-item'}
              onClick={() => {
                const item = next()
                if (item) step(() => meetingApi.setCurrent(meeting().id, item.id))
              }}
            >
              {meeting().currentItemId ? t('meetings.control.next') : t('meetings.control.first')}
            </button>
            <Show when={!next()}>
              <span id="meeting-last-item" class="hint-inline">
                {t('meetings.control.last')}
              </span>
            </Show>
          </Show>
          <button type="button" onClick={() => setConfirmClose(true)}>
            {t('meetings.control.close')}
          </button>
        </Show>
        <Show when={status() === 'open'}>
          <button type="button" class="follow-toggle" onClick={toggleFollowing}>
            {following() ? t('meetings.follow.stop') : t('meetings.follow.start')}
          </button>
        </Show>
        <Show
          when={meeting().minutesDocumentId}
          fallback={
            <Show when={runs() && status() !== 'planned'}>
              <button type="button" onClick={() => step(() => meetingApi.draftMinutes(meeting().id))}>
                {t('meetings.control.draft_minutes')}
              </button>
            </Show>
          }
        >
          {(id) => (
            <a class="minutes-link" href={`/d/${encodeURIComponent(id())}`} onClick={followLink}>
              {t('meetings.control.minutes')}
            </a>
          )}
        </Show>
      </div>
      <FormError message={action.message()} />
      <Show when={status() === 'open' && current()}>
        {(item) => (
          <p class="meeting-now">
            {t('meetings.table.now', { number: item().position + 1, title: item().title })}
          </p>
        )}
      </Show>
      <div class="meeting-columns">
        <Agenda meeting={meeting()} viewer={viewer} canEdit={canEdit()} runs={runs()} announce={announce} />
        <Attendance
          meeting={meeting()}
          members={props.members}
          mayCorrect={runs() && status() !== 'planned'}
        />
      </div>
      <Show when={editing()}>
        <MeetingDialog
          workspaceId={meeting().workspaceId}
          members={props.members}
          myId={props.user.id}
          meeting={meeting()}
          onClose={() => setEditing(false)}
        />
      </Show>
      <Show when={confirmClose()}>
        <Dialog title={t('meetings.close.heading')} onClose={() => setConfirmClose(false)}>
          <p>{t('meetings.close.body')}</p>
          <div class="buttons">
            <button
              type="button"
              class="primary"
              onClick={() => {
                setConfirmClose(false)
                step(() => meetingApi.close(meeting().id))
              }}
            >
              {t('meetings.control.close')}
            </button>
            <button type="button" data-autofocus onClick={() => setConfirmClose(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      </Show>
    </Show>
  )
}
