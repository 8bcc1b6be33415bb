// Tells screen-reader users, politely and without moving focus, what changed
// on its own: a room's state after a node's report, the live connection.
import { useEffect, useRef, useState } from 'react'
import { roomList } from '../lib/live'
import { describeChanges } from '../lib/status'
import { useLive } from './live'

export function Announcer() {
  const { state, connected } = useLive()
  const before = useRef<ReturnType<typeof roomList> | null>(null)
  const wasConnected = useRef<boolean | null>(null)
  const [text, setText] = useState('')

  useEffect(() => {
    if (!state.loaded) return
    const rooms = roomList(state)
    const said = before.current ? describeChanges(before.current, rooms) : []
    before.current = rooms
    if (said.length) setText(said.slice(0, 5).join(' ') + (said.length > 5 ? ` And ${said.length - 5} more rooms changed.` : ''))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.rooms, state.loaded])

  useEffect(() => {
    if (wasConnected.current !== null && wasConnected.current !== connected)
      setText(connected ? 'Live updates are back.' : 'Live updates paused; reconnecting.')
    wasConnected.current = connected
  }, [connected])

  return <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">{text}</div>
}
