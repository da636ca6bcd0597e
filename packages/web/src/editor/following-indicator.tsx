/**
 * "Following X" under the sticky row while the viewer follows another person's caret
 * (follow-person.ts): the person's name and party (name and colour together), how following ends,
 * and a "Stop following" button. It hangs below the row, so it costs the text no height.
 */
import { PartyBadge } from '../components/party.js'
import { t } from '../lib/i18n/i18n.js'
import '../lib/messages/following.js'
import type { PresentUser } from './presence.js'

export function FollowingIndicator(props: { person: PresentUser; onStop: () => void }) {
  return (
    <div class="following-bar" data-testid="following" data-user={props.person.id}>
      <span class="following-who">
        {t('following.indicator', { name: props.person.name })} · <PartyBadge party={props.person.party} />
      </span>
      <span class="following-hint">{t('following.hint')}</span>
      <button type="button" class="small" onClick={() => props.onStop()}>
        {t('following.stop')}
      </button>
    </div>
  )
}
