// The booking grid: slots of a campus day, which of them are busy, and whether
// a chosen time range collides with a busy one (checked before submitting).
import type { Interval } from '../api/types'
import { addDays, clockInZone, dayInZone, zonedParts, zonedToUtc } from './time'

export interface Span {
  start: number // epoch ms
  end: number
}

export interface BusySpan extends Span {
  bookingId?: number
  tentative?: boolean // a request awaiting approval: busy all the same
}

export interface Cell extends Span {
  date: string
  label: string // "HH:MM" campus time
  busy: boolean
  tentative: boolean // busy only with requests awaiting approval
  past: boolean
}

export const toSpan = (i: Interval & { booking_id?: number; tentative?: boolean }): BusySpan => ({
  start: new Date(i.start_time).getTime(),
  end: new Date(i.end_time).getTime(),
  bookingId: i.booking_id,
  tentative: i.tentative ?? false,
})

/** Half-open ranges: a booking ending at 10:00 does not collide with one starting at 10:00. */
export const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end

export function findConflicts<T extends Span>(slot: Span, busy: T[], ignoreBookingId?: number): T[] {
  return busy.filter((b) => overlaps(slot, b) && (ignoreBookingId === undefined || (b as BusySpan).bookingId !== ignoreBookingId))
}

/** Cells of one campus day from `fromHour` to `toHour`, `stepMin` minutes each. */
export function dayCells(date: string, tz: string, busy: BusySpan[], now: number, fromHour = 7, toHour = 22, stepMin = 30): Cell[] {
  const cells: Cell[] = []
  const dayStart = zonedToUtc(date, `${String(fromHour).padStart(2, '0')}:00`, tz)
  const count = ((toHour - fromHour) * 60) / stepMin
  for (let i = 0; i < count; i++) {
    const start = dayStart + i * stepMin * 60_000
    const end = start + stepMin * 60_000
    const span = { start, end }
    const hits = busy.filter((b) => overlaps(span, b))
    cells.push({ date, start, end, label: clockInZone(start, tz), busy: hits.length > 0, tentative: hits.length > 0 && hits.every((b) => b.tentative), past: end <= now })
  }
  return cells
}

/** The booking form's time fields: a campus day and two "HH:MM" clock times. */
export interface SlotFields {
  date: string
  start: string
  end: string
}

export const slotSpan = (s: SlotFields, tz: string): Span | null =>
  s.date && s.start && s.end ? { start: zonedToUtc(s.date, s.start, tz), end: zonedToUtc(s.date, s.end, tz) } : null

/** A sensible first choice: the next full hour today (from 08:00), or tomorrow at 09:00 late in the day. */
export function defaultSlot(now: number, tz: string): SlotFields {
  const pad = (n: number) => String(n).padStart(2, '0')
  let date = dayInZone(now, tz)
  let h = Math.max(8, zonedParts(now, tz).hour + 1)
  if (h > 20) {
    date = addDays(date, 1)
    h = 9
  }
  return { date, start: `${pad(h)}:00`, end: `${pad(h + 1)}:00` }
}

/** Why a chosen slot cannot be booked, or null if it can (conflicts aside). */
export function slotProblem(slot: Span | null, now: number): string | null {
  if (!slot || Number.isNaN(slot.start) || Number.isNaN(slot.end)) return 'Choose a start and an end time.'
  if (slot.end <= slot.start) return 'The end time must be after the start time.'
  if (slot.end <= now) return 'The slot is in the past.'
  return null
}

export interface FreeRange extends Span {
  date: string
  first: Cell // the range's first cell: picking the range picks it
  from: string // "HH:MM"
  to: string
}

/** The free, not yet past stretches of one day's cells, merged: the grid as a list. */
export function freeRanges(cells: Cell[], tz: string): FreeRange[] {
  const out: FreeRange[] = []
  for (const c of cells) {
    const last = out[out.length - 1]
    if (c.busy || c.past) continue
    if (last && last.end === c.start) {
      last.end = c.end
      last.to = clockInZone(c.end, tz)
    } else {
      out.push({ date: c.date, first: c, start: c.start, end: c.end, from: c.label, to: clockInZone(c.end, tz) })
    }
  }
  return out
}
