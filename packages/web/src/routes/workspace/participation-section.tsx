/**
 * The workspace's participation (issue 16, `/w/:id/participation`): a period (from and to, the
 * last 90 days unless chosen) and, per party, documents initiated, edits, threads, replies,
 * meetings attended and decisions signed, as small charts with names and numbers and a table
 * (participation-chart.tsx). The server counts only what the viewer may see.
 */
import { createResource, createSignal, createUniqueId, Match, Switch } from 'solid-js'
import { field } from '../../lib/action.js'
import { errorMessage } from '../../lib/error-messages.js'
import { followUpApi, type ParticipationPeriod } from '../../lib/follow-up-api.js'
import { locale, t } from '../../lib/i18n/i18n.js'
import '../../lib/messages/participation.js'
import { dayInputValue } from '../document/share-export/share-export-state.js'
import { addDays, formatDueDay } from '../follow-ups/follow-up-state.js'
import { ParticipationCharts } from './participation-chart.js'
import '../follow-ups/follow-ups.css'

/** The period shown first, as the server's default: the last 90 days, today included. */
const DEFAULT_DAYS = 90

export function ParticipationSection(props: { workspaceId: string }) {
  const id = createUniqueId()
  const today = dayInputValue(new Date())
  const [period, setPeriod] = createSignal<ParticipationPeriod>({
    from: addDays(today, -(DEFAULT_DAYS - 1)),
    to: today,
  })
  const [data] = createResource(period, (p) => followUpApi.participation(props.workspaceId, p))
  const range = () => {
    const shown = data.state === 'ready' ? data() : null
    const p = period()
    return t('participation.range', {
      from: formatDueDay(shown?.from ?? p.from ?? '', locale()),
      to: formatDueDay(shown?.to ?? p.to ?? '', locale()),
    })
  }

  return (
    <section class="participation-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('participation.heading')}</h2>
      <p class="hint">{t('participation.lead')}</p>
      <form
        class="participation-period"
        aria-label={t('participation.period')}
        onSubmit={(event) => {
          event.preventDefault()
          const form = new FormData(event.currentTarget)
          setPeriod({ from: field(form, 'from'), to: field(form, 'to') })
        }}
      >
        <div class="field">
          <label for={`${id}-from`}>{t('participation.from')}</label>
          <input id={`${id}-from`} name="from" type="date" value={period().from} max={today} required />
        </div>
        <div class="field">
          <label for={`${id}-to`}>{t('participation.to')}</label>
          <input id={`${id}-to`} name="to" type="date" value={period().to} required />
        </div>
        <button type="submit">{t('participation.show')}</button>
      </form>
      <Switch>
        <Match when={data.error}>
          <p class="error" role="alert">
            {errorMessage(data.error)}
          </p>
        </Match>
        <Match when={data.latest}>
          {(figures) => (
            <>
              <p class="participation-range" aria-live="polite">
                {range()}
              </p>
              <ParticipationCharts data={figures()} range={range()} />
            </>
          )}
        </Match>
        <Match when={data.loading}>
          <p class="loading">{t('participation.loading')}</p>
        </Match>
      </Switch>
    </section>
  )
}
