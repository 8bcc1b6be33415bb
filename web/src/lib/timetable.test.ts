import { describe, expect, it } from 'vitest'
import type { SectionChange, TimetableImport } from '../api/types'
import { canImport, describeChange, summary } from './timetable'

const change = (c: Partial<SectionChange>): SectionChange => ({
  section: 'MATH101', line: 2, action: 'updated', fields: [], occurrences: { created: 0, moved: 0, cancelled: 0 }, ...c,
})
const answer = (a: Partial<TimetableImport>): TimetableImport => ({
  created: 0, updated: 0, unchanged: 0, removed: 0, errors: [], changes: [], dry_run: true, written: false, ...a,
})

describe('the timetable import page', () => {
  it('says what each section change does', () => {
    expect(describeChange(change({ action: 'created', occurrences: { created: 24, moved: 0, cancelled: 0 } }))).toBe('created (24 sessions)')
    expect(describeChange(change({ action: 'removed', line: null, occurrences: { created: 0, moved: 0, cancelled: 1 } })))
      .toBe('removed (1 future session cancelled)')
    expect(describeChange(change({
      fields: [{ field: 'room', from: 'A101', to: 'B202' }, { field: 'time', from: '09:00-10:30', to: '10:00-11:30' }],
      occurrences: { created: 0, moved: 17, cancelled: 0 },
    }))).toBe('moves room from A101 to B202; new time 10:00-11:30 (was 09:00-10:30) — future sessions: 17 moved')
  })

  it('counts', () => {
    expect(summary(answer({ created: 3, unchanged: 40, removed: 1 }))).toBe('3 created, 0 updated, 40 unchanged, 1 removed')
  })

  it('lets the import run only after a clean dry run, or when told to skip the lines with errors', () => {
    const errors = [{ line: 7, field: 'days', message: 'bad' }]
    expect(canImport(null, false)).toBe(false)
    expect(canImport(answer({ created: 1 }), false)).toBe(true)
    expect(canImport(answer({ created: 1, errors }), false)).toBe(false)
    expect(canImport(answer({ created: 1, errors }), true)).toBe(true)
    expect(canImport(answer({ unchanged: 5 }), false)).toBe(false)
  })
})
