/**
 * Route `/` (signed in): my workspaces with my party and role in each, and a form to create one
 * (its creator is its admin, in the party they choose). With `WORKSPACE_CREATION=admins` the form
 * is offered to instance admins only; others are told whom to ask. Not signed in: to `/login`.
 */
import type { PartyKey } from '@trepart/shared'
import { createResource, For, Match, Show, Switch } from 'solid-js'
import { FormError } from '../components/form-error.js'
import { PartyBadge, PartyPicker } from '../components/party.js'
import { RichText } from '../components/rich-text.js'
import { SiteHeader } from '../components/site-header.js'
import { SubmitButton } from '../components/submit-button.js'
import { createAction, field, formSubmit } from '../lib/action.js'
import { api, TEXT_LIMITS } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { t, tCount } from '../lib/i18n/i18n.js'
import { roleLabel } from '../lib/labels.js'
import '../lib/messages/workspace.js'
import { usePageTitle } from '../lib/page-title.js'
import { loadPublicConfig } from '../lib/public-config.js'
import { orSignIn } from '../lib/require-sign-in.js'
import { loadMe } from '../lib/session.js'
import { followLink, navigate } from '../router.js'
import { DueThisWeek } from './home/due-this-week.js'

export function HomePage() {
  const [me] = createResource(() => orSignIn(loadMe))
  const [config] = createResource(loadPublicConfig)
  /**
   * Whether to offer the form. Until the public config is known only instance admins see it (no
   * form that vanishes); if it cannot be loaded, everyone does and the server still decides.
   */
  const mayCreate = (instanceAdmin: boolean) =>
    instanceAdmin ||
    config.state === 'errored' ||
    (config.state === 'ready' && config().workspaceCreation === 'anyone')
  const action = createAction()
  usePageTitle(() => t('home.title'))

  const create = formSubmit((form) => {
    void action.run(async () => {
      const { workspace } = await api.createWorkspace({
        name: field(form, 'name'),
        party: field(form, 'party') as PartyKey,
      })
      navigate(`/w/${workspace.id}`)
    })
  })

  return (
    <>
      <SiteHeader userName={me.state === 'ready' ? me()?.user.name : undefined} />
      <main id="main" tabIndex={-1}>
        <h1 tabIndex={-1}>{t('home.title')}</h1>
        <Switch>
          <Match when={me.error}>
            <p class="error" role="alert">
              {errorMessage(me.error)}
            </p>
          </Match>
          <Match when={me.state !== 'ready' || !me()}>
            <p class="loading">{t('common.loading')}</p>
          </Match>
          <Match when={me()}>
            {(data) => (
              <>
                <Show
                  when={data().workspaces.length > 0}
                  fallback={
                    <p>{mayCreate(data().user.instanceAdmin) ? t('home.empty') : t('home.empty_ask')}</p>
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
                            <RichText
                              text={t('home.your_party')}
                              parts={{ party: () => <PartyBadge party={workspace.party} /> }}
                            />
                          </span>
                          <span>{t('home.your_role', { role: roleLabel(workspace.role) })}</span>
                          <Show when={workspace.signatory}>
                            <span>{t('common.signatory')}</span>
                          </Show>
                          {/* Sign-off (issue 13): documents whose open round awaits my party's decision. */}
                          <Show when={workspace.awaitingMyParty > 0}>
                            <span class="awaiting-badge">
                              {tCount('home.awaiting_my_party', workspace.awaitingMyParty)}
                            </span>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                  {/* Follow-up (issue 16): my party's items due this week and the overdue ones. */}
                  <DueThisWeek workspaceNames={new Map(data().workspaces.map((w) => [w.id, w.name]))} />
                </Show>
                <Show
                  when={mayCreate(data().user.instanceAdmin)}
                  fallback={
                    <Show when={config.state === 'ready'}>
                      <p class="hint" id="new-workspace-admins-only">
                        {t('home.new.admins_only')}
                      </p>
                    </Show>
                  }
                >
                  <section aria-labelledby="new-workspace-heading">
                    <h2 id="new-workspace-heading">{t('home.new.heading')}</h2>
                    <form class="stack" novalidate onSubmit={create} aria-describedby="new-workspace-error">
                      <div class="field">
                        <label for="workspace-name">{t('home.new.name')}</label>
                        <input
                          id="workspace-name"
                          name="name"
                          data-maxlength={TEXT_LIMITS.workspaceNameMax}
                          autocomplete="off"
                          required
                        />
                      </div>
                      <PartyPicker name="party" legend={t('home.new.party')} />
                      <FormError id="new-workspace-error" message={action.message()} />
                      <SubmitButton
                        busy={action.busy()}
                        label={t('home.new.submit')}
                        busyLabel={t('home.new.busy')}
                      />
                    </form>
                  </section>
                </Show>
              </>
            )}
          </Match>
        </Switch>
      </main>
    </>
  )
}
