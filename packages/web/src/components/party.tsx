/**
 * A party is always shown as its name and its colour together (the colour alone carries no meaning
 * for everyone): a badge for display, and a radio group for choosing one.
 */
import { For } from 'solid-js'
import { PARTIES, partyView } from '../lib/labels.js'

export function PartyBadge(props: { party: string }) {
  const party = () => partyView(props.party)
  return (
    <span class="party" data-party={party().key}>
      <span class="party-swatch" style={{ 'background-color': party().color }} aria-hidden="true" />
      {party().label}
    </span>
  )
}

/** Radio buttons for the three parties, read from the form as `name` (required unless `value` is set). */
export function PartyPicker(props: { name: string; legend: string; value?: string }) {
  return (
    <fieldset class="choices">
      <legend>{props.legend}</legend>
      <For each={PARTIES}>
        {(party) => (
          <label class="choice">
            <input
              type="radio"
              name={props.name}
              value={party.key}
              checked={props.value === party.key}
              required
            />
            <PartyBadge party={party.key} />
          </label>
        )}
      </For>
    </fieldset>
  )
}
