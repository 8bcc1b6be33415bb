import { describe, expect, it } from 'vitest'
import type { RoomStatus } from '../api/types'
import { classifyRoom, countStates, isFreeNow, stateText } from './status'

const status = (s: Partial<RoomStatus>): RoomStatus => ({
  is_occupied: false, is_power_on: false, last_movement: null, temperature: null, last_updated: '2024-01-01T00:00:00Z',
  device_online: true, is_booked: false, ...s,
})
const room = (s: Partial<RoomStatus> | null, device: string | null = 'esp-1') => ({ esp_device_id: device, status: s ? status(s) : null })

describe('room state', () => {
  it.each([
    ['an occupied room', room({ is_occupied: true, is_power_on: true }), 'occupied'],
    ['an occupied, booked room', room({ is_occupied: true, is_booked: true, is_power_on: true }), 'occupied'],
    ['a booked, empty room', room({ is_booked: true, is_power_on: true }), 'booked'],
    ['an idle room with power on', room({ is_power_on: true }), 'idle_on'],
    ['an idle room with power off', room({}), 'off'],
    ['a room whose node is offline', room({ is_occupied: true, device_online: false }), 'offline'],
    ['a room without a device', room({ is_power_on: true }, null), 'offline'],
    ['a room without status', room(null), 'offline'],
    ['a room whose node never reported', room({ device_online: undefined, last_updated: null }), 'offline'],
    ['a room with data but no online flag', room({ device_online: undefined, is_power_on: true }), 'idle_on'],
  ])('classifies %s', (_name, r, want) => {
    expect(classifyRoom(r)).toBe(want)
  })

  it('names a room without a device differently from an offline one', () => {
    expect(stateText(room({}, null))).toBe('No device linked')
    expect(stateText(room({ device_online: false }))).toBe('Device offline')
  })

  it('counts rooms per state', () => {
    const c = countStates([room({ is_occupied: true }), room({ is_occupied: true }), room({ is_power_on: true }), room({}, null)])
    expect(c).toEqual({ occupied: 2, idle_on: 1, booked: 0, off: 0, offline: 1 })
  })

  it('prefers the server’s free_now', () => {
    const base = { id: 1, name: 'A', location: '', capacity: 1, is_active: true, esp_device_id: 'e' }
    expect(isFreeNow({ ...base, status: status({ is_booked: true }), free_now: true })).toBe(true)
    expect(isFreeNow({ ...base, status: status({ is_booked: true }) })).toBe(false)
    expect(isFreeNow({ ...base, status: status({}) })).toBe(true)
  })
})
