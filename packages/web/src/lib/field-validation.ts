/**
 * Our own validation of form fields, in the page's language: forms are `novalidate` (no browser
 * bubbles, which Chromium shows in its own UI language, not the page's), and `formSubmit` runs
 * {@link validateForm} before the handler. A field's problem is shown next to it in an element
 * `<id>-problem` (made on demand, `aria-live="polite"`), tied to the field with `aria-describedby`,
 * and the field is `aria-invalid`; the first invalid field takes focus. The texts are re-rendered
 * when the language changes, and a field is checked again as it is edited, so a fixed problem goes.
 *
 * Limits come from the field: `required`, `type="email"`, `minlength`, and `data-maxlength` for
 * text that must be refused rather than cut (a `maxlength` truncates a paste silently).
 */
import { createEffect, createSignal, onCleanup } from 'solid-js'
import { t, tCount } from './i18n/i18n.js'
import '../lib/messages/common.js'

export type FieldProblem =
  | { kind: 'required' | 'choose' | 'email' }
  | { kind: 'too_short'; min: number }
  | { kind: 'too_long'; max: number; length: number }

/** What a check needs to know of a field (plain data, so it is tested without a DOM). */
export interface FieldFacts {
  value: string
  required: boolean
  /** A radio group or checkbox: "choose one" rather than "fill in". */
  choice: boolean
  /** `validity.valueMissing` (for a radio group: none of it chosen). */
  valueMissing: boolean
  /** `validity.typeMismatch` on an email field. */
  typeMismatch: boolean
  minLength: number
  maxLength: number
}

/** The first problem of a field, or null. Blank text counts as missing (the server trims). */
export function fieldProblem(f: FieldFacts): FieldProblem | null {
  if (f.required && (f.valueMissing || (!f.choice && f.value.trim() === '')))
    return { kind: f.choice ? 'choose' : 'required' }
  if (f.value === '') return null
  if (f.typeMismatch) return { kind: 'email' }
  if (f.minLength > 0 && f.value.length < f.minLength) return { kind: 'too_short', min: f.minLength }
  if (f.maxLength > 0 && f.value.length > f.maxLength)
    return { kind: 'too_long', max: f.maxLength, length: f.value.length }
  return null
}

/** The problem's text in the current language. */
export function problemMessage(p: FieldProblem): string {
  switch (p.kind) {
    case 'too_short':
      return tCount('common.validation.too_short', p.min)
    case 'too_long':
      return tCount('common.validation.too_long', p.max, { length: p.length })
    default:
      return t(`common.validation.${p.kind}`)
  }
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement

function factsOf(el: Field): FieldFacts {
  const choice = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')
  const text = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement
  return {
    value: choice ? '' : el.value,
    required: el.required,
    choice,
    valueMissing: el.validity.valueMissing,
    typeMismatch: el.validity.typeMismatch,
    minLength: text && el.minLength > 0 ? el.minLength : 0,
    maxLength: Number(el.dataset.maxlength ?? 0),
  }
}

/** The element a field's message describes: a radio group's fieldset, else the field itself. */
function describedOf(el: Field): HTMLElement {
  const group = el instanceof HTMLInputElement && el.type === 'radio' ? el.closest('fieldset') : null
  if (!group) return el
  if (!group.id) group.id = `${el.name}-group` // the message's id is made from it
  return group
}

function errorElementFor(target: HTMLElement): HTMLElement {
  const id = `${target.id}-problem`
  let node = document.getElementById(id)
  if (!node) {
    node = document.createElement('p')
    node.id = id
    node.className = 'field-error'
    node.setAttribute('aria-live', 'polite')
    const container =
      target.tagName === 'FIELDSET' ? target : (target.closest('.field') ?? target.parentElement)
    container?.append(node)
  }
  const described = (target.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
  if (!described.includes(id)) target.setAttribute('aria-describedby', [id, ...described].join(' '))
  return node
}

/**
 * The validation of one component's forms. Call in the component (it registers a re-render on
 * language change and its clean-up); `check(form)` says whether the form may be submitted.
 */
export function createFormValidation() {
  const [problems, setProblems] = createSignal<ReadonlyMap<HTMLElement, FieldProblem>>(new Map())
  const watched = new Set<HTMLFormElement>()

  // The texts follow the language: re-rendered whenever problems or the locale change.
  createEffect(() => {
    for (const [target, problem] of problems()) errorElementFor(target).textContent = problemMessage(problem)
  })

  function show(next: Map<HTMLElement, FieldProblem>, fields: Field[]) {
    for (const el of fields) {
      const target = describedOf(el)
      if (next.has(target)) target.setAttribute('aria-invalid', 'true')
      else if (target.getAttribute('aria-invalid') === 'true') {
        target.removeAttribute('aria-invalid')
        const node = document.getElementById(`${target.id}-problem`)
        if (node) node.textContent = ''
      }
    }
    setProblems(next)
  }

  function fieldsOf(form: HTMLFormElement): Field[] {
    return [...form.elements].filter(
      (el): el is Field =>
        (el instanceof HTMLInputElement ||
          el instanceof HTMLTextAreaElement ||
          el instanceof HTMLSelectElement) &&
        !el.disabled &&
        el.type !== 'hidden',
    )
  }

  function collect(form: HTMLFormElement): Map<HTMLElement, FieldProblem> {
    const found = new Map<HTMLElement, FieldProblem>()
    for (const el of fieldsOf(form)) {
      const target = describedOf(el)
      if (found.has(target)) continue
      const problem = fieldProblem(factsOf(el))
      if (problem) found.set(target, problem)
    }
    return found
  }

  const recheck = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement
    // Only while a problem is shown: no messages for a field someone is still typing into.
    if (problems().size > 0) show(collect(form), fieldsOf(form))
  }
  onCleanup(() => {
    for (const form of watched) form.removeEventListener('input', recheck)
  })

  return {
    /**
     * Checks every field; shows the problems; focuses the first (unless `focus` is false: a check
     * on leaving a field must not pull the focus back); true when there are none.
     */
    check(form: HTMLFormElement, { focus = true }: { focus?: boolean } = {}): boolean {
      if (!watched.has(form)) {
        watched.add(form)
        form.addEventListener('input', recheck)
        form.addEventListener('change', recheck)
      }
      const found = collect(form)
      show(found, fieldsOf(form))
      const first = fieldsOf(form).find((el) => found.has(describedOf(el)))
      if (focus) first?.focus()
      return found.size === 0
    },
  }
}
