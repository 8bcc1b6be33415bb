import { describe, expect, it } from 'vitest'
import type { UtilizationRow } from '../api/types'
import { csvCell, heatmapCsv, toCsv, utilizationCsv } from './csv'

const row = (n: number): UtilizationRow => ({
  occupied_h: n, booked_h: n, booked_empty_h: 0, occupied_unbooked_h: 0, power_on_h: n + 1 / 3, power_on_empty_h: 1 / 3, switch_offs: 2, energy_kwh: 1.2345,
})

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

  it('exports utilization per room with a total row', () => {
    const csv = utilizationCsv({
      from: '2024-05-01T00:00:00+02:00', to: '2024-05-08T00:00:00+02:00',
      rooms: [{ ...row(3), classroom_id: 1, name: 'Room, 101' }],
      total: row(3), heatmap: [],
    }, '2024-05-01', '2024-05-07')
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe('from,to,classroom_id,room,occupied_h,booked_h,booked_empty_h,occupied_unbooked_h,power_on_h,power_on_empty_h,switch_offs,energy_saved_kwh')
    expect(lines[1]).toBe('2024-05-01,2024-05-07,1,"Room, 101",3,3,0,0,3.33,0.33,2,1.23')
    expect(lines[2]).toBe('2024-05-01,2024-05-07,,All rooms,3,3,0,0,3.33,0.33,2,1.23')
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
