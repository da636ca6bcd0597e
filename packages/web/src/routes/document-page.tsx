/**
 * Route `/d/:documentId` (loaded on demand, with Tiptap and Yjs): the document's title and facts,
 * and the editor. Who the user is comes from the session; what they may do from their role in the
 * document's workspace (and, once connected, from the server's welcome).
 *
 * Without network (the service worker serves the app), the page opens from what this browser kept
 * from the last visit for the last signed-in user: the document's details and role, and for writers
 * the local copy of the text (offline/). The server still decides everything once it is reachable.
 */
import { canWrite, type DocumentStatus, partyColor, roleCanWrite, type ServerEvent } from '@trepart/shared'
import { createEffect, createResource, createSignal, Match, on, Show, Switch } from 'solid-js'
import { PartyBadge } from '../components/party.js'
import { SiteHeader } from '../components/site-header.js'
import { CollabEditor } from '../editor/collab-editor.js'
import { connectionVerdict } from '../editor/connection-verdict.js'
import '../editor/messages.js'
import { ApiError, api, isStatus } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { t } from '../lib/i18n/i18n.js'
import { kindLabel, roleLabel, statusLabel } from '../lib/labels.js'
import { usePageTitle } from '../lib/page-title.js'
import { orSignIn } from '../lib/require-sign-in.js'
import { loadMe } from '../lib/session.js'
import { cachedDocument, rememberDocument } from '../offline/local-data.js'
import { followLink } from '../router.js'
import { DocumentTitle } from './document/document-title.js'
import { createDocumentFollowUps, FollowUpsPanel, FollowUpsToggle } from './document/follow-ups-panel.js'
import { ShareExportDialog } from './document/share-export/share-export-dialog.js'
import { AmendsLink, createSignOff, SignOffPanel, SignOffToggle } from './document/sign-off/sign-off-panel.js'
import './document/document-page.css'

/** The page could not reach the server and has no copy of this document. */
class NotAvailableOffline extends Error {}

async function loadDocument(documentId: string) {
  try {
    const [{ document }, me] = await Promise.all([api.document(documentId), loadMe()])
    const membership = me.workspaces.find((w) => w.id === document.workspaceId) ?? null
    rememberDocument({ user: { id: me.user.id, name: me.user.name }, document, membership })
    // The API answered for the document, so the user is a member; if the list disagrees (just
    // removed), treat them as a reader and let the server decide.
    return { document, user: me.user, membership, offline: false }
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 0)) throw error
    const cached = cachedDocument(documentId)
    if (!cached) throw new NotAvailableOffline()
    return { document: cached.document, user: cached.user, membership: cached.membership, offline: true }
  }
}

export default function DocumentPage(props: { documentId: string }) {
  const [data] = createResource(() => orSignIn(() => loadDocument(props.documentId)))
  const [renamed, setRenamed] = createSignal<string | null>(null)
  const title = () => renamed() ?? (data.state === 'ready' ? data()?.document.title : undefined)
  usePageTitle(() => title() ?? t('editor.page.title'))

  const crumbs = () => {
    const loaded = data.state === 'ready' ? data() : undefined
    if (!loaded) return []
    return [
      {
        label: loaded.membership?.name ?? t('editor.page.workspace'),
        href: `/w/${loaded.document.workspaceId}`,
      },
      { label: title() ?? '' },
    ]
  }

  return (
    <>
      <SiteHeader userName={data.state === 'ready' ? data()?.user.name : undefined} crumbs={crumbs()} />
      <main id="main" tabIndex={-1} class="document-page">
        <Switch>
          <Match when={data.error}>
            <h1 tabIndex={-1}>{t('editor.page.title')}</h1>
            <p class="error" role="alert">
              {data.error instanceof NotAvailableOffline
                ? t('editor.page.notOffline')
                : isStatus(data.error, 404)
                  ? connectionVerdict(404)!.message
                  : errorMessage(data.error)}
            </p>
            <p>
              <a href="/" onClick={followLink}>
                {t('editor.page.back')}
              </a>
            </p>
          </Match>
          <Match when={data.state !== 'ready' || !data()}>
            <h1 tabIndex={-1}>{t('editor.page.title')}</h1>
            <p class="loading">{t('editor.page.loading')}</p>
          </Match>
          <Match when={data()}>
            {(loaded) => {
              const { document: doc, user, membership, offline } = loaded()
              const role = membership?.role ?? 'viewer'
              const party = membership?.party ?? ''
              // The status follows the room's `document.updated` events and the sign-off panel's
              // fetches; whether the text takes writes is the server's word (`access.changed`).
              const [status, setStatus] = createSignal<DocumentStatus>(doc.status)
              const writable = canWrite(role, doc.status)
              const [signOffTick, setSignOffTick] = createSignal(0)
              const refreshSignOff = () => setSignOffTick((n) => n + 1)
              const signOff = createSignOff(props.documentId, doc, signOffTick, status)
              // Open by itself when there is something to read or decide: a round, an objection, a record.
              const [signOffOpen, setSignOffOpen] = createSignal(doc.status !== 'draft')
              const [shareOpen, setShareOpen] = createSignal(false)
              // Follow-up items (issue 16): a final decision's, fetched and live once it is final.
              const isFinal = () => status() === 'final' && !offline
              const followUps = createDocumentFollowUps(props.documentId, doc.workspaceId, isFinal)
              const [followUpsOpen, setFollowUpsOpen] = createSignal(false)
              // Keyed by the round and its outcome, not by the fetched object: a later fetch of the
              // same objection does not open again a panel its reader closed.
              createEffect(
                on(
                  () => {
                    const last = signOff.rounds().at(-1)
                    return last ? `${last.round.id}:${last.round.outcome}` : ''
                  },
                  (key) => {
                    if (key.endsWith(':changes_requested')) setSignOffOpen(true)
                  },
                ),
              )
              createEffect(
                on(status, (now, before) => {
                  if (before !== undefined && now !== before) setSignOffOpen(true)
                }),
              )
              // The document's status as the server has it, after each fetch of the rounds.
              // (Not a resource: offline, a failed fetch simply leaves the status as it is.)
              let statusFetch = 0
              createEffect(
                on(
                  signOffTick,
                  () => {
                    const mine = ++statusFetch
                    api.document(props.documentId).then(
                      ({ document }) => mine === statusFetch && setStatus(document.status),
                      () => {},
                    )
                  },
                  { defer: true },
                ),
              )
              // Who the viewer is here, as the server last said: a party or role changed by an
              // admin while the page is open shows at once (`threads.reset`, `access.changed`).
              const [myParty, setMyParty] = createSignal(party)
              const [myRole, setMyRole] = createSignal(role)
              const onServerEvent = (event: ServerEvent) => {
                if (event.type === 'threads.reset') setMyParty(event.party)
                else if ((event.type === 'access.changed' || event.type === 'welcome') && event.role)
                  setMyRole(event.role)
                if (event.type === 'document.updated' && event.status) {
                  setStatus(event.status)
                  refreshSignOff()
                } else if (event.type === 'signoff.changed') refreshSignOff()
              }
              return (
                <>
                  <header class="document-head">
                    <DocumentTitle
                      documentId={props.documentId}
                      title={title() ?? doc.title}
                      canRename={canWrite(role, status()) && !offline}
                      onRenamed={setRenamed}
                    />
                    <p class="document-facts">
                      <span>{kindLabel(doc.kind)}</span>
                      <span class="tag" data-status={status()}>
                        {statusLabel(status())}
                      </span>
                      <span>
                        {t('editor.page.initiative')} <PartyBadge party={doc.initiatingParty} />
                      </span>
                      <Show when={membership}>
                        <span>
                          {t('editor.page.youAre')} <PartyBadge party={myParty()} /> ({roleLabel(myRole())})
                        </span>
                      </Show>
                      <Show when={doc.amendsId}>{(source) => <AmendsLink amendsId={source()} />}</Show>
                      <span class="sign-off-toggle-wrap">
                        <SignOffToggle
                          signOff={signOff}
                          status={status()}
                          open={signOffOpen()}
                          onToggle={() => setSignOffOpen((open) => !open)}
                        />
                      </span>
                      <span>
                        <button
                          type="button"
                          class="small share-export-toggle"
                          aria-haspopup="dialog"
                          onClick={() => setShareOpen(true)}
                        >
                          {t('share.open')}
                        </button>
                      </span>
                      <Show when={isFinal()}>
                        <span>
                          <FollowUpsToggle
                            followUps={followUps}
                            open={followUpsOpen()}
                            onToggle={() => setFollowUpsOpen((open) => !open)}
                          />
                        </span>
                      </Show>
                    </p>
                  </header>
                  <Show when={shareOpen()}>
                    <ShareExportDialog
                      documentId={props.documentId}
                      title={title() ?? doc.title}
                      status={status()}
                      viewer={{ id: user.id, role, signatory: membership?.signatory ?? false }}
                      onClose={() => setShareOpen(false)}
                    />
                  </Show>
                  <Show when={signOffOpen()}>
                    <SignOffPanel
                      documentId={props.documentId}
                      document={doc}
                      status={status()}
                      viewer={{
                        id: user.id,
                        role,
                        party,
                        signatory: membership?.signatory ?? false,
                      }}
                      signOff={signOff}
                      offline={offline}
                      onChanged={refreshSignOff}
                    />
                  </Show>
                  <Show when={isFinal() && followUpsOpen()}>
                    <FollowUpsPanel
                      documentId={props.documentId}
                      workspaceId={doc.workspaceId}
                      followUps={followUps}
                      canEdit={roleCanWrite(myRole())}
                    />
                  </Show>
                  <Show when={offline}>
                    <p class="notice">{t('editor.page.offlineCopy')}</p>
                  </Show>
                  <CollabEditor
                    documentId={props.documentId}
                    user={{ id: user.id, name: user.name, party, role, color: partyColor(party) }}
                    initialCanWrite={writable}
                    readOnlyReason={(now) =>
                      status() === 'final'
                        ? t('editor.readOnly.final')
                        : status() === 'in_review'
                          ? t('signoff.read_only.in_review')
                          : !roleCanWrite(now)
                            ? t('editor.readOnly.role', { role: roleLabel(now).toLowerCase() })
                            : t('editor.readOnly.changed')
                    }
                    onTitle={setRenamed}
                    onServerEvent={onServerEvent}
                  />
                </>
              )
            }}
          </Match>
        </Switch>
      </main>
    </>
  )
}
