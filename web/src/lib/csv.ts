// CSV export (RFC 4180): fields with commas, quotes or line breaks are quoted,
// and text starting with = + - @ is prefixed with ' so spreadsheets do not run
// it as a formula.
import type { Utilization } from '../api/types'
import { WEEKDAY_NAMES } from './time'

export type Cell = string | number | boolean | null | undefined

export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  let s = String(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** Offer `text` as a file download in the browser. */
export function downloadCsv(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

const UTIL_COLUMNS = [
  'occupied_h', 'booked_h', 'booked_empty_h', 'occupied_unbooked_h', 'power_on_h', 'power_on_empty_h', 'switch_offs', 'energy_kwh',
] as const

/** One row per room plus a total row, hours rounded to 0.01; `from`..`to` are the campus days asked for. */
export function utilizationCsv(u: Utilization, from: string, to: string): string {
  const round = (v: number) => Math.round(v * 100) / 100
  const rows: Cell[][] = u.rooms.map((r) => [from, to, r.classroom_id, r.name, ...UTIL_COLUMNS.map((c) => round(r[c]))])
  rows.push([from, to, '', 'All rooms', ...UTIL_COLUMNS.map((c) => round(u.total[c]))])
  // energy_kwh is the energy saved by switching rooms off.
  const header = UTIL_COLUMNS.map((c) => (c === 'energy_kwh' ? 'energy_saved_kwh' : c))
  return toCsv(['from', 'to', 'classroom_id', 'room', ...header], rows)
}


/** The hour-by-weekday occupancy as percentages, one row per weekday. */
export function heatmapCsv(heatmap: number[][]): string {
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`)
  return toCsv(['weekday', ...hours], heatmap.map((row, i) => [WEEKDAY_NAMES[i], ...row.map((v) => Math.round(v * 1000) / 10)]))
}
