/**
 * The workspace's documents: a search of their titles and text (document-search.tsx), filters
 * (status, kind, initiating party, archived), the list with title, kind, status, initiating party
 * and last change, updating live; editors rename and archive documents and start new ones.
 */
import type { DocumentKind, DocumentStatus, PartyKey, Role } from '@trepart/shared'
import { DOCUMENT_KINDS, DOCUMENT_STATUSES, roleAtLeast } from '@trepart/shared/parties'
import { type Accessor, createSignal, For, type JSX, Match, Show, Switch } from 'solid-js'
import { Dialog } from '../../components/dialog.js'
import { FormError } from '../../components/form-error.js'
import { PartyBadge } from '../../components/party.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, field, formSubmit } from '../../lib/action.js'
import { api, type DocumentInfo, TEXT_LIMITS } from '../../lib/api.js'
import { errorMessage } from '../../lib/error-messages.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import { formatTime, kindLabel, PARTIES, statusLabel } from '../../lib/labels.js'
import '../../lib/messages/workspace.js'
import { followLink, navigate } from '../../router.js'
import { type DocumentFilter, isFiltered, NO_FILTER } from './document-filter.js'
import { DocumentSearch } from './document-search.js'
import type { LiveState } from './live-documents.js'

export function DocumentsSection(props: {
  workspaceId: string
  role: Role
  documents: Accessor<DocumentInfo[] | null>
  loadError: Accessor<unknown>
  live: Accessor<LiveState>
  filter: Accessor<DocumentFilter>
  setFilter: (filter: DocumentFilter) => void
}) {
  const canEdit = () => roleAtLeast(props.role, 'editor')
  const [renaming, setRenaming] = createSignal<DocumentInfo | null>(null)
  const [notice, setNotice] = createSignal<{ doc: DocumentInfo; archived: boolean } | null>(null)
  const archive = createAction()

  const setArchived = (doc: DocumentInfo, archived: boolean) =>
    archive.run(async () => {
      await api.updateDocument(doc.id, { archived })
      setNotice({ doc, archived })
    })

  return (
    <section class="documents-section" aria-labelledby="documents-heading">
      <div class="section-heading">
        <h2 id="documents-heading">{t('workspace.documents.heading')}</h2>
        <LiveIndicator state={props.live()} />
      </div>
      <DocumentSearch workspaceId={props.workspaceId} includeArchived={() => props.filter().showArchived} />
      <Filters filter={props.filter()} setFilter={props.setFilter} />
      <p role="status" class="notice-line">
        <Show when={notice()}>
          {(n) => (
            <>
              {n().archived
                ? t('workspace.documents.archived_notice', { title: n().doc.title })
                : t('workspace.documents.restored_notice', { title: n().doc.title })}{' '}
              <button type="button" class="link-button" onClick={() => setArchived(n().doc, !n().archived)}>
                {t('workspace.documents.undo')}
              </button>
            </>
          )}
        </Show>
      </p>
      <FormError message={archive.message()} />
      <Switch>
        <Match when={props.documents() === null && props.loadError()}>
          <p class="error" role="alert">
            {errorMessage(props.loadError())}
          </p>
        </Match>
        <Match when={props.documents() === null}>
          <p class="loading">{t('common.loading')}</p>
        </Match>
        <Match when={props.documents()?.length === 0}>
          <Show when={isFiltered(props.filter())} fallback={<p>{t('workspace.documents.none')}</p>}>
            <p>
              {t('workspace.documents.none_filtered')}{' '}
              <button type="button" class="link-button" onClick={() => props.setFilter(NO_FILTER)}>
                {t('workspace.documents.show_all')}
              </button>
            </p>
          </Show>
        </Match>
        <Match when={props.documents()}>
          {(docs) => (
            <>
              <p class="hint">{tCount('workspace.documents.count', docs().length)}</p>
              <div class="table-frame">
                <table class="documents">
                  <thead>
                    <tr>
                      <th scope="col">{t('workspace.documents.col_title')}</th>
                      <th scope="col">{t('workspace.documents.col_kind')}</th>
                      <th scope="col">{t('workspace.documents.col_status')}</th>
                      <th scope="col">{t('workspace.documents.col_party')}</th>
                      <th scope="col">{t('workspace.documents.col_changed')}</th>
                      <Show when={canEdit()}>
                        <th scope="col">
                          <span class="visually-hidden">{t('workspace.documents.col_actions')}</span>
                        </th>
                      </Show>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={docs()}>
                      {(doc) => (
                        <tr data-archived={doc.archived ? 'true' : undefined}>
                          <td>
                            <a href={`/d/${doc.id}`} onClick={followLink} class="document-title">
                              {doc.title}
                            </a>
                            <Show when={doc.archived}>
                              {' '}
                              <span class="tag">{t('workspace.documents.archived_tag')}</span>
                            </Show>
                          </td>
                          <td>{kindLabel(doc.kind)}</td>
                          <td>{statusLabel(doc.status)}</td>
                          <td>
                            <PartyBadge party={doc.initiatingParty} />
                          </td>
                          <td>
                            <time datetime={doc.updatedAt}>{formatTime(doc.updatedAt)}</time>
                          </td>
                          <Show when={canEdit()}>
                            <td class="actions">
                              <Show when={doc.status !== 'final'}>
                                <button type="button" class="small" onClick={() => setRenaming(doc)}>
                                  {t('workspace.documents.rename')}
                                  <span class="visually-hidden"> «{doc.title}»</span>
                                </button>
                              </Show>
                              <button
                                type="button"
                                class="small"
                                onClick={() => setArchived(doc, !doc.archived)}
                              >
                                {doc.archived
                                  ? t('workspace.documents.restore')
                                  : t('workspace.documents.archive')}
                                <span class="visually-hidden"> «{doc.title}»</span>
                              </button>
                            </td>
                          </Show>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </>
          )}
        </Match>
      </Switch>
      <Show when={renaming()}>{(doc) => <RenameDialog doc={doc()} onClose={() => setRenaming(null)} />}</Show>
      <Show when={canEdit()}>
        <NewDocumentForm workspaceId={props.workspaceId} />
      </Show>
    </section>
  )
}

function LiveIndicator(props: { state: LiveState }) {
  return (
    <span class="live" data-state={props.state}>
      <Show when={props.state === 'live'} fallback={t('workspace.live.connecting')}>
        <span class="live-dot" aria-hidden="true" />
        {t('workspace.live.on')}
      </Show>
    </span>
  )
}

/** One radio group per filter: every choice visible, one press to apply. */
function Choice<T extends string>(props: {
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

function Filters(props: { filter: DocumentFilter; setFilter: (filter: DocumentFilter) => void }) {
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

function RenameDialog(props: { doc: DocumentInfo; onClose: () => void }) {
  const action = createAction()
  const submit = formSubmit((form) => {
    void action
      .run(async () => {
        await api.updateDocument(props.doc.id, { title: field(form, 'title') })
      })
      .then((ok) => ok && props.onClose())
  })
  return (
    <Dialog title={t('workspace.rename_document.heading')} onClose={props.onClose}>
      <form class="stack" novalidate onSubmit={submit} aria-describedby="rename-document-error">
        <div class="field">
          <label for="rename-document-title">{t('workspace.rename_document.label')}</label>
          <input
            id="rename-document-title"
            name="title"
            value={props.doc.title}
            data-maxlength={TEXT_LIMITS.titleMax}
            autocomplete="off"
            required
          />
        </div>
        <FormError id="rename-document-error" message={action.message()} />
        <div class="buttons">
          <SubmitButton busy={action.busy()} label={t('common.save')} busyLabel={t('common.saving')} />
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

function NewDocumentForm(props: { workspaceId: string }) {
  const action = createAction()
  const submit = formSubmit((form) => {
    void action.run(async () => {
      const { document } = await api.createDocument(props.workspaceId, {
        title: field(form, 'title'),
        kind: field(form, 'kind') as DocumentKind,
      })
      navigate(`/d/${document.id}`)
    })
  })
  return (
    <section aria-labelledby="new-document-heading">
      <h3 id="new-document-heading">{t('workspace.new_document.heading')}</h3>
      <p class="hint">{t('workspace.new_document.hint')}</p>
      <form class="stack" novalidate onSubmit={submit} aria-describedby="new-document-error">
        <div class="field">
          <label for="document-title">{t('workspace.new_document.title')}</label>
          <input
            id="document-title"
            name="title"
            data-maxlength={TEXT_LIMITS.titleMax}
            autocomplete="off"
            required
          />
        </div>
        <div class="field">
          <label for="document-kind">{t('workspace.new_document.kind')}</label>
          <select id="document-kind" name="kind">
            <For each={DOCUMENT_KINDS}>{(kind) => <option value={kind}>{kindLabel(kind)}</option>}</For>
          </select>
        </div>
        <FormError id="new-document-error" message={action.message()} />
        <SubmitButton
          busy={action.busy()}
          label={t('workspace.new_document.submit')}
          busyLabel={t('workspace.new_document.busy')}
        />
      </form>
    </section>
  )
}
