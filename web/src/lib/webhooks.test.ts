import { describe, expect, it } from 'vitest'
import { toggleEvent, WEBHOOK_EVENTS, webhookProblems } from './webhooks'

const ok = { url: 'https://facilities.example.edu/hook', events: ['room.vacant'], secret: 'a-secret-of-16-chars' }

describe('webhook drafts', () => {
  it('offers the ten event types of the server', () => {
    expect(WEBHOOK_EVENTS.map((e) => e.name).sort()).toEqual([
      'booking.cancelled', 'booking.changed', 'booking.created', 'booking.released', 'device.offline', 'device.online',
      'room.occupied', 'room.power', 'room.vacant', 'sensor.fault',
    ])
  })

  it('accepts a complete draft', () => {
    expect(Object.values(webhookProblems(ok)).filter(Boolean)).toEqual([])
  })

  it('names each field that is wrong', () => {
    expect(webhookProblems({ ...ok, url: 'ftp://example.edu/' }).url).toMatch(/http/)
    expect(webhookProblems({ ...ok, url: 'not a url' }).url).toMatch(/full URL/)
    expect(webhookProblems({ ...ok, url: '' }).url).toMatch(/Enter/)
    expect(webhookProblems({ ...ok, events: [] }).events).toMatch(/at least one/)
    expect(webhookProblems({ ...ok, secret: 'short' }).secret).toMatch(/16/)
  })

  it('toggles events and keeps them in the table order', () => {
    expect(toggleEvent(['booking.created'], 'room.occupied')).toEqual(['room.occupied', 'booking.created'])
    expect(toggleEvent(['room.occupied', 'booking.created'], 'room.occupied')).toEqual(['booking.created'])
  })
})
