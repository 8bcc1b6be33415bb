// Keeps a door display current without a session: asks GET /api/display/{token},
// listens on /api/ws?display={token} (the server says only "your room changed")
// and asks again then, and polls as well, rarely when live, often without the live
// connection (old tablets) or while the server is out of reach. The last state
// known stays on screen with the time the server was last reached.
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError, api } from '../../api/client'
import type { DoorDisplayData } from '../../api/types'
import { backoff } from '../../lib/live'
import { refreshDelay } from '../../lib/display'

export interface DoorDisplayState {
  data: DoorDisplayData | null
  offlineSince: number | null // when the server was first out of reach, ms
  gone: boolean // the address answers 404: reset or never valid
  live: boolean // the WebSocket is open
}

function socketUrl(token: string): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${proto}//${location.host}/api/ws?display=${encodeURIComponent(token)}`
}

export function useDoorDisplay(token: string, eink: boolean): DoorDisplayState {
  const [s, setS] = useState<DoorDisplayState>({ data: null, offlineSince: null, gone: false, live: false })
  const stateRef = useRef(s)
  useEffect(() => {
    stateRef.current = s
  }, [s])

  const load = useCallback(async () => {
    try {
      const data = await api.display(token)
      setS((p) => ({ ...p, data, offlineSince: null, gone: false }))
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setS((p) => ({ ...p, gone: true, offlineSince: null }))
      else setS((p) => ({ ...p, offlineSince: p.offlineSince ?? Date.now() }))
    }
  }, [token])

  // Polling, at a pace that follows the connection.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const tick = async () => {
      await load()
      if (stopped) return
      const { live, offlineSince, gone } = stateRef.current
      // A reset address does not come back: ask again only rarely.
      timer = setTimeout(tick, refreshDelay({ eink: eink || gone, live, offline: offlineSince !== null }))
    }
    void tick()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [load, eink])

  // The live connection (not on e-ink, nor where the browser has none).
  useEffect(() => {
    if (eink || typeof WebSocket === 'undefined' || s.gone) return
    let ws: WebSocket | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    let attempt = 0
    let stopped = false
    const connect = () => {
      if (stopped) return
      ws = new WebSocket(socketUrl(token))
      ws.onopen = () => {
        attempt = 0
        setS((p) => ({ ...p, live: true }))
        void load() // catch up on what happened while away
      }
      ws.onmessage = (m) => {
        if (typeof m.data === 'string' && m.data.includes('display_changed')) void load()
      }
      ws.onclose = () => {
        ws = null
        setS((p) => ({ ...p, live: false }))
        void load() // a closed connection may mean the server stopped: find out now
        if (!stopped) timer = setTimeout(connect, backoff(attempt++))
      }
      ws.onerror = () => ws?.close()
    }
    connect()
    return () => {
      stopped = true
      clearTimeout(timer)
      ws?.close()
    }
  }, [token, eink, load, s.gone])

  return s
}
