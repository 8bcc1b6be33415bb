// Book a room: pick it, see its busy and free times, book one slot or a weekly series.
import { useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import { api } from '../../api/client'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { Empty, ErrorBox, Loading, Page } from '../../components/ui'
import { defaultSlot, slotProblem, slotSpan, toSpan, type BusySpan, type Cell, type SlotFields } from '../../lib/grid'
import { roomList } from '../../lib/live'
import { addDays, clockInZone, dayInZone, mondayOf } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useNow } from '../../lib/useNow'
import { describeRules } from '../../lib/rules'
import { SeriesForm } from './book/SeriesForm'
import { SingleForm } from './book/SingleForm'
import { SlotGrid } from './book/SlotGrid'
import { Icon } from '../../components/Icon'

function addMinutes(hhmm: string, min: number): string {
  const [h, m] = hhmm.split(':').map(Number)
  const t = Math.min(24 * 60 - 1, h * 60 + m + min)
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`
}

function GridToolbar({ view, setView, anchor, setAnchor, today }: {
  view: 'day' | 'week'; setView: (v: 'day' | 'week') => void; anchor: string; setAnchor: (d: string) => void; today: string
}) {
  const shift = (n: number) => setAnchor(addDays(anchor, view === 'day' ? n : 7 * n))
  return (
    <>
      <div className="segmented" role="group" aria-label="Grid shows">
        <button type="button" aria-pressed={view === 'day'} onClick={() => setView('day')}>Day</button>
        <button type="button" aria-pressed={view === 'week'} onClick={() => setView('week')}>Week</button>
      </div>
      <button type="button" onClick={() => shift(-1)} aria-label={view === 'day' ? 'Previous day' : 'Previous week'}>‹</button>
      <button type="button" onClick={() => setAnchor(today)}>Today</button>
      <button type="button" onClick={() => shift(1)} aria-label={view === 'day' ? 'Next day' : 'Next week'}>›</button>
      <label className="sr-only" htmlFor="grid-date">Go to date</label>
      <input id="grid-date" type="date" value={anchor} onChange={(e) => e.target.value && setAnchor(e.target.value)} />
    </>
  )
}

function Legend({ tz }: { tz: string }) {
  return (
    <p className="muted legend-line">
      Times in {tz}.{' '}
      <span className="legend slot-free">free</span>{' '}
      <span className="legend slot-busy"><Icon name="x" /> busy</span>{' '}
      <span className="legend slot-selected"><Icon name="check" /> your choice</span>{' '}
      <span className="legend slot-clash"><Icon name="x" /> clash</span>
    </p>
  )
}

// The rules a booking in the room follows (its own, its building's, or the campus-wide ones).
function RoomRules({ roomId }: { roomId: number }) {
  const rules = useAsync(() => api.staff.bookingRules(roomId), [roomId])
  if (!rules.data) return null
  return (
    <ul className="room-rules muted" aria-label="Booking rules of this room">
      {describeRules(rules.data).map((line) => <li key={line}>{line}</li>)}
    </ul>
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
  const [slot, setSlot] = useState<SlotFields>(() => defaultSlot(now, tz))
  const [anchor, setAnchor] = useState(slot.date)

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

  const span = slotSpan(slot, tz)
  const selected = mode === 'single' && span && !slotProblem(span, now) ? { date: slot.date, ...span } : null

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
    setSlot({ date: c.date, start: c.label, end: end > c.label ? end : addMinutes(c.label, 30) })
    setMode('single')
    // On to the title; the single form may only be rendered next frame (from the series form).
    const title = () => document.getElementById('book-title')?.focus()
    if (mode === 'single') title()
    else requestAnimationFrame(title)
  }
  const booked = () => grid.reload()

  return (
    <Page title="Book a room">
      <ErrorBox error={live.error} onRetry={live.reload} />
      {!live.state.loaded && !live.error ? <Loading /> : rooms.length === 0 ? (
        <Empty title="There are no rooms to book yet">Ask the facilities team to add the rooms of your building.</Empty>
      ) : (
        <div className="book-layout">
          <div>
            <div className="toolbar">
              <label htmlFor="book-room">Room</label>
              <select id="book-room" value={roomId} onChange={(e) => setRoom(e.target.value)}>
                {rooms.map((r) => <option key={r.id} value={r.id}>{r.name} ({r.capacity} seats)</option>)}
              </select>
              <GridToolbar view={view} setView={setView} anchor={anchor} setAnchor={setAnchor} today={today} />
            </div>
            {grid.error ? <ErrorBox error={grid.error} onRetry={grid.reload} /> : null}
            {grid.data === undefined && !grid.error ? <Loading label="Loading busy times…" rows={8} /> : (
              <SlotGrid days={days} busy={grid.data ?? []} now={now} tz={tz} selected={selected} onPick={pick} />
            )}
            <Legend tz={tz} />
          </div>
          <div>
            <div className="segmented" role="group" aria-label="Kind of booking">
              <button type="button" aria-pressed={mode === 'single'} onClick={() => setMode('single')}>Single slot</button>
              <button type="button" aria-pressed={mode === 'series'} onClick={() => setMode('series')}>Weekly series</button>
            </div>
            <p>Room: <strong>{rooms.find((r) => r.id === roomId)?.name ?? 'none chosen'}</strong></p>
            {roomId ? <RoomRules roomId={roomId} /> : null}
            {mode === 'single' ? (
              <SingleForm roomId={roomId} slot={slot} setSlot={setSlot} now={now} today={today} rev={live.state.bookingRev} onBooked={booked} />
            ) : (
              <SeriesForm roomId={roomId} today={today} times={slot} onBooked={booked} />
            )}
          </div>
        </div>
      )}
    </Page>
  )
}
