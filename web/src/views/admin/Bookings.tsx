import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { api } from '../../api/client'
import type { Booking } from '../../api/types'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { EditBooking } from '../../components/EditBooking'
import { ActionNotice, Async, Empty, Page } from '../../components/ui'
import { roomList } from '../../lib/live'
import { formatRange } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useAction } from '../../lib/useForm'

const PER_PAGE = 50

function Filters({ q, setFilter }: { q: Record<string, string | number>; setFilter: (k: string, v: string) => void }) {
  const live = useLive()
  const users = useAsync(() => api.admin.users(), [])
  return (
    <form className="filters" aria-label="Filter bookings" onSubmit={(e) => e.preventDefault()}>
      <label>Room
        <select value={q.classroom_id as string} onChange={(e) => setFilter('room', e.target.value)}>
          <option value="">All rooms</option>
          {roomList(live.state).map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </select>
      </label>
      <label>User
        <select value={q.user_id as string} onChange={(e) => setFilter('user', e.target.value)}>
          <option value="">All users</option>
          {(users.data ?? []).map((u) => <option key={u.id} value={u.id}>{u.username}</option>)}
        </select>
      </label>
      <label>Status
        <select value={q.status as string} onChange={(e) => setFilter('status', e.target.value)}>
          <option value="">Any</option>
          <option value="confirmed">Confirmed</option>
          <option value="cancelled">Cancelled</option>
          <option value="released">Released (no-show)</option>
          <option value="completed">Completed</option>
          <option value="pending">Awaiting approval</option>
          <option value="declined">Declined</option>
          <option value="lapsed">Lapsed (not decided in time)</option>
        </select>
      </label>
      <label>From <input type="date" value={q.from as string} onChange={(e) => setFilter('from', e.target.value)} /></label>
      <label>To <input type="date" value={q.to as string} onChange={(e) => setFilter('to', e.target.value)} /></label>
    </form>
  )
}

function BookingRow({ b, onEdit, onCancel }: { b: Booking; onEdit: () => void; onCancel: () => void }) {
  const { tz } = useSession()
  const open = (b.status === 'confirmed' || b.status === 'pending') && new Date(b.end_time).getTime() > Date.now()
  return (
    <tr data-booking={b.id}>
      <td data-label="When">{formatRange(b.start_time, b.end_time, tz)}</td>
      <td data-label="Room">{b.classroom_name}</td>
      <th scope="row">{b.title}{b.series_id ? <span className="muted"> (series)</span> : null}
        {b.series_flagged ? <span className="badge booking-released" title="Recent sessions of this series were not used">no-shows</span> : null}</th>
      <td data-label="By">{b.username}</td>
      <td data-label="Status"><span className={`badge booking-${b.status}`}>{b.status}</span></td>
      <td className="row-actions">
        {open && (
          <>
            <button type="button" onClick={onEdit} aria-label={`Edit ${b.title}`}>Edit</button>
            <button type="button" className="danger" onClick={onCancel} aria-label={`Cancel ${b.title}`}>Cancel</button>
          </>
        )}
      </td>
    </tr>
  )
}

export default function AdminBookings() {
  const live = useLive()
  const [params, setParams] = useSearchParams()
  const q = {
    classroom_id: params.get('room') ?? '',
    user_id: params.get('user') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    status: params.get('status') ?? '',
    page: Number(params.get('page') ?? 1),
  }
  const list = useAsync(() => api.admin.bookings({ ...q, per_page: PER_PAGE }),
    [q.classroom_id, q.user_id, q.from, q.to, q.status, q.page, live.state.bookingRev])
  const action = useAction(list.reload)
  const [editing, setEditing] = useState<number | null>(null)

  const setFilter = (k: string, v: string) => {
    const next = new URLSearchParams(params)
    if (v) next.set(k, v)
    else next.delete(k)
    if (k !== 'page') next.delete('page')
    setParams(next, { replace: true })
  }
  const cancel = (b: Booking) =>
    action.run(`Cancelled "${b.title}".`, () => api.admin.cancelBooking(b.id), `Cancel "${b.title}" in ${b.classroom_name}?`)

  return (
    <Page title="Bookings">
      <Filters q={q} setFilter={setFilter} />
      <ActionNotice action={action} />
      <Async state={list}>
        {(page) => page.items.length === 0 ? (
          <Empty title="No bookings match these filters">Widen the dates or choose another room, user or status.</Empty>
        ) : (
          <>
            <p className="muted" role="status">{page.total} booking{page.total === 1 ? '' : 's'}</p>
            <table className="table">
              <caption className="sr-only">Bookings</caption>
              <thead>
                <tr><th scope="col">When</th><th scope="col">Room</th><th scope="col">Title</th><th scope="col">By</th><th scope="col">Status</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                {page.items.map((b) => editing === b.id ? (
                  <tr key={b.id}><td colSpan={6}>
                    <EditBooking b={b} save={api.admin.updateBooking} onDone={(m) => { setEditing(null); if (m) { action.say(`${m} (booked by ${b.username})`); list.reload() } }} />
                  </td></tr>
                ) : <BookingRow key={b.id} b={b} onEdit={() => setEditing(b.id)} onCancel={() => cancel(b)} />)}
              </tbody>
            </table>
            <nav className="pager" aria-label="Pages">
              <button type="button" disabled={page.page <= 1} onClick={() => setFilter('page', String(page.page - 1))}>Previous</button>
              <span>Page {page.page} of {Math.max(1, Math.ceil(page.total / page.per_page))}</span>
              <button type="button" disabled={page.page * page.per_page >= page.total} onClick={() => setFilter('page', String(page.page + 1))}>Next</button>
            </nav>
          </>
        )}
      </Async>
    </Page>
  )
}
