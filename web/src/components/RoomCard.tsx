import type { ReactNode } from 'react'
import type { Classroom } from '../api/types'
import { classifyRoom, reasonText } from '../lib/status'
import { ago } from '../lib/time'
import { RoomBadge } from './ui'

export function PowerState({ room }: { room: Classroom }) {
  const s = room.status
  const pending = s?.pending_command
  return (
    <span className="power">
      Power <strong>{s?.is_power_on ? 'on' : 'off'}</strong>
      {s?.power_reason ? <span className="muted"> ({reasonText(s.power_reason)})</span> : null}
      {pending ? <span className="badge pending" data-pending="true"> switching {pending.power_on ? 'on' : 'off'}: pending</span> : null}
    </span>
  )
}

export function RoomCard({ room, now, children }: { room: Classroom; now: number; children?: ReactNode }) {
  const s = room.status
  return (
    <article className={`room-card state-${classifyRoom(room)}`} data-room={room.name} data-state={classifyRoom(room)} aria-label={room.name}>
      <header>
        <h3>{room.name}</h3>
        <RoomBadge room={room} />
      </header>
      <p className="muted">{room.location || 'No location'} · {room.capacity} seats</p>
      <ul className="room-facts">
        <li><PowerState room={room} /></li>
        <li>{s?.is_booked ? 'Booked now' : 'Not booked now'}</li>
        {s?.temperature !== null && s?.temperature !== undefined && <li>{s.temperature.toFixed(1)} °C</li>}
        <li className="muted">Updated {ago(s?.last_updated, now)}</li>
      </ul>
      {children}
    </article>
  )
}
