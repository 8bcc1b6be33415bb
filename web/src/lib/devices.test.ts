import { describe, expect, it } from 'vitest'
import type { Classroom, Device } from '../api/types'
import { deviceLive, healthText, signalWord } from './devices'

const device: Device = {
  id: 1, device_id: 'esp32-1', name: 'Node', mac_address: null, is_active: true, is_connected: false,
  last_seen: '2026-11-30T12:00:00Z', firmware_version: null, classroom_id: 7, classroom_name: 'A', created_at: '2026-11-01T00:00:00Z',
}
const room = (status: Partial<Classroom['status']>): Classroom => ({
  id: 7, name: 'A', location: '', capacity: 10, is_active: true, esp_device_id: 'esp32-1',
  status: { is_occupied: false, is_power_on: true, last_movement: null, temperature: null, last_updated: null, ...status },
})

describe('a device in the live picture', () => {
  it('is as its row says until something live is known', () => {
    expect(deviceLive(device, { rooms: {}, devicesOnline: {} })).toEqual({ online: false, lastSeen: '2026-11-30T12:00:00Z', sensorFault: null })
  })

  it('follows device events and its room’s reports', () => {
    const live = { rooms: { 7: room({ last_updated: '2026-11-30T12:05:00Z' }) }, devicesOnline: { 'esp32-1': true } }
    expect(deviceLive(device, live)).toEqual({ online: true, lastSeen: '2026-11-30T12:05:00Z', sensorFault: null })
  })

  it('keeps the later of two last-seen times', () => {
    const live = { rooms: { 7: room({ last_updated: '2026-11-30T11:00:00Z' }) }, devicesOnline: {} }
    expect(deviceLive(device, live).lastSeen).toBe('2026-11-30T12:00:00Z')
  })

  it('names a sensor fault, with a word when the node gives none', () => {
    expect(deviceLive(device, { rooms: { 7: room({ sensor_ok: false, sensor_fault: 'echo timeout' }) }, devicesOnline: {} }).sensorFault).toBe('echo timeout')
    expect(deviceLive(device, { rooms: { 7: room({ sensor_ok: false }) }, devicesOnline: {} }).sensorFault).toBe('not working')
  })

  it('ignores a room the device no longer serves', () => {
    const other = { ...room({ sensor_ok: false, last_updated: '2026-11-30T13:00:00Z' }), esp_device_id: 'esp32-2' }
    expect(deviceLive(device, { rooms: { 7: other }, devicesOnline: {} })).toEqual({ online: false, lastSeen: '2026-11-30T12:00:00Z', sensorFault: null })
  })
})

describe('a node\'s health in words', () => {
  it('says signal, uptime, last reset and free memory', () => {
    expect(healthText({ rssi: -67, uptime_s: 3 * 86400 + 7200, reset_reason: 'task_wdt', free_heap: 181234, at: null }))
      .toBe('signal -67 dBm (good) · up 3 d 2 h · last reset: task_wdt · 177 KiB free')
    expect(healthText({ rssi: null, uptime_s: 125, reset_reason: null, free_heap: null, at: null })).toBe('up 2 min')
  })
  it('says nothing when the node never sent its health', () => {
    expect(healthText(undefined)).toBeNull()
    expect(healthText({ rssi: null, uptime_s: null, reset_reason: null, free_heap: null, at: null })).toBeNull()
  })
  it('names the signal as installers do', () => {
    expect([-50, -65, -75, -90].map(signalWord)).toEqual(['strong', 'good', 'weak', 'very weak'])
  })
})
