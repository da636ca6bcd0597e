/**
 * A form's submit button while the form's action may be running: it then says what is happening
 * and is `aria-disabled` (createAction already ignores a second submit).
 */
export function SubmitButton(props: {
  busy: boolean
  label: string
  busyLabel: string
  /** A secondary button, not the page's main action. */
  secondary?: boolean
}) {
  return (
    <button
      type="submit"
      class={props.secondary ? undefined : 'primary'}
      aria-disabled={props.busy ? 'true' : undefined}
    >
      {props.busy ? props.busyLabel : props.label}
    </button>
  )
}
