// CSV export (RFC 4180): fields with commas, quotes or line breaks are quoted,
// and text starting with = + - @ is prefixed with ' so spreadsheets do not run
// it as a formula.
import type { Figures, Method, Utilization } from '../api/types'
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

const FIGURES = [
  'occupied_h', 'booked_h', 'booked_empty_h', 'occupied_unbooked_h', 'power_on_h', 'power_on_empty_h', 'observed_h', 'switch_offs',
  'open_h', 'used_open_h', 'frequency', 'bookings_watched', 'ghost_bookings', 'ghost_share', 'prime_time_use', 'seat_hours',
] as const
const ENERGY = ['saved_kwh', 'baseline_on_h', 'actual_on_h', 'excluded_h', 'load_w', 'load_source', 'cost', 'currency', 'co2e_kg'] as const

const round = (v: number) => Math.round(v * 1000) / 1000
const figures = (f: Figures): Cell[] => [
  ...FIGURES.map((c) => round(f[c])),
  ...ENERGY.map((c) => (typeof f.energy[c] === 'number' ? round(f.energy[c] as number) : f.energy[c])),
]
const HEADER = [...FIGURES, ...ENERGY.map((c) => `energy_${c}`)]

/** The method as the file's first row, so a figure never travels without how it was made. */
const methodRow = (m: Method): Cell[] =>
  ['method', `energy: ${m.energy}`, m.frequency, m.ghost_bookings, `prime time: ${m.prime_time}`]

const withMethod = (m: Method, header: string[], rows: Cell[][]) => toCsv(methodRow(m) as string[], [header, ...rows])

/** One row per room plus a total row; `from`..`to` are the campus days asked for. */
export function roomsCsv(u: Utilization, from: string, to: string): string {
  const rows: Cell[][] = u.rooms.map((r) => [from, to, r.classroom_id, r.name, r.building_id, r.capacity, ...figures(r)])
  rows.push([from, to, '', 'All rooms', '', '', ...figures(u.total)])
  return withMethod(u.method, ['from', 'to', 'classroom_id', 'room', 'building_id', 'capacity', ...HEADER], rows)
}

export function buildingsCsv(u: Utilization, from: string, to: string): string {
  const rows: Cell[][] = u.buildings.map((b) => [from, to, b.building_id, b.name, b.opening_hours, ...figures(b)])
  return withMethod(u.method, ['from', 'to', 'building_id', 'building', 'opening_hours', ...HEADER], rows)
}

/** One row per week (its Monday, campus time). */
export function weeksCsv(u: Utilization): string {
  return withMethod(u.method, ['week_start', ...HEADER], u.weeks.map((w) => [w.week_start, ...figures(w)]))
}

/** The hour-by-weekday occupancy as percentages, one row per weekday. */
export function heatmapCsv(heatmap: number[][]): string {
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`)
  return toCsv(['weekday', ...hours], heatmap.map((row, i) => [WEEKDAY_NAMES[i], ...row.map((v) => Math.round(v * 1000) / 10)]))
}
