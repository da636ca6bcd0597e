/**
 * Writing a new thread on the selected text: the quote, the comment, and who will see it — every
 * party, or only the writer's own (said plainly, with the party's name). Sending waits until the
 * server has the text (it refuses an anchor over text it has not stored) and says so meanwhile.
 * Escape gives up and returns to the text.
 */
import { createSignal, Show } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { createAction } from '../../lib/action.js'
import { TEXT_LIMITS } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import { partyLabel } from '../../lib/labels.js'
import type { CommentsState, Draft } from './comments-state.js'
import './comment-messages.js'
import type { HeldThread } from './thread-store.js'

type Visibility = 'shared' | 'party'

/** One choice of who sees the thread, with a line saying plainly who that is. */
function VisibilityChoice(props: {
  value: Visibility
  chosen: () => Visibility
  choose: (value: Visibility) => void
  label: string
  hint: string
}) {
  const hintId = `compose-${props.value}-hint`
  return (
    <>
      <label class="choice">
        <input
          type="radio"
          name="visibility"
          value={props.value}
          checked={props.chosen() === props.value}
          onChange={() => props.choose(props.value)}
          aria-describedby={hintId}
        />
        {props.label}
      </label>
      <p id={hintId} class="hint">
        {props.hint}
      </p>
    </>
  )
}

export function ComposeForm(props: {
  draft: Draft
  state: CommentsState
  onPosted: (thread: HeldThread) => void
  onCancel: () => void
}) {
  const [visibility, setVisibility] = createSignal<Visibility>('shared')
  const action = createAction()
  const myParty = () => partyLabel(props.state.viewer.party)
  let body: HTMLTextAreaElement | undefined

  const submit = (event: SubmitEvent) => {
    event.preventDefault()
    const text = body?.value ?? ''
    if (!text.trim()) {
      body?.focus()
      return
    }
    let posted: HeldThread | null = null
    void action
      .run(async () => {
        posted = await props.state.createThread(text, visibility())
      })
      .then((ok) => {
        if (ok && posted) props.onPosted(posted)
      })
  }

  return (
    <form
      class="compose-form"
      aria-labelledby="compose-title"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault()
          props.onCancel()
        }
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault()
          event.currentTarget.requestSubmit()
        }
      }}
    >
      <h3 id="compose-title" class="compose-title">
        {t('comments.compose.title')}
      </h3>
      <blockquote class="thread-quote" dir="auto">
        {props.draft.quote}
      </blockquote>
      <label for="compose-body">{t('comments.compose.body')}</label>
      <textarea
        id="compose-body"
        ref={(el) => {
          body = el
          queueMicrotask(() => el.focus())
        }}
        rows={3}
        dir="auto"
        maxLength={TEXT_LIMITS.commentBodyMax}
        required
      />
      <fieldset class="compose-visibility">
        <legend>{t('comments.compose.visibility')}</legend>
        <VisibilityChoice
          value="shared"
          chosen={visibility}
          choose={setVisibility}
          label={t('comments.compose.shared')}
          hint={t('comments.compose.sharedHint')}
        />
        <VisibilityChoice
          value="party"
          chosen={visibility}
          choose={setVisibility}
          label={t('comments.compose.party', { party: myParty() })}
          hint={t('comments.compose.partyHint', { party: myParty() })}
        />
      </fieldset>
      <p class="compose-waiting" aria-live="polite">
        <Show when={action.busy()}>{t('comments.compose.waiting')}</Show>
      </p>
      <FormError message={action.message()} />
      <div class="buttons">
        <button type="submit" class="small primary" disabled={action.busy()}>
          {t('comments.compose.submit')}
        </button>
        <button type="button" class="small" onClick={() => props.onCancel()}>
          {t('comments.compose.cancel')}
        </button>
      </div>
    </form>
  )
}
