/**
 * Who is here now, grouped by party: every party is listed, and one with nobody present says so.
 * Readers and commenters are marked (they cannot change the text). Arrivals and departures are
 * announced politely to screen readers, never per keystroke or caret move.
 */
import { type Accessor, For, Show } from 'solid-js'
import { locale, t } from '../lib/i18n/i18n.js'
import './messages.js'
import { type PresentUser, presenceByParty } from './presence.js'

const roleNote = (role: string) =>
  role === 'viewer'
    ? t('editor.presence.viewer')
    : role === 'commenter'
      ? t('editor.presence.commenter')
      : null

export function PresencePanel(props: {
  self: PresentUser
  others: Accessor<ReadonlyMap<string, PresentUser>>
  announcement: Accessor<string>
}) {
  const groups = () => presenceByParty(props.self, props.others().values(), locale())
  return (
    <section class="presence" aria-labelledby="presence-title">
      <h2 id="presence-title">{t('editor.presence.title')}</h2>
      <ul class="presence-parties">
        <For each={groups()}>
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
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <p class="editor-sr-only" aria-live="polite" data-testid="presence-announcement">
        {props.announcement()}
      </p>
    </section>
  )
}
