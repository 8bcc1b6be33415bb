import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { api, ApiError, errorText } from '../../api/client'
import type { Booking } from '../../api/types'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { PowerState } from '../../components/RoomCard'
import { Async, CopyButton, ErrorBox, Input, Notice, Page, TextArea } from '../../components/ui'
import { submitErrors } from '../../lib/forms'
import { useNow } from '../../lib/useNow'
import { clockInZone, dayInZone, formatRange, fromLocalInput, toLocalInput } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'

function EditBooking({ b, onDone }: { b: Booking; onDone: (msg: string | null) => void }) {
  const { tz } = useSession()
  const [f, setF] = useState({ title: b.title, description: b.description ?? '', start: toLocalInput(b.start_time, tz), end: toLocalInput(b.end_time, tz) })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const errs: Record<string, string> = {}
    if (!f.title.trim()) errs.title = 'Enter a title.'
    if (!f.start) errs.start_time = 'Choose a start.'
    if (!f.end) errs.end_time = 'Choose an end.'
    else if (f.start && fromLocalInput(f.end, tz) <= fromLocalInput(f.start, tz)) errs.end_time = 'The end must be after the start.'
    setErrors(errs)
    setError(null)
    if (Object.keys(errs).length) return
    try {
      await api.staff.updateBooking(b.id, { title: f.title.trim(), description: f.description.trim(), start_time: f.start, end_time: f.end })
      onDone(`Saved "${f.title.trim()}".`)
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setErrors({ start_time: 'The room is already booked at this time.' })
        setError(err.message)
        return
      }
      const r = submitErrors(err)
      setErrors(r.fields)
      setError(r.general)
    }
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={`Edit ${b.title}`}>
      {error && <ErrorBox error={new Error(error)} />}
      <Input label="Title" value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} error={errors.title} />
      <div className="two">
        <Input label="Start" type="datetime-local" value={f.start} onChange={(e) => setF({ ...f, start: e.target.value })} error={errors.start_time} />
        <Input label="End" type="datetime-local" value={f.end} onChange={(e) => setF({ ...f, end: e.target.value })} error={errors.end_time} />
      </div>
      <TextArea label="Description" value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} rows={2} />
      <div className="form-actions">
        <button type="submit" className="primary">Save</button>
        <button type="button" onClick={() => onDone(null)}>Cancel</button>
      </div>
    </form>
  )
}

function PowerOverride({ b }: { b: Booking }) {
  const { state, dispatch } = useLive()
  const { tz } = useSession()
  const now = useNow()
  const room = state.rooms[b.classroom_id]
  const [msg, setMsg] = useState<string | null>(null)
  const [err, setErr] = useState<string | null>(null)
  const send = async (on: boolean) => {
    setMsg(null)
    setErr(null)
    try {
      const a = await api.staff.power(b.classroom_id, on)
      if (a.command) dispatch({ type: 'power_requested', classroom_id: b.classroom_id, command_id: a.command.id, power_on: on })
      setMsg(a.message || `Switching ${on ? 'on' : 'off'}.`)
    } catch (e) {
      setErr(errorText(e))
    }
  }
  return (
    <div className="override" aria-label={`Power in ${b.classroom_name}`} role="group">
      {room && <PowerState room={room} now={now} tz={tz} />}
      <button type="button" onClick={() => send(true)}>Power on</button>
      <button type="button" onClick={() => send(false)}>Power off</button>
      {msg && <span role="status"> {msg}</span>}
      {err && <span className="field-error" role="alert"> {err}</span>}
    </div>
  )
}

function CalendarLink() {
  const [url, setUrl] = useState<string | null>(null)
  const [err, setErr] = useState<unknown>(null)
  const get = () => api.staff.calendarLink().then((a) => setUrl(new URL(a.url, location.origin).href), setErr)
  return (
    <div className="card">
      <h2>Calendar feed</h2>
      <p className="muted">Subscribe to your bookings in your calendar app. Keep the link private.</p>
      {url ? <p><code className="secret">{url}</code> <CopyButton text={url} label="Copy link" /></p> : <button type="button" onClick={get}>Show my calendar link</button>}
      <ErrorBox error={err} />
    </div>
  )
}

export default function MyBookings() {
  const { tz } = useSession()
  const live = useLive()
  const list = useAsync(() => api.staff.bookings(), [live.state.bookingRev])
  const [editing, setEditing] = useState<number | null>(null)
  const [msg, setMsg] = useState<string | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const now = useNow(30_000)

  const cancel = async (b: Booking) => {
    if (!window.confirm(`Cancel "${b.title}" on ${formatRange(b.start_time, b.end_time, tz)}?`)) return
    setMsg(null)
    setActionError(null)
    try {
      await api.staff.cancelBooking(b.id)
      setMsg(`Cancelled "${b.title}".`)
      list.reload()
    } catch (e) {
      setActionError(errorText(e))
    }
  }

  const row = (b: Booking, upcoming: boolean) => {
    const current = b.status === 'confirmed' && new Date(b.start_time).getTime() <= now && now < new Date(b.end_time).getTime()
    return (
      <li key={b.id} className={`booking-item${current ? ' current' : ''}`} data-booking={b.id}>
        {editing === b.id ? <EditBooking b={b} onDone={(m) => { setEditing(null); if (m) { setMsg(m); list.reload() } }} /> : (
          <>
            <div>
              <strong>{b.title}</strong> · {b.classroom_name}
              <br /><span>{formatRange(b.start_time, b.end_time, tz)}</span>
              {b.series_id ? <span className="muted"> · weekly series</span> : null}
              {' '}<span className={`badge booking-${b.status}`}>{current ? 'now' : b.status}</span>
            </div>
            {current && <PowerOverride b={b} />}
            {upcoming && b.status === 'confirmed' && (
              <div className="row-actions">
                {!current && <button type="button" onClick={() => setEditing(b.id)} aria-label={`Edit ${b.title}`}>Edit</button>}
                <button type="button" className="danger" onClick={() => cancel(b)} aria-label={`Cancel ${b.title}`}>Cancel</button>
              </div>
            )}
          </>
        )}
      </li>
    )
  }

  return (
    <Page title="My bookings" actions={<Link className="button primary" to="/staff/book">Book a room</Link>}>
      {msg && <Notice>{msg}</Notice>}
      {actionError && <div className="error-box" role="alert">{actionError}</div>}
      <Async state={list}>
        {(all) => {
          const byStart = [...all].sort((a, b) => a.start_time.localeCompare(b.start_time))
          const upcoming = byStart.filter((b) => new Date(b.end_time).getTime() > now && b.status === 'confirmed')
          const past = byStart.filter((b) => !upcoming.includes(b)).reverse()
          return (
            <>
              <h2>Upcoming</h2>
              {upcoming.length === 0 ? <p>No upcoming bookings. <Link to="/staff/book">Book a room</Link>.</p> : <ul className="bookings">{upcoming.map((b) => row(b, true))}</ul>}
              <h2>Past and cancelled</h2>
              {past.length === 0 ? <p className="muted">Nothing yet.</p> : <ul className="bookings">{past.slice(0, 100).map((b) => row(b, false))}</ul>}
            </>
          )
        }}
      </Async>
      <CalendarLink />
      <p className="muted">Times in {tz}; today is {dayInZone(now, tz)}, {clockInZone(now, tz)}.</p>
    </Page>
  )
}
