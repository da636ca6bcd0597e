/**
 * A diff between two versions rendered in the text, block by block: insertions in <ins>, deletions
 * in <del>, each with its kind said in words for screen readers (hidden text before and after) and
 * shown by more than colour (underline, strike-through); blocks that came or went carry a label.
 * The server compares (GET /api/documents/:id/diff); this only draws its answer.
 */
import { createResource, For, Match, Show, Switch } from 'solid-js'
import { api, type DiffBlock } from '../../lib/api.js'
import { errorMessage } from '../../lib/error-messages.js'
import { t } from '../../lib/i18n/i18n.js'
import { changedBlocks } from './versions-query.js'

function Part(props: { text: string; change: 'same' | 'added' | 'removed' }) {
  return (
    <Switch fallback={props.text}>
      <Match when={props.change === 'added'}>
        <ins>
          <span class="visually-hidden">[{t('signoff.diff.added')} </span>
          {props.text}
          <span class="visually-hidden"> ({t('signoff.diff.end')})]</span>
        </ins>
      </Match>
      <Match when={props.change === 'removed'}>
        <del>
          <span class="visually-hidden">[{t('signoff.diff.removed')} </span>
          {props.text}
          <span class="visually-hidden"> ({t('signoff.diff.end')})]</span>
        </del>
      </Match>
    </Switch>
  )
}

/** A changed block whose words are the same (its marks, links, attributes or place changed). */
const formattingOnly = (block: DiffBlock) =>
  block.kind === 'changed' && (block as DiffBlock & { formatting?: boolean }).formatting === true

function Block(props: { block: DiffBlock }) {
  return (
    <div class="diff-block" data-kind={props.block.kind} data-type={props.block.type}>
      <Show when={props.block.kind !== 'same'}>
        <span class="diff-block-label">
          {formattingOnly(props.block)
            ? t('signoff.diff.block.formatting')
            : t(`signoff.diff.block.${props.block.kind}`)}
        </span>
      </Show>
      <p>
        <For each={props.block.parts}>{(part) => <Part text={part.text} change={part.change} />}</For>
      </p>
    </div>
  )
}

export function DiffView(props: {
  documentId: string
  from: string
  to: string
  fromLabel: string
  toLabel: string
}) {
  const [diff] = createResource(
    () => ({ from: props.from, to: props.to }),
    ({ from, to }) => api.diff(props.documentId, from, to),
  )
  return (
    <section class="diff-view" aria-labelledby="diff-heading">
      <h2 id="diff-heading" tabIndex={-1}>
        {t('signoff.diff.heading', { from: props.fromLabel, to: props.toLabel })}
      </h2>
      <p class="hint">{t('signoff.diff.legend')}</p>
      <Switch>
        <Match when={diff.error}>
          <p class="error" role="alert">
            {errorMessage(diff.error)}
          </p>
        </Match>
        <Match when={diff.state === 'ready' && diff()}>
          {(answer) => (
            <>
              <p class="diff-count" role="status">
                {changedBlocks(answer().blocks) === 0
                  ? t('signoff.diff.none')
                  : t('signoff.diff.count', { count: changedBlocks(answer().blocks) })}
              </p>
              <div class="diff-text">
                <For each={answer().blocks}>{(block) => <Block block={block} />}</For>
              </div>
            </>
          )}
        </Match>
        <Match when={true}>
          <p class="loading">{t('common.loading')}</p>
        </Match>
      </Switch>
    </section>
  )
}
