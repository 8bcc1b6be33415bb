// Change a weekly series from one session on: title, times of day and description
// of every session ahead from that date (each keeps its own date). All or nothing:
// when one session would clash, none changes.
import { useState } from 'react'
import { ApiError, api } from '../api/client'
import type { Booking } from '../api/types'
import { useSession } from '../app/session'
import { submitErrors } from '../lib/forms'
import { clockInZone, dayInZone, formatRange } from '../lib/time'
import { useForm } from '../lib/useForm'
import { problems } from '../lib/validate'
import { ErrorBox, Input, TextArea } from './ui'

export function EditSeries({ b, onDone }: { b: Booking; onDone: (msg: string | null) => void }) {
  const { tz } = useSession()
  const day = dayInZone(b.start_time, tz)
  const [f, setF] = useState({ title: b.title, description: b.description ?? '', start: clockInZone(b.start_time, tz), end: clockInZone(b.end_time, tz) })
  const form = useForm({
    validate: () => problems({
      title: !f.title.trim() && 'Enter a title.',
      start_time: !f.start && 'Choose a start time.',
      end_time: !f.end ? 'Choose an end time.' : f.start && f.end <= f.start && 'The end must be after the start.',
    }),
    send: () => api.staff.editSeriesFrom(b.series_id!, day, { title: f.title.trim(), description: f.description.trim(), start_time: f.start, end_time: f.end }),
    onSuccess: (a) => onDone(`Saved ${a.updated} sessions of "${f.title.trim()}" from ${day} on.`),
    explain: (err) => {
      if (!(err instanceof ApiError) || err.status !== 409) return submitErrors(err)
      const c = (err.body as { conflict?: { start_time: string; end_time: string } }).conflict
      const when = c ? ` (${formatRange(c.start_time, c.end_time, tz)})` : ''
      return { fields: { start_time: `Another booking is in the way${when}; nothing was changed.` }, general: err.message }
    },
  })
  const title = `Edit ${b.title} from ${day} on`
  return (
    <form className="card form" onSubmit={form.onSubmit} noValidate aria-label={title}>
      <h3>Every session from {day} on</h3>
      <ErrorBox error={form.error} />
      <Input label="Title" value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} error={form.errors.title} />
      <div className="two">
        <Input label="Start time" type="time" value={f.start} onChange={(e) => setF({ ...f, start: e.target.value })} error={form.errors.start_time} />
        <Input label="End time" type="time" value={f.end} onChange={(e) => setF({ ...f, end: e.target.value })} error={form.errors.end_time} />
      </div>
      <TextArea label="Description" value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} rows={2} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={form.busy}>Save the series</button>
        <button type="button" onClick={() => onDone(null)}>Cancel</button>
      </div>
    </form>
  )
}
