/**
 * A comment's body as the reader sees it: text nodes and line breaks, and `<a>` for http, https
 * and mailto addresses (body-parts.ts) — never HTML. `dir="auto"` lets a right-to-left body read
 * in its own direction without turning the card around it.
 */
import { For, Match, Switch } from 'solid-js'
import { bodyParts } from './body-parts.js'

export function CommentBody(props: { body: string }) {
  return (
    <p class="comment-body" dir="auto">
      <For each={bodyParts(props.body)}>
        {(part) => (
          <Switch>
            <Match when={part.kind === 'break'}>
              <br />
            </Match>
            <Match when={part.kind === 'link' && part}>
              {(link) => (
                <a href={link().href} rel="noopener noreferrer nofollow ugc" target="_blank">
                  {link().text}
                </a>
              )}
            </Match>
            <Match when={part.kind === 'text' && part}>{(text) => text().text}</Match>
          </Switch>
        )}
      </For>
    </p>
  )
}
