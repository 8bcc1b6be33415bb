// A weekly series for a term: weekdays, first and last day, one time range.
import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../../../api/client'
import type { SeriesAnswer } from '../../../api/types'
import { useSession } from '../../../app/session'
import { Checkbox, ErrorBox, Input, Notice, TextArea } from '../../../components/ui'
import { submitErrors } from '../../../lib/forms'
import { addDays, formatRange, WEEKDAY_NAMES } from '../../../lib/time'
import { useForm } from '../../../lib/useForm'
import { problems } from '../../../lib/validate'

const SERVER_FIELD: Record<string, string> = { start_time: 'start', end_time: 'end', classroom_id: 'room' }

export function SeriesForm({ roomId, today, times, onBooked }: {
  roomId: number; today: string; times: { start: string; end: string }; onBooked: () => void
}) {
  const { tz } = useSession()
  const [f, setF] = useState({
    title: '', description: '', weekdays: [] as number[], start_date: today, end_date: addDays(today, 90),
    start: times.start, end: times.end, skip_conflicts: true,
  })
  const [result, setResult] = useState<SeriesAnswer | null>(null)
  const form = useForm({
    validate: () => {
      setResult(null)
      return problems({
        room: !roomId && 'Choose a room.',
        title: !f.title.trim() && 'Enter a title, e.g. the course name.',
        weekdays: f.weekdays.length === 0 && 'Choose at least one weekday.',
        start_date: !f.start_date && 'Choose the first day of the term.',
        end_date: (!f.end_date || f.end_date < f.start_date) && 'The last day must be on or after the first day.',
        end: (!f.start || !f.end || f.end <= f.start) && 'The end time must be after the start time.',
      })
    },
    send: () => api.staff.bookSeries({
      classroom_id: roomId, title: f.title.trim(), description: f.description.trim(), weekdays: [...f.weekdays].sort(),
      start_date: f.start_date, end_date: f.end_date, start_time: f.start, end_time: f.end, skip_conflicts: f.skip_conflicts,
    }),
    onSuccess: (a) => {
      setResult(a)
      onBooked()
    },
    explain: (e) => submitErrors(e, SERVER_FIELD),
  })
  const { errors } = form
  const toggleDay = (d: number) => setF({ ...f, weekdays: f.weekdays.includes(d) ? f.weekdays.filter((x) => x !== d) : [...f.weekdays, d] })

  return (
    <form className="card form" onSubmit={form.onSubmit} noValidate aria-label="Weekly series">
      {result && (
        <Notice>
          Booked {result.created.length} sessions{result.conflicts.length ? `; ${result.conflicts.length} skipped because the room was taken` : ''}.{' '}
          <Link to="/staff/bookings">See my bookings</Link>
        </Notice>
      )}
      <ErrorBox error={form.error} />
      {errors.room && <ErrorBox error={errors.room} />}
      <Input id="book-title" label="Title" value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} error={errors.title} maxLength={200} />
      <fieldset className={errors.weekdays ? 'field-invalid' : ''} aria-describedby={errors.weekdays ? 'weekdays-err' : undefined}>
        <legend>Every</legend>
        {WEEKDAY_NAMES.map((n, i) => (
          <Checkbox key={n} label={n.slice(0, 3)} checked={f.weekdays.includes(i + 1)} onChange={() => toggleDay(i + 1)}
            aria-invalid={errors.weekdays && i === 0 ? true : undefined} />
        ))}
        {errors.weekdays && <small id="weekdays-err" className="field-error">{errors.weekdays}</small>}
      </fieldset>
      <Input label="First day" type="date" value={f.start_date} onChange={(e) => setF({ ...f, start_date: e.target.value })} error={errors.start_date} />
      <Input label="Last day" type="date" value={f.end_date} onChange={(e) => setF({ ...f, end_date: e.target.value })} error={errors.end_date} />
      <div className="two">
        <Input label="Start" type="time" step={300} value={f.start} onChange={(e) => setF({ ...f, start: e.target.value })} error={errors.start} />
        <Input label="End" type="time" step={300} value={f.end} onChange={(e) => setF({ ...f, end: e.target.value })} error={errors.end} />
      </div>
      <Checkbox label="Skip days when the room is taken (otherwise book nothing)" checked={f.skip_conflicts}
        onChange={(e) => setF({ ...f, skip_conflicts: e.target.checked })} />
      <TextArea label="Description (optional)" value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} error={errors.description} rows={3} />
      <button type="submit" className="primary" disabled={form.busy}>{form.busy ? 'Booking…' : 'Book the series'}</button>
      {result && result.conflicts.length > 0 && (
        <div>
          <h3>Not booked (room taken)</h3>
          <ul>{result.conflicts.map((c) => <li key={c.start_time}>{formatRange(c.start_time, c.end_time, tz)}</li>)}</ul>
        </div>
      )}
    </form>
  )
}
