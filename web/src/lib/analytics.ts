// Pure helpers of the analytics screens: number formats, the heatmap's colour
// steps and its table, the weekly trend line's SVG path.
import type { EnergySaved } from '../api/types'
import { WEEKDAY_NAMES } from './time'

export const hours = (v: number) => `${v.toFixed(1)} h`
export const percent = (v: number) => `${Math.round(v * 100)} %`

const LOAD_TEXT = { measured: 'measured load', rated: 'rated load', mixed: 'measured and rated loads', none: 'no load known' } as const

/** kWh first, then cost and CO₂e, then which load the figure rests on. */
export function energyText(e: EnergySaved): string {
  const load = e.load_source === 'none' ? LOAD_TEXT.none : `${LOAD_TEXT[e.load_source]}, ${(e.load_w / 1000).toFixed(2)} kW`
  return `${e.saved_kwh.toFixed(1)} kWh · ${e.cost.toFixed(2)} ${e.currency} · ${e.co2e_kg.toFixed(1)} kg CO₂e (${load})`
}

/** Six colour steps (heat-0..heat-5 in index.css): 0 only for no presence at all. */
export const heatLevel = (v: number) => (v <= 0 ? 0 : Math.min(5, 1 + Math.floor(Math.min(1, v) * 4.999)))

export interface HeatCell {
  hour: number
  pct: number
  level: number
  label: string // "Monday 09:00–10:00: 75 % occupied"
}

/** The 7 × 24 fractions as rows of labelled cells, Monday first. */
export function heatRows(heatmap: number[][]): { day: string; cells: HeatCell[] }[] {
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`
  return heatmap.map((row, d) => ({
    day: WEEKDAY_NAMES[d],
    cells: row.map((v, hour) => {
      const pct = Math.round(v * 100)
      return { hour, pct, level: heatLevel(v), label: `${WEEKDAY_NAMES[d]} ${hh(hour)}–${hh(hour + 1)}: ${pct} % occupied` }
    }),
  }))
}

/** An SVG path through `values`, spread over `width`, 0 at the bottom and `max` at the top. */
export function trendPath(values: number[], width: number, height: number, max = Math.max(0, ...values)): string {
  if (values.length === 0) return ''
  const step = values.length > 1 ? width / (values.length - 1) : 0
  const y = (v: number) => (max > 0 ? height - (v / max) * height : height)
  return values.map((v, i) => `${i ? 'L' : 'M'}${+(i * step).toFixed(1)},${+y(v).toFixed(1)}`).join(' ')
}
