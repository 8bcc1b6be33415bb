import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../../api/client'
import type { Booking } from '../../api/types'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { PowerState } from '../../components/RoomCard'
import { EditBooking } from '../../components/EditBooking'
import { EditSeries } from '../../components/EditSeries'
import { ActionNotice, Async, Empty, Page } from '../../components/ui'
import { clockInZone, dayInZone, formatRange } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useAction, type Action } from '../../lib/useForm'
import { useNow } from '../../lib/useNow'
import { CalendarLink } from './CalendarLink'
import { Icon } from '../../components/Icon'

function PowerOverride({ b }: { b: Booking }) {
  const { state, dispatch } = useLive()
  const { tz } = useSession()
  const now = useNow()
  const room = state.rooms[b.classroom_id]
  const action = useAction()
  const send = (on: boolean) => action.run((a: { message: string }) => a.message || `Switching ${on ? 'on' : 'off'}.`, async () => {
    const a = await api.staff.power(b.classroom_id, on)
    if (a.command) dispatch({ type: 'power_requested', classroom_id: b.classroom_id, command_id: a.command.id, power_on: on })
    return a
  })
  return (
    <div className="override" aria-label={`Power in ${b.classroom_name}`} role="group">
      {room && <PowerState room={room} now={now} tz={tz} />}
      <button type="button" onClick={() => send(true)}>Power on</button>
      <button type="button" onClick={() => send(false)}>Power off</button>
      {action.msg && <span role="status"> {action.msg}</span>}
      {action.error && <span className="field-error" role="alert"> {action.error}</span>}
    </div>
  )
}

function BookingItem({ b, upcoming, now, action, onEdited }: { b: Booking; upcoming: boolean; now: number; action: Action; onEdited: (msg: string) => void }) {
  const { tz } = useSession()
  const [editing, setEditing] = useState<'one' | 'series' | null>(null)
  const current = b.status === 'confirmed' && new Date(b.start_time).getTime() <= now && now < new Date(b.end_time).getTime()
  const day = dayInZone(b.start_time, tz)
  const cancel = () => action.run(`Cancelled "${b.title}".`, () => api.staff.cancelBooking(b.id),
    `Cancel "${b.title}" on ${formatRange(b.start_time, b.end_time, tz)}?`)
  const cancelSeries = () => action.run((a: { cancelled: number }) => `Cancelled ${a.cancelled} sessions of "${b.title}" from ${day} on.`,
    () => api.staff.cancelSeriesFrom(b.series_id!, day), `Cancel every session of "${b.title}" from ${day} on?`)
  const done = (m: string | null) => {
    setEditing(null)
    if (m) onEdited(m)
  }
  if (editing === 'one') return <li className="booking-item" data-booking={b.id}><EditBooking b={b} save={api.staff.updateBooking} onDone={done} /></li>
  if (editing === 'series') return <li className="booking-item" data-booking={b.id}><EditSeries b={b} onDone={done} /></li>
  return (
    <li className={`booking-item${current ? ' current' : ''}`} data-booking={b.id}>
      <div>
        <strong>{b.title}</strong> · {b.classroom_name}
        <br /><span>{formatRange(b.start_time, b.end_time, tz)}</span>
        {b.series_id ? <span className="muted"> · weekly series</span> : null}
        {' '}<span className={`badge booking-${b.status}`}>{current ? <><Icon name="clock" /> now</> : STATUS_LABEL[b.status] ?? b.status}</span>
        {b.decision_reason && <p className="decision-reason">Reason: {b.decision_reason}</p>}
      </div>
      {current && <PowerOverride b={b} />}
      {upcoming && b.status === 'confirmed' && (
        <div className="row-actions">
          {!current && <button type="button" onClick={() => setEditing('one')} aria-label={`Edit ${b.title}`}>Edit</button>}
          {b.series_id && !current && (
            <button type="button" onClick={() => setEditing('series')} aria-label={`Edit from here on: ${b.title}, ${day}`}>Edit from here on</button>
          )}
          <button type="button" className="danger" onClick={cancel} aria-label={`Cancel ${b.title}`}>Cancel</button>
          {b.series_id && !current && (
            <button type="button" className="danger" onClick={cancelSeries} aria-label={`Cancel from here on: ${b.title}, ${day}`}>Cancel from here on</button>
          )}
        </div>
      )}
      {upcoming && b.status === 'pending' && (
        <div className="row-actions">
          <button type="button" onClick={() => setEditing('one')} aria-label={`Change request ${b.title}`}>Change</button>
          <button type="button" className="danger" onClick={cancel} aria-label={`Withdraw ${b.title}`}>Withdraw request</button>
        </div>
      )}
    </li>
  )
}

// A request's statuses as its owner reads them; the others as they are named.
const STATUS_LABEL: Partial<Record<Booking['status'], string>> = {
  pending: 'awaiting approval', declined: 'declined', lapsed: 'lapsed: not decided in time',
}

export default function MyBookings() {
  const { tz } = useSession()
  const live = useLive()
  const list = useAsync(() => api.staff.bookings(), [live.state.bookingRev])
  const action = useAction(list.reload)
  const now = useNow(30_000)

  return (
    <Page title="My bookings" actions={<Link className="button primary" to="/staff/book">Book a room</Link>}>
      <ActionNotice action={action} />
      <Async state={list}>
        {(all) => {
          const byStart = [...all].sort((a, b) => a.start_time.localeCompare(b.start_time))
          const upcoming = byStart.filter((b) => new Date(b.end_time).getTime() > now && (b.status === 'confirmed' || b.status === 'pending'))
          const past = byStart.filter((b) => !upcoming.includes(b)).reverse()
          const item = (b: Booking, up: boolean) => (
            <BookingItem key={b.id} b={b} upcoming={up} now={now} action={action} onEdited={(m) => { action.say(m); list.reload() }} />
          )
          return (
            <>
              <h2>Upcoming</h2>
              {upcoming.length === 0
                ? <Empty title="No upcoming bookings">Find a free time and <Link to="/staff/book">book a room</Link>.</Empty>
                : <ul className="bookings">{upcoming.map((b) => item(b, true))}</ul>}
              <h2>Past, cancelled and declined</h2>
              {past.length === 0 ? <p className="muted">Nothing yet.</p> : <ul className="bookings">{past.slice(0, 100).map((b) => item(b, false))}</ul>}
            </>
          )
        }}
      </Async>
      <CalendarLink />
      <p className="muted">Times in {tz}; today is {dayInZone(now, tz)}, {clockInZone(now, tz)}.</p>
    </Page>
  )
}
