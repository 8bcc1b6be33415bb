// A term's closed ranges as an admin types them: one a line, "first last label" or
// "day label" for a single day, dates as YYYY-MM-DD.
import type { ClosedRange } from '../api/types'

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The ranges, or the first line that is not one (1-based). */
export function parseClosed(text: string): { ranges: ClosedRange[] } | { line: number; problem: string } {
  const ranges: ClosedRange[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const words = lines[i].trim().split(/\s+/).filter(Boolean)
    if (words.length === 0) continue
    const first = words[0]
    const last = DAY.test(words[1] ?? '') ? words[1] : first
    const label = words.slice(last === words[1] ? 2 : 1).join(' ')
    if (!DAY.test(first)) return { line: i + 1, problem: `Line ${i + 1}: start with a date like 2027-03-29.` }
    if (!label) return { line: i + 1, problem: `Line ${i + 1}: name the closure after its dates, e.g. Easter break.` }
    if (last < first) return { line: i + 1, problem: `Line ${i + 1}: the last day is before the first.` }
    ranges.push({ label, first_day: first, last_day: last })
  }
  return { ranges }
}

/** The ranges as the text area shows them. */
export const closedText = (ranges: ClosedRange[]): string =>
  ranges.map((r) => (r.first_day === r.last_day ? `${r.first_day} ${r.label}` : `${r.first_day} ${r.last_day} ${r.label}`)).join('\n')
