/**
 * Route `/w/:workspaceId`: the workspace's documents, a form to start one (editors and admins), a
 * minimal invitation form (admins) and the members grouped by party.
 */
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  type PartyKey,
  ROLES,
  type Role,
  roleAtLeast,
} from '@trepart/shared'
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js'
import { FormError } from '../components/form-error.js'
import { PartyBadge, PartyPicker } from '../components/party.js'
import { SiteHeader } from '../components/site-header.js'
import { api, type DocumentInfo, type Invitation, isStatus, type Member, TEXT_LIMITS } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { formatTime, KIND_LABELS, PARTIES, ROLE_LABELS } from '../lib/labels.js'
import { orSignIn } from '../lib/require-sign-in.js'
import { followLink, navigate } from '../router.js'

async function loadWorkspace(workspaceId: string) {
  const [workspace, documents, members, me] = await Promise.all([
    api.workspace(workspaceId),
    api.documents(workspaceId),
    api.members(workspaceId),
    api.me(),
  ])
  return { ...workspace, documents: documents.documents, members: members.members, user: me.user }
}

export function WorkspacePage(props: { workspaceId: string }) {
  const [data] = createResource(() => orSignIn(() => loadWorkspace(props.workspaceId)))
  const role = (): Role => data()?.me.role ?? 'viewer'
  document.title = 'Arbeidsrom – Trepart'

  return (
    <>
      <SiteHeader userName={data.state === 'ready' ? data()?.user.name : undefined} />
      <main>
        <Switch>
          <Match when={data.error}>
            <h1 tabIndex={-1}>Arbeidsrom</h1>
            <p class="error" role="alert">
              {isStatus(data.error, 404)
                ? 'Fant ikke arbeidsrommet, eller du har ikke tilgang til det.'
                : errorMessage(data.error)}
            </p>
            <p>
              <a href="/" onClick={followLink}>
                Til arbeidsrommene dine
              </a>
            </p>
          </Match>
          <Match when={data.state !== 'ready' || !data()}>
            <h1 tabIndex={-1}>Arbeidsrom</h1>
            <p class="loading">Laster …</p>
          </Match>
          <Match when={data()}>
            {(ws) => {
              document.title = `${ws().workspace.name} – Trepart`
              return (
                <>
                  <h1 tabIndex={-1}>{ws().workspace.name}</h1>
                  <p class="lead">
                    Du er med som <PartyBadge party={ws().me.party} /> · {ROLE_LABELS[ws().me.role]}
                  </p>
                  <DocumentList documents={ws().documents} />
                  <Show when={roleAtLeast(role(), 'editor')}>
                    <NewDocumentForm workspaceId={props.workspaceId} />
                  </Show>
                  <MemberList members={ws().members} />
                  <Show when={role() === 'admin'}>
                    <InviteForm workspaceId={props.workspaceId} />
                  </Show>
                </>
              )
            }}
          </Match>
        </Switch>
      </main>
    </>
  )
}

function DocumentList(props: { documents: DocumentInfo[] }) {
  return (
    <section aria-labelledby="documents-heading">
      <h2 id="documents-heading">Dokumenter</h2>
      <Show when={props.documents.length > 0} fallback={<p>Ingen dokumenter ennå.</p>}>
        <table class="documents">
          <thead>
            <tr>
              <th scope="col">Tittel</th>
              <th scope="col">Type</th>
              <th scope="col">Initiativ fra</th>
              <th scope="col">Sist endret</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.documents}>
              {(doc) => (
                <tr>
                  <td>
                    <a href={`/d/${doc.id}`} onClick={followLink}>
                      {doc.title}
                    </a>
                  </td>
                  <td>{KIND_LABELS[doc.kind]}</td>
                  <td>
                    <PartyBadge party={doc.initiatingParty} />
                  </td>
                  <td>
                    <time datetime={doc.updatedAt}>{formatTime(doc.updatedAt)}</time>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  )
}

function NewDocumentForm(props: { workspaceId: string }) {
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    if (busy()) return
    const form = new FormData(event.currentTarget as HTMLFormElement)
    setBusy(true)
    setError('')
    try {
      const { document } = await api.createDocument(props.workspaceId, {
        title: String(form.get('title') ?? ''),
        kind: String(form.get('kind') ?? '') as DocumentKind,
      })
      navigate(`/d/${document.id}`)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section aria-labelledby="new-document-heading">
      <h2 id="new-document-heading">Nytt dokument</h2>
      <form class="stack" onSubmit={submit} aria-describedby="new-document-error">
        <div class="field">
          <label for="document-title">Tittel</label>
          <input
            id="document-title"
            name="title"
            maxLength={TEXT_LIMITS.titleMax}
            autocomplete="off"
            required
          />
        </div>
        <div class="field">
          <label for="document-kind">Type</label>
          <select id="document-kind" name="kind">
            <For each={DOCUMENT_KINDS}>{(kind) => <option value={kind}>{KIND_LABELS[kind]}</option>}</For>
          </select>
        </div>
        <FormError id="new-document-error" message={error()} />
        <button type="submit" class="primary" aria-disabled={busy() ? 'true' : undefined}>
          {busy() ? 'Oppretter …' : 'Opprett dokument'}
        </button>
      </form>
    </section>
  )
}

function MemberList(props: { members: Member[] }) {
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">Medlemmer</h2>
      <div class="parties">
        <For each={PARTIES}>
          {(party) => {
            const members = () => props.members.filter((m) => m.party === party.key)
            return (
              <section class="party-members" aria-labelledby={`members-${party.key}`}>
                <h3 id={`members-${party.key}`}>
                  <PartyBadge party={party.key} />
                </h3>
                <Show when={members().length > 0} fallback={<p class="hint">Ingen ennå.</p>}>
                  <ul>
                    <For each={members()}>
                      {(member) => (
                        <li>
                          {member.user.name} · {ROLE_LABELS[member.role]}
                          <Show when={member.user.email}>
                            {(email) => <span class="hint"> ({email()})</span>}
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </section>
            )
          }}
        </For>
      </div>
    </section>
  )
}

function InviteForm(props: { workspaceId: string }) {
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [created, setCreated] = createSignal<{ url: string; invitation: Invitation } | null>(null)
  const [copied, setCopied] = createSignal('')
  let linkInput: HTMLInputElement | undefined

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    if (busy()) return
    const form = new FormData(event.currentTarget as HTMLFormElement)
    setBusy(true)
    setError('')
    setCreated(null)
    setCopied('')
    try {
      const result = await api.createInvitation(props.workspaceId, {
        party: String(form.get('party') ?? '') as PartyKey,
        role: String(form.get('role') ?? '') as Role,
      })
      setCreated({ url: result.url, invitation: result.invitation })
      linkInput?.focus()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url)
      setCopied('Lenken er kopiert.')
    } catch {
      linkInput?.select()
      setCopied('Kunne ikke kopiere automatisk. Lenken er merket: kopier den med Ctrl+C (⌘C på Mac).')
    }
  }

  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">Inviter</h2>
      <form class="stack" onSubmit={submit} aria-describedby="invite-error">
        <PartyPicker name="party" legend="Part" />
        <div class="field">
          <label for="invite-role">Rolle</label>
          <select id="invite-role" name="role">
            <For each={ROLES}>
              {(role) => (
                <option value={role} selected={role === 'editor'}>
                  {ROLE_LABELS[role]}
                </option>
              )}
            </For>
          </select>
        </div>
        <FormError id="invite-error" message={error()} />
        <button type="submit" class="primary" aria-disabled={busy() ? 'true' : undefined}>
          {busy() ? 'Lager lenke …' : 'Lag invitasjonslenke'}
        </button>
      </form>
      <Show when={created()}>
        {(result) => (
          <div class="invitation-result">
            <label for="invite-link">
              Invitasjonslenke for {ROLE_LABELS[result().invitation.role]} i{' '}
              <PartyBadge party={result().invitation.party} />
            </label>
            <div class="row">
              <input
                id="invite-link"
                ref={linkInput}
                value={result().url}
                readOnly
                aria-describedby="invite-link-hint"
                onFocus={(event) => event.currentTarget.select()}
              />
              <button type="button" onClick={() => copy(result().url)}>
                Kopier lenken
              </button>
            </div>
            <p id="invite-link-hint" class="hint">
              Lenken vises bare nå. Send den til den du inviterer. Den kan brukes{' '}
              {result().invitation.maxUses === 1 ? 'én gang' : `${result().invitation.maxUses} ganger`} og
              gjelder til {formatTime(result().invitation.expiresAt)}.
            </p>
            <p role="status" class="hint">
              {copied()}
            </p>
          </div>
        )}
      </Show>
    </section>
  )
}
