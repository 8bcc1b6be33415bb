// What a room is doing, at a glance. One class per room, in priority order:
// a room whose node is offline (or missing) cannot be trusted for the others.
import type { Classroom } from '../api/types'

export type RoomState = 'offline' | 'occupied' | 'booked' | 'idle_on' | 'off'

export const STATE_LABEL: Record<RoomState, string> = {
  offline: 'Device offline',
  occupied: 'Occupied',
  booked: 'Booked',
  idle_on: 'Idle, power on',
  off: 'Off',
}

export const STATE_ORDER: RoomState[] = ['occupied', 'idle_on', 'booked', 'off', 'offline']

export function classifyRoom(room: Pick<Classroom, 'esp_device_id' | 'status'>): RoomState {
  const s = room.status
  // device_online false, or unknown for a node that never reported: offline.
  if (!room.esp_device_id || !s || s.device_online === false || (s.device_online == null && !s.last_updated)) return 'offline'
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
  const c: Record<RoomState, number> = { offline: 0, occupied: 0, booked: 0, idle_on: 0, off: 0 }
  for (const r of rooms) c[classifyRoom(r)]++
  return c
}

/** Is the room free to use now? The server says so for staff (`free_now`); else derive it. */
export function isFreeNow(room: Classroom): boolean {
  if (typeof room.free_now === 'boolean') return room.free_now
  return !room.status?.is_booked && !room.status?.is_occupied
}

const REASONS: Record<string, string> = {
  booked: 'booked now',
  booking: 'booked now',
  occupied: 'occupied',
  manual: 'manual override',
  manual_override: 'manual override',
  override: 'manual override',
  idle: 'idle',
  idle_timeout: 'idle timeout',
  stale: 'no recent data',
  schedule: 'schedule',
  auto_control: 'automatic',
}

export function reasonText(reason: string | null | undefined): string {
  if (!reason) return ''
  return REASONS[reason] ?? reason.replace(/_/g, ' ')
}
