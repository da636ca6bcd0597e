/**
 * One thread in the comments panel: its party (name and colour), "internal to <party>" when only
 * that party sees it, the quoted text (marked detached when none of it is left), each comment with
 * author, party, time, "edited" or "comment deleted", and what the viewer may do: reply, resolve or
 * reopen, edit or delete their own comments (admins delete any), go to the text. Viewers read only.
 */
import { createSignal, For, Show } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { PartyBadge } from '../../components/party.js'
import { createAction } from '../../lib/action.js'
import type { ThreadComment } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import { formatTime, partyLabel } from '../../lib/labels.js'
import { CommentBody } from './comment-body.js'
import type { CommentsState } from './comments-state.js'
import './comment-messages.js'
import type { HeldThread } from './thread-store.js'

/** Ctrl+Enter (Cmd+Enter) sends a comment form, as in most comment boxes. */
function submitOnModEnter(event: KeyboardEvent) {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault()
    ;(event.currentTarget as HTMLTextAreaElement).form?.requestSubmit()
  }
}

function CommentItem(props: { comment: ThreadComment; state: CommentsState }) {
  const [editing, setEditing] = createSignal(false)
  const [confirming, setConfirming] = createSignal(false)
  const action = createAction()
  let item: HTMLLIElement | undefined
  let editBox: HTMLTextAreaElement | undefined
  let editButton: HTMLButtonElement | undefined
  const c = () => props.comment

  const startEdit = () => {
    setEditing(true)
    editBox?.focus()
  }
  const stopEdit = () => {
    setEditing(false)
    action.clear()
    queueMicrotask(() => editButton?.focus())
  }

  return (
    <li class="comment" data-comment={c().id} ref={item}>
      <p class="comment-meta">
        <bdi class="comment-author">{c().author.name}</bdi> <PartyBadge party={c().author.party} />{' '}
        <time datetime={c().createdAt}>{formatTime(c().createdAt)}</time>
        <Show when={c().editedAt && !c().deleted}>
          {' '}
          <span class="comment-edited">({t('comments.comment.edited')})</span>
        </Show>
      </p>
      <Show when={!c().deleted} fallback={<p class="comment-deleted">{t('comments.comment.deleted')}</p>}>
        <Show when={editing()} fallback={<CommentBody body={c().body} />}>
          <form
            class="comment-form"
            onSubmit={(event) => {
              event.preventDefault()
              const body = editBox?.value ?? ''
              if (!body.trim()) return
              void action.run(() => props.state.editComment(c().id, body)).then((ok) => ok && stopEdit())
            }}
          >
            <label class="visually-hidden" for={`edit-${c().id}`}>
              {t('comments.comment.editLabel')}
            </label>
            <textarea
              id={`edit-${c().id}`}
              ref={(el) => {
                editBox = el
                queueMicrotask(() => el.focus())
              }}
              rows={3}
              dir="auto"
              value={c().body}
              onKeyDown={(event) => {
                submitOnModEnter(event)
                if (event.key === 'Escape') {
                  event.stopPropagation()
                  stopEdit()
                }
              }}
            />
            <FormError message={action.message()} />
            <div class="buttons">
              <button type="submit" class="small primary" disabled={action.busy()}>
                {t('comments.comment.save')}
              </button>
              <button type="button" class="small" onClick={stopEdit}>
                {t('comments.comment.cancel')}
              </button>
            </div>
          </form>
        </Show>
        <Show when={!editing() && (props.state.canEdit(c().author) || props.state.canDelete(c().author.id))}>
          <div class="comment-actions">
            <Show when={props.state.canEdit(c().author)}>
              <button type="button" class="link-button" ref={editButton} onClick={startEdit}>
                {t('comments.comment.edit')}
              </button>
            </Show>
            <Show when={props.state.canDelete(c().author.id)}>
              {/* Two steps: a deleted comment cannot be brought back. */}
              <button
                type="button"
                class="link-button danger-link"
                onClick={() => {
                  if (!confirming()) return setConfirming(true)
                  // The button goes with the comment's text: the focus stays in its thread.
                  const card = item?.closest<HTMLElement>('.thread-card')
                  void action
                    .run(() => props.state.deleteComment(c().threadId, c().id))
                    .then((ok) => ok && card?.focus())
                }}
                onBlur={() => setConfirming(false)}
              >
                {confirming() ? t('comments.comment.confirmDelete') : t('comments.comment.delete')}
              </button>
            </Show>
          </div>
          <FormError message={action.message()} />
        </Show>
      </Show>
    </li>
  )
}

export function ThreadCard(props: {
  thread: HeldThread
  state: CommentsState
  /** Selects the thread's text in the editor and moves the focus there. */
  onShowText: (thread: HeldThread) => void
  /** The thread was resolved or reopened by this viewer (its card may leave the filtered list). */
  onStatusChanged: (threadId: string, status: 'open' | 'resolved') => void
  ref?: (element: HTMLElement) => void
}) {
  const th = () => props.thread
  const reply = createAction()
  const status = createAction()
  const [replying, setReplying] = createSignal(false)
  let replyBox: HTMLTextAreaElement | undefined
  let replyButton: HTMLButtonElement | undefined
  const party = () => partyLabel(th().party)
  const internal = () => th().visibility === 'party'
  const detached = () => props.state.isDetached(th())
  const label = () =>
    t(internal() ? 'comments.thread.labelInternal' : 'comments.thread.label', {
      party: party(),
      quote: th().quote,
    })

  return (
    <article
      ref={props.ref}
      class="thread-card"
      classList={{ 'is-active': props.state.active() === th().id }}
      data-thread={th().id}
      data-party={th().party}
      data-status={th().status}
      data-internal={internal() ? 'true' : undefined}
      tabIndex={-1}
      aria-label={label()}
      onFocusIn={() => props.state.setActive(th().id)}
    >
      <header class="thread-head">
        <PartyBadge party={th().party} />
        <Show when={internal()}>
          <span class="thread-internal">{t('comments.thread.internal', { party: party() })}</span>
        </Show>
        <Show when={th().status === 'resolved'}>
          <span class="tag">{t('comments.thread.resolvedTag')}</span>
        </Show>
      </header>
      <blockquote class="thread-quote" dir="auto">
        {th().quote}
      </blockquote>
      <Show when={detached()}>
        <p class="thread-detached">{t('comments.thread.detached')}</p>
      </Show>
      <ol class="thread-comments">
        {/* Keyed by id: an edit arriving for one comment does not rebuild the others (or a form open there). */}
        <For each={th().comments.map((c) => c.id)}>
          {(id) => (
            <Show when={th().comments.find((c) => c.id === id)}>
              {(comment) => <CommentItem comment={comment()} state={props.state} />}
            </Show>
          )}
        </For>
      </ol>
      <Show when={th().status === 'resolved' && th().resolvedBy}>
        {(by) => (
          <p class="thread-resolved">
            {t('comments.thread.resolvedBy', { name: by().name })}
            <Show when={th().resolvedAt}>
              {(at) => (
                <>
                  {' '}
                  <time datetime={at()}>{formatTime(at())}</time>
                </>
              )}
            </Show>
          </p>
        )}
      </Show>
      <Show when={props.state.canComment() && th().status === 'open'}>
        {/* The reply box opens when asked for, so the panel stays a list to scan. */}
        <Show
          when={replying()}
          fallback={
            <button
              type="button"
              class="link-button reply-open"
              ref={replyButton}
              onClick={() => setReplying(true)}
            >
              {t('comments.reply.open')}
            </button>
          }
        >
          <form
            class="comment-form reply-form"
            onSubmit={(event) => {
              event.preventDefault()
              const body = replyBox?.value ?? ''
              if (!body.trim()) return
              void reply.run(async () => {
                await props.state.reply(th().id, body)
                if (replyBox) replyBox.value = ''
              })
            }}
          >
            <label class="visually-hidden" for={`reply-${th().id}`}>
              {t('comments.reply.label', { quote: th().quote })}
            </label>
            <textarea
              id={`reply-${th().id}`}
              ref={(el) => {
                replyBox = el
                queueMicrotask(() => el.focus())
              }}
              rows={2}
              dir="auto"
              placeholder={t('comments.reply.placeholder')}
              onKeyDown={(event) => {
                submitOnModEnter(event)
                if (event.key === 'Escape' && !replyBox?.value) {
                  event.stopPropagation()
                  setReplying(false)
                  queueMicrotask(() => replyButton?.focus())
                }
              }}
            />
            <FormError message={reply.message()} />
            <div class="buttons">
              <button type="submit" class="small primary" disabled={reply.busy()}>
                {t('comments.reply.send')}
              </button>
            </div>
          </form>
        </Show>
      </Show>
      <div class="thread-actions">
        <Show when={!detached()}>
          <button type="button" class="link-button" onClick={() => props.onShowText(th())}>
            {t('comments.thread.showText')}
          </button>
        </Show>
        <Show when={props.state.canComment()}>
          <button
            type="button"
            class="small"
            disabled={status.busy()}
            onClick={() => {
              // Read before: once resolved the card may be gone, and its props with it.
              const id = th().id
              const next = th().status === 'open' ? 'resolved' : 'open'
              void status
                .run(() => props.state.setThreadStatus(id, next))
                .then((ok) => ok && props.onStatusChanged(id, next))
            }}
          >
            {th().status === 'open' ? t('comments.thread.resolve') : t('comments.thread.reopen')}
          </button>
        </Show>
      </div>
      <FormError message={status.message()} />
    </article>
  )
}
