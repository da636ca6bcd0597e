/**
 * A membership as form fields: the party, the role and the right to sign for the party. The
 * invitation form and the member dialog both ask for these and read them back with `membershipOf`.
 */
import type { PartyKey, Role } from '@trepart/shared'
import { ROLES } from '@trepart/shared/parties'
import { For } from 'solid-js'
import { PartyPicker } from '../../components/party.js'
import { field } from '../../lib/action.js'
import { t } from '../../lib/i18n/i18n.js'
import { roleHint, roleLabel } from '../../lib/labels.js'
import '../../lib/messages/workspace.js'

export interface Membership {
  party: PartyKey
  role: Role
  signatory: boolean
}

/** The fields, filled in from `value` where given; `roleId` is the role list's element id. */
export function MembershipFields(props: { roleId: string; value: Partial<Membership> & { role: Role } }) {
  return (
    <>
      <PartyPicker name="party" legend={t('common.party')} value={props.value.party} />
      <div class="field">
        <label for={props.roleId}>{t('common.role')}</label>
        <select id={props.roleId} name="role">
          <For each={ROLES}>
            {(role) => (
              <option value={role} selected={role === props.value.role}>
                {roleLabel(role)} – {roleHint(role)}
              </option>
            )}
          </For>
        </select>
      </div>
      <label class="choice">
        <input type="checkbox" name="signatory" checked={props.value.signatory} />
        {t('common.signatory')}
      </label>
    </>
  )
}

/** The membership a form with {@link MembershipFields} was submitted with. */
export function membershipOf(form: FormData): Membership {
  return {
    party: field(form, 'party') as PartyKey,
    role: field(form, 'role') as Role,
    signatory: form.get('signatory') === 'on',
  }
}
