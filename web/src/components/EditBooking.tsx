// Change a booking's title, times and description: staff their own, admins any.
import { useState } from 'react'
import { ApiError } from '../api/client'
import type { Booking } from '../api/types'
import { useSession } from '../app/session'
import { submitErrors } from '../lib/forms'
import { fromLocalInput, toLocalInput } from '../lib/time'
import { useForm } from '../lib/useForm'
import { problems } from '../lib/validate'
import { ErrorBox, Input, TextArea } from './ui'

type Changes = Partial<{ start_time: string; end_time: string; title: string; description: string }>

export function EditBooking({ b, save, onDone }: { b: Booking; save: (id: number, c: Changes) => Promise<Booking>; onDone: (msg: string | null) => void }) {
  const { tz } = useSession()
  const [f, setF] = useState({ title: b.title, description: b.description ?? '', start: toLocalInput(b.start_time, tz), end: toLocalInput(b.end_time, tz) })
  const form = useForm({
    validate: () => problems({
      title: !f.title.trim() && 'Enter a title.',
      start_time: !f.start && 'Choose a start.',
      end_time: !f.end ? 'Choose an end.' : f.start && fromLocalInput(f.end, tz) <= fromLocalInput(f.start, tz) && 'The end must be after the start.',
    }),
    send: () => save(b.id, { title: f.title.trim(), description: f.description.trim(), start_time: f.start, end_time: f.end }),
    onSuccess: () => onDone(`Saved "${f.title.trim()}".`),
    explain: (err) => err instanceof ApiError && err.status === 409
      ? { fields: { start_time: 'The room is already booked at this time.' }, general: err.message }
      : submitErrors(err),
  })
  return (
    <form className="card form" onSubmit={form.onSubmit} noValidate aria-label={`Edit ${b.title}`}>
      <ErrorBox error={form.error} />
      <Input label="Title" value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} error={form.errors.title} />
      <div className="two">
        <Input label="Start" type="datetime-local" value={f.start} onChange={(e) => setF({ ...f, start: e.target.value })} error={form.errors.start_time} />
        <Input label="End" type="datetime-local" value={f.end} onChange={(e) => setF({ ...f, end: e.target.value })} error={form.errors.end_time} />
      </div>
      <TextArea label="Description" value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} rows={2} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={form.busy}>Save</button>
        <button type="button" onClick={() => onDone(null)}>Cancel</button>
      </div>
    </form>
  )
}
