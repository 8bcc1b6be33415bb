import { describe, expect, it } from 'vitest'
import type { Figures, Utilization } from '../api/types'
import { buildingsCsv, csvCell, heatmapCsv, roomsCsv, toCsv, weeksCsv } from './csv'

const fig: Figures = {
  occupied_h: 3, booked_h: 3, booked_empty_h: 0, occupied_unbooked_h: 0, power_on_h: 10 / 3, power_on_empty_h: 1 / 3, observed_h: 5, switch_offs: 2,
  energy_kwh: 1.2345,
  energy: { saved_kwh: 1.2345, baseline_on_h: 4, actual_on_h: 10 / 3, excluded_h: 0, load_w: 1500, load_source: 'rated', cost: 0.37, currency: 'EUR', co2e_kg: 0.49 },
  open_h: 12, used_open_h: 3, frequency: 0.25, bookings_watched: 4, ghost_bookings: 1, ghost_share: 0.25, prime_time_use: 0.3, seat_hours: 120,
}
const util: Utilization = {
  from: '2024-05-01T00:00:00+02:00', to: '2024-05-08T00:00:00+02:00',
  method: { energy: 'baseline: opening hours', frequency: 'frequency: open hours, 15 min', ghost_bookings: 'ghost: no presence', prime_time: 'Mo-Fr 09:00-17:00' },
  rooms: [{ ...fig, classroom_id: 1, name: 'Room, 101', building_id: 2, capacity: 40 }],
  buildings: [{ ...fig, building_id: 2, name: 'Main', opening_hours: 'Mo-Fr 08:00-20:00' }],
  weeks: [{ ...fig, week_start: '2024-04-29T00:00:00+02:00' }],
  right_sizing: [], total: fig, heatmap: [],
}
const HEADER = 'occupied_h,booked_h,booked_empty_h,occupied_unbooked_h,power_on_h,power_on_empty_h,observed_h,switch_offs,open_h,used_open_h,' +
  'frequency,bookings_watched,ghost_bookings,ghost_share,prime_time_use,seat_hours,energy_saved_kwh,energy_baseline_on_h,energy_actual_on_h,' +
  'energy_excluded_h,energy_load_w,energy_load_source,energy_cost,energy_currency,energy_co2e_kg'
const VALUES = '3,3,0,0,3.333,0.333,5,2,12,3,0.25,4,1,0.25,0.3,120,1.235,4,3.333,0,1500,rated,0.37,EUR,0.49'

describe('CSV export', () => {
  it('quotes only what needs quoting', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(3.5)).toBe('3.5')
    expect(csvCell(-2)).toBe('-2')
    expect(csvCell(Number.NaN)).toBe('')
  })

  it('defuses spreadsheet formulas in text', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)")
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('@x,y')).toBe('"\'@x,y"')
  })

  it('joins rows with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x'], [2, null]])).toBe('a,b\r\n1,x\r\n2,\r\n')
  })

  it('exports rooms, buildings and weeks with the method as the first row', () => {
    const lines = (csv: string) => csv.trimEnd().split('\r\n')
    const rooms = lines(roomsCsv(util, '2024-05-01', '2024-05-07'))
    expect(rooms[0]).toBe('method,energy: baseline: opening hours,"frequency: open hours, 15 min",ghost: no presence,prime time: Mo-Fr 09:00-17:00')
    expect(rooms[1]).toBe(`from,to,classroom_id,room,building_id,capacity,${HEADER}`)
    expect(rooms[2]).toBe(`2024-05-01,2024-05-07,1,"Room, 101",2,40,${VALUES}`)
    expect(rooms[3]).toBe(`2024-05-01,2024-05-07,,All rooms,,,${VALUES}`)
    expect(rooms).toHaveLength(4)

    const buildings = lines(buildingsCsv(util, '2024-05-01', '2024-05-07'))
    expect(buildings[0]).toBe(rooms[0])
    expect(buildings[1]).toBe(`from,to,building_id,building,opening_hours,${HEADER}`)
    expect(buildings[2]).toBe(`2024-05-01,2024-05-07,2,Main,Mo-Fr 08:00-20:00,${VALUES}`)

    const weeks = lines(weeksCsv(util))
    expect(weeks[0]).toBe(rooms[0])
    expect(weeks[1]).toBe(`week_start,${HEADER}`)
    expect(weeks[2]).toBe(`2024-04-29T00:00:00+02:00,${VALUES}`)
  })

  it('exports the heatmap as percentages', () => {
    const heat = Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d === 0 && h === 9 ? 0.756 : 0)))
    const lines = heatmapCsv(heat).trimEnd().split('\r\n')
    expect(lines).toHaveLength(8)
    expect(lines[0].startsWith('weekday,00:00,01:00')).toBe(true)
    expect(lines[1].split(',')[10]).toBe('75.6')
    expect(lines[7].startsWith('Sunday,0')).toBe(true)
  })
})
