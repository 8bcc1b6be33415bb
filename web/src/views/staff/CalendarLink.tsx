// The private address of one's bookings as a calendar feed, and a new one when
// the old may have leaked (the old address stops working).
import { useState } from 'react'
import { api } from '../../api/client'
import { ActionNotice, CopyButton } from '../../components/ui'
import { useAction } from '../../lib/useForm'

export function CalendarLink() {
  const [url, setUrl] = useState<string | null>(null)
  const action = useAction()
  const show = (a: { url: string }) => setUrl(new URL(a.url, location.origin).href)
  const get = () => action.run('', async () => show(await api.staff.calendarLink()))
  const reset = () => action.run('New calendar link made; the old one no longer works.', async () => show(await api.staff.resetCalendarLink()),
    'Make a new calendar link? Calendars subscribed to the old link stop updating.')
  return (
    <section className="card" aria-labelledby="cal-title">
      <h2 id="cal-title">Calendar feed</h2>
      <p className="muted">Subscribe to your bookings in your calendar app. Keep the link private.</p>
      {url ? (
        <p><code className="secret">{url}</code> <CopyButton text={url} label="Copy link" /></p>
      ) : (
        <button type="button" onClick={get}>Show my calendar link</button>
      )}
      {url && <p><button type="button" onClick={reset}>Make a new link</button></p>}
      <ActionNotice action={action} />
    </section>
  )
}
