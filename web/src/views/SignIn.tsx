import { useState } from 'react'
import { Link, Navigate, useLocation, useNavigate } from 'react-router'
import { useSession } from '../app/session'
import { ErrorBox, Input, Notice } from '../components/ui'
import { useForm } from '../lib/useForm'
import { problems } from '../lib/validate'
import { Icon } from '../components/Icon'

export function SignIn() {
  const { user, signIn, notice } = useSession()
  const nav = useNavigate()
  const loc = useLocation()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const form = useForm({
    validate: () => problems({ username: !username.trim() && 'Enter your username.', password: !password && 'Enter your password.' }),
    send: () => signIn(username.trim(), password),
    onSuccess: (u) => {
      const from = (loc.state as { from?: string } | null)?.from
      const home = u.role === 'admin' ? '/admin' : '/staff'
      nav(from && (u.role === 'admin' || !from.startsWith('/admin')) ? from : home, { replace: true })
    },
  })

  if (user && !form.busy) return <Navigate to={user.role === 'admin' ? '/admin' : '/staff'} replace />

  return (
    <main id="main" className="signin">
      <form className="card form" onSubmit={form.onSubmit} noValidate aria-labelledby="signin-title">
        <h1 id="signin-title"><Icon name="room" className="brand-mark" /> Sign in</h1>
        <p className="muted">Classroom Tracker: rooms, bookings and power.</p>
        {notice && <Notice kind="warn">{notice}</Notice>}
        <ErrorBox error={form.error} />
        <Input label="Username" name="username" autoComplete="username" value={username}
          onChange={(e) => setUsername(e.target.value)} error={form.errors.username} autoFocus />
        <Input label="Password" name="password" type="password" autoComplete="current-password" value={password}
          onChange={(e) => setPassword(e.target.value)} error={form.errors.password} />
        <button type="submit" className="primary" disabled={form.busy}>{form.busy ? 'Signing in…' : 'Sign in'}</button>
        <p className="muted"><Link to="/contact">Contact the facilities team</Link></p>
      </form>
    </main>
  )
}
