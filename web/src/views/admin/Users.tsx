import { useState } from 'react'
import { api } from '../../api/client'
import type { User } from '../../api/types'
import { useSession } from '../../app/session'
import { ActionNotice, Async, Empty, ErrorBox, Input, Page, Select } from '../../components/ui'
import { formatDate } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useAction, useForm } from '../../lib/useForm'
import { emailProblem, identifierProblem, passwordProblem, problems } from '../../lib/validate'
import { Icon } from '../../components/Icon'

const blank = { username: '', email: '', password: '', role: 'staff' }

function CreateUser({ onCreated }: { onCreated: (u: User) => void }) {
  const [f, setF] = useState(blank)
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })
  const form = useForm({
    validate: () => problems({
      username: identifierProblem(f.username.trim(), 3, 64),
      email: emailProblem(f.email.trim()),
      password: passwordProblem(f.password),
    }),
    send: () => api.admin.createUser({ ...f, username: f.username.trim(), email: f.email.trim() }),
    onSuccess: (u) => {
      setF(blank)
      onCreated(u)
    },
  })
  return (
    <form className="card form grid-form" onSubmit={form.onSubmit} noValidate aria-label="Create a user">
      <h2>New user</h2>
      <ErrorBox error={form.error} />
      <Input label="Username" value={f.username} onChange={set('username')} error={form.errors.username} autoComplete="off" />
      <Input label="Email" type="email" value={f.email} onChange={set('email')} error={form.errors.email} autoComplete="off" />
      <Input label="Initial password" type="password" value={f.password} onChange={set('password')} error={form.errors.password} autoComplete="new-password" />
      <Select label="Role" value={f.role} onChange={set('role')} error={form.errors.role}>
        <option value="staff">Staff</option>
        <option value="admin">Admin</option>
      </Select>
      <div className="form-actions"><button type="submit" className="primary" disabled={form.busy}>{form.busy ? 'Creating…' : 'Create user'}</button></div>
    </form>
  )
}

function ResetPassword({ user, onDone }: { user: User; onDone: (msg: string | null) => void }) {
  const [pw, setPw] = useState('')
  const form = useForm({
    validate: () => problems({ password: passwordProblem(pw) }),
    send: () => api.admin.updateUser(user.id, { password: pw }),
    onSuccess: () => onDone(`New password set for ${user.username}.`),
  })
  return (
    <form className="inline-form" onSubmit={form.onSubmit} noValidate aria-label={`Reset password of ${user.username}`}>
      <Input label={`New password for ${user.username}`} type="password" value={pw} onChange={(e) => setPw(e.target.value)}
        error={form.errors.password ?? form.error ?? undefined} autoComplete="new-password" />
      <button type="submit" className="primary" disabled={form.busy}>Set password</button>
      <button type="button" onClick={() => onDone(null)}>Cancel</button>
    </form>
  )
}

function UserRow({ u, me, resetting, setResetting, action }: {
  u: User; me: boolean; resetting: boolean; setResetting: (on: boolean) => void; action: ReturnType<typeof useAction>
}) {
  const { tz } = useSession()
  return (
    <tr data-user={u.username}>
      <th scope="row">{u.username}<br /><span className="muted">{u.email}</span></th>
      <td data-label="Role">
        <label className="sr-only" htmlFor={`role-${u.id}`}>Role of {u.username}</label>
        <select id={`role-${u.id}`} value={u.role} disabled={me}
          onChange={(e) => action.run(`${u.username} is now ${e.target.value}.`, () => api.admin.updateUser(u.id, { role: e.target.value }))}>
          <option value="staff">Staff</option>
          <option value="admin">Admin</option>
        </select>
      </td>
      <td data-label="Status">{u.is_active ? <span className="badge ok"><Icon name="check" /> Active</span> : <span className="badge off"><Icon name="x" /> Deactivated</span>}</td>
      <td data-label="Since">{formatDate(u.created_at, tz)}</td>
      <td className="row-actions">
        {resetting ? (
          <ResetPassword user={u} onDone={(m) => { setResetting(false); if (m) action.say(m) }} />
        ) : (
          <>
            <button type="button" onClick={() => setResetting(true)}>Reset password</button>
            <button type="button" disabled={me}
              onClick={() => action.run(u.is_active ? `Deactivated ${u.username}.` : `Activated ${u.username}.`, () => api.admin.updateUser(u.id, { is_active: !u.is_active }))}>
              {u.is_active ? 'Deactivate' : 'Activate'}
            </button>
            <button type="button" className="danger" disabled={me} aria-label={`Delete ${u.username}`}
              onClick={() => action.run(`Deleted ${u.username}.`, () => api.admin.deleteUser(u.id),
                `Delete ${u.username}? The account is removed and can no longer sign in.`)}>
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  )
}

export default function Users() {
  const { user: me } = useSession()
  const list = useAsync(() => api.admin.users(), [])
  const [resetting, setResetting] = useState<number | null>(null)
  const action = useAction(list.reload)

  return (
    <Page title="Users">
      <ActionNotice action={action} />
      <CreateUser onCreated={(u) => { action.say(`Created ${u.username}.`); list.reload() }} />
      <Async state={list}>
        {(users) => users.length === 0 ? <Empty title="No users yet">Create the first account with the form above.</Empty> : (
          <table className="table">
            <caption className="sr-only">Users</caption>
            <thead>
              <tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Since</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <UserRow key={u.id} u={u} me={u.id === me?.id} resetting={resetting === u.id}
                  setResetting={(on) => setResetting(on ? u.id : null)} action={action} />
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </Page>
  )
}
