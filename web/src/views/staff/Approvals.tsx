import { useState } from 'react'
import { api } from '../../api/client'
import type { Booking } from '../../api/types'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { ActionNotice, Async, Empty, Page, TextArea } from '../../components/ui'
import { formatRange } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useAction, type Action } from '../../lib/useForm'

// One request: approve it, or decline it with a reason its owner will see.
function Request({ b, action }: { b: Booking; action: Action }) {
  const { tz } = useSession()
  const [declining, setDeclining] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | undefined>()
  const when = formatRange(b.start_time, b.end_time, tz)
  const approve = () => action.run(`Approved "${b.title}" in ${b.classroom_name}.`, () => api.staff.approve(b.id))
  const decline = () => {
    if (!reason.trim()) return setError('Enter a reason; the person who asked will see it.')
    if (reason.trim().length > 500) return setError('Keep the reason to 500 characters.')
    return action.run(`Declined "${b.title}" in ${b.classroom_name}.`, () => api.staff.decline(b.id, reason.trim()))
  }
  return (
    <li className="booking-item" data-booking={b.id}>
      <div>
        <strong>{b.title}</strong> · {b.classroom_name}
        <br /><span>{when}</span>
        <span className="muted"> · asked by {b.username ?? 'a former account'}</span>
        {b.description && <p className="muted">{b.description}</p>}
      </div>
      {declining ? (
        <div className="form">
          <TextArea label={`Reason for declining "${b.title}"`} value={reason} maxLength={500} error={error}
            onChange={(e) => { setReason(e.target.value); setError(undefined) }} />
          <div className="row-actions">
            <button type="button" className="danger" onClick={decline}>Decline</button>
            <button type="button" onClick={() => setDeclining(false)}>Back</button>
          </div>
        </div>
      ) : (
        <div className="row-actions">
          <button type="button" className="primary" onClick={approve} aria-label={`Approve ${b.title}, ${when}`}>Approve</button>
          <button type="button" onClick={() => setDeclining(true)} aria-label={`Decline ${b.title}, ${when}`}>Decline…</button>
        </div>
      )}
    </li>
  )
}

export default function Approvals() {
  const live = useLive()
  const list = useAsync(() => api.staff.approvals(), [live.state.bookingRev])
  const action = useAction(list.reload)
  return (
    <Page title="Approvals">
      <ActionNotice action={action} />
      <Async state={list}>
        {(requests) => requests.length === 0 ? (
          <Empty title="Nothing to decide">Requests for the rooms and buildings you approve for appear here.</Empty>
        ) : (
          <>
            <p className="muted" role="status">{requests.length} request{requests.length === 1 ? '' : 's'} waiting</p>
            <ul className="bookings">{requests.map((b) => <Request key={b.id} b={b} action={action} />)}</ul>
          </>
        )}
      </Async>
    </Page>
  )
}
