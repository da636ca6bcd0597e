/**
 * Route `/w/:workspaceId`: the workspace's documents (filtered, updating live), its members by
 * party, invitations (admins) and the workspace itself (rename, leave). When the member is removed
 * or signed out while the page is open, the live stream ends and the page says so.
 */
import { createResource, createSignal, Match, Show, Switch } from 'solid-js'
import { PartyBadge } from '../components/party.js'
import { RichText } from '../components/rich-text.js'
import { SiteHeader } from '../components/site-header.js'
import { api, isStatus, type Workspace } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { t } from '../lib/i18n/i18n.js'
import { roleLabel } from '../lib/labels.js'
import '../lib/messages/workspace.js'
import { usePageTitle } from '../lib/page-title.js'
import { orSignIn } from '../lib/require-sign-in.js'
import { loadMe } from '../lib/session.js'
import { followLink, loginPath } from '../router.js'
import { type DocumentFilter, filterFromSearch, filterToSearch } from './workspace/document-filter.js'
import { DocumentsSection } from './workspace/documents-section.js'
import { InvitationsSection } from './workspace/invitations-section.js'
import { createLiveDocuments } from './workspace/live-documents.js'
import { MembersSection } from './workspace/members-section.js'
import { SettingsSection } from './workspace/settings-section.js'

async function loadWorkspace(workspaceId: string) {
  const [workspace, members, me] = await Promise.all([
    api.workspace(workspaceId),
    api.members(workspaceId),
    loadMe(),
  ])
  return { ...workspace, members: members.members, user: me.user }
}

type WorkspaceData = Awaited<ReturnType<typeof loadWorkspace>>

export function WorkspacePage(props: { workspaceId: string }) {
  const [data, { refetch, mutate }] = createResource(() => orSignIn(() => loadWorkspace(props.workspaceId)))
  const ready = () => (data.state === 'ready' || data.state === 'refreshing' ? data() : undefined)
  usePageTitle(() => ready()?.workspace.name ?? t('workspace.fallback_title'))

  return (
    <>
      <SiteHeader userName={ready()?.user.name} />
      <main class="wide">
        <Switch>
          <Match when={data.error}>
            <h1 tabIndex={-1}>{t('workspace.fallback_title')}</h1>
            <p class="error" role="alert">
              {isStatus(data.error, 404) ? t('workspace.not_found') : errorMessage(data.error)}
            </p>
            <p>
              <a href="/" onClick={followLink}>
                {t('common.to_workspaces')}
              </a>
            </p>
          </Match>
          <Match when={!ready()}>
            <h1 tabIndex={-1}>{t('workspace.fallback_title')}</h1>
            <p class="loading">{t('common.loading')}</p>
          </Match>
          <Match when={ready()}>
            {(ws) => (
              <WorkspaceView
                workspaceId={props.workspaceId}
                data={ws()}
                onMembersChanged={() => void refetch()}
                onRenamed={(workspace) => mutate({ ...ws(), workspace })}
              />
            )}
          </Match>
        </Switch>
      </main>
    </>
  )
}

/** The loaded workspace; the live stream runs only while this is shown. */
function WorkspaceView(props: {
  workspaceId: string
  data: WorkspaceData
  onMembersChanged: () => void
  onRenamed: (workspace: Workspace) => void
}) {
  const [filter, setFilterSignal] = createSignal<DocumentFilter>(filterFromSearch(location.search))
  const setFilter = (next: DocumentFilter) => {
    setFilterSignal(next)
    // In the address, so a reload or a shared link shows the same list (no new history entry).
    history.replaceState(history.state, '', location.pathname + filterToSearch(next))
  }
  const live = createLiveDocuments(props.workspaceId, filter)
  const isAdmin = () => props.data.me.role === 'admin'

  return (
    <>
      <h1 tabIndex={-1}>{props.data.workspace.name}</h1>
      <Show
        when={live.state() !== 'removed' && live.state() !== 'signed-out'}
        fallback={
          <div class="gone" role="alert">
            <Show
              when={live.state() === 'removed'}
              fallback={
                <p>
                  {t('workspace.gone.signed_out')}{' '}
                  <a href={loginPath()} onClick={followLink}>
                    {t('common.log_in')}
                  </a>
                </p>
              }
            >
              <p>{t('workspace.gone.removed')}</p>
              <p>
                <a href="/" onClick={followLink}>
                  {t('common.to_workspaces')}
                </a>
              </p>
            </Show>
          </div>
        }
      >
        <p class="lead">
          <RichText
            text={t('workspace.you_are')}
            parts={{
              party: () => <PartyBadge party={props.data.me.party} />,
              role: () => roleLabel(props.data.me.role),
            }}
          />
        </p>
        <div class="workspace-layout">
          <div class="workspace-main">
            <DocumentsSection
              workspaceId={props.workspaceId}
              role={props.data.me.role}
              documents={live.documents}
              loadError={live.error}
              live={live.state}
              filter={filter}
              setFilter={setFilter}
            />
          </div>
          <div class="workspace-side">
            <MembersSection
              workspaceId={props.workspaceId}
              members={props.data.members}
              myId={props.data.user.id}
              isAdmin={isAdmin()}
              onChanged={props.onMembersChanged}
            />
            <Show when={isAdmin()}>
              <InvitationsSection workspaceId={props.workspaceId} />
            </Show>
            <SettingsSection
              workspace={props.data.workspace}
              isAdmin={isAdmin()}
              onRenamed={props.onRenamed}
            />
          </div>
        </div>
      </Show>
    </>
  )
}
