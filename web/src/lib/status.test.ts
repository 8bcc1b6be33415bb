/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RoomStatus } from '../api/types'
import { classifyRoom, countStates, describeChanges, isFreeNow, REASON_LABEL, reasonText, STATE_ICON, STATE_LABEL, STATE_ORDER, stateText } from './status'

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
    ['a room whose sensor fails', room({ is_power_on: true, power_reason: 'sensor_fault' }), 'sensor_fault'],
    ['a room whose node says sensor_ok false', room({ is_occupied: true, sensor_ok: false }), 'sensor_fault'],
    ['an offline room whose sensor failed before', room({ device_online: false, power_reason: 'sensor_fault' }), 'offline'],
  ])('classifies %s', (_name, r, want) => {
    expect(classifyRoom(r)).toBe(want)
  })

  it('names a room without a device differently from an offline one', () => {
    expect(stateText(room({}, null))).toBe('No device linked')
    expect(stateText(room({ device_online: false }))).toBe('Device offline')
  })

  it('counts rooms per state', () => {
    const c = countStates([room({ is_occupied: true }), room({ is_occupied: true }), room({ is_power_on: true }), room({}, null)])
    expect(c).toEqual({ occupied: 2, idle_on: 1, booked: 0, off: 0, sensor_fault: 0, offline: 1 })
  })

  it('prefers the server’s free_now', () => {
    const base = { id: 1, name: 'A', location: '', capacity: 1, is_active: true, esp_device_id: 'e' }
    expect(isFreeNow({ ...base, status: status({ is_booked: true }), free_now: true })).toBe(true)
    expect(isFreeNow({ ...base, status: status({ is_booked: true }) })).toBe(false)
    expect(isFreeNow({ ...base, status: status({}) })).toBe(true)
  })
})

describe('state labels', () => {
  it('gives every state a label and a symbol, and orders all of them', () => {
    expect(Object.keys(STATE_ICON).sort()).toEqual(Object.keys(STATE_LABEL).sort())
    expect([...STATE_ORDER].sort()).toEqual(Object.keys(STATE_LABEL).sort())
  })
})

// protocol/power-reasons.txt: name <TAB> on|off|either <TAB> meaning; '#' starts a comment.
function protocolReasons(): string[] {
  const file = resolve(import.meta.dirname, '../../../protocol/power-reasons.txt')
  return readFileSync(file, 'utf8').split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t')[0])
}

describe('power reasons', () => {
  const reasons = protocolReasons()

  it('reads the shared vocabulary', () => {
    expect(reasons.length).toBeGreaterThan(5)
    expect(reasons).toContain('sensor_fault')
  })

  it('has a label for every reason the server sends', () => {
    expect(reasons.filter((r) => !(r in REASON_LABEL))).toEqual([])
  })

  it('has no label for a reason the server never sends', () => {
    expect(Object.keys(REASON_LABEL).filter((k) => !reasons.includes(k))).toEqual([])
  })

  it('falls back to the raw words for an unknown reason', () => {
    expect(reasonText('brand_new_reason')).toBe('brand new reason')
    expect(reasonText(null)).toBe('')
  })
})

describe('announcing changes', () => {
  const r = (id: number, s: Partial<RoomStatus>) => ({ id, name: `Room ${id}`, esp_device_id: 'e', status: status(s) })

  it('says which room changed to what', () => {
    expect(describeChanges([r(1, {}), r(2, {})], [r(1, { is_occupied: true }), r(2, {})])).toEqual(['Room 1: occupied.'])
  })

  it('stays quiet on a first load and when nothing changed', () => {
    expect(describeChanges([], [r(1, { is_occupied: true })])).toEqual([])
    expect(describeChanges([r(1, { temperature: 20 })], [r(1, { temperature: 21 })])).toEqual([])
  })
})
