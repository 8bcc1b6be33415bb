import { describe, expect, it } from 'vitest'
import { addDays, ago, clockInZone, dayInZone, formatDateTime, formatRange, fromLocalInput, mondayOf, toLocalInput, weekdayOf, zonedToUtc } from './time'

const BERLIN = 'Europe/Berlin'

describe('campus time', () => {
  it('shows instants on the campus clock, whatever the browser zone', () => {
    expect(clockInZone('2024-07-01T10:00:00Z', BERLIN)).toBe('12:00') // summer, +2
    expect(clockInZone('2024-01-15T10:00:00Z', BERLIN)).toBe('11:00') // winter, +1
    expect(clockInZone('2024-01-15T10:00:00Z', 'America/New_York')).toBe('05:00')
    expect(dayInZone('2024-01-15T23:30:00Z', BERLIN)).toBe('2024-01-16')
  })

  it('converts campus wall time to the instant, across DST changes', () => {
    expect(new Date(zonedToUtc('2024-07-01', '12:00', BERLIN)).toISOString()).toBe('2024-07-01T10:00:00.000Z')
    expect(new Date(zonedToUtc('2024-01-15', '09:30', BERLIN)).toISOString()).toBe('2024-01-15T08:30:00.000Z')
    // The day the clocks go forward (31 Mar 2024, 02:00 → 03:00).
    expect(new Date(zonedToUtc('2024-03-31', '01:00', BERLIN)).toISOString()).toBe('2024-03-31T00:00:00.000Z')
    expect(new Date(zonedToUtc('2024-03-31', '04:00', BERLIN)).toISOString()).toBe('2024-03-31T02:00:00.000Z')
    // The day they go back (27 Oct 2024): 12:00 is +1 again.
    expect(new Date(zonedToUtc('2024-10-27', '12:00', BERLIN)).toISOString()).toBe('2024-10-27T11:00:00.000Z')
  })

  it('round-trips datetime-local values as campus time', () => {
    const t = Date.parse('2024-05-06T07:15:00Z')
    expect(toLocalInput(t, BERLIN)).toBe('2024-05-06T09:15')
    expect(fromLocalInput('2024-05-06T09:15', BERLIN)).toBe(t)
  })

  it('formats dates, times and ranges in the zone', () => {
    expect(formatDateTime('2024-05-06T07:15:00Z', BERLIN)).toBe('Mon 6 May, 09:15')
    expect(formatDateTime(null, BERLIN)).toBe('—')
    expect(formatDateTime('not a date', BERLIN)).toBe('—')
    expect(formatRange('2024-05-06T07:00:00+00:00', '2024-05-06T08:30:00+00:00', BERLIN)).toBe('Mon 6 May, 09:00–10:30')
  })

  it('does calendar arithmetic on plain days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
    expect(addDays('2024-10-27', 1)).toBe('2024-10-28')
    expect(weekdayOf('2024-05-06')).toBe(1)
    expect(weekdayOf('2024-05-12')).toBe(7)
    expect(mondayOf('2024-05-12')).toBe('2024-05-06')
    expect(mondayOf('2024-05-06')).toBe('2024-05-06')
  })

  it('says how long ago something happened', () => {
    const now = Date.parse('2024-05-06T12:00:00Z')
    expect(ago(null, now)).toBe('never')
    expect(ago('2024-05-06T11:59:50Z', now)).toBe('just now')
    expect(ago('2024-05-06T11:55:00Z', now)).toBe('5 min ago')
    expect(ago('2024-05-06T09:00:00Z', now)).toBe('3 h ago')
    expect(ago('2024-05-04T12:00:00Z', now)).toBe('2 d ago')
  })
})
