/**
 * The documents list's filters (status, kind, initiating party, archived) as a labelled search
 * landmark: one radio group per filter, every choice visible, one press to apply.
 */
import type { DocumentKind, DocumentStatus, PartyKey } from '@trepart/shared'
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from '@trepart/shared/parties'
import { For, type JSX } from 'solid-js'
import { PartyBadge } from '../../components/party.js'
import { t } from '../../lib/i18n/i18n.js'
import { kindLabel, PARTIES, statusLabel } from '../../lib/labels.js'
import '../../lib/messages/workspace.js'
import type { DocumentFilter } from './document-filter.js'

/** One filter as a radio group: "all" and every value, each visible (also the follow-ups overview's). */
export function Choice<T extends string>(props: {
  legend: string
  name: string
  values: readonly T[]
  value: T | null
  label: (value: T) => JSX.Element
  onChange: (value: T | null) => void
}) {
  return (
    <fieldset class="filter">
      <legend>{props.legend}</legend>
      <label class="chip">
        <input
          type="radio"
          name={props.name}
          checked={props.value === null}
          onChange={() => props.onChange(null)}
        />
        {t('workspace.filter.all')}
      </label>
      <For each={props.values}>
        {(value) => (
          <label class="chip">
            <input
              type="radio"
              name={props.name}
              value={value}
              checked={props.value === value}
              onChange={() => props.onChange(value)}
            />
            {props.label(value)}
          </label>
        )}
      </For>
    </fieldset>
  )
}

export function DocumentFilters(props: {
  filter: DocumentFilter
  setFilter: (filter: DocumentFilter) => void
}) {
  const set = (patch: Partial<DocumentFilter>) => props.setFilter({ ...props.filter, ...patch })
  return (
    <search class="filters" aria-label={t('workspace.filter.label')}>
      <Choice<DocumentStatus>
        legend={t('workspace.filter.status')}
        name="filter-status"
        values={DOCUMENT_STATUSES}
        value={props.filter.status}
        label={statusLabel}
        onChange={(status) => set({ status })}
      />
      <Choice<DocumentKind>
        legend={t('workspace.filter.kind')}
        name="filter-kind"
        values={DOCUMENT_KINDS}
        value={props.filter.kind}
        label={kindLabel}
        onChange={(kind) => set({ kind })}
      />
      <Choice<PartyKey>
        legend={t('workspace.filter.party')}
        name="filter-party"
        values={PARTIES.map((p) => p.key as PartyKey)}
        value={props.filter.party}
        label={(party) => <PartyBadge party={party} />}
        onChange={(party) => set({ party })}
      />
      <label class="chip archived-toggle">
        <input
          type="checkbox"
          checked={props.filter.showArchived}
          onChange={(event) => set({ showArchived: event.currentTarget.checked })}
        />
        {t('workspace.filter.show_archived')}
      </label>
    </search>
  )
}
