// Find a free room: a time window, and the room's size, building and attributes.
import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../../api/client'
import { useSession } from '../../app/session'
import { RoomCard } from '../../components/RoomCard'
import { Checkbox, Empty, ErrorBox, Input, Loading, Page, Select } from '../../components/ui'
import { defaultSlot } from '../../lib/grid'
import { useAsync } from '../../lib/useAsync'
import { useNow } from '../../lib/useNow'

export default function FindRoom() {
  const { tz } = useSession()
  const now = useNow(60_000)
  const [slot, setSlot] = useState(() => defaultSlot(now, tz))
  const [capacity, setCapacity] = useState('')
  const [building, setBuilding] = useState('')
  const [wanted, setWanted] = useState<string[]>([])
  const buildings = useAsync(() => api.staff.buildings(), [])
  const attributes = useAsync(() => api.staff.roomAttributes(), [])
  const labels = Object.fromEntries((attributes.data ?? []).map((a) => [a.key, a.label]))
  const free = useAsync(() => api.staff.freeRooms({
    start: `${slot.date}T${slot.start}`, end: `${slot.date}T${slot.end}`,
    min_capacity: Number(capacity) || 0, building: Number(building) || 0, attributes: wanted,
  }), [slot.date, slot.start, slot.end, capacity, building, wanted.join()])
  const toggle = (key: string, on: boolean) => setWanted(on ? [...wanted, key] : wanted.filter((k) => k !== key))

  return (
    <Page title="Find a free room">
      <form className="card form grid-form" aria-label="Free-room search" onSubmit={(e) => e.preventDefault()}>
        <Input label="Date" type="date" value={slot.date} onChange={(e) => e.target.value && setSlot({ ...slot, date: e.target.value })} />
        <Input label="From" type="time" value={slot.start} onChange={(e) => e.target.value && setSlot({ ...slot, start: e.target.value })} />
        <Input label="Until" type="time" value={slot.end} onChange={(e) => e.target.value && setSlot({ ...slot, end: e.target.value })} />
        <Input label="At least this many seats" type="number" min={0} inputMode="numeric" value={capacity} onChange={(e) => setCapacity(e.target.value)} />
        <Select label="Building" value={building} onChange={(e) => setBuilding(e.target.value)}>
          <option value="">Any building</option>
          {(buildings.data ?? []).map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
        </Select>
        {(attributes.data ?? []).length > 0 && (
          <fieldset className="attribute-choices">
            <legend>The room must have</legend>
            {(attributes.data ?? []).map((a) => (
              <Checkbox key={a.key} label={a.label} checked={wanted.includes(a.key)} onChange={(e) => toggle(a.key, e.target.checked)} />
            ))}
          </fieldset>
        )}
      </form>
      <ErrorBox error={buildings.error ?? attributes.error} />
      <ErrorBox error={free.error} onRetry={free.reload} />
      {free.data === undefined && !free.error ? <Loading label="Looking for free rooms…" /> : free.data && free.data.length === 0 ? (
        <Empty title="No room fits">Try another time, fewer seats or fewer attributes.</Empty>
      ) : (
        <>
          <p role="status">{free.data?.length === 1 ? '1 room is' : `${free.data?.length ?? 0} rooms are`} free then.</p>
          <div className="room-grid" aria-label="Free rooms">
            {(free.data ?? []).map((r) => (
              <RoomCard key={r.id} room={r} now={now} tz={tz} labels={labels}>
                <Link to={`/staff/book?room=${r.id}`}>Book {r.name}</Link>
              </RoomCard>
            ))}
          </div>
        </>
      )}
    </Page>
  )
}
