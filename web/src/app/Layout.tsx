import { NavLink, Outlet } from 'react-router'
import { useLive } from './live'
import { useSession } from './session'

const ADMIN_LINKS: [string, string][] = [
  ['/admin', 'Dashboard'],
  ['/admin/power', 'Power'],
  ['/admin/classrooms', 'Classrooms'],
  ['/admin/devices', 'Devices'],
  ['/admin/users', 'Users'],
  ['/admin/bookings', 'Bookings'],
  ['/admin/messages', 'Messages'],
  ['/admin/utilization', 'Utilization'],
]

const STAFF_LINKS: [string, string][] = [
  ['/staff', 'Rooms'],
  ['/staff/book', 'Book a room'],
  ['/staff/bookings', 'My bookings'],
  ['/staff/contact', 'Contact'],
]

export function Layout() {
  const { user, signOut, config, tz } = useSession()
  const { connected } = useLive()
  const links = user?.role === 'admin' ? [...ADMIN_LINKS, ['/staff/book', 'Book a room'] as [string, string]] : STAFF_LINKS
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <header className="topbar">
        <strong className="brand">Classroom Tracker</strong>
        <nav aria-label="Main">
          <ul>
            {links.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to} end={to === '/admin' || to === '/staff'}>{label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user">
          <span className={`live-dot ${connected ? 'on' : 'off'}`} role="status" title={connected ? 'Live updates on' : 'Reconnecting…'}>
            {connected ? 'Live' : 'Offline'}
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
    </div>
  )
}
