import { useEffect, useState } from 'react'
import { Link, Navigate, useLocation, useNavigate } from 'react-router'
import { api } from '../api/client'
import type { SignInMethods } from '../api/types'
import { useSession } from '../app/session'
import { ErrorBox, Input, Notice } from '../components/ui'
import { landing } from '../lib/landing'
import { useForm } from '../lib/useForm'
import { problems } from '../lib/validate'
import { Icon } from '../components/Icon'

// Single sign-on sends the browser back to /signin#sso=CODE: a one-time code the app
// trades for the session. Read here; wiped from the address bar when it is traded.
function ssoCodeInUrl(): string | null {
  const m = /^#sso=([A-Za-z0-9_-]+)$/.exec(window.location.hash)
  return m ? m[1] : null
}

export function SignIn() {
  const { user, signIn, adopt, notice } = useSession()
  const nav = useNavigate()
  const loc = useLocation()
  const from = (loc.state as { from?: string } | null)?.from
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [methods, setMethods] = useState<SignInMethods | null>(null)
  const [external, setExternal] = useState<{ busy: boolean; error: unknown }>(() => ({ busy: ssoCodeInUrl() !== null, error: null }))

  const form = useForm({
    validate: () => problems({ username: !username.trim() && 'Enter your username.', password: !password && 'Enter your password.' }),
    send: () => signIn(username.trim(), password),
    onSuccess: (u) => nav(landing(u, from), { replace: true }),
  })

  useEffect(() => {
    api.methods().then(setMethods, () => setMethods({ password: true, oidc: false, header: false }))
  }, [])

  useEffect(() => {
    const code = ssoCodeInUrl()
    if (!code) return
    // Wiped before it is traded, so that an effect run twice (StrictMode) trades it once.
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
    let next = '/'  // busy since the first render (the code was in the URL)
    adopt(async () => {
      const r = await api.ssoSession(code)
      next = r.next
      return r.session
    }).then((u) => nav(landing(u, next), { replace: true }), (error) => setExternal({ busy: false, error }))
  }, [adopt, nav])

  const portal = () => {
    setExternal({ busy: true, error: null })
    adopt(() => api.headerLogin()).then((u) => nav(landing(u, from), { replace: true }), (error) => setExternal({ busy: false, error }))
  }

  if (user && !form.busy && !external.busy) return <Navigate to={landing(user, from)} replace />

  const ssoHref = `/api/auth/oidc/login?next=${encodeURIComponent(from ?? '/')}`
  const showForm = !methods || methods.password
  return (
    <main id="main" className="signin">
      <form className="card form" onSubmit={form.onSubmit} noValidate aria-labelledby="signin-title">
        <h1 id="signin-title"><Icon name="room" className="brand-mark" /> Sign in</h1>
        <p className="muted">Classroom Tracker: rooms, bookings and power.</p>
        {notice && <Notice kind="warn">{notice}</Notice>}
        <ErrorBox error={external.error ?? form.error} />
        {external.busy && <p role="status">Signing in…</p>}
        {methods?.oidc && <a className="button primary" href={ssoHref}>Sign in with your campus account</a>}
        {methods?.header && (
          <button type="button" onClick={portal} disabled={external.busy}>Continue through the campus portal</button>
        )}
        {showForm && (methods?.oidc || methods?.header) && <p className="muted">Or with a username and password:</p>}
        {showForm && (
          <>
            <Input label="Username" name="username" autoComplete="username" value={username}
              onChange={(e) => setUsername(e.target.value)} error={form.errors.username} autoFocus={!methods?.oidc} />
            <Input label="Password" name="password" type="password" autoComplete="current-password" value={password}
              onChange={(e) => setPassword(e.target.value)} error={form.errors.password} />
            <button type="submit" className={methods?.oidc ? undefined : 'primary'} disabled={form.busy}>{form.busy ? 'Signing in…' : 'Sign in'}</button>
          </>
        )}
        <p className="muted"><Link to="/contact">Contact the facilities team</Link></p>
      </form>
    </main>
  )
}
