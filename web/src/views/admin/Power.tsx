import { useState } from 'react'
import { api } from '../../api/client'
import type { Classroom } from '../../api/types'
import { useLive } from '../../app/live'
import { PowerState } from '../../components/RoomCard'
import { ActionNotice, Empty, ErrorBox, Loading, Page, RoomBadge } from '../../components/ui'
import { roomList } from '../../lib/live'
import { useNow } from '../../lib/useNow'
import { useSession } from '../../app/session'
import { useAction } from '../../lib/useForm'
import { Link } from 'react-router'

export default function Power() {
  const { state, dispatch, error, reload } = useLive()
  const [duration, setDuration] = useState('60')
  const [busy, setBusy] = useState<number | null>(null)
  const { tz } = useSession()
  const now = useNow()
  const rooms = roomList(state)
  const action = useAction()

  // One room at a time is busy; the notice names the room.
  const onRoom = async (room: Classroom, fn: () => Promise<string>) => {
    setBusy(room.id)
    await action.run((m: string) => `${room.name}: ${m}`, fn)
    setBusy(null)
  }
  const switchRoom = (room: Classroom, on: boolean) => onRoom(room, async () => {
    const a = await api.admin.power(room.id, on, duration ? Number(duration) : undefined)
    if (a.command) dispatch({ type: 'power_requested', classroom_id: room.id, command_id: a.command.id, power_on: on })
    return a.message || `switching ${on ? 'on' : 'off'}`
  })
  const automatic = (room: Classroom) => onRoom(room, async () => {
    const a = await api.admin.cancelOverride(room.id)
    void reload()
    return a?.message ?? 'back to automatic control'
  })

  return (
    <Page title="Power control">
      <ErrorBox error={error} onRetry={reload} />
      <div className="toolbar">
        <label htmlFor="override-duration">Hold the override for</label>
        <select id="override-duration" value={duration} onChange={(e) => setDuration(e.target.value)}>
          <option value="">until the rules change it</option>
          <option value="30">30 minutes</option>
          <option value="60">1 hour</option>
          <option value="120">2 hours</option>
          <option value="240">4 hours</option>
        </select>
      </div>
      <ActionNotice action={action} />
      {!state.loaded && !error ? <Loading /> : rooms.length === 0 ? (
        <Empty title="No rooms yet"><Link to="/admin/classrooms">Add a classroom</Link> and link its node to switch its power here.</Empty>
      ) : (
        <table className="table">
          <caption className="sr-only">Power of each room</caption>
          <thead>
            <tr><th scope="col">Room</th><th scope="col">State</th><th scope="col">Power</th><th scope="col">Switch</th></tr>
          </thead>
          <tbody>
            {rooms.map((r) => {
              const noDevice = !r.esp_device_id
              return (
                <tr key={r.id} data-room={r.name}>
                  <th scope="row">{r.name}</th>
                  <td data-label="State"><RoomBadge room={r} /></td>
                  <td data-label="Power"><PowerState room={r} now={now} tz={tz} /></td>
                  <td className="row-actions">
                    <button type="button" disabled={noDevice || busy === r.id} onClick={() => switchRoom(r, true)} aria-label={`Switch ${r.name} on`}>On</button>
                    <button type="button" disabled={noDevice || busy === r.id} onClick={() => switchRoom(r, false)} aria-label={`Switch ${r.name} off`}>Off</button>
                    {r.status?.pending_command && (
                      <button type="button" disabled={busy === r.id} onClick={() => automatic(r)} aria-label={`Return ${r.name} to automatic control`}>Automatic</button>
                    )}
                    {noDevice && <span className="muted"> no device</span>}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </Page>
  )
}
