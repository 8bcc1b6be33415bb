// Times are shown in the campus time zone (from /api/config), whatever the
// browser's own zone. Dates without a time ("YYYY-MM-DD") are plain calendar
// days, computed in UTC so no zone can shift them.

export interface ZonedParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  weekday: number // 1 = Monday .. 7 = Sunday
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>()

function partsFormatter(tz: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', weekday: 'short',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
    partsFormatters.set(tz, f)
  }
  return f
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }

export function zonedParts(t: number | Date | string, tz: string): ZonedParts {
  const d = typeof t === 'string' || typeof t === 'number' ? new Date(t) : t
  const out: Record<string, string> = {}
  for (const p of partsFormatter(tz).formatToParts(d)) out[p.type] = p.value
  return {
    year: +out.year, month: +out.month, day: +out.day,
    hour: +out.hour % 24, minute: +out.minute, second: +out.second,
    weekday: WEEKDAYS[out.weekday] ?? 1,
  }
}

/** Offset of `tz` from UTC at instant `ms`, in ms (Berlin in summer: +2 h). */
export function zoneOffset(ms: number, tz: string): number {
  const p = zonedParts(ms, tz)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/** The instant at which the campus clock shows `date` `time` ("YYYY-MM-DD", "HH:MM"). */
export function zonedToUtc(date: string, time: string, tz: string): number {
  const [y, mo, d] = date.split('-').map(Number)
  const [h, mi] = time.split(':').map(Number)
  const wall = Date.UTC(y, mo - 1, d, h, mi)
  let t = wall - zoneOffset(wall, tz)
  const again = wall - zoneOffset(t, tz)
  if (again !== t) t = again
  return t
}

const pad = (n: number) => String(n).padStart(2, '0')

/** "YYYY-MM-DD" of the campus day containing instant t. */
export function dayInZone(t: number | string, tz: string): string {
  const p = zonedParts(t, tz)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

/** "HH:MM" on the campus clock at instant t. */
export function clockInZone(t: number | string, tz: string): string {
  const p = zonedParts(t, tz)
  return `${pad(p.hour)}:${pad(p.minute)}`
}

/** Value for an <input type="datetime-local"> showing campus time. */
export function toLocalInput(t: number | string, tz: string): string {
  return `${dayInZone(t, tz)}T${clockInZone(t, tz)}`
}

/** Instant of a datetime-local value read as campus time. */
export function fromLocalInput(v: string, tz: string): number {
  const [date, time] = v.split('T')
  return zonedToUtc(date, time.slice(0, 5), tz)
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

/** 1 = Monday .. 7 = Sunday for a calendar day. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return w === 0 ? 7 : w
}

export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date))
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>()

function display(tz: string, kind: 'datetime' | 'date' | 'time' | 'day'): Intl.DateTimeFormat {
  const key = `${tz}|${kind}`
  let f = displayFormatters.get(key)
  if (!f) {
    const o: Intl.DateTimeFormatOptions = { timeZone: tz, hourCycle: 'h23' }
    if (kind !== 'time') Object.assign(o, { weekday: 'short', day: 'numeric', month: 'short' })
    if (kind === 'date') o.year = 'numeric'
    if (kind === 'datetime' || kind === 'time') Object.assign(o, { hour: '2-digit', minute: '2-digit' })
    f = new Intl.DateTimeFormat('en-GB', o)
    displayFormatters.set(key, f)
  }
  return f
}

export function formatDateTime(t: string | number | null | undefined, tz: string): string {
  if (t === null || t === undefined || t === '') return '—'
  const d = new Date(t)
  return Number.isNaN(d.getTime()) ? '—' : display(tz, 'datetime').format(d)
}

export function formatDate(t: string | number, tz: string): string {
  return display(tz, 'date').format(new Date(t))
}

export function formatTime(t: string | number, tz: string): string {
  return display(tz, 'time').format(new Date(t))
}

/** A calendar day ("YYYY-MM-DD") as "Mon 3 Mar". */
export function formatDay(date: string): string {
  return display('UTC', 'day').format(new Date(`${date}T12:00:00Z`))
}

/** "a range" in campus time: "Mon 3 Mar, 09:00–10:30". */
export function formatRange(start: string, end: string, tz: string): string {
  const sameDay = dayInZone(start, tz) === dayInZone(end, tz)
  return `${formatDateTime(start, tz)}–${sameDay ? formatTime(end, tz) : formatDateTime(end, tz)}`
}

/** "just now", "5 min ago", "3 h ago", "2 d ago"; "never" for no time. */
export function ago(t: string | null | undefined, now: number): string {
  if (!t) return 'never'
  const s = Math.max(0, Math.round((now - new Date(t).getTime()) / 1000))
  if (Number.isNaN(s)) return 'never'
  if (s < 45) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86400) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86400)} d ago`
}

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
