// Booking rules as people read them, and as the admin forms edit them.
import type { BookingRules, Role, RuleFields } from '../api/types'

const minutes = (m: number) => (m % 60 === 0 && m >= 60 ? `${m / 60} h` : `${m} min`)

/** The rules a staff booking in a room follows, one sentence each. */
export function describeRules(r: BookingRules): string[] {
  const out = [`Up to ${minutes(r.max_booking_min)} long, starting at most ${r.max_ahead_days} days ahead.`]
  if (r.min_notice_min > 0) out.push(`Book at least ${minutes(r.min_notice_min)} before the start.`)
  if (r.earliest_start && r.latest_end) out.push(`Between ${r.earliest_start} and ${r.latest_end}.`)
  else if (r.earliest_start) out.push(`Starting at ${r.earliest_start} or later.`)
  else if (r.latest_end) out.push(`Ending by ${r.latest_end}.`)
  if (r.buffer_min > 0) out.push(`${minutes(r.buffer_min)} free between bookings.`)
  if (!r.allowed_roles.includes('staff')) out.push('Only admins book this room.')
  else if (r.allowed_groups?.length) out.push(`Only members of ${r.allowed_groups.join(', ')} (and admins) book this room.`)
  return out
}

/** The form's text fields of a room's or building's own rules: '' inherits. */
export interface RuleText {
  max_booking_min: string
  earliest_start: string
  latest_end: string
  min_notice_min: string
  max_ahead_days: string
  buffer_min: string
  admins_only: boolean | null // null: as the building / everyone
  groups: string // directory groups that may book, one a line; '' inherits
}

export const ruleText = (r?: RuleFields): RuleText => ({
  max_booking_min: r?.max_booking_min?.toString() ?? '',
  earliest_start: r?.earliest_start ?? '',
  latest_end: r?.latest_end ?? '',
  min_notice_min: r?.min_notice_min?.toString() ?? '',
  max_ahead_days: r?.max_ahead_days?.toString() ?? '',
  buffer_min: r?.buffer_min?.toString() ?? '',
  admins_only: r?.allowed_roles == null ? null : !r.allowed_roles.includes('staff'),
  groups: (r?.allowed_groups ?? []).join('\n'),
})

const groupLines = (text: string) => text.split('\n').map((g) => g.trim()).filter((g) => g !== '')

/** What the server takes: every rule, null where the form leaves it empty. */
export function ruleBody(t: RuleText): Required<RuleFields> {
  const num = (s: string) => (s.trim() === '' ? null : Number(s))
  const roles: Role[] | null = t.admins_only === null ? null : t.admins_only ? ['admin'] : ['staff', 'admin']
  return {
    max_booking_min: num(t.max_booking_min), earliest_start: t.earliest_start || null, latest_end: t.latest_end || null,
    min_notice_min: num(t.min_notice_min), max_ahead_days: num(t.max_ahead_days), buffer_min: num(t.buffer_min),
    allowed_roles: roles,
    allowed_groups: groupLines(t.groups).length ? groupLines(t.groups) : null,
  }
}

/** The form's problems, by field. */
export function ruleProblems(t: RuleText): Record<string, string> {
  const e: Record<string, string> = {}
  const whole = (k: keyof RuleText, label: string, min: number) => {
    const s = String(t[k] ?? '').trim()
    if (s !== '' && (!Number.isInteger(Number(s)) || Number(s) < min)) e[k] = `${label} must be a whole number of at least ${min}.`
  }
  whole('max_booking_min', 'Longest booking', 5)
  whole('min_notice_min', 'Minimum notice', 0)
  whole('max_ahead_days', 'Days ahead', 1)
  whole('buffer_min', 'Buffer', 0)
  const groups = groupLines(t.groups)
  if (groups.length > 50) e.groups = 'List at most 50 groups.'
  else if (groups.some((g) => g.length > 256)) e.groups = 'A group name has at most 256 characters.'
  if (t.earliest_start && t.latest_end && t.earliest_start >= t.latest_end) e.latest_end = 'Latest end must be after the earliest start.'
  return e
}
