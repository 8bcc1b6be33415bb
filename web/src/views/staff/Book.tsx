import { useMemo, useState, type FormEvent, type KeyboardEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, ApiError } from '../../api/client'
import type { Interval, SeriesAnswer } from '../../api/types'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { Checkbox, ErrorBox, Input, Loading, Notice, Page, TextArea } from '../../components/ui'
import { sentence, submitErrors } from '../../lib/forms'
import { useNow } from '../../lib/useNow'
import { WEEKDAY_NAMES } from '../../lib/csv'
import { dayCells, defaultSlot, findConflicts, slotProblem, toSpan, type BusySpan, type Cell } from '../../lib/grid'
import { roomList } from '../../lib/live'
import { addDays, clockInZone, dayInZone, formatDay, formatRange, mondayOf, zonedToUtc } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'

const SERVER_FIELD: Record<string, string> = { start_time: 'start', end_time: 'end', classroom_id: 'room' }

function addMinutes(hhmm: string, min: number): string {
  const [h, m] = hhmm.split(':').map(Number)
  const t = Math.min(24 * 60 - 1, h * 60 + m + min)
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`
}

function Grid({ days, busy, now, tz, selected, onPick }: {
  days: string[]; busy: BusySpan[][]; now: number; tz: string
  selected: { date: string; start: number; end: number } | null
  onPick: (c: Cell) => void
}) {
  const columns = days.map((d, i) => dayCells(d, tz, busy[i] ?? [], now))
  const rows = columns[0]?.length ?? 0
  // One cell is in the tab order; the arrow keys move between cells (roving tabindex).
  const [focus, setFocus] = useState<[number, number]>([0, 0])
  const [fr, fc] = [Math.min(focus[0], rows - 1), Math.min(focus[1], columns.length - 1)]
  const onKey = (e: KeyboardEvent<HTMLTableElement>) => {
    const step: Record<string, [number, number]> = {
      ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], PageUp: [-4, 0], PageDown: [4, 0],
    }
    const d = step[e.key]
    if (!d) return
    e.preventDefault()
    const r = Math.max(0, Math.min(rows - 1, fr + d[0]))
    const c = Math.max(0, Math.min(columns.length - 1, fc + d[1]))
    setFocus([r, c])
    e.currentTarget.querySelector<HTMLElement>(`[data-cell="${r}-${c}"]`)?.focus()
  }
  return (
    <div className="grid-wrap">
      <table className="slot-grid" onKeyDown={onKey}
        aria-label="Busy and free times. Arrow keys move between slots; Enter picks a free one and fills in the form.">
        <thead>
          <tr><th scope="col"><span className="sr-only">Time</span></th>{days.map((d) => <th key={d} scope="col">{formatDay(d)}</th>)}</tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) => (
            <tr key={i}>
              <th scope="row">{columns[0][i].label}</th>
              {columns.map((col, j) => {
                const c = col[i]
                const sel = selected && c.date === selected.date && c.start < selected.end && selected.start < c.end
                const state = c.busy ? 'busy' : c.past ? 'past' : 'free'
                return (
                  <td key={j} className={`slot slot-${state}${sel ? ' slot-selected' : ''}`}>
                    <button type="button" data-cell={`${i}-${j}`} tabIndex={i === fr && j === fc ? 0 : -1}
                      aria-disabled={c.busy || c.past || undefined}
                      onClick={() => {
                        setFocus([i, j])
                        if (!c.busy && !c.past) onPick(c)
                      }}
                      aria-label={`${formatDay(c.date)} ${c.label}: ${state}${sel ? ', selected' : ''}`}>
                      {c.busy ? 'busy' : ''}
                    </button>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export default function Book() {
  const { tz } = useSession()
  const live = useLive()
  const [params, setParams] = useSearchParams()
  const rooms = roomList(live.state).filter((r) => r.is_active !== false)
  const roomId = Number(params.get('room') ?? rooms[0]?.id ?? 0) || 0
  const now = useNow(60_000)
  const today = dayInZone(now, tz)
  const [view, setView] = useState<'day' | 'week'>(() => (window.innerWidth < 700 ? 'day' : 'week'))
  const [mode, setMode] = useState<'single' | 'series'>('single')
  const [f, setF] = useState(() => ({ ...defaultSlot(now, tz), title: '', description: '' }))
  const [anchor, setAnchor] = useState(f.date)
  const [series, setSeries] = useState({ weekdays: [] as number[], start_date: today, end_date: addDays(today, 90), skip_conflicts: true })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [seriesResult, setSeriesResult] = useState<SeriesAnswer | null>(null)
  const [busySubmit, setBusySubmit] = useState(false)
  const edit = (patch: Partial<typeof f>) => {
    setF({ ...f, ...patch })
    setDone(null)
  }

  const days = useMemo(() => {
    if (view === 'day') return [anchor]
    const mon = mondayOf(anchor)
    return Array.from({ length: 7 }, (_, i) => addDays(mon, i))
  }, [view, anchor])

  const grid = useAsync(async () => {
    if (!roomId) return [] as BusySpan[][]
    const all = await Promise.all(days.map((d) => api.staff.availability(roomId, d)))
    return all.map((a) => a.busy.map(toSpan))
  }, [roomId, days, live.state.bookingRev])

  // Busy times on the form's day (may lie outside the grid's week).
  const formDay = useAsync(async () => {
    if (!roomId || !f.date) return [] as BusySpan[]
    const a = await api.staff.availability(roomId, f.date)
    return a.busy.map(toSpan)
  }, [roomId, f.date, live.state.bookingRev])

  const slot = f.date && f.start && f.end ? { start: zonedToUtc(f.date, f.start, tz), end: zonedToUtc(f.date, f.end, tz) } : null
  const problem = slotProblem(slot, now)
  const conflicts = slot && !problem ? findConflicts(slot, formDay.data ?? []) : []

  const setRoom = (id: string) => {
    const next = new URLSearchParams(params)
    next.set('room', id)
    setParams(next, { replace: true })
  }
  const pick = (c: Cell) => {
    // An hour, or up to the next busy time if that comes sooner.
    const busy = grid.data?.[days.indexOf(c.date)] ?? []
    const next = Math.min(c.start + 60 * 60_000, ...busy.filter((b) => b.start >= c.end).map((b) => b.start))
    const end = clockInZone(next, tz)
    setF({ ...f, date: c.date, start: c.label, end: end > c.label ? end : addMinutes(c.label, 30) })
    setMode('single')
    setDone(null)
    document.getElementById('book-title')?.focus()
  }

  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.status === 409) {
      const c = err.body.conflict as Interval | undefined
      setError(`${sentence(err.message)}${c ? ` It collides with ${formatRange(c.start_time, c.end_time, tz)}.` : ''} Choose another time.`)
      setErrors({ start: 'This time is already booked.' })
      formDay.reload()
      grid.reload()
      return
    }
    const r = submitErrors(err)
    setErrors(Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [SERVER_FIELD[k] ?? k, v])))
    setError(r.general)
  }

  const submitSingle = async () => {
    const errs: Record<string, string> = {}
    if (!roomId) errs.room = 'Choose a room.'
    if (!f.title.trim()) errs.title = 'Enter a title, e.g. the course name.'
    if (!f.date) errs.date = 'Choose a day.'
    if (problem) errs.end = problem
    else if (conflicts.length) errs.start = `Already booked ${conflicts.map((c) => `${clockInZone(c.start, tz)}–${clockInZone(c.end, tz)}`).join(', ')}.`
    setErrors(errs)
    if (Object.keys(errs).length) return
    setBusySubmit(true)
    try {
      const b = await api.staff.book({ classroom_id: roomId, start_time: `${f.date}T${f.start}`, end_time: `${f.date}T${f.end}`, title: f.title.trim(), description: f.description.trim() })
      setDone(`Booked ${b.classroom_name || 'the room'}: ${formatRange(b.start_time, b.end_time, tz)}.`)
      setF({ ...f, title: '', description: '' })
      grid.reload()
      formDay.reload()
    } catch (err) {
      fail(err)
    } finally {
      setBusySubmit(false)
    }
  }

  const submitSeries = async () => {
    const errs: Record<string, string> = {}
    if (!roomId) errs.room = 'Choose a room.'
    if (!f.title.trim()) errs.title = 'Enter a title, e.g. the course name.'
    if (series.weekdays.length === 0) errs.weekdays = 'Choose at least one weekday.'
    if (!series.start_date) errs.start_date = 'Choose the first day of the term.'
    if (!series.end_date || series.end_date < series.start_date) errs.end_date = 'The last day must be on or after the first day.'
    if (!f.start || !f.end || f.end <= f.start) errs.end = 'The end time must be after the start time.'
    setErrors(errs)
    if (Object.keys(errs).length) return
    setBusySubmit(true)
    try {
      const a = await api.staff.bookSeries({
        classroom_id: roomId, title: f.title.trim(), description: f.description.trim(), weekdays: [...series.weekdays].sort(),
        start_date: series.start_date, end_date: series.end_date, start_time: f.start, end_time: f.end, skip_conflicts: series.skip_conflicts,
      })
      setSeriesResult(a)
      setDone(`Booked ${a.created.length} sessions${a.conflicts.length ? `; ${a.conflicts.length} skipped because the room was taken` : ''}.`)
      grid.reload()
    } catch (err) {
      fail(err)
    } finally {
      setBusySubmit(false)
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    setDone(null)
    setSeriesResult(null)
    void (mode === 'single' ? submitSingle() : submitSeries())
  }

  const shift = (n: number) => setAnchor(addDays(anchor, view === 'day' ? n : 7 * n))
  const toggleDay = (d: number) =>
    setSeries({ ...series, weekdays: series.weekdays.includes(d) ? series.weekdays.filter((x) => x !== d) : [...series.weekdays, d] })

  return (
    <Page title="Book a room">
      <ErrorBox error={live.error} onRetry={live.reload} />
      {!live.state.loaded && !live.error ? <Loading /> : rooms.length === 0 ? <p>There are no rooms to book yet.</p> : (
        <div className="book-layout">
          <div>
            <div className="toolbar">
              <label htmlFor="book-room">Room</label>
              <select id="book-room" value={roomId} onChange={(e) => setRoom(e.target.value)}>
                {rooms.map((r) => <option key={r.id} value={r.id}>{r.name} ({r.capacity} seats)</option>)}
              </select>
              <div className="segmented" role="group" aria-label="Grid shows">
                <button type="button" aria-pressed={view === 'day'} onClick={() => setView('day')}>Day</button>
                <button type="button" aria-pressed={view === 'week'} onClick={() => setView('week')}>Week</button>
              </div>
              <button type="button" onClick={() => shift(-1)} aria-label={view === 'day' ? 'Previous day' : 'Previous week'}>‹</button>
              <button type="button" onClick={() => setAnchor(today)}>Today</button>
              <button type="button" onClick={() => shift(1)} aria-label={view === 'day' ? 'Next day' : 'Next week'}>›</button>
              <label className="sr-only" htmlFor="grid-date">Go to date</label>
              <input id="grid-date" type="date" value={anchor} onChange={(e) => e.target.value && setAnchor(e.target.value)} />
            </div>
            {grid.error ? <ErrorBox error={grid.error} onRetry={grid.reload} /> : null}
            {grid.data === undefined && !grid.error ? <Loading label="Loading busy times…" /> : (
              <Grid days={days} busy={grid.data ?? []} now={now} tz={tz}
                selected={mode === 'single' && slot && !problem ? { date: f.date, ...slot } : null} onPick={pick} />
            )}
            <p className="muted">Times in {tz}. <span className="legend slot-free">free</span> <span className="legend slot-busy">busy</span> <span className="legend slot-selected">your choice</span> <span className="legend slot-clash">clash</span></p>
          </div>

          <form className="card form" onSubmit={submit} noValidate aria-label="Booking details">
            <div className="segmented" role="group" aria-label="Kind of booking">
              <button type="button" aria-pressed={mode === 'single'} onClick={() => setMode('single')}>Single slot</button>
              <button type="button" aria-pressed={mode === 'series'} onClick={() => setMode('series')}>Weekly series</button>
            </div>
            <p>Room: <strong>{rooms.find((r) => r.id === roomId)?.name ?? 'none chosen'}</strong></p>
            {done && <Notice>{done} <Link to="/staff/bookings">See my bookings</Link></Notice>}
            {error && <ErrorBox error={new Error(error)} />}
            {errors.room && <div className="error-box" role="alert">{errors.room}</div>}
            <Input id="book-title" label="Title" value={f.title} onChange={(e) => edit({ title: e.target.value })} error={errors.title} maxLength={200} />
            {mode === 'single' ? (
              <Input label="Day" type="date" value={f.date} min={today} onChange={(e) => edit({ date: e.target.value })} error={errors.date} />
            ) : (
              <>
                <fieldset className={errors.weekdays ? 'field-invalid' : ''}>
                  <legend>Every</legend>
                  {WEEKDAY_NAMES.map((n, i) => (
                    <Checkbox key={n} label={n.slice(0, 3)} checked={series.weekdays.includes(i + 1)} onChange={() => toggleDay(i + 1)} />
                  ))}
                  {errors.weekdays && <small className="field-error" role="alert">{errors.weekdays}</small>}
                </fieldset>
                <Input label="First day" type="date" value={series.start_date} onChange={(e) => setSeries({ ...series, start_date: e.target.value })} error={errors.start_date} />
                <Input label="Last day" type="date" value={series.end_date} onChange={(e) => setSeries({ ...series, end_date: e.target.value })} error={errors.end_date} />
              </>
            )}
            <div className="two">
              <Input label="Start" type="time" step={300} value={f.start} onChange={(e) => edit({ start: e.target.value })} error={errors.start} />
              <Input label="End" type="time" step={300} value={f.end} onChange={(e) => edit({ end: e.target.value })} error={errors.end} />
            </div>
            {mode === 'single' && !problem && conflicts.length > 0 && !errors.start && (
              <div className="warn-box" role="alert">
                Conflict: the room is already booked {conflicts.map((c) => `${clockInZone(c.start, tz)}–${clockInZone(c.end, tz)}`).join(', ')} on {formatDay(f.date)}.
              </div>
            )}
            {mode === 'series' && (
              <Checkbox label="Skip days when the room is taken (otherwise book nothing)" checked={series.skip_conflicts}
                onChange={(e) => setSeries({ ...series, skip_conflicts: e.target.checked })} />
            )}
            <TextArea label="Description (optional)" value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} error={errors.description} rows={3} />
            <button type="submit" className="primary" disabled={busySubmit}>
              {busySubmit ? 'Booking…' : mode === 'single' ? 'Book this slot' : 'Book the series'}
            </button>
            {seriesResult && seriesResult.conflicts.length > 0 && (
              <div>
                <h3>Not booked (room taken)</h3>
                <ul>{seriesResult.conflicts.map((c) => <li key={c.start_time}>{formatRange(c.start_time, c.end_time, tz)}</li>)}</ul>
              </div>
            )}
          </form>
        </div>
      )}
    </Page>
  )
}
