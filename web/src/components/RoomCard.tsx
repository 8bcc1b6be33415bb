import type { ReactNode } from 'react'
import type { Classroom } from '../api/types'
import { activeOverride, isPending } from '../lib/live'
import { classifyRoom, reasonText } from '../lib/status'
import { ago, formatTime } from '../lib/time'
import { RoomBadge } from './ui'
import { Icon } from './Icon'

export function PowerState({ room, now, tz }: { room: Classroom; now: number; tz?: string }) {
  const s = room.status
  const pending = isPending(s) ? s!.pending_command! : null
  const override = activeOverride(s, now)
  return (
    <span className="power">
      <Icon name="power" /> Power <strong>{s?.is_power_on ? 'on' : 'off'}</strong>
      {s?.power_reason ? <span className="muted"> ({reasonText(s.power_reason)})</span> : null}
      {pending ? <span className="badge pending" data-pending="true"><Icon name="clock" /> switching {pending.power_on ? 'on' : 'off'}: pending</span> : null}
      {override && tz ? (
        <span className="muted" data-override="true"> · held {override.power_on ? 'on' : 'off'}{override.expires_at ? ` until ${formatTime(override.expires_at, tz)}` : ''}</span>
      ) : null}
    </span>
  )
}

/** A room's attributes, by their labels where known. */
export function RoomAttributes({ room, labels }: { room: Classroom; labels?: Record<string, string> }) {
  const attributes = room.attributes ?? []
  if (attributes.length === 0) return null
  return (
    <ul className="room-attributes" aria-label={`${room.name} has`}>
      {attributes.map((k) => <li key={k} className="badge" data-attribute={k}>{labels?.[k] ?? k}</li>)}
    </ul>
  )
}

export function RoomCard({ room, now, tz, labels, children }: { room: Classroom; now: number; tz?: string; labels?: Record<string, string>; children?: ReactNode }) {
  const s = room.status
  return (
    <article className={`room-card state-${classifyRoom(room)}`} data-room={room.name} data-state={classifyRoom(room)} aria-label={room.name}>
      <header>
        <h3>{room.name}</h3>
        <RoomBadge room={room} />
      </header>
      <p className="muted">{room.location || 'No location'}{room.floor ? ` · floor ${room.floor}` : ''} · {room.capacity} seats</p>
      <RoomAttributes room={room} labels={labels} />
      <ul className="room-facts">
        <li><PowerState room={room} now={now} tz={tz} /></li>
        <li>{s?.is_booked ? 'Booked now' : 'Not booked now'}</li>
        {classifyRoom(room) === 'sensor_fault' && <li className="fault"><Icon name="warn" /> Sensor fault{s?.sensor_fault ? `: ${s.sensor_fault}` : ''}</li>}
        {s?.temperature !== null && s?.temperature !== undefined && <li>{s.temperature.toFixed(1)} °C</li>}
        <li className="muted">Updated {ago(s?.last_updated, now)}</li>
      </ul>
      {children}
    </article>
  )
}
