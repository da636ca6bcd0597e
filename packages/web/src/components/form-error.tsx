/**
 * Where a form says what went wrong. The alert region is always in the page, so a message put
 * into it is announced by screen readers; it takes no space while empty.
 */
import { Show } from 'solid-js'

export function FormError(props: { message: string | null | undefined; id?: string }) {
  return (
    <div class="form-error" role="alert" id={props.id}>
      <Show when={props.message}>{(message) => <p>{message()}</p>}</Show>
    </div>
  )
}
