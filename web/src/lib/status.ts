// What a room is doing, at a glance. One class per room, in priority order:
// a room whose node is offline (or missing) cannot be trusted for the others.
import type { Classroom } from '../api/types'

export type RoomState = 'offline' | 'sensor_fault' | 'occupied' | 'booked' | 'idle_on' | 'off'

export const STATE_LABEL: Record<RoomState, string> = {
  offline: 'Device offline',
  sensor_fault: 'Sensor fault',
  occupied: 'Occupied',
  booked: 'Booked',
  idle_on: 'Idle, power on',
  off: 'Off',
}

export const STATE_ORDER: RoomState[] = ['occupied', 'idle_on', 'booked', 'off', 'sensor_fault', 'offline']

/** An icon for each state (components/Icon.tsx), shown next to the text: never colour alone. */
export const STATE_ICON = {
  occupied: 'person', idle_on: 'bulb', booked: 'calendar', off: 'power', sensor_fault: 'warn', offline: 'offline',
} as const satisfies Record<RoomState, string>

export function classifyRoom(room: Pick<Classroom, 'esp_device_id' | 'status'>): RoomState {
  const s = room.status
  // device_online false, or unknown for a node that never reported: offline.
  if (!room.esp_device_id || !s || s.device_online === false || (s.device_online == null && !s.last_updated)) return 'offline'
  // The node says its presence sensor fails: whether anyone is there is not known.
  if (s.power_reason === 'sensor_fault' || s.sensor_ok === false) return 'sensor_fault'
  if (s.is_occupied) return 'occupied'
  if (s.is_booked) return 'booked'
  if (s.is_power_on) return 'idle_on'
  return 'off'
}

/** Short text for a room's card, e.g. "Device offline" or "No device linked". */
export function stateText(room: Pick<Classroom, 'esp_device_id' | 'status'>): string {
  if (!room.esp_device_id) return 'No device linked'
  return STATE_LABEL[classifyRoom(room)]
}

export function countStates(rooms: Pick<Classroom, 'esp_device_id' | 'status'>[]): Record<RoomState, number> {
  const c: Record<RoomState, number> = { offline: 0, sensor_fault: 0, occupied: 0, booked: 0, idle_on: 0, off: 0 }
  for (const r of rooms) c[classifyRoom(r)]++
  return c
}

/** Is the room free to use now? The server says so for staff (`free_now`); else derive it. */
export function isFreeNow(room: Classroom): boolean {
  if (typeof room.free_now === 'boolean') return room.free_now
  return !room.status?.is_booked && !room.status?.is_occupied
}

// Why the server decided the room's power: exactly the reasons of
// protocol/power-reasons.txt (a test fails when the two drift apart).
export const REASON_LABEL: Record<string, string> = {
  manual_override: 'manual override',
  booked: 'booked now',
  booking_soon: 'booking starts soon',
  sensor_fault: 'sensor fault, kept on',
  no_data: 'no report yet',
  stale_data: 'no recent report',
  occupied: 'occupied',
  occupied_auto_on_disabled: 'occupied, automatic switch-on disabled',
  idle_grace: 'idle, waiting before switching off',
  idle_off: 'idle',
  idle_timeout: 'idle, switched off',
  no_room: 'not linked to a room',
}

export function reasonText(reason: string | null | undefined): string {
  if (!reason) return ''
  return REASON_LABEL[reason] ?? reason.replace(/_/g, ' ')
}

type Described = Pick<Classroom, 'id' | 'name' | 'esp_device_id' | 'status'>

/**
 * What changed between two pictures of the campus, as sentences for a polite
 * live region: one per room whose state changed. Rooms that appear or vanish
 * (a first load, a reload) are not announced.
 */
export function describeChanges(before: Described[], after: Described[]): string[] {
  const was = new Map(before.map((r) => [r.id, classifyRoom(r)]))
  const out: string[] = []
  for (const r of after) {
    const prev = was.get(r.id)
    const now = classifyRoom(r)
    if (prev !== undefined && prev !== now) out.push(`${r.name}: ${STATE_LABEL[now].toLowerCase()}.`)
  }
  return out
}
