/**
 * A meeting's facts in a dialog: title, start and end, place, video link, chair and secretary (from
 * the workspace's editors and admins). "New meeting" from the meetings list (the creator
 * preselected; creating it opens the meeting's page, where the agenda is made), and "Edit meeting"
 * on a meeting's page (a cleared place or link is sent as `null`, which clears it).
 */
import { roleAtLeast } from '@trepart/shared/parties'
import { createSignal, For } from 'solid-js'
import { Dialog } from '../../components/dialog.js'
import { FormError } from '../../components/form-error.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, field, formSubmit } from '../../lib/action.js'
import { type Member, TEXT_LIMITS } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import { partyLabel } from '../../lib/labels.js'
import { type Meeting, type MeetingPatch, meetingApi } from '../../lib/meeting-api.js'
import '../../lib/messages/meetings.js'
import { navigate } from '../../router.js'
import { isoFromLocal, localFromDate } from './agenda-state.js'

/** The next whole hour from now, and two hours after it: a start the form proposes. */
function proposedTimes(): { start: string; end: string } {
  const start = new Date()
  start.setMinutes(0, 0, 0)
  start.setHours(start.getHours() + 1)
  const end = new Date(start.getTime() + 2 * 3_600_000)
  return { start: localFromDate(start), end: localFromDate(end) }
}

/** An editor's or admin's option: their name and party in words (a select shows no colour). */
export function PersonOptions(props: { members: readonly Member[] }) {
  return (
    <For each={props.members.filter((m) => roleAtLeast(m.role, 'editor'))}>
      {(m) => <option value={m.user.id}>{`${m.user.name} (${partyLabel(m.party)})`}</option>}
    </For>
  )
}

/** The facts of the form that differ from the meeting's; a cleared place or link as `null`. */
function changedFacts(
  meeting: Meeting,
  form: {
    title: string
    startsAt: string
    endsAt: string
    chairId: string
    secretaryId: string
    place: string
    videoUrl: string
  },
  /** What the chair and secretary fields show when the meeting has none (they left): not a change. */
  shownWhenNone: string,
): MeetingPatch {
  const patch: MeetingPatch = {}
  if (form.title.trim() !== meeting.title) patch.title = form.title
  if (Date.parse(form.startsAt) !== Date.parse(meeting.startsAt)) patch.startsAt = form.startsAt
  if (Date.parse(form.endsAt) !== Date.parse(meeting.endsAt)) patch.endsAt = form.endsAt
  // Only who runs the meeting may change who runs it (the server answers 403 otherwise), so a field
  // nobody touched must not be sent, also when it shows a stand-in for a chair who left.
  if (form.chairId !== (meeting.chair?.id ?? shownWhenNone)) patch.chairId = form.chairId
  if (form.secretaryId !== (meeting.secretary?.id ?? shownWhenNone)) patch.secretaryId = form.secretaryId
  if (form.place !== (meeting.place ?? '')) patch.place = form.place || null
  if (form.videoUrl !== (meeting.videoUrl ?? '')) patch.videoUrl = form.videoUrl || null
  return patch
}

export function MeetingDialog(props: {
  workspaceId: string
  members: readonly Member[]
  myId: string
  /** The meeting to edit; a new one when absent. */
  meeting?: Meeting
  onClose: () => void
}) {
  const action = createAction()
  const times = props.meeting
    ? {
        start: localFromDate(new Date(props.meeting.startsAt)),
        end: localFromDate(new Date(props.meeting.endsAt)),
      }
    : proposedTimes()
  const [endProblem, setEndProblem] = createSignal(false)
  const submit = formSubmit((form) => {
    const startsAt = isoFromLocal(field(form, 'startsAt'))
    const endsAt = isoFromLocal(field(form, 'endsAt'))
    if (!startsAt || !endsAt || Date.parse(endsAt) < Date.parse(startsAt)) {
      setEndProblem(true)
      document.getElementById('meeting-ends')?.focus()
      return
    }
    setEndProblem(false)
    const place = field(form, 'place').trim()
    const videoUrl = field(form, 'videoUrl').trim()
    const facts = {
      title: field(form, 'title'),
      startsAt,
      endsAt,
      chairId: field(form, 'chairId'),
      secretaryId: field(form, 'secretaryId'),
    }
    const editing = props.meeting
    void action.run(async () => {
      if (editing) {
        // Only what changed: the server writes what a change names, so two people editing
        // different facts at once keep both, and naming a chair or secretary is for those who run it.
        await meetingApi.updateMeeting(
          editing.id,
          changedFacts(editing, { ...facts, place, videoUrl }, props.myId),
        )
        props.onClose()
        return
      }
      const { meeting } = await meetingApi.createMeeting(props.workspaceId, {
        ...facts,
        ...(place ? { place } : {}),
        ...(videoUrl ? { videoUrl } : {}),
      })
      navigate(`/m/${encodeURIComponent(meeting.id)}`)
    })
  })
  return (
    <Dialog
      title={props.meeting ? t('meetings.edit.heading') : t('meetings.new.heading')}
      onClose={props.onClose}
    >
      <form class="stack" novalidate onSubmit={submit} aria-describedby="new-meeting-error">
        <div class="field">
          <label for="meeting-title">{t('meetings.new.title')}</label>
          <input
            id="meeting-title"
            name="title"
            value={props.meeting?.title ?? ''}
            data-maxlength={TEXT_LIMITS.meetingTitleMax}
            autocomplete="off"
            required
          />
        </div>
        <div class="meeting-times">
          <div class="field">
            <label for="meeting-starts">{t('meetings.new.starts')}</label>
            <input id="meeting-starts" name="startsAt" type="datetime-local" value={times.start} required />
          </div>
          <div class="field">
            <label for="meeting-ends">{t('meetings.new.ends')}</label>
            <input
              id="meeting-ends"
              name="endsAt"
              type="datetime-local"
              value={times.end}
              required
              aria-invalid={endProblem() ? 'true' : undefined}
              aria-describedby="meeting-ends-problem"
            />
            <p id="meeting-ends-problem" class="field-problem" aria-live="polite">
              {endProblem() ? t('meetings.new.ends_before') : ''}
            </p>
          </div>
        </div>
        <div class="field">
          <label for="meeting-place">{t('meetings.new.place')}</label>
          <input
            id="meeting-place"
            name="place"
            value={props.meeting?.place ?? ''}
            data-maxlength={TEXT_LIMITS.meetingPlaceMax}
            autocomplete="off"
          />
        </div>
        <div class="field">
          <label for="meeting-video">{t('meetings.new.video')}</label>
          <input
            id="meeting-video"
            name="videoUrl"
            value={props.meeting?.videoUrl ?? ''}
            type="url"
            inputMode="url"
            data-maxlength={TEXT_LIMITS.meetingUrlMax}
            autocomplete="off"
            placeholder="https://"
          />
        </div>
        <div class="meeting-times">
          <div class="field">
            <label for="meeting-chair">{t('meetings.new.chair')}</label>
            <select id="meeting-chair" name="chairId" value={props.meeting?.chair?.id ?? props.myId}>
              <PersonOptions members={props.members} />
            </select>
          </div>
          <div class="field">
            <label for="meeting-secretary">{t('meetings.new.secretary')}</label>
            <select
              id="meeting-secretary"
              name="secretaryId"
              value={props.meeting?.secretary?.id ?? props.myId}
            >
              <PersonOptions members={props.members} />
            </select>
          </div>
        </div>
        <FormError id="new-meeting-error" message={action.message()} />
        <div class="buttons">
          <SubmitButton
            busy={action.busy()}
            label={props.meeting ? t('meetings.edit.submit') : t('meetings.new.submit')}
            busyLabel={props.meeting ? t('meetings.item.busy') : t('meetings.new.busy')}
          />
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
