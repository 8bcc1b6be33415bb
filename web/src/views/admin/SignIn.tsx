import { useState } from 'react'
import { api } from '../../api/client'
import type { SignInDiagnostics } from '../../api/types'
import { useSession } from '../../app/session'
import { Empty, ErrorBox, Input, Page } from '../../components/ui'
import { formatDateTime } from '../../lib/time'
import { problems } from '../../lib/validate'
import { useForm } from '../../lib/useForm'

const OUTCOME: Record<SignInDiagnostics['outcome'], string> = {
  signed_in: 'Signed in',
  refused: 'Refused',
  failed: 'Failed',
}

const SOURCE: Record<string, string> = {
  ldap: 'Campus directory (LDAP)',
  oidc: 'Single sign-on (OpenID Connect)',
  header: 'Proxy header (SSO)',
}

/** Why a campus user got the role they got, or why they could not sign in. */
export default function SignIn() {
  const { tz } = useSession()
  const [username, setUsername] = useState('')
  const [found, setFound] = useState<SignInDiagnostics | null>(null)
  const form = useForm({
    validate: () => problems({ username: !username.trim() && 'Enter a username.' }),
    send: () => {
      setFound(null)
      return api.admin.signInDiagnostics(username.trim())
    },
    onSuccess: setFound,
  })

  return (
    <Page title="Campus sign-in">
      <p className="muted">
        What the campus directory, the OpenID provider or the single sign-on proxy last sent for a user (the claims of
        an ID token, never the token), the role rules that matched, and
        why a sign-in was refused. Passwords and tokens are never recorded.
      </p>
      <form className="card form" onSubmit={form.onSubmit} noValidate aria-label="Look up a sign-in">
        <ErrorBox error={form.error} />
        <Input label="Username" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)}
          error={form.errors.username} />
        <button type="submit" className="primary" disabled={form.busy}>{form.busy ? 'Looking up…' : 'Look up'}</button>
      </form>
      {found && <Diagnostics d={found} tz={tz} />}
    </Page>
  )
}

function Diagnostics({ d, tz }: { d: SignInDiagnostics; tz: string }) {
  return (
    <section className="card" aria-labelledby="diag-title">
      <h2 id="diag-title">{d.username}: {OUTCOME[d.outcome]}</h2>
      <dl className="facts">
        <dt>When</dt><dd>{formatDateTime(d.at, tz)}</dd>
        <dt>Through</dt><dd>{SOURCE[d.source] ?? d.source}</dd>
        <dt>Resulting role</dt><dd>{d.role ?? 'none'}</dd>
        {d.reason && <><dt>Mapping</dt><dd>{d.reason}</dd></>}
        {d.error && <><dt>Error</dt><dd>{d.error}</dd></>}
      </dl>
      <h3>Rules that matched</h3>
      {d.matched_rules.length === 0 ? <p className="muted">None.</p> : (
        <ul>{d.matched_rules.map((r) => <li key={r}><code>{r}</code></li>)}</ul>
      )}
      <h3>Groups sent</h3>
      {d.groups.length === 0 ? <p className="muted">None.</p> : (
        <ul>{d.groups.map((g) => <li key={g}><code>{g}</code></li>)}</ul>
      )}
      <h3>Attributes sent</h3>
      {d.attributes.length === 0 ? <Empty title="No attributes">The directory or provider sent none, or did not answer.</Empty> : (
        <table className="table">
          <caption className="sr-only">Attributes sent</caption>
          <thead><tr><th scope="col">Attribute</th><th scope="col">Value</th></tr></thead>
          <tbody>
            {d.attributes.map((a, i) => <tr key={`${a.name}-${i}`}><td><code>{a.name}</code></td><td>{a.value}</td></tr>)}
          </tbody>
        </table>
      )}
    </section>
  )
}
