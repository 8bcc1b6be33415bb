// One booking: title, day, start and end. Busy times of the chosen day are
// checked as the person types, and again by the server when they submit.
import { useState } from 'react'
import { Link } from 'react-router'
import { api, ApiError } from '../../../api/client'
import type { Interval } from '../../../api/types'
import { useSession } from '../../../app/session'
import { ErrorBox, Input, Notice, Select, TextArea } from '../../../components/ui'
import { sentence, submitErrors } from '../../../lib/forms'
import { findConflicts, slotProblem, slotSpan, toSpan, type BusySpan, type SlotFields, type Span } from '../../../lib/grid'
import { clockInZone, formatDay, formatRange } from '../../../lib/time'
import { useAsync } from '../../../lib/useAsync'
import { useForm } from '../../../lib/useForm'
import { problems } from '../../../lib/validate'
import { Icon } from '../../../components/Icon'

const SERVER_FIELD: Record<string, string> = { start_time: 'start', end_time: 'end', classroom_id: 'room', user_id: 'for' }

const ranges = (spans: Span[], tz: string) => spans.map((c) => `${clockInZone(c.start, tz)}–${clockInZone(c.end, tz)}`).join(', ')

export function SingleForm({ roomId, slot, setSlot, now, today, rev, onBooked }: {
  roomId: number; slot: SlotFields; setSlot: (s: SlotFields) => void; now: number; today: string; rev: number; onBooked: () => void
}) {
  const { tz, user } = useSession()
  const isAdmin = user?.role === 'admin'
  const [text, setText] = useState({ title: '', description: '' })
  // Admins may book on behalf of someone: the booking is then theirs.
  const [forUser, setForUser] = useState('')
  const people = useAsync(async () => (isAdmin ? (await api.admin.users()).filter((u) => u.is_active) : []), [isAdmin])
  const [done, setDone] = useState<string | null>(null)
  // Busy times on the form's day (it may lie outside the grid's week).
  const formDay = useAsync(async () => {
    if (!roomId || !slot.date) return [] as BusySpan[]
    return (await api.staff.availability(roomId, slot.date)).busy.map(toSpan)
  }, [roomId, slot.date, rev])
  const span = slotSpan(slot, tz)
  const problem = slotProblem(span, now)
  const conflicts = span && !problem ? findConflicts(span, formDay.data ?? []) : []

  const form = useForm({
    validate: () => {
      setDone(null)
      return problems({
        room: !roomId && 'Choose a room.',
        title: !text.title.trim() && 'Enter a title, e.g. the course name.',
        date: !slot.date && 'Choose a day.',
        end: problem,
        start: !problem && conflicts.length > 0 && `Already booked ${ranges(conflicts, tz)}.`,
      })
    },
    send: () => api.staff.book({
      classroom_id: roomId, start_time: `${slot.date}T${slot.start}`, end_time: `${slot.date}T${slot.end}`,
      title: text.title.trim(), description: text.description.trim(),
      ...(forUser ? { user_id: Number(forUser) } : {}),
    }),
    onSuccess: (b) => {
      const whose = b.user_id !== user?.id ? ` for ${b.username}` : ''
      const what = b.status === 'pending' ? 'Requested' : 'Booked'
      const approval = b.status === 'pending' ? ' It awaits approval; My bookings shows the decision.' : ''
      setDone(`${what} ${b.classroom_name || 'the room'}${whose}: ${formatRange(b.start_time, b.end_time, tz)}.${approval}`)
      setText({ title: '', description: '' })
      formDay.reload()
      onBooked()
    },
    explain: (err) => {
      if (!(err instanceof ApiError && err.status === 409)) return submitErrors(err, SERVER_FIELD)
      const c = err.body.conflict as Interval | undefined
      formDay.reload()
      onBooked()
      return {
        fields: { start: 'This time is already booked.' },
        general: `${sentence(err.message)}${c ? ` It collides with ${formatRange(c.start_time, c.end_time, tz)}.` : ''} Choose another time.`,
      }
    },
  })
  const { errors } = form
  const edit = (patch: Partial<SlotFields>) => {
    setSlot({ ...slot, ...patch })
    setDone(null)
  }

  return (
    <form className="card form" onSubmit={form.onSubmit} noValidate aria-label="Booking details">
      {done && <Notice>{done} <Link to="/staff/bookings">See my bookings</Link></Notice>}
      <ErrorBox error={form.error} />
      {errors.room && <ErrorBox error={errors.room} />}
      <Input id="book-title" label="Title" value={text.title} onChange={(e) => { setText({ ...text, title: e.target.value }); setDone(null) }} error={errors.title} maxLength={200} />
      <Input label="Day" type="date" value={slot.date} min={today} onChange={(e) => edit({ date: e.target.value })} error={errors.date} />
      <div className="two">
        <Input label="Start" type="time" step={300} value={slot.start} onChange={(e) => edit({ start: e.target.value })} error={errors.start} />
        <Input label="End" type="time" step={300} value={slot.end} onChange={(e) => edit({ end: e.target.value })} error={errors.end} />
      </div>
      {!problem && conflicts.length > 0 && !errors.start && (
        <div className="warn-box" role="alert">
          <Icon name="warn" className="box-icon" />
          <span>Conflict: the room is already booked {ranges(conflicts, tz)} on {formatDay(slot.date)}.</span>
        </div>
      )}
      {isAdmin && (
        <Select label="Book for" value={forUser} onChange={(e) => { setForUser(e.target.value); setDone(null) }} error={errors.for}
          hint="The booking is theirs: it shows among their bookings and they can change or cancel it.">
          <option value="">Myself</option>
          {(people.data ?? []).filter((u) => u.id !== user?.id).map((u) => <option key={u.id} value={u.id}>{u.username} ({u.email})</option>)}
        </Select>
      )}
      <TextArea label="Description (optional)" value={text.description} onChange={(e) => setText({ ...text, description: e.target.value })} error={errors.description} rows={3} />
      <button type="submit" className="primary" disabled={form.busy}>{form.busy ? 'Booking…' : 'Book this slot'}</button>
    </form>
  )
}
