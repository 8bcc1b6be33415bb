// What a door display says, in words (never colour alone), and how often it asks
// the server again. No React here; unit-tested beside it.
import type { DoorDisplayData } from '../api/types'
import { formatTime } from './time'

export type DoorState = DoorDisplayData['state']

export const DOOR_LABEL: Record<DoorState, string> = { free: 'Free', in_use: 'In use', booked: 'Booked now' }
export const DOOR_ICON = { free: 'check', in_use: 'person', booked: 'calendar' } as const

/** The line under the state: until when, in campus time. */
export function doorUntil(d: Pick<DoorDisplayData, 'state' | 'until'>, tz: string): string {
  const at = d.until ? formatTime(d.until, tz) : null
  if (d.state === 'booked') return at ? `until ${at}` : ''
  if (d.state === 'in_use') return at ? `not booked, next booking at ${at}` : 'not booked today'
  return at ? `until ${at}` : 'for the rest of the day'
}

/** The sentence a screen reader hears when the state changes. */
export function doorAnnouncement(d: Pick<DoorDisplayData, 'name' | 'state' | 'until'>, tz: string): string {
  const until = doorUntil(d, tz)
  return `${d.name}: ${DOOR_LABEL[d.state]}${until ? `, ${until}` : ''}.`
}

export function offlineText(sinceMs: number, tz: string): string {
  return `Offline since ${formatTime(sinceMs, tz)}`
}

/** `?eink=1` (or `true`): an e-ink screen, redrawn rarely. */
export function isEink(search: string): boolean {
  const v = new URLSearchParams(search).get('eink')
  return v === '1' || v === 'true'
}

/**
 * How long to wait before asking the server again: rarely on e-ink (no live
 * connection, one redraw a minute at most), now and then while the live connection
 * tells of changes (bookings start and end by the clock alone), often without it.
 */
export function refreshDelay(o: { eink: boolean; live: boolean; offline: boolean }): number {
  if (o.eink) return 60_000
  if (o.offline) return 5_000
  return o.live ? 30_000 : 10_000
}

/** The staff portal's booking page for the room, as an absolute address for the QR code. */
export function bookUrl(origin: string, bookPath: string): string {
  return new URL(bookPath, origin).href
}
