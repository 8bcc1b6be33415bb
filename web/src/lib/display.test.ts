import { describe, expect, it } from 'vitest'
import { bookUrl, doorAnnouncement, doorUntil, isEink, offlineText, refreshDelay } from './display'

const TZ = 'Europe/Berlin'

describe('door display texts', () => {
  it('says until when in campus time', () => {
    expect(doorUntil({ state: 'booked', until: '2026-11-30T14:30:00+01:00' }, TZ)).toBe('until 14:30')
    expect(doorUntil({ state: 'free', until: '2026-11-30T13:00:00Z' }, TZ)).toBe('until 14:00')
    expect(doorUntil({ state: 'free', until: null }, TZ)).toBe('for the rest of the day')
    expect(doorUntil({ state: 'in_use', until: '2026-11-30T15:00:00+01:00' }, TZ)).toBe('not booked, next booking at 15:00')
    expect(doorUntil({ state: 'in_use', until: null }, TZ)).toBe('not booked today')
  })

  it('announces the state in a sentence', () => {
    expect(doorAnnouncement({ name: 'A 101', state: 'booked', until: '2026-11-30T14:30:00+01:00' }, TZ)).toBe('A 101: Booked now, until 14:30.')
    expect(doorAnnouncement({ name: 'A 101', state: 'free', until: null }, TZ)).toBe('A 101: Free, for the rest of the day.')
  })

  it('says since when the server is out of reach', () => {
    expect(offlineText(Date.parse('2026-11-30T12:05:00Z'), TZ)).toBe('Offline since 13:05')
  })

  it('knows the e-ink mode from the address', () => {
    expect(isEink('?eink=1')).toBe(true)
    expect(isEink('?x=2&eink=true')).toBe(true)
    expect(isEink('?eink=0')).toBe(false)
    expect(isEink('')).toBe(false)
  })

  it('asks again rarely on e-ink, often when offline or without the live connection', () => {
    expect(refreshDelay({ eink: true, live: false, offline: true })).toBe(60_000)
    expect(refreshDelay({ eink: false, live: true, offline: false })).toBe(30_000)
    expect(refreshDelay({ eink: false, live: false, offline: false })).toBe(10_000)
    expect(refreshDelay({ eink: false, live: false, offline: true })).toBe(5_000)
  })

  it('makes the booking address absolute for the QR code', () => {
    expect(bookUrl('https://rooms.campus.example', '/staff/book?room=7')).toBe('https://rooms.campus.example/staff/book?room=7')
  })
})
