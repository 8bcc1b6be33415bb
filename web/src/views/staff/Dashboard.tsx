import { useState } from 'react'
import { Link } from 'react-router'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { RoomCard } from '../../components/RoomCard'
import { Empty, ErrorBox, Loading, Page } from '../../components/ui'
import { useNow } from '../../lib/useNow'
import { roomList } from '../../lib/live'
import { useAttributeLabels } from '../../lib/useAttributeLabels'
import { isFreeNow } from '../../lib/status'
import { Icon } from '../../components/Icon'

export default function StaffDashboard() {
  const { state, error, reload } = useLive()
  const { tz } = useSession()
  const now = useNow()
  const labels = useAttributeLabels()
  const [onlyFree, setOnlyFree] = useState(false)
  const rooms = roomList(state).filter((r) => r.is_active !== false)
  const shown = onlyFree ? rooms.filter(isFreeNow) : rooms
  const freeCount = rooms.filter(isFreeNow).length

  return (
    <Page title="Rooms" actions={<Link className="button primary" to="/staff/book">Book a room</Link>}>
      <ErrorBox error={error} onRetry={reload} />
      {!state.loaded && !error ? <Loading /> : (
        <>
          <p role="status">{freeCount} of {rooms.length} rooms are free now.</p>
          <h2 className="sr-only">Room list</h2>
          <label className="checkbox"><input type="checkbox" checked={onlyFree} onChange={(e) => setOnlyFree(e.target.checked)} /> Show free rooms only</label>
          {shown.length === 0 ? (
            <Empty title={onlyFree ? 'No room is free right now' : 'No rooms to show'}>
              {onlyFree ? <>Clear “Show free rooms only”, or <Link to="/staff/book">book a room</Link> for later.</> : 'Rooms appear here once the facilities team adds them.'}
            </Empty>
          ) : (
            <div className="room-grid">
              {shown.map((r) => (
                <RoomCard key={r.id} room={r} now={now} tz={tz} labels={labels}>
                  <p className={isFreeNow(r) ? 'free' : 'busy'}><strong><Icon name={isFreeNow(r) ? 'check' : 'x'} /> {isFreeNow(r) ? 'Free now' : 'In use or booked now'}</strong></p>
                  <Link to={`/staff/book?room=${r.id}`}>Book {r.name}</Link>
                </RoomCard>
              ))}
            </div>
          )}
        </>
      )}
    </Page>
  )
}
