/**
 * Invitations (admins): make a link for a party and role (shown once, with copy), see the links
 * made so far and whether they still work, and withdraw one.
 */
import { createResource, createSignal, For, Show } from 'solid-js'
import { CopyLink } from '../../components/copy-link.js'
import { FormError } from '../../components/form-error.js'
import { PartyBadge } from '../../components/party.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, formSubmit } from '../../lib/action.js'
import { api, type Invitation } from '../../lib/api.js'
import { errorMessage } from '../../lib/error-messages.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import { formatTime, partyLabel, roleLabel } from '../../lib/labels.js'
import '../../lib/messages/workspace.js'
import { MembershipFields, membershipOf } from './membership-fields.js'

type InvitationState = 'active' | 'expired' | 'used_up' | 'revoked'

function stateOf(invitation: Invitation, now = Date.now()): InvitationState {
  if (invitation.revoked) return 'revoked'
  if (invitation.uses >= invitation.maxUses) return 'used_up'
  if (Date.parse(invitation.expiresAt) <= now) return 'expired'
  return 'active'
}

export function InvitationsSection(props: { workspaceId: string }) {
  const create = createAction()
  const revoke = createAction()
  const [created, setCreated] = createSignal<{ url: string; invitation: Invitation } | null>(null)
  const [list, { refetch }] = createResource(() => api.invitations(props.workspaceId))
  const sorted = () => [...(list()?.invitations ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt))

  const submit = formSubmit((form) => {
    setCreated(null)
    void create.run(async () => {
      const result = await api.createInvitation(props.workspaceId, membershipOf(form))
      setCreated({ url: result.url, invitation: result.invitation })
      void refetch()
    })
  })

  const withdraw = (invitation: Invitation) =>
    revoke.run(async () => {
      await api.revokeInvitation(props.workspaceId, invitation.id)
      await refetch()
    })

  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('workspace.invite.heading')}</h2>
      <p class="hint">{t('workspace.invite.intro')}</p>
      <form class="stack" novalidate onSubmit={submit} aria-describedby="invite-error">
        <MembershipFields roleId="invite-role" value={{ role: 'editor' }} />
        <FormError id="invite-error" message={create.message()} />
        <SubmitButton
          busy={create.busy()}
          label={t('workspace.invite.submit')}
          busyLabel={t('workspace.invite.busy')}
        />
      </form>
      <Show when={created()} keyed>
        {(result) => (
          <div class="invitation-result">
            <CopyLink
              id="invite-link"
              label={t('workspace.invite.link_label', {
                role: roleLabel(result.invitation.role),
                party: partyLabel(result.invitation.party),
              })}
              url={result.url}
              hint={t('workspace.invite.link_hint', {
                uses: tCount('workspace.invite.uses', result.invitation.maxUses),
                time: formatTime(result.invitation.expiresAt),
              })}
            />
          </div>
        )}
      </Show>

      <h3>{t('workspace.invitations.heading')}</h3>
      <FormError message={revoke.message()} />
      <Show when={!list.error} fallback={<p class="error">{errorMessage(list.error)}</p>}>
        <Show
          when={sorted().length > 0}
          fallback={
            <p class="hint">{list.loading ? t('common.loading') : t('workspace.invitations.none')}</p>
          }
        >
          <ul class="invitations">
            <For each={sorted()}>
              {(invitation) => {
                const state = () => stateOf(invitation)
                return (
                  <li data-state={state()}>
                    <span>
                      <PartyBadge party={invitation.party} /> · {roleLabel(invitation.role)}
                      <Show when={invitation.signatory}> · {t('workspace.members.signatory_tag')}</Show>
                    </span>
                    <span class="hint-inline">
                      {t('workspace.invitations.details', {
                        name: invitation.createdBy.name,
                        used: tCount('workspace.invitations.used', invitation.uses, {
                          max: invitation.maxUses,
                        }),
                        time: formatTime(invitation.expiresAt),
                      })}
                    </span>
                    <span class="tag">{t(`workspace.invitations.state.${state()}`)}</span>
                    <Show when={state() === 'active'}>
                      <button type="button" class="small" onClick={() => withdraw(invitation)}>
                        {t('workspace.invitations.revoke')}
                        <span class="visually-hidden">
                          {' '}
                          {t('workspace.invitations.revoke_which', {
                            party: partyLabel(invitation.party),
                            role: roleLabel(invitation.role),
                            time: formatTime(invitation.createdAt),
                          })}
                        </span>
                      </button>
                    </Show>
                  </li>
                )
              }}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  )
}
