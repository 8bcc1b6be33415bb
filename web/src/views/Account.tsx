import { useState, type FormEvent } from 'react'
import { api } from '../api/client'
import { useSession } from '../app/session'
import { ErrorBox, Input, Notice, Page } from '../components/ui'
import { MIN_PASSWORD, submitErrors } from '../lib/forms'

export default function Account() {
  const { user, tz } = useSession()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  const [busy, setBusy] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const errs: Record<string, string> = {}
    if (!current) errs.current_password = 'Enter your current password.'
    if (next.length < MIN_PASSWORD) errs.new_password = `The new password needs at least ${MIN_PASSWORD} characters.`
    else if (next === current) errs.new_password = 'The new password must differ from the current one.'
    if (again !== next) errs.confirm = 'The two new passwords do not match.'
    setErrors(errs)
    setError(null)
    setDone(false)
    if (Object.keys(errs).length) return
    setBusy(true)
    try {
      await api.changePassword(current, next)
      setDone(true)
      setCurrent('')
      setNext('')
      setAgain('')
    } catch (err) {
      const { fields, general } = submitErrors(err)
      setErrors(fields)
      setError(general)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page title="Your account">
      <dl className="facts">
        <dt>Username</dt><dd>{user?.username}</dd>
        <dt>Email</dt><dd>{user?.email}</dd>
        <dt>Role</dt><dd>{user?.role}</dd>
        <dt>Times shown in</dt><dd>{tz}</dd>
      </dl>
      <form className="card form" onSubmit={submit} noValidate aria-labelledby="pw-title">
        <h2 id="pw-title">Change password</h2>
        {done && <Notice>Your password has been changed.</Notice>}
        {error && <ErrorBox error={new Error(error)} />}
        <Input label="Current password" type="password" autoComplete="current-password" value={current}
          onChange={(e) => setCurrent(e.target.value)} error={errors.current_password} />
        <Input label="New password" type="password" autoComplete="new-password" value={next}
          onChange={(e) => setNext(e.target.value)} error={errors.new_password} hint={`At least ${MIN_PASSWORD} characters.`} />
        <Input label="New password again" type="password" autoComplete="new-password" value={again}
          onChange={(e) => setAgain(e.target.value)} error={errors.confirm} />
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Change password'}</button>
      </form>
    </Page>
  )
}
