import { NavLink, Outlet } from 'react-router'
import { Announcer } from './Announcer'
import { useLive } from './live'
import { menuFor } from './pages'
import { useSession } from './session'
import { Icon } from '../components/Icon'

export function Layout() {
  const { user, signOut, config, tz } = useSession()
  const { connected } = useLive()
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <header className="topbar">
        <strong className="brand"><Icon name="room" className="brand-mark" /> Classroom Tracker</strong>
        <nav aria-label="Main">
          <ul>
            {menuFor(user?.role, (user?.approver_scopes?.length ?? 0) > 0).map(({ path, label }) => (
              <li key={path}>
                <NavLink to={path} end={path === '/admin' || path === '/staff'}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user">
          <span className={`live-dot ${connected ? 'on' : 'off'}`} title={connected ? 'Live updates on' : 'Reconnecting…'}>
            <Icon name={connected ? 'check' : 'offline'} /> {connected ? 'Live' : 'Offline'}
          </span>
          <NavLink to="/account">{user?.username}</NavLink>
          <button type="button" className="link" onClick={() => signOut()}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {config === null && (
          <div className="notice notice-warn" role="status">
            The campus settings could not be loaded; times are shown in {tz}. Reload the page to try again.
          </div>
        )}
        <Outlet />
      </main>
      <Announcer />
    </div>
  )
}
