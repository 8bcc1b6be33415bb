import { useState } from 'react'
import { api } from '../api/client'
import { useSession } from '../app/session'
import type { Notifications } from '../api/types'
import { Async, Checkbox, ErrorBox, Input, Notice, Page, Select } from '../components/ui'
import { useAsync } from '../lib/useAsync'
import { useForm } from '../lib/useForm'
import { MIN_PASSWORD, passwordProblem, problems } from '../lib/validate'

function ChangePassword() {
  const [pw, setPw] = useState({ current: '', next: '', again: '' })
  const [done, setDone] = useState(false)
  const form = useForm({
    validate: () => {
      setDone(false)
      return problems({
        current_password: !pw.current && 'Enter your current password.',
        new_password: passwordProblem(pw.next, 'The new password') ?? (pw.next === pw.current && 'The new password must differ from the current one.'),
        confirm: pw.again !== pw.next && 'The two new passwords do not match.',
      })
    },
    send: () => api.changePassword(pw.current, pw.next),
    onSuccess: () => {
      setDone(true)
      setPw({ current: '', next: '', again: '' })
    },
  })
  return (
    <form className="card form" onSubmit={form.onSubmit} noValidate aria-labelledby="pw-title">
      <h2 id="pw-title">Change password</h2>
      {done && <Notice>Your password has been changed.</Notice>}
      <ErrorBox error={form.error} />
      <Input label="Current password" type="password" autoComplete="current-password" value={pw.current}
        onChange={(e) => setPw({ ...pw, current: e.target.value })} error={form.errors.current_password} />
      <Input label="New password" type="password" autoComplete="new-password" value={pw.next}
        onChange={(e) => setPw({ ...pw, next: e.target.value })} error={form.errors.new_password} hint={`At least ${MIN_PASSWORD} characters.`} />
      <Input label="New password again" type="password" autoComplete="new-password" value={pw.again}
        onChange={(e) => setPw({ ...pw, again: e.target.value })} error={form.errors.confirm} />
      <button type="submit" className="primary" disabled={form.busy}>{form.busy ? 'Saving…' : 'Change password'}</button>
    </form>
  )
}

/** Reminder choices: minutes before a booking's start (the server takes 5 to 10080). */
const REMINDERS: [number, string][] = [
  [5, '5 minutes before'], [10, '10 minutes before'], [15, '15 minutes before'], [30, '30 minutes before'],
  [60, '1 hour before'], [120, '2 hours before'], [1440, '1 day before'],
]

function reminderLabel(min: number): string {
  return REMINDERS.find(([m]) => m === min)?.[1] ?? `${min} minutes before`
}

/** What the server mails this user; each mail links back here to turn it off. */
function MailChoices() {
  const { user } = useSession()
  const also = [
    (user?.approver_scopes?.length || user?.role === 'admin') && 'the requests you may approve',
    user?.role === 'admin' && 'a digest of devices offline and sensor faults',
  ].filter(Boolean)
  const state = useAsync(() => api.notifications(), [])
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const change = async (next: Partial<Notifications>) => {
    const before = state.data
    setBusy(true)
    setError(null)
    // The control shows the choice at once; the server's answer then stands (or, on an
    // error, what was there before).
    if (before) state.setData({ ...before, ...next })
    try {
      state.setData(await api.setNotifications(next))
    } catch (e) {
      if (before) state.setData(before)
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="card form" aria-labelledby="mail-title">
      <h2 id="mail-title">Mail</h2>
      <ErrorBox error={error} />
      <Async state={state}>
        {(n) => (
          <>
            <Checkbox label="Mail me when my bookings are made, changed, cancelled or released (with a calendar invite)"
              checked={n.mail_bookings} disabled={busy} onChange={(e) => void change({ mail_bookings: e.target.checked })} />
            {also.length > 0 && <p className="muted">The same switch sends you {also.join(' and ')}.</p>}
            <Select label="Reminder" value={n.reminder_min === null ? 'off' : String(n.reminder_min)} disabled={busy}
              hint="A mail before each of your confirmed bookings begins."
              onChange={(e) => void change({ reminder_min: e.target.value === 'off' ? null : Number(e.target.value) })}>
              <option value="off">Off</option>
              {n.reminder_min !== null && !REMINDERS.some(([m]) => m === n.reminder_min) && (
                <option value={String(n.reminder_min)}>{reminderLabel(n.reminder_min)}</option>
              )}
              {REMINDERS.map(([m, label]) => <option key={m} value={String(m)}>{label}</option>)}
            </Select>
          </>
        )}
      </Async>
    </section>
  )
}

export default function Account() {
  const { user, tz } = useSession()
  return (
    <Page title="Your account">
      <dl className="facts">
        <dt>Username</dt><dd>{user?.username}</dd>
        <dt>Email</dt><dd>{user?.email}</dd>
        <dt>Role</dt><dd>{user?.role}</dd>
        <dt>Times shown in</dt><dd>{tz}</dd>
      </dl>
      <MailChoices />
      <ChangePassword />
    </Page>
  )
}
