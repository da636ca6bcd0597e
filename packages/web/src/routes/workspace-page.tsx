/**
 * Route `/w/:workspaceId` and its parts: the workspace's name and the member's place in it, then
 * one tab per part — documents (first: filtered, sortable, updating live, "New document"),
 * members (and leaving), invitations and settings (admins only). Each tab has its own path
 * (`/w/:id/members`, …; paths.ts), so links, reloads and back/forward open the same tab; the page
 * stays mounted across them, the live list with it. When the member is removed or signed out while
 * the page is open, the live stream ends and the page says so.
 */
import { Tabs } from '@kobalte/core/tabs'
import { roleCanWrite } from '@trepart/shared/parties'
import { createEffect, createMemo, createResource, createSignal, on, Show } from 'solid-js'
import { LoadFailedOrLoading } from '../components/load-failed-or-loading.js'
import { PartyBadge } from '../components/party.js'
import { RichText } from '../components/rich-text.js'
import { SiteHeader } from '../components/site-header.js'
import { api, type Workspace } from '../lib/api.js'
import { t } from '../lib/i18n/i18n.js'
import { roleLabel } from '../lib/labels.js'
import '../lib/messages/follow-ups.js'
import '../lib/messages/participation.js'
import '../lib/messages/workspace.js'
import { usePageTitle } from '../lib/page-title.js'
import { orSignIn } from '../lib/require-sign-in.js'
import { loadMe } from '../lib/session.js'
import {
  currentPath,
  followLink,
  loginPath,
  navigate,
  type WorkspaceSection,
  workspaceSectionOf,
  workspaceSectionPath,
} from '../router.js'
import { type DocumentFilter, filterFromSearch, filterToSearch } from './workspace/document-filter.js'
import type { DocumentSort } from './workspace/document-sort.js'
import { DocumentsSection } from './workspace/documents-section.js'
import { FollowUpsSection } from './workspace/follow-ups-section.js'
import { InvitationsSection } from './workspace/invitations-section.js'
import { LeaveSection } from './workspace/leave-section.js'
import { createLiveDocuments } from './workspace/live-documents.js'
import { MeetingsSection } from './workspace/meetings-section.js'
import { MembersSection } from './workspace/members-section.js'
import { ParticipationSection } from './workspace/participation-section.js'
import { SettingsSection } from './workspace/settings-section.js'
import './workspace/workspace.css'

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
      <SiteHeader
        userName={ready()?.user.name}
        crumbs={[{ label: ready()?.workspace.name ?? t('workspace.fallback_title') }]}
      />
      <main id="main" tabIndex={-1} class="wide workspace-page">
        <Show
          when={ready()}
          fallback={
            <LoadFailedOrLoading
              title={t('workspace.fallback_title')}
              error={data.error}
              notFound={t('workspace.not_found')}
            />
          }
        >
          {(ws) => (
            <WorkspaceView
              workspaceId={props.workspaceId}
              data={ws()}
              onMembersChanged={() => void refetch()}
              onRenamed={(workspace) => mutate({ ...ws(), workspace })}
            />
          )}
        </Show>
      </main>
    </>
  )
}

const sameFilter = (a: DocumentFilter, b: DocumentFilter) => filterToSearch(a) === filterToSearch(b)

/** The loaded workspace; the live stream runs only while this is shown. */
function WorkspaceView(props: {
  workspaceId: string
  data: WorkspaceData
  onMembersChanged: () => void
  onRenamed: (workspace: Workspace) => void
}) {
  const isAdmin = () => props.data.me.role === 'admin'
  const mayOpen = (section: WorkspaceSection) =>
    isAdmin() || (section !== 'invitations' && section !== 'settings')
  /** The tab the address names; one this member may not open shows the documents. */
  const section = createMemo(() => {
    const named = workspaceSectionOf(currentPath())
    return mayOpen(named) ? named : 'documents'
  })
  // A link to a tab this member cannot open (or no longer: made non-admin) is put right in the address.
  createEffect(() => {
    if (section() === 'documents' && workspaceSectionOf(currentPath()) !== 'documents')
      navigate(workspaceSectionPath(props.workspaceId, 'documents'), { replace: true })
  })

  const [filter, setFilterSignal] = createSignal<DocumentFilter>(filterFromSearch(location.search), {
    equals: sameFilter,
  })
  const setFilter = (next: DocumentFilter) => {
    setFilterSignal(next)
    // In the address, so a reload or a shared link shows the same list (no new history entry).
    history.replaceState(history.state, '', location.pathname + filterToSearch(next))
  }
  // Back/forward onto the documents tab brings the filter that address had.
  createEffect(
    on(section, (s) => s === 'documents' && setFilterSignal(filterFromSearch(location.search)), {
      defer: true,
    }),
  )
  // Kept here, not in the documents tab, so it survives a visit to another tab.
  const [sort, setSort] = createSignal<DocumentSort | null>(null)
  const live = createLiveDocuments(props.workspaceId, filter)

  // A tab press is a step in the history (back returns to the tab before), as links between
  // sub-pages would be; the documents tab takes its filter back into the address. Hence manual
  // activation: arrow keys only move focus along the tabs, so passing over one neither loads it nor
  // adds a history entry; Enter or Space opens the focused tab.
  const open = (next: string) => {
    const target = next as WorkspaceSection
    const query = target === 'documents' ? filterToSearch(filter()) : ''
    navigate(workspaceSectionPath(props.workspaceId, target) + query)
  }

  return (
    <>
      <div class="workspace-head">
        <h1 tabIndex={-1}>{props.data.workspace.name}</h1>
        <Show when={live.state() !== 'removed' && live.state() !== 'signed-out'}>
          <p class="lead">
            <RichText
              text={t('workspace.you_are')}
              parts={{
                party: () => <PartyBadge party={props.data.me.party} />,
                role: () => roleLabel(props.data.me.role),
              }}
            />
          </p>
        </Show>
      </div>
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
        <Tabs value={section()} onChange={open} activationMode="manual" class="workspace-tabs">
          <Tabs.List class="tab-list" aria-label={t('workspace.tabs.label')}>
            <Tabs.Trigger class="tab" value="documents">
              {t('workspace.tabs.documents')}
            </Tabs.Trigger>
            <Tabs.Trigger class="tab" value="meetings">
              {t('meetings.list.heading')}
            </Tabs.Trigger>
            <Tabs.Trigger class="tab" value="follow-ups">
              {t('followups.title')}
            </Tabs.Trigger>
            <Tabs.Trigger class="tab" value="participation">
              {t('participation.heading')}
            </Tabs.Trigger>
            <Tabs.Trigger class="tab" value="members">
              {t('workspace.tabs.members')}
            </Tabs.Trigger>
            <Show when={isAdmin()}>
              <Tabs.Trigger class="tab" value="invitations">
                {t('workspace.tabs.invitations')}
              </Tabs.Trigger>
              <Tabs.Trigger class="tab" value="settings">
                {t('workspace.tabs.settings')}
              </Tabs.Trigger>
            </Show>
          </Tabs.List>
          <Tabs.Content class="tab-panel" value="documents">
            <DocumentsSection
              workspaceId={props.workspaceId}
              role={props.data.me.role}
              party={props.data.me.party}
              documents={live.documents}
              loadError={live.error}
              live={live.state}
              filter={filter}
              setFilter={setFilter}
              sort={sort}
              setSort={setSort}
            />
          </Tabs.Content>
          <Tabs.Content class="tab-panel" value="meetings">
            <MeetingsSection
              workspaceId={props.workspaceId}
              role={props.data.me.role}
              members={props.data.members}
              myId={props.data.user.id}
              onMeetingNews={live.onMeetingNews}
            />
          </Tabs.Content>
          <Tabs.Content class="tab-panel" value="follow-ups">
            <FollowUpsSection
              workspaceId={props.workspaceId}
              canEdit={roleCanWrite(props.data.me.role)}
              onFollowUpNews={live.onFollowUpNews}
            />
          </Tabs.Content>
          <Tabs.Content class="tab-panel" value="participation">
            <ParticipationSection workspaceId={props.workspaceId} />
          </Tabs.Content>
          <Tabs.Content class="tab-panel" value="members">
            <MembersSection
              workspaceId={props.workspaceId}
              members={props.data.members}
              myId={props.data.user.id}
              isAdmin={isAdmin()}
              onChanged={props.onMembersChanged}
            />
            <LeaveSection workspace={props.data.workspace} />
          </Tabs.Content>
          <Show when={isAdmin()}>
            <Tabs.Content class="tab-panel" value="invitations">
              <InvitationsSection workspaceId={props.workspaceId} />
            </Tabs.Content>
            <Tabs.Content class="tab-panel" value="settings">
              <SettingsSection workspace={props.data.workspace} onRenamed={props.onRenamed} />
            </Tabs.Content>
          </Show>
        </Tabs>
      </Show>
    </>
  )
}
