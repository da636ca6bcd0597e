/**
 * The document's sign-off (issue 13), under its title and facts line: a toggle in the facts line
 * (so the text starts as high as before while the panel is closed) and the panel it opens. The
 * panel shows the status and what fits it: for a draft, "Start a round" (editors) and the last
 * objection until the next round; during a round, each party's state with who decided, when and
 * their note, the content hash, the decision buttons for a signatory and "withdraw"; for a final
 * document, the decision record, its amendments and "Start an amendment". Everything is fetched
 * from the API again whenever the page says sign-off changed (`tick`), so the server decides.
 */
import type { Decision, DocumentStatus, Role } from '@trepart/shared/parties'
import { PARTY_KEYS, roleCanWrite } from '@trepart/shared/parties'
import { createEffect, createResource, createSignal, For, type JSX, on, Show } from 'solid-js'
import { FormError } from '../../../components/form-error.js'
import { PartyBadge } from '../../../components/party.js'
import { createAction } from '../../../lib/action.js'
import { api, type DocumentInfo, type RoundWithDecisions } from '../../../lib/api.js'
import { errorMessage } from '../../../lib/error-messages.js'
import { t } from '../../../lib/i18n/i18n.js'
import { formatTime } from '../../../lib/labels.js'
import { followLink, navigate } from '../../../router.js'
import { createRoundStart, MissingSignatories } from './round-start.js'
import {
  approvedRound,
  dueAtFromDay,
  mayDecide,
  mayWithdraw,
  needsNote,
  objectedRound,
  openRound,
  partyStates,
  shortHash,
  sinceLastRound,
} from './sign-off-state.js'
import './sign-off-messages.js'
import './sign-off.css'

export const SIGN_OFF_PANEL_ID = 'sign-off-panel'

export interface SignOffViewer {
  id: string
  role: Role
  party: string
  signatory: boolean
}

/** The document's rounds (and its amendments once final), fetched again on every `tick`. */
export function createSignOff(
  documentId: string,
  document: DocumentInfo,
  tick: () => number,
  status: () => DocumentStatus,
) {
  // A failed fetch (offline, a server away) keeps what was shown and says why: a resource read in
  // its error state would throw into the page.
  const [error, setError] = createSignal<unknown>(null)
  const kept =
    <T,>(fetch: () => Promise<T>) =>
    async (_source: unknown, info: { value: T | undefined }): Promise<T> => {
      try {
        const value = await fetch()
        setError(null)
        return value
      } catch (e) {
        setError(e)
        return info.value as T
      }
    }
  const [rounds] = createResource(
    () => tick() + 1,
    kept(async () => (await api.rounds(documentId)).rounds),
    { initialValue: [] },
  )
  const [amendments] = createResource(
    () => (status() === 'final' ? tick() + 1 : false),
    kept(async () =>
      (await api.documents(document.workspaceId, {})).documents.filter((d) => d.amendsId === documentId),
    ),
    { initialValue: [] },
  )
  return { rounds, amendments, error }
}
export type SignOff = ReturnType<typeof createSignOff>

/** What the toggle says about the sign-off at a glance. */
function summary(status: DocumentStatus, rounds: readonly RoundWithDecisions[]): string {
  if (status === 'final') return t('signoff.summary.final')
  const current = openRound(rounds)
  if (status === 'in_review' && current)
    return t('signoff.summary.in_review', { decided: current.decisions.length, total: PARTY_KEYS.length })
  if (objectedRound(rounds)) return t('signoff.summary.objected')
  return t('signoff.summary.draft')
}

/** The button in the facts line that opens and closes the panel. */
export function SignOffToggle(props: {
  signOff: SignOff
  status: DocumentStatus
  open: boolean
  onToggle: () => void
}) {
  return (
    <button
      type="button"
      class="small sign-off-toggle"
      aria-expanded={props.open}
      aria-controls={SIGN_OFF_PANEL_ID}
      onClick={() => props.onToggle()}
    >
      {summary(props.status, props.signOff.rounds())}
    </button>
  )
}

const decisionLabel = (decision: Decision) => t(`signoff.decision.${decision}`)

/** The full hash, shortened on sight and whole on request. */
function Hash(props: { hash: string }) {
  return (
    <span class="sign-off-hash">
      {t('signoff.hash')} <code title={props.hash}>{shortHash(props.hash)}</code>{' '}
      <details class="sign-off-hash-full">
        <summary>{t('signoff.hash.show')}</summary>
        <code>{props.hash}</code>
      </details>
    </span>
  )
}

/** Each party's decision in a round: name and colour, the decision in words, who, when and the note. */
function PartyDecisions(props: { round: RoundWithDecisions; awaiting: boolean }) {
  return (
    <ul class="sign-off-parties">
      <For each={partyStates(props.round)}>
        {(state) => (
          <li data-party={state.party} data-decision={state.decision?.decision ?? 'awaiting'}>
            <PartyBadge party={state.party} />
            <Show
              when={state.decision}
              fallback={
                <span class="sign-off-state">
                  {props.awaiting ? t('signoff.state.awaiting') : t('signoff.state.none')}
                </span>
              }
            >
              {(d) => (
                <>
                  <span class="sign-off-state">
                    <strong>{decisionLabel(d().decision)}</strong>{' '}
                    {t('signoff.decided_by', { name: d().by.name, time: formatTime(d().at) })}
                  </span>
                  <Show when={d().note}>
                    {(note) => (
                      <blockquote class="sign-off-note">
                        <span class="visually-hidden">
                          {d().decision === 'object'
                            ? t('signoff.note.objection')
                            : t('signoff.note.reservation')}
                        </span>
                        {note()}
                      </blockquote>
                    )}
                  </Show>
                </>
              )}
            </Show>
          </li>
        )}
      </For>
    </ul>
  )
}

/** Who started the round, when, its due date and message, and its hash. */
function RoundFacts(props: { round: RoundWithDecisions }) {
  const r = () => props.round.round
  return (
    <p class="sign-off-facts">
      <span>{t('signoff.started_by', { name: r().startedBy.name, time: formatTime(r().startedAt) })}</span>
      <Show when={r().dueAt}>{(due) => <span>{t('signoff.due', { time: formatTime(due()) })}</span>}</Show>
      <Hash hash={r().contentHash} />
      <Show when={r().message}>{(message) => <span class="sign-off-message">«{message()}»</span>}</Show>
    </p>
  )
}

export function SignOffPanel(props: {
  documentId: string
  document: DocumentInfo
  status: DocumentStatus
  viewer: SignOffViewer
  signOff: SignOff
  offline: boolean
  /** After a step of one's own: fetch the rounds and the document's status again. */
  onChanged: () => void
}) {
  const rounds = () => props.signOff.rounds()
  const current = () => openRound(rounds())
  const isEditor = () => roleCanWrite(props.viewer.role)
  const since = () => sinceLastRound(rounds(), props.status)
  const versionsPath = `/d/${encodeURIComponent(props.documentId)}/versions`
  let heading: HTMLHeadingElement | undefined
  // A new status is said to screen readers; and when the step took the focused button away (the
  // form it was in is gone), focus goes to the panel's heading rather than to the page's start.
  const [announcement, setAnnouncement] = createSignal('')
  createEffect(
    on(
      () => props.status,
      (status) => {
        setAnnouncement(summary(status, rounds()))
        const active = document.activeElement
        if (!active || active === document.body) heading?.focus()
      },
      { defer: true },
    ),
  )

  return (
    <section id={SIGN_OFF_PANEL_ID} class="sign-off-panel" aria-labelledby="sign-off-heading">
      <p class="visually-hidden" role="status">
        {announcement()}
      </p>
      <h2 id="sign-off-heading" tabIndex={-1} ref={heading}>
        {t('signoff.heading')} <span class="tag">{t(`common.status.${props.status}`)}</span>
      </h2>
      <Show when={props.signOff.error()}>
        {(error) => (
          <p class="error" role="alert">
            {errorMessage(error())}
          </p>
        )}
      </Show>
      <ByStatus
        status={props.status}
        views={{
          draft: () => (
            <div class="sign-off-columns">
              <div class="sign-off-main">
                <Show when={objectedRound(rounds())} fallback={<p>{t('signoff.draft.body')}</p>}>
                  {(objected) => (
                    <div class="sign-off-objection">
                      <h3>{t('signoff.objected.heading')}</h3>
                      <p>{t('signoff.objected.body')}</p>
                      <PartyDecisions round={objected()} awaiting={false} />
                    </div>
                  )}
                </Show>
              </div>
              <Show when={isEditor() && !props.offline}>
                <div class="sign-off-actions">
                  <StartRoundForm documentId={props.documentId} onStarted={props.onChanged} />
                </div>
              </Show>
            </div>
          ),
          in_review: () => (
            <Show when={current()} fallback={<p>{t('signoff.loading')}</p>}>
              {(round) => (
                <div class="sign-off-columns">
                  <div class="sign-off-main">
                    <RoundFacts round={round()} />
                    <PartyDecisions round={round()} awaiting={true} />
                  </div>
                  <div class="sign-off-actions">
                    <Show when={mayDecide(props.viewer, round()) && !props.offline}>
                      <DecisionForm
                        documentId={props.documentId}
                        party={props.viewer.party}
                        round={round()}
                        onDecided={props.onChanged}
                      />
                    </Show>
                    <Show when={mayWithdraw(props.viewer.id, props.viewer, round()) && !props.offline}>
                      <WithdrawButton documentId={props.documentId} onWithdrawn={props.onChanged} />
                    </Show>
                  </div>
                </div>
              )}
            </Show>
          ),
          final: () => (
            <div class="sign-off-columns">
              <div class="sign-off-main">
                <Show when={approvedRound(rounds())} fallback={<p>{t('signoff.loading')}</p>}>
                  {(record) => (
                    <div class="sign-off-record">
                      <h3>{t('signoff.record.heading')}</h3>
                      <p>
                        {t('signoff.record.body', {
                          time: formatTime(record().round.endedAt ?? record().round.startedAt),
                        })}
                      </p>
                      <p class="sign-off-record-hash">
                        {t('signoff.record.hash')} <code>{record().round.contentHash}</code>
                      </p>
                      <PartyDecisions round={record()} awaiting={false} />
                    </div>
                  )}
                </Show>
              </div>
              <div class="sign-off-actions">
                <Amendments
                  signOff={props.signOff}
                  documentId={props.documentId}
                  canAmend={isEditor() && !props.offline}
                />
              </div>
            </div>
          ),
        }}
      />
      <p class="sign-off-links">
        <Show when={since()}>
          {(diff) => (
            <a
              href={`${versionsPath}?from=${encodeURIComponent(diff().from)}&to=${encodeURIComponent(diff().to)}`}
              onClick={followLink}
            >
              {t('signoff.link.since_round')}
            </a>
          )}
        </Show>
        <a href={versionsPath} onClick={followLink}>
          {t('signoff.link.versions')}
        </a>
      </p>
    </section>
  )
}

/** One of three views by the document's status. */
function ByStatus(props: { status: DocumentStatus; views: Record<DocumentStatus, () => JSX.Element> }) {
  return <>{props.views[props.status]()}</>
}

function StartRoundForm(props: { documentId: string; onStarted: () => void }) {
  const action = createAction()
  const round = createRoundStart()
  const submit = (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const dueAt = dueAtFromDay(String(data.get('dueAt') ?? ''))
    const message = String(data.get('message') ?? '').trim()
    round.clear()
    void action
      .run(() =>
        round.start(props.documentId, {
          ...(dueAt ? { dueAt } : {}),
          ...(message ? { message } : {}),
        }),
      )
      .then((ok) => {
        if (!ok) return
        form.reset()
        props.onStarted()
      })
  }
  return (
    <form class="sign-off-form" onSubmit={submit} aria-labelledby="start-round-heading" novalidate>
      <h3 id="start-round-heading">{t('signoff.start.heading')}</h3>
      <p class="hint">{t('signoff.start.body')}</p>
      <div class="sign-off-fields">
        <label>
          {t('signoff.start.due')}
          <input type="date" name="dueAt" />
        </label>
        <label class="sign-off-wide">
          {t('signoff.start.message')}
          <textarea name="message" rows="2" maxLength={2000} />
        </label>
      </div>
      <FormError message={action.message()} />
      <MissingSignatories parties={round.missing()} />
      <button type="submit" class="primary" aria-disabled={action.busy() ? 'true' : undefined}>
        {action.busy() ? t('signoff.start.busy') : t('signoff.start.submit')}
      </button>
    </form>
  )
}

/** A signatory's decision on the open round; also shown on a meeting's current agenda item. */
export function DecisionForm(props: {
  documentId: string
  party: string
  round: RoundWithDecisions
  onDecided: () => void
}) {
  const action = createAction()
  const [noteMissing, setNoteMissing] = createSignal(false)
  let note: HTMLTextAreaElement | undefined
  const mine = () => props.round.decisions.find((d) => d.party === props.party) ?? null
  // A new round (or a decision from another window) starts the form afresh.
  createEffect(
    on(
      () => props.round.round.id,
      () => {
        setNoteMissing(false)
        action.clear()
      },
      { defer: true },
    ),
  )
  const decide = (decision: Decision) => {
    const text = note?.value.trim() ?? ''
    if (needsNote(decision) && !text) {
      setNoteMissing(true)
      note?.focus()
      return
    }
    setNoteMissing(false)
    void action
      .run(async () => {
        await api.decide(props.documentId, {
          decision,
          contentHash: props.round.round.contentHash,
          ...(text ? { note: text } : {}),
        })
      })
      .then((ok) => {
        if (!ok) return
        if (note) note.value = ''
        props.onDecided()
      })
  }
  const error = () => (noteMissing() ? t('errors.signoff.note_required') : action.message())
  return (
    <form
      class="sign-off-form sign-off-decide"
      onSubmit={(e) => e.preventDefault()}
      aria-labelledby="decide-heading"
    >
      <h3 id="decide-heading">
        {t('signoff.decide.heading')} <PartyBadge party={props.party} />
      </h3>
      <p class="hint">
        {mine() ? t('signoff.decide.change') : t('signoff.decide.body')}{' '}
        {t('signoff.decide.hash', { hash: shortHash(props.round.round.contentHash) })}
      </p>
      <label class="sign-off-wide">
        {t('signoff.decide.note')}
        <span class="hint">{t('signoff.decide.note_hint')}</span>
        <textarea
          ref={note}
          name="note"
          rows="3"
          maxLength={4000}
          aria-invalid={noteMissing() ? 'true' : undefined}
          aria-describedby="decide-error"
        />
      </label>
      <FormError message={error()} id="decide-error" />
      <div class="sign-off-buttons">
        <button
          type="button"
          class="primary"
          onClick={() => decide('approve')}
          aria-disabled={action.busy() ? 'true' : undefined}
        >
          {t('signoff.decide.approve')}
        </button>
        <button
          type="button"
          onClick={() => decide('approve_with_reservation')}
          aria-disabled={action.busy() ? 'true' : undefined}
        >
          {t('signoff.decide.reservation')}
        </button>
        <button
          type="button"
          class="danger"
          onClick={() => decide('object')}
          aria-disabled={action.busy() ? 'true' : undefined}
        >
          {t('signoff.decide.object')}
        </button>
      </div>
    </form>
  )
}

function WithdrawButton(props: { documentId: string; onWithdrawn: () => void }) {
  const action = createAction()
  const withdraw = () =>
    void action
      .run(() => api.withdrawRound(props.documentId).then(() => undefined))
      .then((ok) => ok && props.onWithdrawn())
  return (
    <div class="sign-off-withdraw">
      <button
        type="button"
        class="small"
        onClick={withdraw}
        aria-disabled={action.busy() ? 'true' : undefined}
      >
        {t('signoff.withdraw')}
      </button>
      <FormError message={action.message()} />
    </div>
  )
}

function Amendments(props: { signOff: SignOff; documentId: string; canAmend: boolean }) {
  const action = createAction()
  const amend = () =>
    void action.run(async () => {
      const { document } = await api.amend(props.documentId)
      navigate(`/d/${encodeURIComponent(document.id)}`)
    })
  return (
    <div class="sign-off-amendments">
      <h3>{t('signoff.amendments.heading')}</h3>
      <Show when={props.signOff.amendments().length > 0} fallback={<p>{t('signoff.amendments.none')}</p>}>
        <ul>
          <For each={props.signOff.amendments()}>
            {(doc) => (
              <li>
                <a href={`/d/${encodeURIComponent(doc.id)}`} onClick={followLink}>
                  {doc.title}
                </a>{' '}
                <span class="tag">{t(`common.status.${doc.status}`)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.canAmend}>
        <button type="button" onClick={amend} aria-disabled={action.busy() ? 'true' : undefined}>
          {action.busy() ? t('signoff.amend.busy') : t('signoff.amend.start')}
        </button>
        <FormError message={action.message()} />
      </Show>
    </div>
  )
}

/** For an amendment: what it amends, as a link (the title fetched; the id while it loads). */
export function AmendsLink(props: { amendsId: string }) {
  const [source] = createResource(
    () => props.amendsId,
    // Offline or gone: the link still works, with a plain name.
    async (id) => (await api.document(id).catch(() => null))?.document ?? null,
  )
  return (
    <span class="amends-link">
      {t('signoff.amends')}{' '}
      <a href={`/d/${encodeURIComponent(props.amendsId)}`} onClick={followLink}>
        {source()?.title ?? t('signoff.amends.fallback')}
      </a>
    </span>
  )
}
