import { lazy, Suspense, type ReactNode } from 'react'
import { BrowserRouter, Link, Navigate, Outlet, Route, Routes, useLocation } from 'react-router'
import type { Role } from './api/types'
import { Layout } from './app/Layout'
import { LiveProvider } from './app/live'
import { SessionProvider, useSession } from './app/session'
import { Loading, Page } from './components/ui'
import { SignIn } from './views/SignIn'

// Each page is its own chunk. The current address's chunk starts loading at once,
// alongside the campus settings, instead of after them.
const pages = {
  '/admin': () => import('./views/admin/Dashboard'),
  '/admin/power': () => import('./views/admin/Power'),
  '/admin/classrooms': () => import('./views/admin/Classrooms'),
  '/admin/devices': () => import('./views/admin/Devices'),
  '/admin/users': () => import('./views/admin/Users'),
  '/admin/bookings': () => import('./views/admin/Bookings'),
  '/admin/messages': () => import('./views/admin/Messages'),
  '/admin/utilization': () => import('./views/admin/Utilization'),
  '/staff': () => import('./views/staff/Dashboard'),
  '/staff/book': () => import('./views/staff/Book'),
  '/staff/bookings': () => import('./views/staff/MyBookings'),
  '/staff/contact': () => import('./views/Contact'),
  '/contact': () => import('./views/Contact'),
  '/account': () => import('./views/Account'),
}
const current = pages[location.pathname.replace(/\/+$/, '') as keyof typeof pages]
if (current) void current()

const AdminDashboard = lazy(pages['/admin'])
const Power = lazy(pages['/admin/power'])
const Classrooms = lazy(pages['/admin/classrooms'])
const Devices = lazy(pages['/admin/devices'])
const Users = lazy(pages['/admin/users'])
const AdminBookings = lazy(pages['/admin/bookings'])
const Messages = lazy(pages['/admin/messages'])
const Utilization = lazy(pages['/admin/utilization'])
const StaffDashboard = lazy(pages['/staff'])
const Book = lazy(pages['/staff/book'])
const MyBookings = lazy(pages['/staff/bookings'])
const Contact = lazy(pages['/contact'])
const Account = lazy(pages['/account'])

function RequireUser({ children }: { children: ReactNode }) {
  const { user } = useSession()
  const loc = useLocation()
  if (!user) return <Navigate to="/signin" replace state={{ from: loc.pathname + loc.search }} />
  return <LiveProvider>{children}</LiveProvider>
}

function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const { user } = useSession()
  if (user?.role !== role && user?.role !== 'admin') return <Forbidden />
  return <>{children}</>
}

function Forbidden() {
  return (
    <Page title="Not allowed">
      <p role="alert">Your account cannot open this page. It is for administrators only.</p>
      <p><Link to="/">Back to your start page</Link></p>
    </Page>
  )
}

function Home() {
  const { user } = useSession()
  return <Navigate to={user?.role === 'admin' ? '/admin' : '/staff'} replace />
}

function NotFound() {
  return (
    <Page title="Page not found">
      <p>There is no page at this address. <Link to="/">Go to your start page</Link>.</p>
    </Page>
  )
}

function Gate({ children }: { children: ReactNode }) {
  const { config } = useSession()
  if (config === undefined) return <Loading label="Starting…" />
  return <>{children}</>
}

export default function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Gate>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/signin" element={<SignIn />} />
              <Route path="/contact" element={<div className="public"><Contact /></div>} />
              <Route element={<RequireUser><Layout /></RequireUser>}>
                <Route index element={<Home />} />
                <Route path="account" element={<Account />} />
                <Route path="admin" element={<RequireRole role="admin"><Suspense fallback={<Loading />}><Outlet /></Suspense></RequireRole>}>
                  <Route index element={<AdminDashboard />} />
                  <Route path="power" element={<Power />} />
                  <Route path="classrooms" element={<Classrooms />} />
                  <Route path="devices" element={<Devices />} />
                  <Route path="users" element={<Users />} />
                  <Route path="bookings" element={<AdminBookings />} />
                  <Route path="messages" element={<Messages />} />
                  <Route path="utilization" element={<Utilization />} />
                  <Route path="*" element={<NotFound />} />
                </Route>
                <Route path="staff" element={<RequireRole role="staff"><Suspense fallback={<Loading />}><Outlet /></Suspense></RequireRole>}>
                  <Route index element={<StaffDashboard />} />
                  <Route path="book" element={<Book />} />
                  <Route path="bookings" element={<MyBookings />} />
                  <Route path="contact" element={<Contact />} />
                  <Route path="*" element={<NotFound />} />
                </Route>
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </Suspense>
        </Gate>
      </BrowserRouter>
    </SessionProvider>
  )
}
