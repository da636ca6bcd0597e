/**
 * Route `/` (signed in): my workspaces with my party and role in each, and a form to create one
 * (its creator is its admin, in the party they choose). Not signed in: to `/login`.
 */
import type { PartyKey } from '@trepart/shared'
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js'
import { FormError } from '../components/form-error.js'
import { PartyBadge, PartyPicker } from '../components/party.js'
import { SiteHeader } from '../components/site-header.js'
import { api, TEXT_LIMITS } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { ROLE_LABELS } from '../lib/labels.js'
import { orSignIn } from '../lib/require-sign-in.js'
import { followLink, navigate } from '../router.js'

export function HomePage() {
  const [me] = createResource(() => orSignIn(api.me))
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  document.title = 'Arbeidsrom – Trepart'

  const create = async (event: SubmitEvent) => {
    event.preventDefault()
    if (busy()) return
    const form = new FormData(event.currentTarget as HTMLFormElement)
    setBusy(true)
    setError('')
    try {
      const { workspace } = await api.createWorkspace({
        name: String(form.get('name') ?? ''),
        party: String(form.get('party') ?? '') as PartyKey,
      })
      navigate(`/w/${workspace.id}`)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <SiteHeader userName={me.state === 'ready' ? me()?.user.name : undefined} />
      <main>
        <h1 tabIndex={-1}>Arbeidsrommene dine</h1>
        <Switch>
          <Match when={me.error}>
            <p class="error" role="alert">
              {errorMessage(me.error)}
            </p>
          </Match>
          <Match when={me.state !== 'ready' || !me()}>
            <p class="loading">Laster …</p>
          </Match>
          <Match when={me()}>
            {(data) => (
              <>
                <Show
                  when={data().workspaces.length > 0}
                  fallback={
                    <p>
                      Du er ikke med i noe arbeidsrom ennå. Opprett et nedenfor, eller be en administrator om
                      en invitasjonslenke.
                    </p>
                  }
                >
                  <ul class="cards">
                    <For each={data().workspaces}>
                      {(workspace) => (
                        <li>
                          <a href={`/w/${workspace.id}`} onClick={followLink} class="card-title">
                            {workspace.name}
                          </a>
                          <span>
                            Din part: <PartyBadge party={workspace.party} />
                          </span>
                          <span>Rolle: {ROLE_LABELS[workspace.role]}</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <section aria-labelledby="new-workspace-heading">
                  <h2 id="new-workspace-heading">Nytt arbeidsrom</h2>
                  <form class="stack" onSubmit={create} aria-describedby="new-workspace-error">
                    <div class="field">
                      <label for="workspace-name">Navn på arbeidsrommet</label>
                      <input
                        id="workspace-name"
                        name="name"
                        maxLength={TEXT_LIMITS.workspaceNameMax}
                        autocomplete="off"
                        required
                      />
                    </div>
                    <PartyPicker name="party" legend="Din part i arbeidsrommet" />
                    <FormError id="new-workspace-error" message={error()} />
                    <button type="submit" class="primary" aria-disabled={busy() ? 'true' : undefined}>
                      {busy() ? 'Oppretter …' : 'Opprett arbeidsrom'}
                    </button>
                  </form>
                </section>
              </>
            )}
          </Match>
        </Switch>
      </main>
    </>
  )
}
