/**
 * Who is here now, grouped by party: every party is listed, and one with nobody present says so.
 * Readers and commenters are marked (they cannot change the text). The full list, shown in the
 * presence bar's popover (presence-bar.tsx).
 */
import { type Accessor, For, Show } from 'solid-js'
import { t } from '../lib/i18n/i18n.js'
import '../lib/messages/following.js'
import './messages.js'
import type { PartyPresence, PresentUser } from './presence.js'

export const roleNote = (role: string) =>
  role === 'viewer'
    ? t('editor.presence.viewer')
    : role === 'commenter'
      ? t('editor.presence.commenter')
      : null

export function PresenceList(props: {
  groups: Accessor<PartyPresence[]>
  /** Follow another person's caret (follow-person.ts); absent: no "Follow" buttons. */
  onFollow?: (person: PresentUser) => void
  /** Whom the viewer follows now. */
  following?: Accessor<string | null>
}) {
  return (
    <ul class="presence-parties">
      <For each={props.groups()}>
        {(party) => (
          <li
            class="presence-party"
            data-party={party.key}
            data-empty={party.people.length === 0 ? 'true' : 'false'}
          >
            <span class="party presence-party-name">
              <span class="party-swatch" style={{ 'background-color': party.color }} aria-hidden="true" />
              {party.label}
            </span>
            <Show
              when={party.people.length > 0}
              fallback={<p class="presence-nobody">{t('editor.presence.nobody')}</p>}
            >
              <ul class="presence-people">
                <For each={party.people}>
                  {(person) => (
                    <li data-user={person.id}>
                      {person.name}
                      <Show when={person.self}> {t('editor.presence.you')}</Show>
                      <Show when={roleNote(person.role)}>
                        {(note) => <span class="presence-role"> · {note()}</span>}
                      </Show>
                      <Show when={!person.self && props.onFollow}>
                        {(onFollow) => (
                          <button
                            type="button"
                            class="small presence-follow"
                            aria-pressed={props.following?.() === person.id ? 'true' : 'false'}
                            aria-label={t('following.follow_label', { name: person.name })}
                            onClick={() => onFollow()(person)}
                          >
                            {t('following.follow')}
                          </button>
                        )}
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </li>
        )}
      </For>
    </ul>
  )
}
