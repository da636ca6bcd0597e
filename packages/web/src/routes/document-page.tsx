/**
 * Route `/d/:documentId` (loaded on demand, with Tiptap and Yjs): the document's title and facts,
 * and the editor. Who the user is comes from the session; what they may do from their role in the
 * document's workspace (and, once connected, from the server's welcome).
 */
import { partyColor, roleCanWrite } from '@trepart/shared'
import { createResource, createSignal, Match, Show, Switch } from 'solid-js'
import { PartyBadge } from '../components/party.js'
import { SiteHeader } from '../components/site-header.js'
import { CollabEditor } from '../editor/collab-editor.js'
import { connectionVerdict } from '../editor/connection-verdict.js'
import { api, isStatus } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { KIND_LABELS, ROLE_LABELS } from '../lib/labels.js'
import { orSignIn } from '../lib/require-sign-in.js'
import { followLink } from '../router.js'

async function loadDocument(documentId: string) {
  const [{ document }, me] = await Promise.all([api.document(documentId), api.me()])
  const membership = me.workspaces.find((w) => w.id === document.workspaceId)
  // The API answered for the document, so the user is a member; if the list disagrees (just
  // removed), treat them as a reader and let the server decide.
  return { document, user: me.user, workspaceName: membership?.name ?? null, membership: membership ?? null }
}

export default function DocumentPage(props: { documentId: string }) {
  const [data] = createResource(() => orSignIn(() => loadDocument(props.documentId)))
  const [renamed, setRenamed] = createSignal<string | null>(null)
  const title = () => renamed() ?? (data.state === 'ready' ? data()?.document.title : undefined)
  const setTitle = (text: string | undefined) => {
    document.title = text ? `${text} – Trepart` : 'Dokument – Trepart'
  }
  setTitle(undefined)

  return (
    <>
      <SiteHeader userName={data.state === 'ready' ? data()?.user.name : undefined} />
      <main class="document-page">
        <Switch>
          <Match when={data.error}>
            <h1 tabIndex={-1}>Dokument</h1>
            <p class="error" role="alert">
              {isStatus(data.error, 404) ? connectionVerdict(404)!.message : errorMessage(data.error)}
            </p>
            <p>
              <a href="/" onClick={followLink}>
                Til arbeidsrommene dine
              </a>
            </p>
          </Match>
          <Match when={data.state !== 'ready' || !data()}>
            <h1 tabIndex={-1}>Dokument</h1>
            <p class="loading">Laster dokumentet …</p>
          </Match>
          <Match when={data()}>
            {(loaded) => {
              const { document: doc, user, membership, workspaceName } = loaded()
              setTitle(title())
              const role = membership?.role ?? 'viewer'
              return (
                <>
                  <nav aria-label="Du er her" class="breadcrumbs">
                    <a href={`/w/${doc.workspaceId}`} onClick={followLink}>
                      {workspaceName ?? 'Arbeidsrommet'}
                    </a>
                  </nav>
                  <h1 tabIndex={-1}>{title()}</h1>
                  <p class="lead document-facts">
                    {KIND_LABELS[doc.kind]} · initiativ fra <PartyBadge party={doc.initiatingParty} />
                    <Show when={membership}>
                      {(m) => (
                        <>
                          {' '}
                          · du er med som <PartyBadge party={m().party} /> ({ROLE_LABELS[m().role]})
                        </>
                      )}
                    </Show>
                  </p>
                  <CollabEditor
                    documentId={props.documentId}
                    user={{ name: user.name, color: partyColor(membership?.party ?? '') }}
                    initialCanWrite={roleCanWrite(role) && doc.status !== 'final'}
                    readOnlyReason={
                      doc.status === 'final' && roleCanWrite(role)
                        ? 'Dokumentet er endelig.'
                        : `Rollen din i arbeidsrommet er ${ROLE_LABELS[role].toLowerCase()}.`
                    }
                    onTitle={(text) => {
                      setRenamed(text)
                      setTitle(text)
                    }}
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
