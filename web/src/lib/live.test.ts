import { describe, expect, it } from 'vitest'
import type { Classroom, LiveEvent, RoomStatus, Stats } from '../api/types'
import { activeOverride, backoff, initialLive, isPending, liveReducer, parseEvent, roomList, socketProtocols, type LiveState } from './live'

const status = (s: Partial<RoomStatus> = {}): RoomStatus => ({
  is_occupied: false, is_power_on: false, last_movement: 0, temperature: null, last_updated: null, device_online: true, is_booked: false, pending_command: null, ...s,
})
const room = (id: number, device: string | null, s: Partial<RoomStatus> = {}): Classroom => ({
  id, name: `R${id}`, location: '', capacity: 10, is_active: true, esp_device_id: device, status: status(s),
})
const loaded = (): LiveState => liveReducer(initialLive, { type: 'rooms_loaded', rooms: [room(1, 'esp-1'), room(2, 'esp-2', { is_power_on: true })] })
const ev = (s: LiveState, e: LiveEvent) => liveReducer(s, { type: 'event', event: e })

describe('live reducer', () => {
  it('loads rooms in order', () => {
    const s = loaded()
    expect(s.loaded).toBe(true)
    expect(roomList(s).map((r) => r.id)).toEqual([1, 2])
  })

  it('applies a room status report', () => {
    const s = ev(loaded(), { type: 'room_status', classroom_id: 1, status: status({ is_occupied: true, is_power_on: true, temperature: 21.5 }) })
    expect(s.rooms[1].status).toMatchObject({ is_occupied: true, is_power_on: true, temperature: 21.5 })
    expect(s.rooms[2].status?.is_power_on).toBe(true)
  })

  it('keeps a pending command when a status event does not mention it', () => {
    let s = liveReducer(loaded(), { type: 'power_requested', classroom_id: 2, command_id: 7, power_on: false })
    const { pending_command: _omit, ...partial } = status({ is_power_on: true })
    s = ev(s, { type: 'room_status', classroom_id: 2, status: partial as RoomStatus })
    expect(s.rooms[2].status?.pending_command).toEqual({ id: 7, power_on: false, state: 'pending' })
  })

  it('moves a power command from pending to applied', () => {
    let s = ev(loaded(), { type: 'power', classroom_id: 2, device_id: 'esp-2', power_on: false, state: 'pending', command_id: 7 })
    expect(isPending(s.rooms[2].status)).toBe(true)
    expect(s.rooms[2].status?.is_power_on).toBe(true)
    s = ev(s, { type: 'power', classroom_id: 2, device_id: 'esp-2', power_on: false, state: 'applied', command_id: 7 })
    expect(isPending(s.rooms[2].status)).toBe(false)
    expect(activeOverride(s.rooms[2].status, 0)).toMatchObject({ id: 7, power_on: false, state: 'applied' })
    expect(s.rooms[2].status?.is_power_on).toBe(false)
  })

  it('does not reopen a command whose confirmation came before the request’s answer', () => {
    let s = ev(loaded(), { type: 'power', classroom_id: 2, device_id: 'esp-2', power_on: false, state: 'applied', command_id: 9 })
    s = liveReducer(s, { type: 'power_requested', classroom_id: 2, command_id: 9, power_on: false })
    expect(isPending(s.rooms[2].status)).toBe(false)
  })

  it('tells a waiting command from a confirmed override that still holds', () => {
    const cmd = (state: string, expires_at: string | null) => status({ pending_command: { id: 1, power_on: true, state, expires_at } })
    expect(isPending(cmd('pending', null))).toBe(true)
    expect(isPending(status({ pending_command: { id: 1, power_on: true } }))).toBe(true) // no state: pending
    expect(isPending(cmd('applied', null))).toBe(false)
    expect(isPending(status())).toBe(false)
    const now = Date.parse('2024-05-06T10:00:00Z')
    expect(activeOverride(cmd('applied', '2024-05-06T11:00:00Z'), now)).not.toBeNull()
    expect(activeOverride(cmd('applied', '2024-05-06T09:00:00Z'), now)).toBeNull()
    expect(activeOverride(cmd('pending', '2024-05-06T11:00:00Z'), now)).toBeNull()
  })

  it('marks the rooms of a device offline and back online', () => {
    let s = ev(loaded(), { type: 'device', device_id: 'esp-1', online: false })
    expect(s.rooms[1].status?.device_online).toBe(false)
    expect(s.rooms[2].status?.device_online).toBe(true)
    expect(s.devicesOnline['esp-1']).toBe(false)
    s = ev(s, { type: 'device', device_id: 'esp-1', online: true })
    expect(s.rooms[1].status?.device_online).toBe(true)
  })

  it('counts booking events and takes pushed stats', () => {
    const stats = { rooms_total: 2 } as Stats
    let s = ev(loaded(), { type: 'booking', action: 'created', booking: {} as never })
    s = ev(s, { type: 'stats', stats })
    s = ev(s, { type: 'booking_series', action: 'flagged', series: {} })
    expect(s.bookingRev).toBe(2)
    expect(s.stats).toBe(stats)
  })

  it('notes unknown rooms once, so the view can reload', () => {
    let s = ev(loaded(), { type: 'room_status', classroom_id: 5, status: status() })
    s = ev(s, { type: 'room_status', classroom_id: 5, status: status() })
    expect(s.unknownRooms).toEqual([5])
    expect(s.rooms[5]).toBeUndefined()
  })

  it('does not touch state for events it does not change', () => {
    const s = loaded()
    expect(ev(s, { type: 'nonsense' } as unknown as LiveEvent)).toBe(s)
  })
})

describe('event parsing and reconnects', () => {
  it('accepts known events only', () => {
    expect(parseEvent('{"type":"device","device_id":"a","online":true}')).toEqual({ type: 'device', device_id: 'a', online: true })
    expect(parseEvent('{"type":"hello"}')).toBeNull()
    expect(parseEvent('not json')).toBeNull()
    expect(parseEvent(new ArrayBuffer(2))).toBeNull()
  })

  it('backs off exponentially up to 30 s', () => {
    const mid = () => 0.5
    expect(backoff(0, mid)).toBe(500)
    expect(backoff(3, mid)).toBe(4000)
    expect(backoff(20, mid)).toBe(30_000)
    expect(backoff(0, () => 0)).toBe(375)
  })
})

describe('live socket protocols', () => {
  it('carry the token as a subprotocol after the one the server answers with', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_part'
    expect(socketProtocols(jwt)).toEqual(['classroom.v1', `bearer.${jwt}`])
    // A subprotocol is an HTTP token: a JWT's characters (base64url and dots) all are.
    for (const p of socketProtocols(jwt)) expect(p).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/)
  })
})
