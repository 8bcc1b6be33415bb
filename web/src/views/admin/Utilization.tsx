import { useState, type FormEvent, type ReactNode } from 'react'
import { api } from '../../api/client'
import type { Figures, Method, Utilization as Util } from '../../api/types'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { Heatmap, RoomBars, Trend } from '../../components/AnalyticsCharts'
import { Async, Empty, Page } from '../../components/ui'
import { energyText, hours, percent } from '../../lib/analytics'
import { buildingsCsv, downloadCsv, heatmapCsv, roomsCsv, weeksCsv } from '../../lib/csv'
import { roomList } from '../../lib/live'
import { addDays, dayInZone } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useNow } from '../../lib/useNow'

const SIZING_KIND = {
  room_rarely_used: 'Rarely used room',
  room_ghost_bookings: 'Bookings nobody comes to',
  building_close_earlier: 'Building could close earlier',
} as const

/** The registrar's figures and energy saved, as table cells (one row per room or building). */
function FigureCells({ f }: { f: Figures }) {
  return (
    <>
      <td data-label="Frequency">{percent(f.frequency)}</td>
      <td data-label="Booked / occupied">{hours(f.booked_h)} / {hours(f.occupied_h)}</td>
      <td data-label="Ghost bookings">{f.ghost_bookings} of {f.bookings_watched} ({percent(f.ghost_share)})</td>
      <td data-label="Unbooked use">{hours(f.occupied_unbooked_h)}</td>
      <td data-label="Prime-time use">{percent(f.prime_time_use)}</td>
      <td data-label="Seat-hours">{f.seat_hours}</td>
      <td data-label="Energy saved">{energyText(f.energy)}</td>
    </>
  )
}

function FigureTable({ caption, first, rows, method }: { caption: string; first: string; rows: ReactNode; method: Method }) {
  return (
    <>
      <table className="table figures">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th><th scope="col">Frequency</th><th scope="col">Booked / occupied</th><th scope="col">Ghost bookings</th>
            <th scope="col">Unbooked use</th><th scope="col">Prime-time use</th><th scope="col">Seat-hours</th><th scope="col">Energy saved</th>
          </tr>
        </thead>
        <tbody>{rows}</tbody>
      </table>
      <MethodNote method={method} />
    </>
  )
}

function MethodNote({ method, energyOnly = false }: { method: Method; energyOnly?: boolean }) {
  return (
    <ul className="method">
      <li>Energy saved — {method.energy}.</li>
      {!energyOnly && <>
        <li>{method.frequency}.</li>
        <li>{method.ghost_bookings}.</li>
        <li>prime time: {method.prime_time}.</li>
      </>}
    </ul>
  )
}

function Report({ u, from, to, tz }: { u: Util; from: string; to: string; tz: string }) {
  const t = u.total
  const exports: [string, () => string][] = [
    ['rooms', () => roomsCsv(u, from, to)],
    ['buildings', () => buildingsCsv(u, from, to)],
    ['weeks', () => weeksCsv(u)],
    ['heatmap', () => heatmapCsv(u.heatmap)],
  ]
  return (
    <>
      <p className="print-only">Report for {from} to {to}.</p>
      <div className="actions no-print">
        <button type="button" onClick={() => window.print()}>Print report</button>
        {exports.map(([what, make]) => (
          <button key={what} type="button" onClick={() => downloadCsv(`${what}_${from}_${to}.csv`, make())}>Export {what} CSV</button>
        ))}
      </div>
      <h2>Energy saved</h2>
      <ul className="tiles" aria-label="Energy saved">
        <li className="tile state-occupied"><span className="num">{t.energy.saved_kwh.toFixed(1)} kWh</span> saved against the baseline</li>
        <li className="tile"><span className="num">{t.energy.cost.toFixed(2)} {t.energy.currency}</span> cost saved</li>
        <li className="tile"><span className="num">{t.energy.co2e_kg.toFixed(1)} kg</span> CO₂e avoided</li>
        <li className="tile"><span className="num">{hours(t.energy.baseline_on_h)}</span> baseline on, {hours(t.energy.actual_on_h)} actual, {hours(t.energy.excluded_h)} left out</li>
      </ul>
      <p className="muted-strong" data-testid="total-energy">All rooms: {energyText(t.energy)}</p>
      <MethodNote method={u.method} energyOnly />

      <h2>Use of the rooms</h2>
      <ul className="tiles" aria-label="Use of the rooms">
        <li className="tile"><span className="num">{percent(t.frequency)}</span> frequency ({hours(t.used_open_h)} of {hours(t.open_h)} open)</li>
        <li className="tile"><span className="num">{hours(t.booked_h)}</span> booked, {hours(t.occupied_h)} occupied</li>
        <li className="tile"><span className="num">{t.ghost_bookings}</span> ghost bookings ({percent(t.ghost_share)} of {t.bookings_watched})</li>
        <li className="tile"><span className="num">{hours(t.occupied_unbooked_h)}</span> used without a booking</li>
        <li className="tile"><span className="num">{percent(t.prime_time_use)}</span> prime-time use</li>
        <li className="tile"><span className="num">{t.seat_hours}</span> seat-hours</li>
      </ul>

      <h2>Weekly trend</h2>
      {u.weeks.length === 0 ? <Empty title="No weeks in this period" /> : <>
        <Trend weeks={u.weeks} tz={tz} />
        <table className="table">
          <caption className="sr-only">Hours and energy per week</caption>
          <thead><tr><th scope="col">Week of</th><th scope="col">Booked</th><th scope="col">Occupied</th><th scope="col">Power on</th><th scope="col">Energy saved</th></tr></thead>
          <tbody>
            {u.weeks.map((w) => (
              <tr key={w.week_start}>
                <th scope="row">{dayInZone(w.week_start, tz)}</th><td data-label="Booked">{hours(w.booked_h)}</td><td data-label="Occupied">{hours(w.occupied_h)}</td>
                <td data-label="Power on">{hours(w.power_on_h)}</td><td data-label="Energy saved">{energyText(w.energy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>}

      <h2>Buildings</h2>
      {u.buildings.length === 0 ? <Empty title="No buildings">Add buildings under Buildings and put rooms in them.</Empty> : (
        <FigureTable caption="Figures per building" first="Building" method={u.method} rows={u.buildings.map((b) => (
          <tr key={b.building_id}><th scope="row">{b.name}<span className="muted"> {b.opening_hours}</span></th><FigureCells f={b} /></tr>
        ))} />
      )}

      <h2>Rooms</h2>
      {u.rooms.length === 0 ? <Empty title="No rooms in this period">Choose a longer period, or add classrooms first.</Empty> : <>
        <RoomBars rooms={u.rooms} />
        <FigureTable caption="Figures per room" first="Room" method={u.method} rows={u.rooms.map((r) => (
          <tr key={r.classroom_id}><th scope="row">{r.name}</th><FigureCells f={r} /></tr>
        ))} />
      </>}

      <h2>Occupancy by weekday and hour</h2>
      <Heatmap data={u.heatmap} />

      <h2>Right-sizing</h2>
      {u.right_sizing.length === 0 ? <Empty title="Nothing to right-size in this period" /> : (
        <table className="table">
          <caption className="sr-only">Rooms and buildings to right-size, with the hours and energy at stake</caption>
          <thead><tr><th scope="col">Room or building</th><th scope="col">Why</th><th scope="col">Hours at stake</th><th scope="col">kWh at stake</th></tr></thead>
          <tbody>
            {u.right_sizing.map((s) => (
              <tr key={`${s.kind}-${s.id}`}>
                <th scope="row">{s.name}</th><td data-label="Why">{SIZING_KIND[s.kind] ?? s.kind}: {s.detail}</td>
                <td data-label="Hours at stake">{hours(s.hours)}</td><td data-label="kWh at stake">{s.kwh.toFixed(1)} kWh</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
      <form className="filters no-print" onSubmit={submit} noValidate aria-label="Period">
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
      <Async state={report}>{(u) => <Report u={u} from={query.from} to={query.to} tz={tz} />}</Async>
    </Page>
  )
}
