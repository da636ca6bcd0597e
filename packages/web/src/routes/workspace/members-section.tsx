/**
 * Members grouped by the three parties, always all three (an empty party is visible as empty).
 * Admins change a member's party, role and signing right, make a one-time link for a new password
 * (shown once, with copy) and remove members.
 */
import { createSignal, For, Show } from 'solid-js'
import { CopyLink } from '../../components/copy-link.js'
import { Dialog } from '../../components/dialog.js'
import { FormError } from '../../components/form-error.js'
import { PartyBadge } from '../../components/party.js'
import { SubmitButton } from '../../components/submit-button.js'
import { createAction, formSubmit } from '../../lib/action.js'
import { api, type Member } from '../../lib/api.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import { formatTime, PARTIES, roleLabel } from '../../lib/labels.js'
import '../../lib/messages/workspace.js'
import { MembershipFields, membershipOf } from './membership-fields.js'

export function MembersSection(props: {
  workspaceId: string
  members: Member[]
  myId: string
  isAdmin: boolean
  onChanged: () => void
}) {
  const [editing, setEditing] = createSignal<Member | null>(null)
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" class="visually-hidden">
        {t('workspace.members.heading')}
      </h2>
      <div class="parties">
        <For each={PARTIES}>
          {(party) => {
            const members = () => props.members.filter((m) => m.party === party.key)
            return (
              <section class="party-members" aria-labelledby={`members-${party.key}`} data-party={party.key}>
                <h3 id={`members-${party.key}`}>
                  <PartyBadge party={party.key} />
                </h3>
                <p class="hint">{tCount('workspace.members.count', members().length)}</p>
                <Show
                  when={members().length > 0}
                  fallback={<p class="hint">{t('workspace.members.none')}</p>}
                >
                  <ul>
                    <For each={members()}>
                      {(member) => (
                        <li>
                          <span class="member-line">
                            {member.user.name} · {roleLabel(member.role)}
                          </span>
                          <Show when={member.user.id === props.myId}>
                            <span class="hint-inline"> ({t('workspace.members.you')})</span>
                          </Show>
                          <Show when={member.signatory}>
                            <span class="tag">{t('workspace.members.signatory_tag')}</span>
                          </Show>
                          <Show when={member.user.email}>
                            {(email) => <span class="hint">{email()}</span>}
                          </Show>
                          <Show when={props.isAdmin}>
                            <button type="button" class="small" onClick={() => setEditing(member)}>
                              {t('workspace.members.edit')}
                              <span class="visually-hidden"> {member.user.name}</span>
                            </button>
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
      <Show when={editing()}>
        {(member) => (
          <MemberDialog
            workspaceId={props.workspaceId}
            member={member()}
            isMe={member().user.id === props.myId}
            onChanged={props.onChanged}
            onClose={() => setEditing(null)}
          />
        )}
      </Show>
    </section>
  )
}

function MemberDialog(props: {
  workspaceId: string
  member: Member
  isMe: boolean
  onChanged: () => void
  onClose: () => void
}) {
  const save = createAction()
  const reset = createAction()
  const remove = createAction()
  const [resetLink, setResetLink] = createSignal<{ url: string; expiresAt: string } | null>(null)
  const [confirmRemove, setConfirmRemove] = createSignal(false)
  const name = () => props.member.user.name

  const submit = formSubmit((form) => {
    void save
      .run(async () => {
        await api.updateMember(props.workspaceId, props.member.user.id, membershipOf(form))
        props.onChanged()
      })
      .then((ok) => ok && props.onClose())
  })

  const makeResetLink = () =>
    reset.run(async () => {
      setResetLink(await api.passwordResetLink(props.workspaceId, props.member.user.id))
    })

  const removeMember = () =>
    remove
      .run(async () => {
        await api.removeMember(props.workspaceId, props.member.user.id)
        props.onChanged()
      })
      .then((ok) => ok && props.onClose())

  return (
    <Dialog title={t('workspace.member.heading', { name: name() })} onClose={props.onClose}>
      <form class="stack" novalidate onSubmit={submit} aria-describedby="member-error">
        <MembershipFields roleId="member-role" value={props.member} />
        <FormError id="member-error" message={save.message()} />
        <div class="buttons">
          <SubmitButton
            busy={save.busy()}
            label={t('workspace.member.save')}
            busyLabel={t('common.saving')}
          />
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>

      <Show when={!props.isMe}>
        <section class="dialog-part" aria-labelledby="member-reset-heading">
          <h3 id="member-reset-heading">{t('workspace.member.reset_heading')}</h3>
          <Show
            when={resetLink()}
            fallback={
              <>
                <p>{t('workspace.member.reset_text', { name: name() })}</p>
                <FormError message={reset.message()} />
                <button type="button" onClick={makeResetLink}>
                  {t('workspace.member.reset_button')}
                </button>
              </>
            }
          >
            {(link) => (
              <CopyLink
                id="member-reset-link"
                label={t('workspace.member.reset_link_label', { name: name() })}
                url={link().url}
                hint={t('workspace.member.reset_link_hint', { time: formatTime(link().expiresAt) })}
              />
            )}
          </Show>
        </section>

        <section class="dialog-part" aria-labelledby="member-remove-heading">
          <h3 id="member-remove-heading">{t('workspace.member.remove_heading')}</h3>
          <Show
            when={confirmRemove()}
            fallback={
              <button type="button" class="danger" onClick={() => setConfirmRemove(true)}>
                {t('workspace.member.remove_button', { name: name() })}
              </button>
            }
          >
            <p>{t('workspace.member.remove_confirm', { name: name() })}</p>
            <FormError message={remove.message()} />
            <div class="buttons">
              <button type="button" class="danger" onClick={removeMember}>
                {t('workspace.member.remove_yes')}
              </button>
              <button type="button" onClick={() => setConfirmRemove(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </Show>
        </section>
      </Show>
    </Dialog>
  )
}
