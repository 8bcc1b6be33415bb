// The live picture of the campus: rooms, devices and counters, loaded over
// HTTP and then kept current by the WebSocket's events. Pure: (state, action) → state.
import type { Classroom, LiveEvent, PendingCommand, RoomStatus, Stats } from '../api/types'

export interface LiveState {
  rooms: Record<number, Classroom>
  order: number[]
  loaded: boolean
  stats: Stats | null
  devicesOnline: Record<string, boolean>
  bookingRev: number // bumps on every booking event: booking views refetch
  unknownRooms: number[] // rooms named by events but not loaded (new ones: refetch once)
  applied: string[] // recent confirmed command ids (a confirmation can beat the POST's answer)
}

export type LiveAction =
  | { type: 'rooms_loaded'; rooms: Classroom[] }
  | { type: 'stats_loaded'; stats: Stats }
  | { type: 'power_requested'; classroom_id: number; command_id: number | string; power_on: boolean }
  | { type: 'event'; event: LiveEvent }

export const initialLive: LiveState = {
  rooms: {}, order: [], loaded: false, stats: null, devicesOnline: {}, bookingRev: 0, unknownRooms: [], applied: [],
}

const emptyStatus: RoomStatus = {
  is_occupied: false, is_power_on: false, last_movement: null, temperature: null, last_updated: null,
}

function patchRoom(state: LiveState, id: number, patch: (s: RoomStatus, room: Classroom) => Partial<RoomStatus> | null): LiveState {
  const room = state.rooms[id]
  if (!room) return state.unknownRooms.includes(id) ? state : { ...state, unknownRooms: [...state.unknownRooms, id] }
  const cur = room.status ?? emptyStatus
  const p = patch(cur, room)
  if (!p) return state
  return { ...state, rooms: { ...state.rooms, [id]: { ...room, status: { ...cur, ...p } } } }
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case 'rooms_loaded': {
      const rooms: Record<number, Classroom> = {}
      for (const r of action.rooms) rooms[r.id] = r
      return { ...state, rooms, order: action.rooms.map((r) => r.id), loaded: true }
    }
    case 'stats_loaded':
      return { ...state, stats: action.stats }
    case 'power_requested':
      if (state.applied.includes(String(action.command_id))) return state
      return patchRoom(state, action.classroom_id, () => ({ pending_command: { id: action.command_id, power_on: action.power_on, state: 'pending' } }))
    case 'event':
      return applyEvent(state, action.event)
  }
}

function applyEvent(state: LiveState, e: LiveEvent): LiveState {
  switch (e.type) {
    case 'room_status':
      return patchRoom(state, e.classroom_id, (_s, room) => {
        const next: Partial<RoomStatus> = { ...e.status }
        // Events that do not carry these fields leave them as they were.
        if (!('pending_command' in e.status)) delete next.pending_command
        if (!('device_online' in e.status) && room.esp_device_id) next.device_online = true
        return next
      })
    case 'power': {
      if (e.state === 'applied') state = { ...state, applied: [String(e.command_id), ...state.applied].slice(0, 50) }
      return patchRoom(state, e.classroom_id, (s) => {
        if (e.state === 'pending') return { pending_command: { id: e.command_id, power_on: e.power_on, state: 'pending' } }
        const c = s.pending_command
        // The confirmed command stays as the room's override; another one stays as it was.
        const next = c && String(c.id) === String(e.command_id) ? { ...c, state: 'applied' } : c ?? null
        return { is_power_on: e.power_on, pending_command: next }
      })
    }
    case 'device': {
      const devicesOnline = { ...state.devicesOnline, [e.device_id]: e.online }
      let rooms = state.rooms
      for (const id of state.order) {
        const r = rooms[id]
        if (r.esp_device_id === e.device_id) {
          rooms = { ...rooms, [id]: { ...r, status: { ...(r.status ?? emptyStatus), device_online: e.online } } }
        }
      }
      return { ...state, rooms, devicesOnline }
    }
    case 'booking':
    case 'booking_series':
      return { ...state, bookingRev: state.bookingRev + 1 }
    case 'stats':
      return { ...state, stats: e.stats }
    default:
      return state
  }
}

/** Parse one WebSocket message; null for anything that is not a known event. */
export function parseEvent(data: unknown): LiveEvent | null {
  if (typeof data !== 'string') return null
  try {
    const e = JSON.parse(data)
    if (e && typeof e === 'object' && ['room_status', 'power', 'device', 'booking', 'booking_series', 'stats'].includes(e.type)) return e as LiveEvent
  } catch {
    /* not JSON: ignore */
  }
  return null
}

/** Is a power command waiting for the node's confirmation? */
export const isPending = (s: RoomStatus | null | undefined): boolean =>
  !!s?.pending_command && (s.pending_command.state ?? 'pending') === 'pending'

/** A confirmed manual command that still holds (the override), if any. */
export function activeOverride(s: RoomStatus | null | undefined, now: number): PendingCommand | null {
  const c = s?.pending_command
  if (!c || c.state !== 'applied') return null
  if (c.expires_at && new Date(c.expires_at).getTime() <= now) return null
  return c
}

export const roomList = (s: LiveState): Classroom[] => s.order.map((id) => s.rooms[id]).filter(Boolean)

/** Reconnect delay after `attempt` failures: 0.5 s doubling to 30 s, with jitter. */
export function backoff(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** attempt)
  return Math.round(base * (0.75 + random() * 0.5))
}

// The live socket's subprotocols: the session token rides in the Sec-WebSocket-Protocol
// header (`bearer.<token>`), never in the URL, so proxies' access logs do not keep it.
// The server answers with `classroom.v1`.
export const LIVE_PROTOCOL = 'classroom.v1'
export const socketProtocols = (token: string): string[] => [LIVE_PROTOCOL, `bearer.${token}`]
