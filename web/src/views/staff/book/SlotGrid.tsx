// The week's (or day's) slots of one room: busy, past or free. One slot is in
// the tab order and the arrow keys move between them (roving tabindex); Enter
// picks a free one. Below it, the same free times as a plain list.
import { useState, type KeyboardEvent } from 'react'
import { dayCells, freeRanges, type BusySpan, type Cell } from '../../../lib/grid'
import { formatDay } from '../../../lib/time'
import { Icon } from '../../../components/Icon'

const STEP: Record<string, [number, number]> = {
  ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1], PageUp: [-4, 0], PageDown: [4, 0],
}

export interface Selection {
  date: string
  start: number
  end: number
}

export function SlotGrid({ days, busy, now, tz, selected, onPick }: {
  days: string[]; busy: BusySpan[][]; now: number; tz: string
  selected: Selection | null
  onPick: (c: Cell) => void
}) {
  const columns = days.map((d, i) => dayCells(d, tz, busy[i] ?? [], now))
  const rows = columns[0]?.length ?? 0
  const [focus, setFocus] = useState<[number, number]>([0, 0])
  const [fr, fc] = [Math.min(focus[0], rows - 1), Math.min(focus[1], columns.length - 1)]
  const onKey = (e: KeyboardEvent<HTMLTableElement>) => {
    const d = STEP[e.key]
    if (!d) return
    e.preventDefault()
    const r = Math.max(0, Math.min(rows - 1, fr + d[0]))
    const c = Math.max(0, Math.min(columns.length - 1, fc + d[1]))
    setFocus([r, c])
    e.currentTarget.querySelector<HTMLElement>(`[data-cell="${r}-${c}"]`)?.focus()
  }
  return (
    <>
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
                  const sel = !!selected && c.date === selected.date && c.start < selected.end && selected.start < c.end
                  const state = c.busy ? 'busy' : c.past ? 'past' : 'free'
                  return (
                    <td key={j} className={`slot slot-${state}${c.tentative ? ' slot-tentative' : ''}${sel ? ' slot-selected' : ''}`}>
                      <button type="button" data-cell={`${i}-${j}`} tabIndex={i === fr && j === fc ? 0 : -1}
                        aria-disabled={c.busy || c.past || undefined}
                        onClick={() => {
                          setFocus([i, j])
                          if (!c.busy && !c.past) onPick(c)
                        }}
                        aria-label={`${formatDay(c.date)} ${c.label}: ${state}${c.tentative ? ' (requested, awaiting approval)' : ''}${sel ? ', selected' : ''}`}>
                        {c.busy ? <Icon name="x" /> : sel ? <Icon name="check" /> : null}
                      </button>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FreeList columns={columns} tz={tz} onPick={onPick} />
    </>
  )
}

/** The grid's text alternative: each day's free stretches, each one a button that picks it. */
function FreeList({ columns, tz, onPick }: { columns: Cell[][]; tz: string; onPick: (c: Cell) => void }) {
  return (
    <details className="free-list">
      <summary>Free times as a list</summary>
      <ul aria-label="Free times">
        {columns.map((cells) => {
          const date = cells[0]?.date
          const free = freeRanges(cells, tz)
          return (
            <li key={date}>
              <strong>{date && formatDay(date)}:</strong>{' '}
              {free.length === 0 ? <span>no free time left</span> : free.map((r) => (
                <button key={r.start} type="button" className="chip" onClick={() => onPick(r.first)}
                  aria-label={`${r.from}–${r.to} free on ${date && formatDay(date)}: book from ${r.from}`}>
                  {r.from}–{r.to}
                </button>
              ))}
            </li>
          )
        })}
      </ul>
    </details>
  )
}
