/**
 * One checkbox per comment layer: each party's shared threads (its name and colour) and the
 * viewer's own party's internal ones. Unchecking hides that layer's threads and highlights.
 */
import { For } from 'solid-js'
import { PartyBadge } from '../../components/party.js'
import { t } from '../../lib/i18n/i18n.js'
import { PARTIES, partyLabel } from '../../lib/labels.js'
import type { CommentsState } from './comments-state.js'
import './comment-messages.js'
import type { LayerKey } from './layers.js'

export function LayerToggles(props: { state: CommentsState }) {
  const shown = (layer: LayerKey) => !props.state.hidden().has(layer)
  return (
    <fieldset class="comment-layers">
      <legend>{t('comments.layers.legend')}</legend>
      <For each={PARTIES}>
        {(party) => (
          <label class="choice">
            <input
              type="checkbox"
              checked={shown(party.key as LayerKey)}
              onChange={() => props.state.toggleLayer(party.key as LayerKey)}
            />
            <PartyBadge party={party.key} />
          </label>
        )}
      </For>
      <label class="choice">
        <input
          type="checkbox"
          checked={shown('internal')}
          onChange={() => props.state.toggleLayer('internal')}
        />
        <span class="party layer-internal" data-party={props.state.viewer.party}>
          <span class="party-swatch layer-internal-swatch" aria-hidden="true" />
          {t('comments.layers.internal', { party: partyLabel(props.state.viewer.party) })}
        </span>
      </label>
    </fieldset>
  )
}
