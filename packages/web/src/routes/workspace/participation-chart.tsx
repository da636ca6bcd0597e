/**
 * Participation per party as small bar charts in plain SVG (issue 16): one chart per measure
 * (documents initiated, edits, threads, replies, meetings attended, decisions signed), one bar per
 * party with the party's name written beside it and the number at the bar's end, so neither the
 * colour nor the length alone carries the meaning. Each chart is an image whose label says every
 * figure; the same figures are in a table under the charts.
 */
import type { WorkspaceParticipation } from '@trepart/shared'
import { For } from 'solid-js'
import { formatNumber } from '../../lib/i18n/dates.js'
import { locale, t } from '../../lib/i18n/i18n.js'
import { partyView } from '../../lib/labels.js'
import '../../lib/messages/participation.js'

type PartyFigures = WorkspaceParticipation['parties'][number]
type Measure = Exclude<keyof PartyFigures, 'party'>

const MEASURES: readonly { key: Measure; label: string }[] = [
  { key: 'documentsInitiated', label: 'participation.measure.documents_initiated' },
  { key: 'edits', label: 'participation.measure.edits' },
  { key: 'threads', label: 'participation.measure.threads' },
  { key: 'replies', label: 'participation.measure.replies' },
  { key: 'meetingsAttended', label: 'participation.measure.meetings_attended' },
  { key: 'decisionsSigned', label: 'participation.measure.decisions_signed' },
]

/** The chart's geometry in SVG units (it scales with its box). */
const WIDTH = 360
const ROW = 26
const NAME_WIDTH = 150
const NUMBER_ROOM = 44
const BAR_ROOM = WIDTH - NAME_WIDTH - NUMBER_ROOM

function MeasureChart(props: { measure: (typeof MEASURES)[number]; parties: readonly PartyFigures[] }) {
  const max = () => Math.max(1, ...props.parties.map((p) => p[props.measure.key]))
  const figures = () =>
    props.parties
      .map((p) =>
        t('participation.figure', {
          party: partyView(p.party).label,
          count: formatNumber(p[props.measure.key], locale()),
        }),
      )
      .join(', ')
  return (
    <figure class="participation-chart" data-measure={props.measure.key}>
      <figcaption>{t(props.measure.label)}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${props.parties.length * ROW}`}
        role="img"
        aria-label={t('participation.chart_label', { measure: t(props.measure.label), figures: figures() })}
      >
        <For each={props.parties}>
          {(p, i) => {
            const value = () => p[props.measure.key]
            const width = () => (value() / max()) * BAR_ROOM
            const y = () => i() * ROW
            return (
              <g data-party={p.party}>
                <text x={NAME_WIDTH - 6} y={y() + ROW / 2} text-anchor="end" dominant-baseline="central">
                  {partyView(p.party).label}
                </text>
                <rect
                  x={NAME_WIDTH}
                  y={y() + 4}
                  width={Math.max(width(), value() > 0 ? 2 : 0)}
                  height={ROW - 8}
                  fill={partyView(p.party).color}
                />
                <text
                  class="participation-value"
                  x={NAME_WIDTH + width() + 6}
                  y={y() + ROW / 2}
                  dominant-baseline="central"
                >
                  {formatNumber(value(), locale())}
                </text>
              </g>
            )
          }}
        </For>
      </svg>
    </figure>
  )
}

export function ParticipationCharts(props: { data: WorkspaceParticipation; range: string }) {
  return (
    <>
      <div class="participation-charts">
        <For each={MEASURES}>
          {(measure) => <MeasureChart measure={measure} parties={props.data.parties} />}
        </For>
      </div>
      <details class="participation-table">
        <summary>{t('participation.table.caption', { range: props.range })}</summary>
        <table>
          <caption class="visually-hidden">
            {t('participation.table.caption', { range: props.range })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('participation.table.party')}</th>
              <For each={MEASURES}>{(m) => <th scope="col">{t(m.label)}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={props.data.parties}>
              {(p) => (
                <tr data-party={p.party}>
                  <th scope="row">{partyView(p.party).label}</th>
                  <For each={MEASURES}>{(m) => <td>{formatNumber(p[m.key], locale())}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </details>
    </>
  )
}
