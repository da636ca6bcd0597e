/**
 * The participation balance of the document's dialogue: per party, threads started and replies,
 * as one bar of the parties' shares and, under it, each party's name with its numbers (the
 * colours alone say nothing to many readers): threads, replies, and (issue 16) the edits the server
 * counted by the writing connection's party and the sign-off decisions its signatories made.
 * Counts only what the viewer may see (the server's).
 */
import { For, Show } from 'solid-js'
import type { PartyParticipation } from '../../lib/api.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import { partyView } from '../../lib/labels.js'
import '../../lib/messages/participation.js'
import './comment-messages.js'

export function ParticipationBar(props: { parties: readonly PartyParticipation[] | null }) {
  const total = () => (props.parties ?? []).reduce((sum, p) => sum + p.threads + p.replies, 0)
  return (
    <section class="participation" aria-labelledby="participation-title">
      <h3 id="participation-title" class="participation-title">
        {t('comments.participation.title')}
      </h3>
      <Show when={props.parties}>
        {(parties) => (
          <>
            <Show when={total() > 0}>
              <div class="participation-bar" aria-hidden="true">
                <For each={parties()}>
                  {(p) => (
                    <span
                      class="participation-share"
                      style={{
                        width: `${((p.threads + p.replies) / total()) * 100}%`,
                        'background-color': partyView(p.party).color,
                      }}
                    />
                  )}
                </For>
              </div>
            </Show>
            <ul class="participation-figures">
              <For each={parties()}>
                {(p) => (
                  <li data-party={p.party}>
                    <span
                      class="party-swatch"
                      style={{ 'background-color': partyView(p.party).color }}
                      aria-hidden="true"
                    />
                    <span class="participation-party">{partyView(p.party).label}</span>{' '}
                    <span class="participation-numbers">
                      {tCount('comments.participation.threads', p.threads)},{' '}
                      {tCount('comments.participation.replies', p.replies)},{' '}
                      {tCount('participation.doc.edits', p.edits)},{' '}
                      {tCount('participation.doc.decisions', p.decisions)}
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </>
        )}
      </Show>
    </section>
  )
}
