/**
 * Search of the workspace's documents: a labelled search landmark with one field, searching on the
 * server as the person types (after a short pause) and on Enter. Each result shows its title, the
 * initiating party (name and colour) and where the words occur, the matches in <mark>; the snippet
 * arrives as text parts, never as HTML. How many were found is announced politely; an answer to an
 * older search never replaces a newer one. Archived documents follow the list's "show archived".
 * A query over the server's limit is refused next to the field in the page's language, like every
 * form's problems (lib/field-validation.ts), not cut short by a `maxlength` or a browser bubble.
 */
import { type Accessor, createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js'
import { PartyBadge } from '../../components/party.js'
import { RichText } from '../../components/rich-text.js'
import { api, type SearchResult, TEXT_LIMITS } from '../../lib/api.js'
import { errorMessage } from '../../lib/error-messages.js'
import { createFormValidation } from '../../lib/field-validation.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import { kindLabel, statusLabel } from '../../lib/labels.js'
import '../../lib/messages/workspace.js'
import { followLink } from '../../router.js'

/** Typing pauses this long before the search runs: one request per word, not per letter. */
const TYPING_PAUSE_MS = 300

interface Answer {
  query: string
  results: SearchResult[]
}

export function DocumentSearch(props: { workspaceId: string; includeArchived: Accessor<boolean> }) {
  const [text, setText] = createSignal('')
  const [answer, setAnswer] = createSignal<Answer | null>(null)
  const [error, setError] = createSignal<unknown>(null)
  let generation = 0
  let pause: ReturnType<typeof setTimeout> | undefined
  let form: HTMLFormElement | undefined
  const validation = createFormValidation()

  const search = async () => {
    clearTimeout(pause)
    const mine = ++generation
    const query = text().trim()
    // Checked only when there is something to search: an emptied field just clears the results.
    if (query !== '' && form && !validation.check(form)) {
      generation++
      setAnswer(null)
      setError(null)
      return
    }
    if (query === '') {
      setAnswer(null)
      setError(null)
      return
    }
    try {
      const { results } = await api.search(props.workspaceId, {
        q: query,
        ...(props.includeArchived() ? {} : { archived: 'false' as const }),
      })
      if (mine !== generation) return
      setAnswer({ query, results })
      setError(null)
    } catch (e) {
      if (mine !== generation) return
      setAnswer(null)
      setError(e)
    }
  }

  /** What the status region says (and so what screen readers announce) once an answer came. */
  const found = () => {
    const a = answer()
    if (!a) return ''
    return a.results.length === 0
      ? t('workspace.search.none', { query: a.query })
      : tCount('workspace.search.count', a.results.length, { query: a.query })
  }

  createEffect(on(props.includeArchived, () => answer() && void search(), { defer: true }))
  onCleanup(() => {
    clearTimeout(pause)
    generation++
  })

  return (
    <search class="document-search" aria-label={t('workspace.search.label')}>
      <form
        ref={form}
        class="search-form"
        novalidate
        onSubmit={(event) => {
          event.preventDefault()
          void search()
        }}
      >
        <div class="field">
          <label for="document-search-q">{t('workspace.search.field')}</label>
          <div class="row">
            <input
              id="document-search-q"
              type="search"
              name="q"
              value={text()}
              data-maxlength={TEXT_LIMITS.searchQueryMax}
              autocomplete="off"
              spellcheck={false}
              onInput={(event) => {
                setText(event.currentTarget.value)
                clearTimeout(pause)
                pause = setTimeout(() => void search(), TYPING_PAUSE_MS)
              }}
            />
            <button type="submit">{t('workspace.search.submit')}</button>
          </div>
        </div>
      </form>
      <p class="notice-line" role="status">
        {found()}
      </p>
      <Show when={error()}>
        <p class="error" role="alert">
          {errorMessage(error())}
        </p>
      </Show>
      <Show when={answer()?.results.length}>
        <ol class="search-results" aria-label={t('workspace.search.results')}>
          <For each={answer()?.results}>{(result) => <ResultItem result={result} />}</For>
        </ol>
      </Show>
    </search>
  )
}

function ResultItem(props: { result: SearchResult }) {
  const doc = () => props.result.document
  return (
    <li>
      <a href={`/d/${doc().id}`} onClick={followLink} class="document-title">
        {doc().title}
      </a>
      <Show when={doc().archived}>
        {' '}
        <span class="tag">{t('workspace.documents.archived_tag')}</span>
      </Show>
      <p class="search-meta">
        <RichText
          text={t('workspace.search.meta')}
          parts={{
            party: () => <PartyBadge party={doc().initiatingParty} />,
            kind: () => kindLabel(doc().kind),
            status: () => statusLabel(doc().status),
          }}
        />
      </p>
      <Show when={props.result.snippet.length > 0}>
        <p class="snippet">
          <For each={props.result.snippet}>
            {(part) => (part.match ? <mark>{part.text}</mark> : part.text)}
          </For>
        </p>
      </Show>
    </li>
  )
}
