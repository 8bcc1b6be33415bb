import { lazy, Suspense, type ReactNode } from 'react'
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router'
import type { Role } from './api/types'
import { Layout } from './app/Layout'
import { LiveProvider } from './app/live'
import { pageAt, PAGES, type PageDef } from './app/pages'
import { SessionProvider, useSession } from './app/session'
import { Loading, Page } from './components/ui'
import { SignIn } from './views/SignIn'

// Each page is its own chunk. The current address's chunk starts loading at once,
// alongside the campus settings, instead of after them.
void pageAt(location.pathname)?.load()
const views = new Map(PAGES.map((p) => [p.path, lazy(p.load)]))
// A room's door display stands alone: no session, no menu, its own chunk.
const DoorDisplay = lazy(() => import('./views/display/DoorDisplay'))
const isDisplay = /^\/display\/[^/]+\/?$/.test(location.pathname)

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

function pageElement(p: PageDef) {
  const View = views.get(p.path)!
  const view = <Suspense fallback={<Loading />}><View /></Suspense>
  if (p.access === 'public') return <div className="public"><main id="main" tabIndex={-1}>{view}</main></div>
  if (p.access === 'user') return view
  return <RequireRole role={p.access}>{view}</RequireRole>
}

export default function App() {
  if (isDisplay) return <Suspense fallback={null}><DoorDisplay /></Suspense>
  const signedIn = PAGES.filter((p) => p.access !== 'public')
  return (
    <SessionProvider>
      <BrowserRouter>
        <Gate>
          <Routes>
            <Route path="/signin" element={<SignIn />} />
            {PAGES.filter((p) => p.access === 'public').map((p) => <Route key={p.path} path={p.path} element={pageElement(p)} />)}
            <Route element={<RequireUser><Layout /></RequireUser>}>
              <Route index element={<Home />} />
              {signedIn.map((p) => <Route key={p.path} path={p.path} element={pageElement(p)} />)}
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </Gate>
      </BrowserRouter>
    </SessionProvider>
  )
}
