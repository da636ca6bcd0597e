/**
 * An agenda item's linked document at the table: a draft's "Start sign-off round" (editors; the
 * existing rounds route, whose 409 names the parties without a signatory), an open round's awaited
 * parties by name and colour, and, on the item the table is at, the decision form of the sign-off
 * panel for a signatory, so the parties decide where they sit. A final document says so.
 */
import type { PartyKey, Role } from '@trepart/shared/parties'
import { roleCanWrite } from '@trepart/shared/parties'
import { createResource, For, Show } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { PartyBadge } from '../../components/party.js'
import { createAction } from '../../lib/action.js'
import { api } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import type { AgendaItem } from '../../lib/meeting-api.js'
import '../../lib/messages/meetings.js'
import { createRoundStart, MissingSignatories } from '../document/sign-off/round-start.js'
import { DecisionForm } from '../document/sign-off/sign-off-panel.js'
import { ItemName } from './item-name.js'

export interface MeetingViewer {
  id: string
  role: Role
  party: PartyKey
  signatory: boolean
}

export function ItemRound(props: {
  item: AgendaItem
  viewer: MeetingViewer
  /** The item the table is at, in an open meeting: the parties decide here. */
  atTable: boolean
  /** The meeting is closed: nothing starts from its agenda any more. */
  closed: boolean
}) {
  const doc = () => props.item.document
  return (
    <Show when={doc()}>
      {(d) => (
        <div class="item-round" data-round-state={d().status}>
          <Show when={d().status === 'draft' && roleCanWrite(props.viewer.role) && !props.closed}>
            <StartRoundButton documentId={d().id} title={props.item.title} />
          </Show>
          <Show when={d().status === 'in_review'}>
            <p class="item-round-awaiting">
              <Show
                when={d().awaitingParties.length > 0}
                fallback={<span>{t('meetings.round.all_decided')}</span>}
              >
                <span>{t('meetings.round.awaiting')}</span>{' '}
                <For each={d().awaitingParties}>{(party) => <PartyBadge party={party} />}</For>
              </Show>
            </p>
            <Show when={props.atTable && props.viewer.signatory}>
              <TableDecision documentId={d().id} awaiting={d().awaitingParties} viewer={props.viewer} />
            </Show>
          </Show>
          <Show when={d().status === 'final'}>
            <p class="item-round-final">{t('meetings.round.final')}</p>
          </Show>
        </div>
      )}
    </Show>
  )
}

function StartRoundButton(props: { documentId: string; title: string }) {
  const action = createAction()
  const round = createRoundStart()
  const start = () => {
    round.clear()
    void action.run(() => round.start(props.documentId, {}))
  }
  return (
    <div class="item-round-start">
      <button type="button" onClick={start} aria-disabled={action.busy() ? 'true' : undefined}>
        {action.busy() ? t('meetings.round.starting') : t('meetings.round.start')}
        <ItemName title={props.title} />
      </button>
      <FormError message={action.message()} />
      <MissingSignatories parties={round.missing()} />
    </div>
  )
}

/** The open round of the document, fetched again whenever the awaited parties change. */
function TableDecision(props: { documentId: string; awaiting: readonly PartyKey[]; viewer: MeetingViewer }) {
  const [round, { refetch }] = createResource(
    () => `${props.documentId}:${props.awaiting.join(',')}`,
    async () => api.currentRound(props.documentId).catch(() => null),
  )
  return (
    <Show when={round()}>
      {(r) => (
        <div class="sign-off-panel item-decision">
          <DecisionForm
            documentId={props.documentId}
            party={props.viewer.party}
            round={r()}
            onDecided={() => void refetch()}
          />
        </div>
      )}
    </Show>
  )
}
