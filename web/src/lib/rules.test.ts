import { describe, expect, it } from 'vitest'
import { describeRules, ruleBody, ruleProblems, ruleText } from './rules'

describe('booking rules', () => {
  it('says the rules that bind, and only those', () => {
    const plain = { max_booking_min: 720, earliest_start: null, latest_end: null, min_notice_min: 0, max_ahead_days: 365, buffer_min: 0, allowed_roles: ['staff', 'admin'] as const, allowed_groups: [] as string[] }
    expect(describeRules({ ...plain, allowed_roles: [...plain.allowed_roles] })).toEqual(['Up to 12 h long, starting at most 365 days ahead.'])
    expect(describeRules({ ...plain, allowed_roles: ['admin'], earliest_start: '08:00', latest_end: '18:00', buffer_min: 15, min_notice_min: 120 }))
      .toEqual(['Up to 12 h long, starting at most 365 days ahead.', 'Book at least 2 h before the start.', 'Between 08:00 and 18:00.', '15 min free between bookings.', 'Only admins book this room.'])
  })

  it('turns the form into the body: empty fields inherit (null)', () => {
    const t = ruleText({ max_booking_min: 90, allowed_roles: ['admin'] })
    expect(t.max_booking_min).toBe('90')
    expect(t.admins_only).toBe(true)
    expect(ruleBody({ ...t, buffer_min: '10' })).toEqual({
      max_booking_min: 90, earliest_start: null, latest_end: null, min_notice_min: null, max_ahead_days: null, buffer_min: 10, allowed_roles: ['admin'], allowed_groups: null,
    })
    expect(ruleBody(ruleText()).allowed_roles).toBeNull()
  })

  it('keeps directory groups one a line, blank lines dropped, none inheriting', () => {
    const t = ruleText({ allowed_groups: ['physics', 'cn=lab,ou=groups,dc=uni'] })
    expect(t.groups).toBe('physics\ncn=lab,ou=groups,dc=uni')
    expect(ruleBody({ ...t, groups: ' physics \n\n cn=lab,ou=groups,dc=uni' }).allowed_groups).toEqual(['physics', 'cn=lab,ou=groups,dc=uni'])
    expect(ruleBody({ ...t, groups: '  \n' }).allowed_groups).toBeNull()
    expect(ruleProblems({ ...t, groups: Array.from({ length: 51 }, (_, i) => `g${i}`).join('\n') })).toEqual({ groups: 'List at most 50 groups.' })
    const plain = { max_booking_min: 720, earliest_start: null, latest_end: null, min_notice_min: 0, max_ahead_days: 365, buffer_min: 0 }
    expect(describeRules({ ...plain, allowed_roles: ['staff', 'admin'], allowed_groups: ['physics'] }))
      .toContain('Only members of physics (and admins) book this room.')
  })

  it('names the fields typed wrong', () => {
    expect(ruleProblems({ ...ruleText(), max_booking_min: '2', earliest_start: '18:00', latest_end: '09:00' }))
      .toEqual({ max_booking_min: 'Longest booking must be a whole number of at least 5.', latest_end: 'Latest end must be after the earliest start.' })
  })
})
