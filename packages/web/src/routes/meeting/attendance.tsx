/**
 * Who attends, per party (all three, an empty one as empty): each member of the workspace with
 * whether they were present, recorded from presence on the meeting page while it was open or set
 * by hand. The chair, the secretary or an admin corrects it with a checkbox per member.
 */
import { createSignal, For, Show } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { PartyBadge } from '../../components/party.js'
import { createAction } from '../../lib/action.js'
import type { Member } from '../../lib/api.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import { PARTIES } from '../../lib/labels.js'
import { type Meeting, meetingApi } from '../../lib/meeting-api.js'
import '../../lib/messages/meetings.js'

export function Attendance(props: { meeting: Meeting; members: readonly Member[]; mayCorrect: boolean }) {
  const action = createAction()
  const [pending, setPending] = createSignal<string | null>(null)
  const recordOf = (userId: string) => props.meeting.attendance.find((a) => a.user.id === userId)
  const set = (userId: string, present: boolean) => {
    setPending(userId)
    void action
      .run(() => meetingApi.setAttendance(props.meeting.id, userId, present).then(() => {}))
      .finally(() => setPending(null))
  }
  return (
    <section class="attendance" aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">{t('meetings.attendance.heading')}</h2>
      <Show when={props.mayCorrect}>
        <p class="hint">{t('meetings.attendance.hint')}</p>
      </Show>
      <FormError message={action.message()} />
      <div class="parties">
        <For each={PARTIES}>
          {(party) => {
            const members = () => props.members.filter((m) => m.party === party.key)
            const present = () => members().filter((m) => recordOf(m.user.id)?.present).length
            return (
              <section
                class="party-members"
                data-party={party.key}
                aria-labelledby={`attendance-${party.key}`}
              >
                <h3 id={`attendance-${party.key}`}>
                  <PartyBadge party={party.key} />
                </h3>
                <p class="hint">{tCount('meetings.attendance.present_count', present())}</p>
                <Show
                  when={members().length > 0}
                  fallback={<p class="hint">{t('meetings.attendance.none')}</p>}
                >
                  <ul class="attendance-list">
                    <For each={members()}>
                      {(member) => {
                        const record = () => recordOf(member.user.id)
                        const state = () =>
                          record()?.present
                            ? record()?.source === 'manual'
                              ? t('meetings.attendance.present_manual')
                              : t('meetings.attendance.present')
                            : record()
                              ? t('meetings.attendance.absent')
                              : t('meetings.attendance.not_seen')
                        return (
                          <li
                            data-user-id={member.user.id}
                            data-present={record()?.present ? 'true' : 'false'}
                          >
                            <Show
                              when={props.mayCorrect}
                              fallback={
                                <span>
                                  {member.user.name} <span class="hint-inline">· {state()}</span>
                                </span>
                              }
                            >
                              <label class="attendance-check">
                                <input
                                  type="checkbox"
                                  checked={record()?.present ?? false}
                                  aria-describedby={`attendance-state-${member.user.id}`}
                                  aria-disabled={pending() === member.user.id ? 'true' : undefined}
                                  onChange={(event) => set(member.user.id, event.currentTarget.checked)}
                                />
                                {member.user.name}
                              </label>{' '}
                              <span id={`attendance-state-${member.user.id}`} class="hint-inline">
                                · {state()}
                              </span>
                            </Show>
                          </li>
                        )
                      }}
                    </For>
                  </ul>
                </Show>
              </section>
            )
          }}
        </For>
      </div>
    </section>
  )
}
