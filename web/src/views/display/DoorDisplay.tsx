// The page beside a room's door, at /display/<token>: no sign-in, no menu, big type.
// The state in words and an icon (never colour alone), until when, the next bookings
// today, a QR code to book the room in the staff portal. `?eink=1` for e-ink screens:
// black on white, no motion, one redraw a minute at most.
import { useEffect, useState, type ReactNode } from 'react'
import QRCode from 'qrcode'
import { Icon } from '../../components/Icon'
import { bookUrl, DOOR_ICON, DOOR_LABEL, doorAnnouncement, doorUntil, isEink, offlineText } from '../../lib/display'
import { formatTime } from '../../lib/time'
import { useDoorDisplay } from './useDoorDisplay'
import './display.css'

function QrCode({ url }: { url: string }) {
  const [svg, setSvg] = useState('')
  useEffect(() => {
    let current = true
    QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
      .then((s) => { if (current) setSvg(s) })
      .catch(() => setSvg(''))
    return () => { current = false }
  }, [url])
  return <div className="door-qr" role="img" aria-label="QR code: book this room now" dangerouslySetInnerHTML={{ __html: svg }} />
}

export default function DoorDisplay() {
  const token = decodeURIComponent(location.pathname.split('/')[2] ?? '')
  const eink = isEink(location.search)
  const { data, offlineSince, gone } = useDoorDisplay(token, eink)
  const tz = data?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  const said = data ? doorAnnouncement(data, tz) : ''

  useEffect(() => {
    document.title = data ? `${data.name}: ${DOOR_LABEL[data.state]}` : 'Room display'
  }, [data])

  const frame = (body: ReactNode, state?: string) => (
    <div className={`door ${state ? `door-${state}` : ''} ${eink ? 'eink' : ''}`}>
      <main id="main" className="door-main">{body}</main>
    </div>
  )

  if (gone) return frame(<><h1>Room display</h1><p className="door-note" role="alert"><Icon name="warn" /> This display address is no longer valid. Ask an administrator for the room’s new display link.</p></>)
  if (!data) return frame(<>
    <h1>Room display</h1>
    {offlineSince ? <p className="door-note" role="status"><Icon name="offline" /> {offlineText(offlineSince, tz)}: the server cannot be reached.</p> : <p role="status">Loading…</p>}
  </>)

  const book = bookUrl(location.origin, data.book_path)
  return frame(<>
    <header className="door-head">
      <h1>{data.name}</h1>
      {data.location && <p className="door-where">{data.location}</p>}
    </header>
    <section className="door-status" aria-labelledby="door-state">
      <p id="door-state" className="door-state" data-state={data.state}>
        <Icon name={DOOR_ICON[data.state]} /> {DOOR_LABEL[data.state]}
      </p>
      {doorUntil(data, tz) && <p className="door-until">{doorUntil(data, tz)}</p>}
      {data.current && <p className="door-current">{data.current.title} · {formatTime(data.current.start_time, tz)}–{formatTime(data.current.end_time, tz)}</p>}
      {data.occupancy === 'unknown' && <p className="door-muted"><Icon name="info" /> Presence sensor not reporting</p>}
    </section>
    <section className="door-next" aria-labelledby="door-next-title">
      <h2 id="door-next-title">Later today</h2>
      {data.next.length === 0 ? <p>No more bookings today.</p> : (
        <ol>
          {data.next.map((b) => (
            <li key={b.start_time}><span className="door-time">{formatTime(b.start_time, tz)}–{formatTime(b.end_time, tz)}</span> {b.title}</li>
          ))}
        </ol>
      )}
    </section>
    <aside className="door-book" aria-labelledby="door-book-title">
      <h2 id="door-book-title">Book this room now</h2>
      <QrCode url={book} />
      <p className="door-muted">Scan with your phone, or open <a href={book}>the booking page</a> in the staff portal.</p>
    </aside>
    <footer className="door-foot">
      {offlineSince
        ? <p className="door-note" role="status"><Icon name="offline" /> {offlineText(offlineSince, tz)}: showing the last known state.</p>
        : <p className="door-muted">Updated {formatTime(data.server_time, tz)}</p>}
    </footer>
    <div className="sr-only" aria-live="polite">{said}</div>
  </>, data.state)
}
