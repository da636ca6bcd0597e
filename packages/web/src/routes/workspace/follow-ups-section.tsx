/**
 * The workspace's follow-up overview (issue 16, `/w/:id/follow-ups`): every open follow-up item
 * of the workspace's final decisions, overdue first, filterable by responsible party (name and
 * colour), status and decision, and "show done ones too". Editors change an item's status with a
 * note in place. Fetched again on the page's workspace stream's `followup` events, while the tab is shown.
 */
import type { FollowUpStatus, PartyKey } from '@trepart/shared'
import { createEffect, createResource, createSignal, createUniqueId, For, on, Show } from 'solid-js'
import { PartyBadge } from '../../components/party.js'
import { api } from '../../lib/api.js'
import { errorMessage } from '../../lib/error-messages.js'
import { type FollowUpQuery, followUpApi } from '../../lib/follow-up-api.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import { PARTIES } from '../../lib/labels.js'
import '../../lib/messages/follow-ups.js'
import { FollowUpCard, statusText } from '../follow-ups/follow-up-card.js'
import { createFollowUpList } from '../follow-ups/follow-up-list.js'
import { STATUS_ORDER } from '../follow-ups/follow-up-state.js'
import { Choice } from './document-filters.js'
import '../follow-ups/follow-ups.css'

export function FollowUpsSection(props: {
  workspaceId: string
  canEdit: boolean
  /** The workspace page's live stream: follow-up news on it, not on a stream of our own. */
  onFollowUpNews: (listener: (documentId: string | null) => void) => void
}) {
  const id = createUniqueId()
  const [party, setParty] = createSignal<PartyKey | null>(null)
  const [status, setStatus] = createSignal<FollowUpStatus | null>(null)
  const [decision, setDecision] = createSignal('')
  const [showDone, setShowDone] = createSignal(false)
  const query = (): FollowUpQuery => ({
    ...(party() ? { party: party()! } : {}),
    ...(status() ? { status: status()! } : {}),
    ...(decision() ? { documentId: decision() } : {}),
    open: showDone() || status() === 'done' ? 'false' : 'true',
  })

  // The decision filter offers the workspace's final documents (those that can carry items).
  const [decisions] = createResource(() =>
    api.documents(props.workspaceId, { status: 'final' }).then((r) => r.documents),
  )

  const list = createFollowUpList(() => followUpApi.ofWorkspace(props.workspaceId, query()))
  createEffect(on(query, list.load))
  props.onFollowUpNews(list.load)

  return (
    <section class="follow-ups-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('followups.overview.heading')}</h2>
      <p class="hint">{t('followups.overview.lead')}</p>
      <search class="filters" aria-label={t('followups.filter.label')}>
        <Choice<PartyKey>
          legend={t('followups.filter.party')}
          name="follow-up-party"
          values={PARTIES.map((p) => p.key as PartyKey)}
          value={party()}
          label={(key) => <PartyBadge party={key} />}
          onChange={setParty}
        />
        <Choice<FollowUpStatus>
          legend={t('followups.filter.status')}
          name="follow-up-status"
          values={STATUS_ORDER}
          value={status()}
          label={statusText}
          onChange={setStatus}
        />
        <div class="field">
          <label for={`${id}-decision`}>{t('followups.filter.decision')}</label>
          <select id={`${id}-decision`} onChange={(event) => setDecision(event.currentTarget.value)}>
            <option value="">{t('followups.filter.all')}</option>
            <For each={decisions.state === 'ready' ? decisions() : []}>
              {(doc) => (
                <option value={doc.id} selected={doc.id === decision()}>
                  {doc.title}
                </option>
              )}
            </For>
          </select>
        </div>
        <label class="chip">
          <input
            type="checkbox"
            checked={showDone()}
            onChange={(event) => setShowDone(event.currentTarget.checked)}
          />
          {t('followups.filter.show_done')}
        </label>
      </search>
      <Show when={list.error()}>
        {(e) => (
          <p class="error" role="alert">
            {errorMessage(e())}
          </p>
        )}
      </Show>
      <Show when={list.items()} fallback={<p class="loading">{t('followups.loading')}</p>}>
        {(items) => (
          <>
            <p class="follow-ups-count" aria-live="polite">
              {tCount('followups.overview.count', items().length)}
            </p>
            <Show when={items().length > 0} fallback={<p>{t('followups.overview.none')}</p>}>
              <ul class="follow-ups">
                <For each={items()}>
                  {(item) => (
                    <FollowUpCard item={item} canEdit={props.canEdit} showDecision onChanged={list.put} />
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </section>
  )
}
