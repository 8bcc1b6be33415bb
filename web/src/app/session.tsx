// Who is signed in and the campus configuration, for the whole app.
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useState, type ReactNode } from 'react'
import { api, type Session } from '../api/client'
import type { AppConfig, User } from '../api/types'

interface SessionContext {
  user: User | null
  tz: string
  config: AppConfig | null | undefined // undefined while loading, null if it failed
  notice: string | null // why the user was signed out, shown on the sign-in page
  signIn: (username: string, password: string) => Promise<User>
  // Single sign-on and the campus portal: whatever produced the session, adopt it.
  adopt: (start: () => Promise<Session>) => Promise<User>
  signOut: (notice?: string) => void
}

const Ctx = createContext<SessionContext | null>(null)

// Asked for as soon as the app loads: every time on screen depends on its zone.
const configRequest = api.config()

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => api.session())
  const [config, setConfig] = useState<AppConfig | null | undefined>(undefined)
  const [notice, setNotice] = useState<string | null>(null)

  const signOut = useCallback((why?: string) => {
    api.logout()
    setSession(null)
    setNotice(why ?? null)
  }, [])

  // In the commit itself, before any view's effects can send a request whose 401 would
  // otherwise arrive with nobody to tell the user why they are back at sign-in.
  useLayoutEffect(() => {
    api.setUnauthorizedHandler((reason) => {
      setSession(null)
      setNotice(reason === 'expired' ? 'Your session has expired. Please sign in again.' : 'Please sign in again.')
    })
  }, [])

  useEffect(() => {
    configRequest.then(setConfig, () => setConfig(null))
  }, [])

  // Drop the token the moment it expires, even if the user does nothing.
  useEffect(() => {
    if (!session) return
    const ms = session.expiresAt - Date.now()
    const t = setTimeout(() => signOut('Your session has expired. Please sign in again.'), Math.max(0, Math.min(ms, 2 ** 31 - 1)))
    return () => clearTimeout(t)
  }, [session, signOut])

  const signIn = useCallback(async (username: string, password: string) => {
    const s = await api.login(username, password)
    setSession(s)
    setNotice(null)
    return s.user
  }, [])

  const adopt = useCallback(async (start: () => Promise<Session>) => {
    const s = await start()
    setSession(s)
    setNotice(null)
    return s.user
  }, [])

  const value = useMemo<SessionContext>(() => ({
    user: session?.user ?? null,
    tz: config?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    config,
    notice,
    signIn,
    adopt,
    signOut,
  }), [session, config, notice, signIn, adopt, signOut])

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useSession(): SessionContext {
  const c = useContext(Ctx)
  if (!c) throw new Error('useSession outside SessionProvider')
  return c
}
