import { useState, type FormEvent } from 'react'
import { api, errorText } from '../../api/client'
import type { User } from '../../api/types'
import { useSession } from '../../app/session'
import { Async, ErrorBox, Input, Notice, Page, Select } from '../../components/ui'
import { submitErrors } from '../../lib/forms'
import { formatDate } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { MIN_PASSWORD } from '../../lib/forms'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const USERNAME = /^[A-Za-z0-9_.-]{3,64}$/

function CreateUser({ onCreated }: { onCreated: (u: User) => void }) {
  const [f, setF] = useState({ username: '', email: '', password: '', role: 'staff' })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const errs: Record<string, string> = {}
    if (!USERNAME.test(f.username.trim())) errs.username = 'Use 3–64 letters, digits, dots, dashes or underscores.'
    if (!EMAIL.test(f.email.trim())) errs.email = 'Enter an email address like name@example.org.'
    if (f.password.length < MIN_PASSWORD) errs.password = `The password needs at least ${MIN_PASSWORD} characters.`
    setErrors(errs)
    setError(null)
    if (Object.keys(errs).length) return
    setBusy(true)
    try {
      const u = await api.admin.createUser({ ...f, username: f.username.trim(), email: f.email.trim() })
      setF({ username: '', email: '', password: '', role: 'staff' })
      onCreated(u)
    } catch (err) {
      const r = submitErrors(err)
      setErrors(r.fields)
      setError(r.general)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card form grid-form" onSubmit={submit} noValidate aria-label="Create a user">
      <h2>New user</h2>
      {error && <ErrorBox error={new Error(error)} />}
      <Input label="Username" value={f.username} onChange={set('username')} error={errors.username} autoComplete="off" />
      <Input label="Email" type="email" value={f.email} onChange={set('email')} error={errors.email} autoComplete="off" />
      <Input label="Initial password" type="password" value={f.password} onChange={set('password')} error={errors.password} autoComplete="new-password" />
      <Select label="Role" value={f.role} onChange={set('role')} error={errors.role}>
        <option value="staff">Staff</option>
        <option value="admin">Admin</option>
      </Select>
      <div className="form-actions"><button type="submit" className="primary" disabled={busy}>{busy ? 'Creating…' : 'Create user'}</button></div>
    </form>
  )
}

function ResetPassword({ user, onDone }: { user: User; onDone: (msg: string | null) => void }) {
  const [pw, setPw] = useState('')
  const [error, setError] = useState<string | undefined>()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (pw.length < MIN_PASSWORD) return setError(`The password needs at least ${MIN_PASSWORD} characters.`)
    try {
      await api.admin.updateUser(user.id, { password: pw })
      onDone(`New password set for ${user.username}.`)
    } catch (err) {
      setError(errorText(err))
    }
  }
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label={`Reset password of ${user.username}`}>
      <Input label={`New password for ${user.username}`} type="password" value={pw} onChange={(e) => setPw(e.target.value)} error={error} autoComplete="new-password" />
      <button type="submit" className="primary">Set password</button>
      <button type="button" onClick={() => onDone(null)}>Cancel</button>
    </form>
  )
}

export default function Users() {
  const { tz, user: me } = useSession()
  const list = useAsync(() => api.admin.users(), [])
  const [resetting, setResetting] = useState<number | null>(null)
  const [msg, setMsg] = useState<string | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)

  const act = async (what: string, fn: () => Promise<unknown>) => {
    setMsg(null)
    setActionError(null)
    try {
      await fn()
      setMsg(what)
      list.reload()
    } catch (e) {
      setActionError(errorText(e))
    }
  }

  return (
    <Page title="Users">
      {msg && <Notice>{msg}</Notice>}
      {actionError && <div className="error-box" role="alert">{actionError}</div>}
      <CreateUser onCreated={(u) => { setMsg(`Created ${u.username}.`); list.reload() }} />
      <Async state={list}>
        {(users) => (
          <table className="table">
            <thead>
              <tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Since</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-user={u.username}>
                  <th scope="row">{u.username}<br /><span className="muted">{u.email}</span></th>
                  <td data-label="Role">
                    <label className="sr-only" htmlFor={`role-${u.id}`}>Role of {u.username}</label>
                    <select id={`role-${u.id}`} value={u.role} disabled={u.id === me?.id}
                      onChange={(e) => act(`${u.username} is now ${e.target.value}.`, () => api.admin.updateUser(u.id, { role: e.target.value }))}>
                      <option value="staff">Staff</option>
                      <option value="admin">Admin</option>
                    </select>
                  </td>
                  <td data-label="Status">{u.is_active ? 'Active' : <span className="muted">Deactivated</span>}</td>
                  <td data-label="Since">{formatDate(u.created_at, tz)}</td>
                  <td className="row-actions">
                    {resetting === u.id ? (
                      <ResetPassword user={u} onDone={(m) => { setResetting(null); if (m) setMsg(m) }} />
                    ) : (
                      <>
                        <button type="button" onClick={() => setResetting(u.id)}>Reset password</button>
                        <button type="button" disabled={u.id === me?.id}
                          onClick={() => act(u.is_active ? `Deactivated ${u.username}.` : `Activated ${u.username}.`, () => api.admin.updateUser(u.id, { is_active: !u.is_active }))}>
                          {u.is_active ? 'Deactivate' : 'Activate'}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </Page>
  )
}
