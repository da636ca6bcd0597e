/**
 * The home page's "due this week" (issue 16): the open follow-up items of the signed-in person's
 * party in each of their workspaces that are due this week (by the server's word) or overdue, overdue first,
 * each with its workspace and decision. Shown only when there is something (or a failure to say).
 */
import { createResource, For, Show } from 'solid-js'
import { errorMessage } from '../../lib/error-messages.js'
import { followUpApi } from '../../lib/follow-up-api.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../lib/messages/follow-ups.js'
import { FollowUpCard } from '../follow-ups/follow-up-card.js'
import '../follow-ups/follow-ups.css'

export function DueThisWeek(props: { workspaceNames: ReadonlyMap<string, string> }) {
  // The server says which items are due this week (today through Sunday); overdue ones lead.
  const [mine] = createResource(() =>
    followUpApi.mine().then((r) => r.followUps.filter((f) => f.overdue || f.dueThisWeek)),
  )
  return (
    <Show when={mine.error || (mine.state === 'ready' && mine().length > 0)}>
      <section class="due-this-week" aria-labelledby="due-this-week-heading">
        <h2 id="due-this-week-heading">{t('followups.home.heading')}</h2>
        <Show when={mine.error}>
          <p class="error">{errorMessage(mine.error)}</p>
        </Show>
        <Show when={mine.state === 'ready' && mine()}>
          {(items) => (
            <ul class="follow-ups">
              <For each={items()}>
                {(item) => (
                  <FollowUpCard
                    item={item}
                    canEdit={false}
                    showDecision
                    workspaceName={props.workspaceNames.get(item.workspaceId)}
                  />
                )}
              </For>
            </ul>
          )}
        </Show>
      </section>
    </Show>
  )
}
