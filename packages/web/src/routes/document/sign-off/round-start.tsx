/**
 * Starting a sign-off round, from the document's sign-off panel or from a meeting's agenda item:
 * the server refuses a round while a party has no signatory (`ErrorId.NoSignatory`, naming them
 * in its message), and both places then name those parties by name and colour.
 */
import { ErrorId } from '@trepart/shared/errors'
import type { PartyKey } from '@trepart/shared/parties'
import { createSignal, For, Show } from 'solid-js'
import { PartyBadge } from '../../../components/party.js'
import { ApiError, api, type NewRound } from '../../../lib/api.js'
import { t } from '../../../lib/i18n/i18n.js'
import { partiesWithoutSignatory } from './sign-off-state.js'
import './sign-off-messages.js'

export function createRoundStart() {
  const [missing, setMissing] = createSignal<PartyKey[]>([])
  return {
    /** The parties the last refusal named; empty after `clear`. */
    missing,
    clear: () => setMissing([]),
    /** Starts the round; a refusal for want of signatories is kept in `missing`, and thrown on. */
    start: async (documentId: string, body: NewRound) => {
      try {
        await api.startRound(documentId, body)
      } catch (error) {
        if (error instanceof ApiError && error.id === ErrorId.NoSignatory)
          setMissing(partiesWithoutSignatory(error.message))
        throw error
      }
    },
  }
}

/** The parties without a signatory, once a start was refused for them. */
export function MissingSignatories(props: { parties: readonly PartyKey[] }) {
  return (
    <Show when={props.parties.length > 0}>
      <p class="sign-off-missing">
        {t('signoff.start.missing')} <For each={props.parties}>{(party) => <PartyBadge party={party} />}</For>
      </p>
    </Show>
  )
}
