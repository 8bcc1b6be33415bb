// The analytics pictures, drawn in plain SVG and CSS: the weekly trend, the
// hours per room as bars, the weekday × hour heatmap. Each has its numbers in
// a table next to it for screen readers and for reading exact values.
import type { RoomFigures, WeekFigures } from '../api/types'
import { heatRows, hours, trendPath } from '../lib/analytics'
import { dayInZone } from '../lib/time'

const SERIES = [
  { key: 'booked_h', label: 'Booked', colour: 'var(--idle_on)' },
  { key: 'occupied_h', label: 'Occupied', colour: 'var(--booked)' },
  { key: 'power_on_h', label: 'Power on', colour: 'var(--off)' },
] as const

function Legend() {
  return (
    <p className="legend-line" aria-hidden="true">
      {SERIES.map((s) => <span key={s.key} className="legend"><span className="swatch" style={{ background: s.colour }} /> {s.label}</span>)}
    </p>
  )
}

export function Trend({ weeks, tz }: { weeks: WeekFigures[]; tz: string }) {
  const W = 600
  const H = 160
  const max = Math.max(0, ...weeks.flatMap((w) => SERIES.map((s) => w[s.key])))
  const label = `Weekly trend of booked, occupied and power-on hours over ${weeks.length} weeks; the numbers are in the table below`
  return (
    <div className="chart">
      <Legend />
      <svg className="trend" viewBox={`-40 -10 ${W + 60} ${H + 40}`} role="img" aria-label={label}>
        <line x1={0} y1={H} x2={W} y2={H} stroke="var(--border-strong)" />
        <text x={-6} y={4} textAnchor="end" className="axis">{Math.round(max)} h</text>
        <text x={-6} y={H} textAnchor="end" className="axis">0</text>
        {weeks.map((w, i) => (
          <text key={w.week_start} x={weeks.length > 1 ? (i * W) / (weeks.length - 1) : 0} y={H + 22} textAnchor="middle" className="axis">
            {dayInZone(w.week_start, tz).slice(5)}
          </text>
        ))}
        {SERIES.map((s) => (
          <path key={s.key} d={trendPath(weeks.map((w) => w[s.key]), W, H, max)} fill="none" stroke={s.colour} strokeWidth={3} />
        ))}
      </svg>
    </div>
  )
}

/** Booked, occupied and powered hours of each room as three bars on one scale. */
export function RoomBars({ rooms }: { rooms: RoomFigures[] }) {
  const max = Math.max(1, ...rooms.flatMap((r) => SERIES.map((s) => r[s.key])))
  return (
    <div className="chart">
      <Legend />
      <div className="bars">
        {rooms.map((r) => (
          <div key={r.classroom_id} role="img" aria-label={`${r.name}: ${SERIES.map((s) => `${s.label.toLowerCase()} ${hours(r[s.key])}`).join(', ')}`}>
            <span className="bar-name">{r.name}</span>
            <span className="bar-set" aria-hidden="true">
              {SERIES.map((s) => (
                <span key={s.key} className="bar" title={`${s.label}: ${hours(r[s.key])}`}
                  style={{ width: `${(r[s.key] / max) * 100}%`, background: s.colour }} />
              ))}
            </span>
          </div>
        ))}
      </div>
    </div>
  )
}

/** Colour with the number on hover; the same numbers as a table to open (and for screen readers). */
export function Heatmap({ data }: { data: number[][] }) {
  const rows = heatRows(data)
  return (
    <>
      <div className="heatmap" aria-hidden="true">
          <span />
          {Array.from({ length: 24 }, (_, h) => <span key={h} className="heat-hour">{h}</span>)}
          {rows.map((r) => [
            <span key={r.day} className="heat-day">{r.day.slice(0, 3)}</span>,
            ...r.cells.map((c) => <span key={`${r.day}${c.hour}`} className={`heat heat-${c.level}`} title={c.label} />),
          ])}
      </div>
      <p className="muted">Darker is busier: the share of each hour the rooms were occupied. Hover a square for its number.</p>
      <details className="free-list">
        <summary>Heatmap as a table</summary>
        <div className="heatmap-wrap" role="region" aria-label="Heatmap table (scrolls sideways)" tabIndex={0}>
          <table className="heat-table">
            <caption className="sr-only">Percentage of each hour the rooms were occupied, by weekday and hour</caption>
            <thead>
              <tr><th scope="col">Weekday</th>{Array.from({ length: 24 }, (_, h) => <th key={h} scope="col">{h}:00</th>)}</tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.day}><th scope="row">{r.day}</th>{r.cells.map((c) => <td key={c.hour}>{c.pct}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  )
}
