// How the timetable import's answer reads to the admin confirming it.
import type { SectionChange, TimetableImport } from '../api/types'

const FIELD: Record<string, string> = {
  room: 'moves room', time: 'new time', days: 'new days', dates: 'new dates', title: 'new title', organizer: 'new organizer',
}

/** "moves room from A101 to B202; new time 10:00-11:30 (was 09:00-10:30)" */
export function describeChange(c: SectionChange): string {
  if (c.action === 'created') return `created (${plural(c.occurrences.created, 'session')})`
  if (c.action === 'removed') return `removed (${plural(c.occurrences.cancelled, 'future session')} cancelled)`
  const parts = c.fields.map((f) =>
    f.field === 'room' ? `moves room from ${f.from} to ${f.to}` : `${FIELD[f.field] ?? f.field} ${f.to}${f.from ? ` (was ${f.from})` : ''}`)
  const o = c.occurrences
  const touched = [o.moved && `${o.moved} moved`, o.created && `${o.created} added`, o.cancelled && `${o.cancelled} cancelled`].filter(Boolean)
  return parts.join('; ') + (touched.length ? ` — future sessions: ${touched.join(', ')}` : '')
}

/** "3 created, 1 updated, 40 unchanged, 1 removed" */
export function summary(r: TimetableImport): string {
  return `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.removed} removed`
}

/** Import may follow a dry run without errors, or with errors when the admin skips those lines. */
export function canImport(dryRun: TimetableImport | null, skipErrors: boolean): boolean {
  if (!dryRun) return false
  if (dryRun.errors.length > 0 && !skipErrors) return false
  return dryRun.created + dryRun.updated + dryRun.removed > 0
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
