/**
 * The workspace's documents, first on its page: "New document" (a dialog) at the top, a search of
 * titles and text (document-search.tsx), the filters and the sortable list, updating live; editors
 * rename and archive documents, with a way back from archiving.
 */
import type { Role } from '@trepart/shared'
import { roleAtLeast } from '@trepart/shared/parties'
import Plus from 'lucide-solid/icons/plus'
import { type Accessor, createSignal, Match, Show, Switch } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { createAction } from '../../lib/action.js'
import { api, type DocumentInfo } from '../../lib/api.js'
import { errorMessage } from '../../lib/error-messages.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import '../../lib/messages/workspace.js'
import { type DocumentFilter, isFiltered, NO_FILTER } from './document-filter.js'
import { DocumentFilters } from './document-filters.js'
import { DocumentSearch } from './document-search.js'
import type { DocumentSort } from './document-sort.js'
import { DocumentsTable } from './documents-table.js'
import type { LiveState } from './live-documents.js'
import { NewDocumentDialog } from './new-document-dialog.js'
import { RenameDocumentDialog } from './rename-document-dialog.js'

export function DocumentsSection(props: {
  workspaceId: string
  role: Role
  /** The viewer's party (rows awaiting its sign-off decision say so). */
  party?: string
  documents: Accessor<DocumentInfo[] | null>
  loadError: Accessor<unknown>
  live: Accessor<LiveState>
  filter: Accessor<DocumentFilter>
  setFilter: (filter: DocumentFilter) => void
  sort: Accessor<DocumentSort | null>
  setSort: (sort: DocumentSort) => void
}) {
  const canEdit = () => roleAtLeast(props.role, 'editor')
  const [creating, setCreating] = createSignal(false)
  const [renaming, setRenaming] = createSignal<DocumentInfo | null>(null)
  const [notice, setNotice] = createSignal<{ doc: DocumentInfo; archived: boolean } | null>(null)
  const archive = createAction()
  let undo: HTMLButtonElement | undefined

  // Focus goes to the notice's Undo: the archived row has left the list (and its button with it),
  // and Undo is the next thing one may want; pressing Undo keeps focus there.
  const setArchived = (doc: DocumentInfo, archived: boolean) =>
    archive.run(async () => {
      await api.updateDocument(doc.id, { archived })
      setNotice({ doc, archived })
      undo?.focus()
    })

  return (
    <section class="documents-section" aria-labelledby="documents-heading">
      <h2 id="documents-heading" class="visually-hidden">
        {t('workspace.documents.heading')}
      </h2>
      <div class="documents-toolbar">
        <Show when={canEdit()}>
          <button type="button" class="primary new-document" onClick={() => setCreating(true)}>
            <Plus size="1.1em" aria-hidden="true" />
            {t('workspace.new_document.heading')}
          </button>
        </Show>
        <LiveIndicator state={props.live()} />
      </div>
      <DocumentSearch workspaceId={props.workspaceId} includeArchived={() => props.filter().showArchived} />
      <DocumentFilters filter={props.filter()} setFilter={props.setFilter} />
      <p role="status" class="notice-line">
        <Show when={notice()}>
          {(n) => (
            <>
              {n().archived
                ? t('workspace.documents.archived_notice', { title: n().doc.title })
                : t('workspace.documents.restored_notice', { title: n().doc.title })}{' '}
              <button
                ref={undo}
                type="button"
                class="link-button"
                onClick={() => setArchived(n().doc, !n().archived)}
              >
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
              <DocumentsTable
                documents={docs()}
                canEdit={canEdit()}
                viewerParty={props.party}
                sort={props.sort()}
                setSort={props.setSort}
                onRename={setRenaming}
                onArchive={(doc, archived) => void setArchived(doc, archived)}
              />
            </>
          )}
        </Match>
      </Switch>
      <Show when={creating()}>
        <NewDocumentDialog workspaceId={props.workspaceId} onClose={() => setCreating(false)} />
      </Show>
      <Show when={renaming()}>
        {(doc) => <RenameDocumentDialog doc={doc()} onClose={() => setRenaming(null)} />}
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
