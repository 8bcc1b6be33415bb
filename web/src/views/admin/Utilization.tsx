import { useState, type FormEvent } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { api } from '../../api/client'
import type { Utilization as Util } from '../../api/types'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { Async, Empty, Page } from '../../components/ui'
import { downloadCsv, heatmapCsv, utilizationCsv } from '../../lib/csv'
import { roomList } from '../../lib/live'
import { addDays, dayInZone, WEEKDAY_NAMES } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useNow } from '../../lib/useNow'

const h = (v: number) => `${v.toFixed(1)} h`

/** Six shades (index.css), each with a text colour of AA contrast on it. */
const heatLevel = (v: number) => (v <= 0 ? 0 : Math.min(5, 1 + Math.floor(Math.min(1, v) * 4.999)))

function Heatmap({ data }: { data: number[][] }) {
  return (
    <div className="heatmap-wrap" role="region" aria-label="Occupancy heatmap (scrolls sideways)" tabIndex={0}>
      <table className="heatmap" aria-label="Share of time rooms were occupied, by weekday and hour">
        <thead>
          <tr>
            <th scope="col"><span className="sr-only">Weekday</span></th>
            {Array.from({ length: 24 }, (_, i) => <th key={i} scope="col">{i}</th>)}
          </tr>
        </thead>
        <tbody>
          {data.map((row, d) => (
            <tr key={d}>
              <th scope="row">{WEEKDAY_NAMES[d].slice(0, 3)}</th>
              {row.map((v, hour) => {
                const pct = Math.round(v * 100)
                return (
                  <td key={hour} className={`heat-${heatLevel(v)}`}
                    title={`${WEEKDAY_NAMES[d]} ${hour}:00–${hour + 1}:00: ${pct}% occupied`}>
                    <span className="sr-only">{WEEKDAY_NAMES[d]} {hour}:00 </span>{pct}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Numbers are the percentage of the hour the rooms were occupied.</p>
    </div>
  )
}

function Report({ u, from, to }: { u: Util; from: string; to: string }) {
  const chart = u.rooms.map((r) => ({ name: r.name, Occupied: +r.occupied_h.toFixed(2), Booked: +r.booked_h.toFixed(2), 'Power on': +r.power_on_h.toFixed(2) }))
  const t = u.total
  return (
    <>
      <ul className="tiles" aria-label="Totals">
        <li className="tile"><span className="num">{h(t.occupied_h)}</span> occupied</li>
        <li className="tile"><span className="num">{h(t.booked_h)}</span> booked</li>
        <li className="tile"><span className="num">{h(t.booked_empty_h)}</span> booked but empty</li>
        <li className="tile"><span className="num">{h(t.power_on_empty_h)}</span> power on, empty</li>
        <li className="tile"><span className="num">{t.switch_offs}</span> switch-offs</li>
        <li className="tile"><span className="num">{t.energy_kwh.toFixed(1)} kWh</span> saved by switching off</li>
      </ul>
      <div className="actions">
        <button type="button" onClick={() => downloadCsv(`utilization_${from}_${to}.csv`, utilizationCsv(u, from, to))}>Export rooms CSV</button>
        <button type="button" onClick={() => downloadCsv(`occupancy_heatmap_${from}_${to}.csv`, heatmapCsv(u.heatmap))}>Export heatmap CSV</button>
      </div>
      <h2>Hours per room</h2>
      {u.rooms.length === 0 ? <Empty title="No rooms in this period">Choose a longer period, or add classrooms first.</Empty> : (
        <div className="chart" role="img" aria-label="Bar chart of occupied, booked and power-on hours per room; the same numbers are in the table below">
          <ResponsiveContainer width="100%" height={Math.max(260, 40 * u.rooms.length)}>
            <BarChart data={chart} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis type="number" unit=" h" tick={{ fill: 'var(--muted)' }} stroke="var(--border-strong)" />
              <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 12, fill: 'var(--muted)' }} stroke="var(--border-strong)" />
              <Tooltip formatter={(v) => `${v} h`} contentStyle={{ background: 'var(--surface)', color: 'var(--fg)', border: '1px solid var(--border)' }} />
              <Legend />
              <Bar dataKey="Occupied" fill="var(--booked)" isAnimationActive={false} />
              <Bar dataKey="Booked" fill="var(--idle_on)" isAnimationActive={false} />
              <Bar dataKey="Power on" fill="var(--off)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <table className="table">
        <caption className="sr-only">Hours per room</caption>
        <thead>
          <tr><th scope="col">Room</th><th scope="col">Occupied</th><th scope="col">Booked</th><th scope="col">Booked, empty</th><th scope="col">Occupied, unbooked</th><th scope="col">Power on</th><th scope="col">Power on, empty</th><th scope="col">Switch-offs</th><th scope="col">Energy saved</th></tr>
        </thead>
        <tbody>
          {u.rooms.map((r) => (
            <tr key={r.classroom_id}>
              <th scope="row">{r.name}</th><td data-label="Occupied">{h(r.occupied_h)}</td><td data-label="Booked">{h(r.booked_h)}</td>
              <td data-label="Booked, empty">{h(r.booked_empty_h)}</td><td data-label="Occupied, unbooked">{h(r.occupied_unbooked_h)}</td>
              <td data-label="Power on">{h(r.power_on_h)}</td><td data-label="Power on, empty">{h(r.power_on_empty_h)}</td>
              <td data-label="Switch-offs">{r.switch_offs}</td><td data-label="Energy saved">{r.energy_kwh.toFixed(1)} kWh</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Occupancy by weekday and hour</h2>
      <Heatmap data={u.heatmap} />
    </>
  )
}

export default function Utilization() {
  const { tz } = useSession()
  const live = useLive()
  const today = dayInZone(useNow(3_600_000), tz)
  const [draft, setDraft] = useState({ from: addDays(today, -6), to: today, room: '' })
  const [query, setQuery] = useState(draft)
  const [formError, setFormError] = useState<string | null>(null)
  const report = useAsync(() => api.admin.utilization({ from: query.from, to: query.to, classroom_id: query.room || undefined }), [query])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!draft.from || !draft.to) return setFormError('Choose both a start and an end date.')
    if (draft.to < draft.from) return setFormError('The end date must not be before the start date.')
    setFormError(null)
    setQuery(draft)
  }

  return (
    <Page title="Utilization">
      <form className="filters" onSubmit={submit} noValidate aria-label="Period">
        <label>From <input type="date" value={draft.from} max={today} onChange={(e) => setDraft({ ...draft, from: e.target.value })} aria-invalid={!!formError || undefined} aria-describedby={formError ? 'period-err' : undefined} /></label>
        <label>To <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} aria-invalid={!!formError || undefined} aria-describedby={formError ? 'period-err' : undefined} /></label>
        <label>Room
          <select value={draft.room} onChange={(e) => setDraft({ ...draft, room: e.target.value })}>
            <option value="">All rooms</option>
            {roomList(live.state).map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </select>
        </label>
        <button type="submit" className="primary">Show</button>
      </form>
      {formError && <div className="error-box" role="alert" id="period-err">{formError}</div>}
      <Async state={report}>{(u) => <Report u={u} from={query.from} to={query.to} />}</Async>
    </Page>
  )
}
