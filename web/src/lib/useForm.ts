// The state behind every form and every one-click action of the views.
import { useCallback, useLayoutEffect, useRef, useState, type FormEvent } from 'react'
import { runAction, runSubmit, type ActionResult, type FormState, type SubmitSteps } from './forms'

export interface Form extends FormState {
  onSubmit: (e?: FormEvent<HTMLFormElement>) => void
  setError: (error: string | null) => void
}

/**
 * A form's submit plumbing. `steps` is read at submit time, so it may close over
 * the latest field values. After a failed submit the first invalid field gets focus.
 */
export function useForm<R>(steps: SubmitSteps<R>): Form {
  const [state, setState] = useState<FormState>({ errors: {}, error: null, busy: false })
  const latest = useRef(steps)
  useLayoutEffect(() => {
    latest.current = steps
  })
  const onSubmit = useCallback((e?: FormEvent<HTMLFormElement>) => {
    e?.preventDefault()
    const form = e?.currentTarget
    void runSubmit(latest.current, setState).then((ok) => {
      if (!ok && form) requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
    })
  }, [])
  const setError = useCallback((error: string | null) => setState((s) => ({ ...s, error })), [])
  return { ...state, onSubmit, setError }
}

export interface Action extends ActionResult {
  /** Run `fn`; on success show `done` and call the hook's `after`. `confirm` asks first. */
  run: <R>(done: string | ((r: R) => string), fn: () => Promise<R>, confirm?: string) => Promise<boolean>
  say: (msg: string | null) => void
}

export function useAction(after?: () => void): Action {
  const [state, setState] = useState<ActionResult>({ msg: null, error: null })
  const afterRef = useRef(after)
  useLayoutEffect(() => {
    afterRef.current = after
  })
  const run = useCallback(async <R>(done: string | ((r: R) => string), fn: () => Promise<R>, confirm?: string) => {
    const ok = await runAction(done, fn, setState, confirm ? () => window.confirm(confirm) : undefined)
    if (ok) afterRef.current?.()
    return ok
  }, [])
  const say = useCallback((msg: string | null) => setState({ msg, error: null }), [])
  return { ...state, run, say }
}
