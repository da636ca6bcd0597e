/**
 * The documents as a table: title (with a badge counting its open comment threads), kind, status,
 * initiating party (name and colour) and last change, sorted by pressing a column's header (a
 * button in the `<th>`, `aria-sort` on the sorted column); editors rename and archive from each row. The sort is applied to the live list, so it
 * holds while changes arrive.
 */
import Archive from 'lucide-solid/icons/archive'
import ArchiveRestore from 'lucide-solid/icons/archive-restore'
import ArrowDown from 'lucide-solid/icons/arrow-down'
import ArrowUp from 'lucide-solid/icons/arrow-up'
import ArrowUpDown from 'lucide-solid/icons/arrow-up-down'
import MessageSquareText from 'lucide-solid/icons/message-square-text'
import Pencil from 'lucide-solid/icons/pencil'
import { For, Match, Show, Switch } from 'solid-js'
import { PartyBadge } from '../../components/party.js'
import type { DocumentInfo } from '../../lib/api.js'
import { locale, t, tCount } from '../../lib/i18n/i18n.js'
import { formatTime, kindLabel, partyLabel, statusLabel } from '../../lib/labels.js'
import '../../lib/messages/workspace.js'
import { followLink } from '../../router.js'
import type { ListedDocument } from './document-filter.js'
import { type DocumentSort, nextSort, type SortKey, sortDocuments } from './document-sort.js'
import { RowAction } from './row-action.js'

const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'title', label: 'workspace.documents.col_title' },
  { key: 'kind', label: 'workspace.documents.col_kind' },
  { key: 'status', label: 'workspace.documents.col_status' },
  { key: 'party', label: 'workspace.documents.col_party' },
  { key: 'changed', label: 'workspace.documents.col_changed' },
]

const sortLabels = {
  kind: (doc: DocumentInfo) => kindLabel(doc.kind),
  party: (doc: DocumentInfo) => partyLabel(doc.initiatingParty),
}

export function DocumentsTable(props: {
  documents: readonly ListedDocument[]
  canEdit: boolean
  /** The viewer's party: rows whose open round awaits its decision say so. */
  viewerParty?: string
  sort: DocumentSort | null
  setSort: (sort: DocumentSort) => void
  onRename: (doc: DocumentInfo) => void
  onArchive: (doc: DocumentInfo, archived: boolean) => void
}) {
  const rows = () => sortDocuments(props.documents, props.sort, sortLabels, locale())
  const direction = (key: SortKey) => (props.sort?.key === key ? props.sort.direction : undefined)

  return (
    <div class="table-frame">
      <table class="documents">
        <thead>
          <tr>
            <For each={COLUMNS}>
              {(column) => (
                <th scope="col" class={`col-${column.key}`} aria-sort={direction(column.key)}>
                  <button
                    type="button"
                    class="sort-button"
                    onClick={() => props.setSort(nextSort(props.sort, column.key))}
                  >
                    {t(column.label)}
                    <span class="sort-mark" aria-hidden="true">
                      <Switch fallback={<ArrowUpDown size="1em" />}>
                        <Match when={direction(column.key) === 'ascending'}>
                          <ArrowUp size="1em" />
                        </Match>
                        <Match when={direction(column.key) === 'descending'}>
                          <ArrowDown size="1em" />
                        </Match>
                      </Switch>
                    </span>
                  </button>
                </th>
              )}
            </For>
            <Show when={props.canEdit}>
              <th scope="col" class="col-actions">
                <span class="visually-hidden">{t('workspace.documents.col_actions')}</span>
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {(doc) => (
              <tr data-archived={doc.archived ? 'true' : undefined}>
                <td class="col-title">
                  <a href={`/d/${doc.id}`} onClick={followLink} class="document-title">
                    {doc.title}
                  </a>
                  <Show when={doc.archived}>
                    {' '}
                    <span class="tag">{t('workspace.documents.archived_tag')}</span>
                  </Show>
                  {/* Where the dialogue is: a badge beside the title, read out as "3 åpne kommentartråder". */}
                  <Show when={(doc.openThreads ?? 0) > 0}>
                    {' '}
                    <span class="thread-count">
                      <MessageSquareText size="1em" aria-hidden="true" />
                      <span aria-hidden="true">{doc.openThreads}</span>
                      <span class="visually-hidden">
                        {tCount('workspace.documents.open_threads', doc.openThreads ?? 0)}
                      </span>
                    </span>
                  </Show>
                  {/* Sign-off (issue 13): the open round awaits the viewer's party. */}
                  <Show when={props.viewerParty && doc.awaitingParties?.includes(props.viewerParty)}>
                    {' '}
                    <span class="awaiting-badge">{t('workspace.documents.awaiting_my_party')}</span>
                  </Show>
                </td>
                <td class="col-kind">{kindLabel(doc.kind)}</td>
                <td class="col-status">{statusLabel(doc.status)}</td>
                <td class="col-party">
                  <PartyBadge party={doc.initiatingParty} />
                </td>
                <td class="col-changed">
                  <time datetime={doc.updatedAt}>{formatTime(doc.updatedAt)}</time>
                </td>
                <Show when={props.canEdit}>
                  <td class="actions">
                    <Show when={doc.status !== 'final'}>
                      <RowAction
                        label={t('workspace.documents.rename')}
                        subject={doc.title}
                        icon={<Pencil size="1.1em" aria-hidden="true" />}
                        focusKey={`rename:${doc.id}`}
                        onClick={() => props.onRename(doc)}
                      />
                    </Show>
                    <RowAction
                      label={
                        doc.archived ? t('workspace.documents.restore') : t('workspace.documents.archive')
                      }
                      subject={doc.title}
                      icon={
                        doc.archived ? (
                          <ArchiveRestore size="1.1em" aria-hidden="true" />
                        ) : (
                          <Archive size="1.1em" aria-hidden="true" />
                        )
                      }
                      focusKey={`archive:${doc.id}`}
                      onClick={() => props.onArchive(doc, !doc.archived)}
                    />
                  </td>
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  )
}
