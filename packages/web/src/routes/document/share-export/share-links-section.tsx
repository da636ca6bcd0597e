/**
 * The dialog's share links: who may make one is decided as the server decides it (the shared
 * `mayShareDocument`, from the role, the signatory flag and the status the page knows); they make
 * one with an optional last day, and its address is shown this once, with a copy button and what
 * anyone holding it can read. Every member sees the links made (who, when, expiry, last use), never
 * their addresses; the maker, a signatory or an admin revokes one after a confirmation step.
 */
import type { DocumentStatus, Role } from '@trepart/shared'
import { mayRevokeShareLink, mayShareDocument } from '@trepart/shared/parties'
import { createResource, createSignal, For, Show } from 'solid-js'
import { CopyLink } from '../../../components/copy-link.js'
import { FormError } from '../../../components/form-error.js'
import { SubmitButton } from '../../../components/submit-button.js'
import { createAction } from '../../../lib/action.js'
import { api, type ShareLink } from '../../../lib/api.js'
import { errorMessage } from '../../../lib/error-messages.js'
import { t } from '../../../lib/i18n/i18n.js'
import { formatTime } from '../../../lib/labels.js'
import { dayInputValue, expiryFromDay, linkState } from './share-export-state.js'
import './share-export-messages.js'

export interface ShareViewer {
  id: string
  role: Role
  signatory: boolean
}

export function ShareLinksSection(props: {
  documentId: string
  status: DocumentStatus
  viewer: ShareViewer
}) {
  const [links, { refetch }] = createResource(async () => (await api.shareLinks(props.documentId)).links)
  const mayCreate = () => mayShareDocument(props.viewer, props.status)
  const [announcement, setAnnouncement] = createSignal<'revoked' | null>(null)
  let listHeading: HTMLHeadingElement | undefined

  return (
    <section class="share-export-section" aria-labelledby="share-links-heading">
      <h3 id="share-links-heading">{t('share.links.heading')}</h3>
      <p class="hint">
        {t('share.links.intro')} {t(`share.links.reads.${props.status}`)}
      </p>
      <Show when={mayCreate()} fallback={<p class="hint">{t('share.links.who')}</p>}>
        <CreateLinkForm
          documentId={props.documentId}
          status={props.status}
          onCreated={() => void refetch()}
        />
      </Show>

      <h4 id="share-list-heading" tabIndex={-1} ref={listHeading}>
        {t('share.list.heading')}
      </h4>
      <p class="visually-hidden" role="status">
        {announcement() === 'revoked' ? t('share.revoke.done') : ''}
      </p>
      <Show when={!links.error} fallback={<p class="error">{errorMessage(links.error)}</p>}>
        <Show
          when={(links() ?? []).length > 0}
          fallback={<p class="hint">{links.loading ? t('common.loading') : t('share.list.none')}</p>}
        >
          <ul class="share-links" aria-labelledby="share-list-heading">
            <For each={links()}>
              {(link) => (
                <LinkRow
                  link={link}
                  mayRevoke={mayRevokeShareLink(
                    { userId: props.viewer.id, role: props.viewer.role, signatory: props.viewer.signatory },
                    { createdById: link.createdBy.id },
                  )}
                  onRevoked={async () => {
                    await refetch()
                    setAnnouncement('revoked')
                    // The row's buttons are gone: the list's heading keeps the reader's place.
                    listHeading?.focus()
                  }}
                />
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  )
}

function CreateLinkForm(props: { documentId: string; status: DocumentStatus; onCreated: () => void }) {
  const action = createAction()
  const [dateProblem, setDateProblem] = createSignal<'past' | 'invalid' | null>(null)
  const [created, setCreated] = createSignal<{ url: string } | null>(null)
  const today = dayInputValue(new Date())
  let dateInput: HTMLInputElement | undefined

  const submit = (event: SubmitEvent) => {
    event.preventDefault()
    // A half-typed date reads as '' (no expiry): the field says it is not a date instead.
    const expiry = dateInput?.validity.badInput ? 'invalid' : expiryFromDay(dateInput?.value ?? '', today)
    if (typeof expiry === 'string') {
      setDateProblem(expiry)
      dateInput?.focus()
      return
    }
    setDateProblem(null)
    setCreated(null)
    void action.run(async () => {
      const { link } = await api.createShareLink(props.documentId, expiry)
      setCreated({ url: link.url })
      if (dateInput) dateInput.value = ''
      props.onCreated()
    })
  }

  return (
    <form class="share-create" onSubmit={submit} aria-labelledby="share-create-heading" novalidate>
      <h4 id="share-create-heading">{t('share.create.heading')}</h4>
      <div class="share-create-row">
        <label class="share-field">
          {t('share.create.expiry')}
          <input
            ref={dateInput}
            type="date"
            name="expiresOn"
            min={today}
            aria-invalid={dateProblem() ? 'true' : undefined}
            aria-describedby="share-expiry-hint share-create-error"
            onInput={() => setDateProblem(null)}
          />
          <span id="share-expiry-hint" class="hint">
            {t('share.create.expiry_hint')}
          </span>
        </label>
        <SubmitButton
          busy={action.busy()}
          label={t('share.create.submit')}
          busyLabel={t('share.create.busy')}
        />
      </div>
      <FormError
        id="share-create-error"
        message={
          dateProblem() === 'past'
            ? t('share.create.past')
            : dateProblem() === 'invalid'
              ? t('share.create.bad_date')
              : action.message()
        }
      />
      <Show when={created()} keyed>
        {(result) => (
          <div class="share-created">
            <CopyLink
              id="share-link-url"
              label={t('share.created.label')}
              url={result.url}
              hint={`${t('share.created.warning')} ${t(`share.links.reads.${props.status}`)}`}
            />
          </div>
        )}
      </Show>
    </form>
  )
}

function LinkRow(props: { link: ShareLink; mayRevoke: boolean; onRevoked: () => Promise<void> }) {
  const action = createAction()
  const [confirming, setConfirming] = createSignal(false)
  const state = () => linkState(props.link)
  const created = () => formatTime(props.link.createdAt)
  let revokeButton: HTMLButtonElement | undefined
  let cancelButton: HTMLButtonElement | undefined

  const ask = () => {
    setConfirming(true)
    // Cancel first: the step cannot be undone.
    cancelButton?.focus()
  }
  const cancel = () => {
    setConfirming(false)
    action.clear()
    revokeButton?.focus()
  }
  const revoke = () =>
    void action.run(async () => {
      await api.revokeShareLink(props.link.id)
      setConfirming(false)
      await props.onRevoked()
    })

  return (
    <li class="share-link" data-state={state()}>
      <div class="share-link-facts">
        <span class="tag">{t(`share.state.${state()}`)}</span>
        <span>{t('share.list.created', { name: props.link.createdBy.name, time: created() })}</span>
        <Show
          when={props.link.revokedAt}
          fallback={
            <span>
              {props.link.expiresAt
                ? t('share.list.expires', { time: formatTime(props.link.expiresAt) })
                : t('share.list.no_expiry')}
            </span>
          }
        >
          {(at) => <span>{t('share.list.revoked_at', { time: formatTime(at()) })}</span>}
        </Show>
        <span>
          {props.link.lastUsedAt
            ? t('share.list.last_used', { time: formatTime(props.link.lastUsedAt) })
            : t('share.list.never_used')}
        </span>
      </div>
      <Show when={props.mayRevoke && state() === 'active'}>
        <Show
          when={confirming()}
          fallback={
            <button type="button" class="small" ref={revokeButton} onClick={ask}>
              {t('share.revoke')}
              <span class="visually-hidden"> {t('share.revoke.which', { time: created() })}</span>
            </button>
          }
        >
          <div class="share-revoke-confirm">
            <p id={`revoke-q-${props.link.id}`}>{t('share.revoke.confirm')}</p>
            <div class="buttons">
              <button
                type="button"
                class="danger small"
                onClick={revoke}
                aria-disabled={action.busy() ? 'true' : undefined}
                aria-describedby={`revoke-q-${props.link.id}`}
              >
                {action.busy() ? t('share.revoke.busy') : t('share.revoke.yes')}
              </button>
              <button
                type="button"
                class="small"
                ref={cancelButton}
                onClick={cancel}
                aria-describedby={`revoke-q-${props.link.id}`}
              >
                {t('common.cancel')}
              </button>
            </div>
            <FormError message={action.message()} />
          </div>
        </Show>
      </Show>
    </li>
  )
}
