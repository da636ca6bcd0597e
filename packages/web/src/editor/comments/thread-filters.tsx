/** The panel's filters: which party's threads, open or resolved, in the text or detached. */
import { For } from 'solid-js'
import { t } from '../../lib/i18n/i18n.js'
import { PARTIES } from '../../lib/labels.js'
import type { CommentsState } from './comments-state.js'
import type { PlaceFilter, StatusFilter } from './filters.js'
import './comment-messages.js'

export function ThreadFilters(props: { state: CommentsState }) {
  const s = props.state
  return (
    <div class="thread-filters">
      <label>
        <span>{t('comments.filters.party')}</span>
        <select value={s.partyFilter()} onChange={(e) => s.setPartyFilter(e.currentTarget.value)}>
          <option value="all">{t('comments.filters.allParties')}</option>
          <For each={PARTIES}>{(party) => <option value={party.key}>{party.label}</option>}</For>
        </select>
      </label>
      <label>
        <span>{t('comments.filters.status')}</span>
        <select
          value={s.statusFilter()}
          onChange={(e) => s.setStatusFilter(e.currentTarget.value as StatusFilter)}
        >
          <option value="open">{t('comments.filters.open')}</option>
          <option value="resolved">{t('comments.filters.resolved')}</option>
          <option value="all">{t('comments.filters.all')}</option>
        </select>
      </label>
      <label>
        <span>{t('comments.filters.place')}</span>
        <select
          value={s.placeFilter()}
          onChange={(e) => s.setPlaceFilter(e.currentTarget.value as PlaceFilter)}
        >
          <option value="all">{t('comments.filters.all')}</option>
          <option value="attached">{t('comments.filters.attached')}</option>
          <option value="detached">{t('comments.filters.detached')}</option>
        </select>
      </label>
    </div>
  )
}
