// Small shared pieces: page frame, loading and error states, labelled fields.
import { useEffect, useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { ApiError, errorText } from '../api/client'
import type { Classroom } from '../api/types'
import { classifyRoom, STATE_ICON, stateText } from '../lib/status'
import { Icon } from './Icon'

export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Classroom Tracker`
  }, [title])
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{title}</h1>
        {actions && <div className="actions">{actions}</div>}
      </div>
      {children}
    </section>
  )
}

/** A placeholder of the content's rough shape while it loads, so the page does not jump. */
export function Loading({ label = 'Loading…', rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div className="loading" role="status">
      <span className="loading-label">{label}</span>
      {Array.from({ length: rows }, (_, i) => <span key={i} className="skeleton" aria-hidden="true" />)}
    </div>
  )
}

/** Nothing to show yet: say so, and what to do about it. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <Icon name="empty" className="empty-icon" />
      <p><strong>{title}</strong></p>
      {children && <p className="muted-strong">{children}</p>}
    </div>
  )
}

/** What the last one-click action did: a polite notice, or an alert when it failed. */
export function ActionNotice({ action }: { action: { msg: string | null; error: string | null } }) {
  return (
    <>
      {action.msg && <Notice>{action.msg}</Notice>}
      {action.error && <ErrorBox error={action.error} />}
    </>
  )
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null
  const offline = error instanceof ApiError && (error.status === 0 || error.status === 503)
  return (
    <div className="error-box" role="alert">
      <Icon name="warn" className="box-icon" />
      <span>{errorText(error)}{offline ? ' The data shown may be out of date.' : ''}</span>
      {onRetry && <button type="button" onClick={onRetry}>Try again</button>}
    </div>
  )
}

export function Notice({ children, kind = 'ok' }: { children: ReactNode; kind?: 'ok' | 'warn' }) {
  return (
    <div className={`notice notice-${kind}`} role="status">
      <Icon name={kind === 'ok' ? 'check' : 'info'} className="box-icon" />
      <span>{children}</span>
    </div>
  )
}

/** Async view states in one line: loading first time, error with retry. */
export function Async<T>({ state, children }: { state: { data: T | undefined; error: unknown; loading: boolean; reload: () => void }; children: (d: T) => ReactNode }) {
  if (state.error && state.data === undefined) return <ErrorBox error={state.error} onRetry={state.reload} />
  if (state.data === undefined) return <Loading />
  return (
    <>
      {state.error ? <ErrorBox error={state.error} onRetry={state.reload} /> : null}
      {children(state.data)}
    </>
  )
}

function FieldFrame({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && !error && <small id={`${id}-hint`} className="hint">{hint}</small>}
      {error && <small id={`${id}-err`} className="field-error">{error}</small>}
    </div>
  )
}

const described = (id: string, error?: string, hint?: string) =>
  error ? `${id}-err` : hint ? `${id}-hint` : undefined

export function Input({ label, error, hint, ...props }: { label: string; error?: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId()
  const id = props.id ?? auto
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <input {...props} id={id} aria-invalid={error ? true : undefined} aria-describedby={described(id, error, hint)} />
    </FieldFrame>
  )
}

export function TextArea({ label, error, hint, ...props }: { label: string; error?: string; hint?: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const auto = useId()
  const id = props.id ?? auto
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <textarea {...props} id={id} aria-invalid={error ? true : undefined} aria-describedby={described(id, error, hint)} />
    </FieldFrame>
  )
}

export function Select({ label, error, hint, children, ...props }: { label: string; error?: string; hint?: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const auto = useId()
  const id = props.id ?? auto
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <select {...props} id={id} aria-invalid={error ? true : undefined} aria-describedby={described(id, error, hint)}>
        {children}
      </select>
    </FieldFrame>
  )
}

export function Checkbox({ label, ...props }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="checkbox">
      <input type="checkbox" {...props} /> {label}
    </label>
  )
}

/** `name`: a fuller accessible name that starts with the visible label ("Copy link of A 101"). */
export function CopyButton({ text, label = 'Copy', name }: { text: string; label?: string; name?: string }) {
  const [done, setDone] = useState(false)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setDone(true)
      setTimeout(() => setDone(false), 2000)
    } catch {
      window.prompt('Copy this value:', text)
    }
  }
  return (
    <button type="button" onClick={copy} aria-live="polite" aria-label={name && !done ? name : undefined}>
      {done ? 'Copied' : label}
    </button>
  )
}

export function RoomBadge({ room }: { room: Pick<Classroom, 'esp_device_id' | 'status'> }) {
  const state = classifyRoom(room)
  return <span className={`badge state-${state}`}><Icon name={STATE_ICON[state]} /> {stateText(room)}</span>
}
