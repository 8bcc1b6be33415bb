import { describe, expect, it } from 'vitest'
import { dayCells, defaultSlot, findConflicts, freeRanges, overlaps, slotProblem, slotSpan, toSpan } from './grid'
import { zonedToUtc } from './time'

const BERLIN = 'Europe/Berlin'
const at = (hhmm: string, day = '2024-05-06') => zonedToUtc(day, hhmm, BERLIN)
const span = (a: string, b: string) => ({ start: at(a), end: at(b) })

describe('booking grid', () => {
  it('treats ranges as half-open', () => {
    expect(overlaps(span('09:00', '10:00'), span('10:00', '11:00'))).toBe(false)
    expect(overlaps(span('09:00', '10:01'), span('10:00', '11:00'))).toBe(true)
    expect(overlaps(span('09:00', '12:00'), span('10:00', '11:00'))).toBe(true)
    expect(overlaps(span('10:15', '10:45'), span('10:00', '11:00'))).toBe(true)
  })

  it('finds the bookings a slot collides with', () => {
    const busy = [
      toSpan({ start_time: '2024-05-06T08:00:00+02:00', end_time: '2024-05-06T10:00:00+02:00', booking_id: 1 }),
      toSpan({ start_time: '2024-05-06T12:00:00+02:00', end_time: '2024-05-06T13:00:00+02:00', booking_id: 2 }),
    ]
    expect(findConflicts(span('10:00', '12:00'), busy)).toEqual([])
    expect(findConflicts(span('09:30', '12:30'), busy).map((b) => b.bookingId)).toEqual([1, 2])
    // Moving one's own booking does not collide with itself.
    expect(findConflicts(span('09:30', '11:00'), busy, 1)).toEqual([])
  })

  it('marks busy and past cells of a campus day', () => {
    const busy = [span('09:00', '10:30')]
    const now = at('08:10')
    const cells = dayCells('2024-05-06', BERLIN, busy, now, 7, 12, 30)
    expect(cells.map((c) => c.label)).toEqual(['07:00', '07:30', '08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30'])
    expect(cells.filter((c) => c.busy).map((c) => c.label)).toEqual(['09:00', '09:30', '10:00'])
    expect(cells.filter((c) => c.past).map((c) => c.label)).toEqual(['07:00', '07:30'])
    expect(new Date(cells[0].start).toISOString()).toBe('2024-05-06T05:00:00.000Z')
  })

  it('marks cells held only by requests awaiting approval as tentative, busy all the same', () => {
    const busy = [{ ...span('09:00', '10:00'), tentative: true }, span('10:00', '11:00')]
    const cells = dayCells('2024-05-06', BERLIN, busy, at('07:00'), 9, 11, 30)
    expect(cells.map((c) => [c.label, c.busy, c.tentative])).toEqual([
      ['09:00', true, true], ['09:30', true, true], ['10:00', true, false], ['10:30', true, false],
    ])
    expect(toSpan({ start_time: '2024-05-06T09:00:00+02:00', end_time: '2024-05-06T10:00:00+02:00', booking_id: 3, tentative: true }).tentative).toBe(true)
  })

  it('suggests the next full hour, or tomorrow morning late in the day', () => {
    expect(defaultSlot(at('06:10'), BERLIN)).toEqual({ date: '2024-05-06', start: '08:00', end: '09:00' })
    expect(defaultSlot(at('12:05'), BERLIN)).toEqual({ date: '2024-05-06', start: '13:00', end: '14:00' })
    expect(defaultSlot(at('20:30'), BERLIN)).toEqual({ date: '2024-05-07', start: '09:00', end: '10:00' })
  })

  it('explains why a slot cannot be booked', () => {
    const now = at('08:00')
    expect(slotProblem(null, now)).toMatch(/start and an end/)
    expect(slotProblem(span('10:00', '09:00'), now)).toMatch(/after the start/)
    expect(slotProblem(span('06:00', '07:00'), now)).toMatch(/past/)
    expect(slotProblem(span('09:00', '10:00'), now)).toBeNull()
  })
})

describe('free times as a list', () => {
  const tz = 'Europe/Berlin'
  const at = (hhmm: string) => zonedToUtc('2030-03-05', hhmm, tz)

  it('merges neighbouring free slots and leaves out busy and past ones', () => {
    const busy = [{ start: at('09:00'), end: at('10:00') }]
    const cells = dayCells('2030-03-05', tz, busy, at('07:30'), 7, 12)
    expect(freeRanges(cells, tz).map((r) => `${r.from}–${r.to}`)).toEqual(['07:30–09:00', '10:00–12:00'])
  })

  it('points each stretch at its first slot', () => {
    const cells = dayCells('2030-03-05', tz, [], 0, 8, 10)
    const [r] = freeRanges(cells, tz)
    expect(r.first.label).toBe('08:00')
    expect(r.to).toBe('10:00')
  })

  it('is empty when the whole day is taken', () => {
    const cells = dayCells('2030-03-05', tz, [{ start: at('00:00'), end: at('23:59') }], 0, 8, 10)
    expect(freeRanges(cells, tz)).toEqual([])
  })
})

describe('the form’s slot as times', () => {
  it('reads a campus day and clock times, or nothing while a field is empty', () => {
    const s = slotSpan({ date: '2030-03-05', start: '10:00', end: '11:30' }, 'Europe/Berlin')
    expect(s).toEqual({ start: Date.parse('2030-03-05T09:00:00Z'), end: Date.parse('2030-03-05T10:30:00Z') })
    expect(slotSpan({ date: '2030-03-05', start: '', end: '11:30' }, 'Europe/Berlin')).toBeNull()
  })
})
