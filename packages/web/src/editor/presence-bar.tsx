/**
 * Presence in one compact strip beside the status: everyone here as initials in their party's
 * colour, grouped by party (a few per party, then "+n"), each with their name and party in a tooltip
 * on hover and on focus. Any of them opens the full list (presence-panel.tsx) in a popover. Arrivals
 * and departures are announced politely to screen readers, never per keystroke or caret move.
 */
import { Popover } from '@kobalte/core/popover'
import { Tooltip } from '@kobalte/core/tooltip'
import { type Accessor, createMemo, createSignal, For, Show } from 'solid-js'
import { initials } from '../components/initials.js'
import { tooltipControl } from '../components/tooltip-control.js'
import { locale, t } from '../lib/i18n/i18n.js'
import './messages.js'
import { type PresentUser, presenceByParty } from './presence.js'
import { PresenceList, roleNote } from './presence-panel.js'

/** Initials shown per party before the rest are counted as "+n" (the popover lists everyone). */
export const AVATARS_PER_PARTY = 4

export function PresenceBar(props: {
  self: PresentUser
  others: Accessor<ReadonlyMap<string, PresentUser>>
  announcement: Accessor<string>
  /** Follow another person's caret; the list closes (follow-person.ts). */
  onFollow?: (person: PresentUser) => void
  following?: Accessor<string | null>
}) {
  const groups = createMemo(() => presenceByParty(props.self, props.others().values(), locale()))
  const present = () => groups().filter((g) => g.people.length > 0)
  const count = () => present().reduce((n, g) => n + g.people.length, 0)
  const [open, setOpen] = createSignal(false)
  let strip: HTMLDivElement | undefined
  /** The avatar that opened the list, where the focus goes back to when it closes from inside. */
  let opener: HTMLElement | null = null
  let content: HTMLDivElement | undefined

  return (
    <div class="presence" ref={strip}>
      {/*
       * Every avatar opens the list, so it is anchored to the strip rather than to one trigger.
       * Opening only (never toggling): a press on an avatar while the list is open first dismisses
       * it as a press outside, and must not then close what it just reopened.
       */}
      <Popover open={open()} onOpenChange={setOpen} anchorRef={() => strip} placement="bottom-end" gutter={6}>
        <ul class="presence-strip" aria-label={t('editor.presence.count', { count: count() })}>
          <For each={present()}>
            {(party) => (
              <li class="presence-group" data-party={party.key}>
                <ul class="presence-avatars" aria-label={party.label}>
                  <For each={party.people.slice(0, AVATARS_PER_PARTY)}>
                    {(person) => {
                      const label = () =>
                        [
                          `${person.name}${person.self ? ` ${t('editor.presence.you')}` : ''}`,
                          party.label,
                          roleNote(person.role),
                        ]
                          .filter(Boolean)
                          .join(' · ')
                      const tip = tooltipControl(open)
                      return (
                        <li>
                          <Tooltip {...tip.root} placement="bottom">
                            <Tooltip.Trigger
                              {...tip.trigger}
                              as="button"
                              type="button"
                              class="avatar"
                              data-user={person.id}
                              aria-haspopup="dialog"
                              aria-expanded={open() ? 'true' : 'false'}
                              style={{ 'background-color': party.color }}
                              onClick={(event) => {
                                opener = event.currentTarget
                                setOpen(true)
                              }}
                            >
                              <span aria-hidden="true">{initials(person.name)}</span>
                              <span class="visually-hidden">{label()}</span>
                            </Tooltip.Trigger>
                            <Tooltip.Portal>
                              <Tooltip.Content class="tooltip">{label()}</Tooltip.Content>
                            </Tooltip.Portal>
                          </Tooltip>
                        </li>
                      )
                    }}
                  </For>
                  <Show when={party.people.length > AVATARS_PER_PARTY}>
                    <li class="avatar-more">
                      <span aria-hidden="true">+{party.people.length - AVATARS_PER_PARTY}</span>
                      <span class="visually-hidden">
                        {t('editor.presence.more', { count: party.people.length - AVATARS_PER_PARTY })}
                      </span>
                    </li>
                  </Show>
                </ul>
              </li>
            )}
          </For>
        </ul>
        <Popover.Portal>
          <Popover.Content
            class="popover presence-popover"
            ref={content}
            aria-labelledby="presence-title"
            onCloseAutoFocus={(event) => {
              // Back to the avatar when closed from inside (Escape); a press elsewhere keeps its focus.
              const active = document.activeElement
              if (active && active !== document.body && !content?.contains(active)) return
              event.preventDefault()
              opener?.focus()
            }}
          >
            <h2 id="presence-title" class="popover-title">
              {t('editor.presence.title')}
            </h2>
            <PresenceList
              groups={groups}
              following={props.following}
              onFollow={
                props.onFollow &&
                ((person) => {
                  setOpen(false)
                  props.onFollow?.(person)
                })
              }
            />
          </Popover.Content>
        </Popover.Portal>
      </Popover>
      <p class="visually-hidden" aria-live="polite" data-testid="presence-announcement">
        {props.announcement()}
      </p>
    </div>
  )
}
