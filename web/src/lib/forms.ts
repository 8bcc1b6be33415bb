// Form helpers shared by the views: how a submit runs (validate, send, explain a
// refusal) and how a one-click action runs (confirm, do, say what happened).
// Pure here; the hooks in useForm.ts hold the state.
import { ApiError, errorText } from '../api/client'
import type { FieldErrors } from './validate'

export { MIN_PASSWORD } from './validate'
export type { FieldErrors } from './validate'

/** A message as a sentence: capitalised, ending in a full stop. */
export function sentence(s: string): string {
  const t = s.trim()
  if (!t) return t
  return t[0].toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.')
}

export interface Refusal {
  fields: FieldErrors
  general: string
}

/** Split a failed submit into a per-field message (server `field`) and a general one. */
export function submitErrors(e: unknown, rename: Record<string, string> = {}): Refusal {
  if (e instanceof ApiError && e.field) return { fields: { [rename[e.field] ?? e.field]: e.message }, general: errorText(e) }
  return { fields: {}, general: errorText(e) }
}

export interface FormState {
  errors: FieldErrors
  error: string | null
  busy: boolean
}

export interface SubmitSteps<R> {
  /** Problems found before sending; any stops the submit. */
  validate?: () => FieldErrors
  send: () => Promise<R>
  onSuccess?: (r: R) => void
  /** How a refusal reads; `submitErrors` unless told otherwise. */
  explain?: (e: unknown) => Refusal
}

/** One submit: validate, then busy while sending, then success or the refusal explained. */
export async function runSubmit<R>(steps: SubmitSteps<R>, set: (s: FormState) => void): Promise<boolean> {
  const errors = steps.validate?.() ?? {}
  if (Object.keys(errors).length) {
    set({ errors, error: null, busy: false })
    return false
  }
  set({ errors: {}, error: null, busy: true })
  let r: R
  try {
    r = await steps.send()
  } catch (e) {
    const why = (steps.explain ?? submitErrors)(e)
    set({ errors: why.fields, error: why.general, busy: false })
    return false
  }
  set({ errors: {}, error: null, busy: false })
  steps.onSuccess?.(r)
  return true
}

export interface ActionResult {
  msg: string | null
  error: string | null
}

/** One action (cancel, delete, switch): asked first when `confirm` is given. */
export async function runAction<R>(
  done: string | ((r: R) => string), fn: () => Promise<R>, set: (s: ActionResult) => void, ask?: () => boolean,
): Promise<boolean> {
  if (ask && !ask()) return false
  set({ msg: null, error: null })
  try {
    const r = await fn()
    set({ msg: typeof done === 'string' ? done : done(r), error: null })
    return true
  } catch (e) {
    set({ msg: null, error: errorText(e) })
    return false
  }
}
