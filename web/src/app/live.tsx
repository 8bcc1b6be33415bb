// Keeps the live picture current: loads rooms (and, for admins, counters)
// over HTTP, then follows the WebSocket; reconnects with backoff and
// reloads after every reconnect so nothing missed while away is lost.
import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState, type Dispatch, type ReactNode } from 'react'
import { api } from '../api/client'
import { backoff, initialLive, liveReducer, parseEvent, socketProtocols, type LiveAction, type LiveState } from '../lib/live'
import { useSession } from './session'

interface LiveContext {
  state: LiveState
  dispatch: Dispatch<LiveAction>
  connected: boolean
  error: unknown
  reload: () => Promise<void>
}

const Ctx = createContext<LiveContext | null>(null)

function socketUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${proto}//${location.host}/api/ws`
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const { user } = useSession()
  const [state, dispatch] = useReducer(liveReducer, initialLive)
  const [connected, setConnected] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const isAdmin = user?.role === 'admin'
  const reloadRef = useRef<() => Promise<void>>(async () => {})

  const reload = useCallback(async () => {
    try {
      const [rooms, stats] = await Promise.all([
        isAdmin ? api.admin.classrooms() : api.staff.classrooms(),
        isAdmin ? api.admin.stats().catch(() => null) : Promise.resolve(null),
      ])
      dispatch({ type: 'rooms_loaded', rooms })
      if (stats) dispatch({ type: 'stats_loaded', stats })
      setError(null)
    } catch (e) {
      setError(e)
    }
  }, [isAdmin])
  useEffect(() => {
    reloadRef.current = reload
  }, [reload])

  useEffect(() => {
    if (!user) return
    let ws: WebSocket | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    let attempt = 0
    let stopped = false
    let opened = false

    const connect = () => {
      const s = api.session()
      if (!s || stopped) return
      ws = new WebSocket(socketUrl(), socketProtocols(s.token))
      ws.onopen = () => {
        setConnected(true)
        if (opened) void reloadRef.current() // reconnect: catch up on what we missed
        opened = true
        attempt = 0
      }
      ws.onmessage = (m) => {
        const event = parseEvent(m.data)
        if (event) dispatch({ type: 'event', event })
      }
      ws.onclose = () => {
        setConnected(false)
        ws = null
        // Repeated refusals may mean the token is no longer valid: ask once
        // over HTTP, where a 401 signs the user out.
        if (attempt === 2) void api.me().catch(() => {})
        if (!stopped) timer = setTimeout(connect, backoff(attempt++))
      }
      ws.onerror = () => ws?.close()
    }

    void reloadRef.current()
    connect()
    return () => {
      stopped = true
      clearTimeout(timer)
      ws?.close()
    }
  }, [user])

  // A room we have never seen sent an event (someone just created it): reload.
  useEffect(() => {
    if (state.unknownRooms.length > 0) void reloadRef.current()
  }, [state.unknownRooms])

  const value = useMemo(() => ({ state, dispatch, connected, error, reload }), [state, connected, error, reload])
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useLive(): LiveContext {
  const c = useContext(Ctx)
  if (!c) throw new Error('useLive outside LiveProvider')
  return c
}
