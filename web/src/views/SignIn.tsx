import { useState, type FormEvent } from 'react'
import { Link, Navigate, useLocation, useNavigate } from 'react-router'
import { useSession } from '../app/session'
import { ErrorBox, Input, Notice } from '../components/ui'

export function SignIn() {
  const { user, signIn, notice } = useSession()
  const nav = useNavigate()
  const loc = useLocation()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  if (user && !busy) return <Navigate to={user.role === 'admin' ? '/admin' : '/staff'} replace />

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const errs: Record<string, string> = {}
    if (!username.trim()) errs.username = 'Enter your username.'
    if (!password) errs.password = 'Enter your password.'
    setErrors(errs)
    setError(null)
    if (Object.keys(errs).length) return
    setBusy(true)
    try {
      const u = await signIn(username.trim(), password)
      const from = (loc.state as { from?: string } | null)?.from
      const home = u.role === 'admin' ? '/admin' : '/staff'
      nav(from && (u.role === 'admin' || !from.startsWith('/admin')) ? from : home, { replace: true })
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="signin">
      <form className="card form" onSubmit={submit} noValidate aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Classroom Tracker: rooms, bookings and power.</p>
        {notice && <Notice kind="warn">{notice}</Notice>}
        <ErrorBox error={error} />
        <Input label="Username" name="username" autoComplete="username" value={username}
          onChange={(e) => setUsername(e.target.value)} error={errors.username} autoFocus />
        <Input label="Password" name="password" type="password" autoComplete="current-password" value={password}
          onChange={(e) => setPassword(e.target.value)} error={errors.password} />
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <p className="muted"><Link to="/contact">Contact the facilities team</Link></p>
      </form>
    </div>
  )
}
