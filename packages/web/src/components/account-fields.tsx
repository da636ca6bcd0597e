/**
 * Fields of an account that more than one form asks for, each with its limit, autocomplete and
 * hint: the display name (sign-up, the account page) and a new password (sign-up, the reset link,
 * the account page).
 */
import { createResource, Show } from 'solid-js'
import { TEXT_LIMITS } from '../lib/api.js'
import { t } from '../lib/i18n/i18n.js'
import { loadPublicConfig } from '../lib/public-config.js'
import '../lib/messages/auth.js'

/** The display name, read from the form as `name`. */
export function NameField(props: { id: string; label: string; value?: string; onInput?: () => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name="name"
        value={props.value ?? ''}
        autocomplete="name"
        data-maxlength={TEXT_LIMITS.nameMax}
        aria-describedby={`${props.id}-hint`}
        required
        onInput={() => props.onInput?.()}
      />
      <span id={`${props.id}-hint`} class="hint">
        {t('auth.name_hint')}
      </span>
    </div>
  )
}

/**
 * A password the person chooses now, read from the form as `name`. Its hint says the instance's
 * minimum (`PASSWORD_MIN_LENGTH`, from the public config), which the form checks before sending.
 */
export function NewPasswordField(props: { id: string; name: string; label: string }) {
  const [config] = createResource(loadPublicConfig)
  const min = () => (config.state === 'ready' ? config().passwordMinLength : undefined)
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type="password"
        autocomplete="new-password"
        minLength={min()}
        data-maxlength={TEXT_LIMITS.passwordMax}
        aria-describedby={`${props.id}-hint`}
        required
      />
      <span id={`${props.id}-hint`} class="hint">
        <Show when={min()}>{(n) => <>{t('auth.password_min', { min: n() })} </>}</Show>
        {t('auth.password_hint')}
      </span>
    </div>
  )
}
