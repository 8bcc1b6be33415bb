import { describe, expect, it } from 'vitest'
import { energyText, heatLevel, heatRows, trendPath } from './analytics'

describe('analytics helpers', () => {
  it('steps the heatmap colour: 0 only for no presence, 5 for full hours', () => {
    expect([0, 0.001, 0.2, 0.5, 0.79, 0.99, 1, 1.5].map(heatLevel)).toEqual([0, 1, 1, 3, 4, 5, 5, 5])
  })

  it('turns the heatmap into labelled table rows, Monday first', () => {
    const heat = Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d === 0 && h === 9 ? 0.756 : 0)))
    const rows = heatRows(heat)
    expect(rows.map((r) => r.day)).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])
    expect(rows[0].cells[9]).toEqual({ hour: 9, pct: 76, level: 4, label: 'Monday 09:00–10:00: 76 % occupied' })
    expect(rows[6].cells[23].label).toBe('Sunday 23:00–24:00: 0 % occupied')
  })

  it('draws the trend from the left edge to the right, the largest value at the top', () => {
    expect(trendPath([0, 5, 10], 100, 50)).toBe('M0,50 L50,25 L100,0')
    expect(trendPath([2, 2], 10, 10, 4)).toBe('M0,5 L10,5')
    expect(trendPath([0, 0], 10, 10)).toBe('M0,10 L10,10') // all zero: a flat line at the bottom, no NaN
    expect(trendPath([3], 10, 10)).toBe('M0,0')
    expect(trendPath([], 10, 10)).toBe('')
  })

  it('says kWh first, then cost and CO₂e, then the load', () => {
    const e = { saved_kwh: 13.4, baseline_on_h: 11, actual_on_h: 2.07, excluded_h: 0, load_w: 1500, load_source: 'rated' as const, cost: 4.02, currency: 'EUR', co2e_kg: 5.36 }
    expect(energyText(e)).toBe('13.4 kWh · 4.02 EUR · 5.4 kg CO₂e (rated load, 1.50 kW)')
    expect(energyText({ ...e, load_source: 'measured', load_w: 1234 })).toContain('(measured load, 1.23 kW)')
    expect(energyText({ ...e, load_source: 'none', saved_kwh: 0 })).toMatch(/^0\.0 kWh .*\(no load known\)$/)
  })
})
