// A device as the devices list shows it, from its row and the live picture: online
// (device events), last seen (its room's reports), and its sensor's fault. Pure.
import type { Device } from '../api/types'
import type { LiveState } from './live'

export interface DeviceLive {
  online: boolean
  lastSeen: string | null
  sensorFault: string | null // what the node says is wrong with its sensor
}

const later = (a: string | null, b: string | null): string | null =>
  !a ? b : !b ? a : new Date(b).getTime() > new Date(a).getTime() ? b : a

export function deviceLive(d: Device, live: Pick<LiveState, 'rooms' | 'devicesOnline'>): DeviceLive {
  const room = Object.values(live.rooms).find((r) => r.esp_device_id === d.device_id)
  const status = room?.status ?? null
  return {
    online: live.devicesOnline[d.device_id] ?? status?.device_online ?? d.is_connected,
    lastSeen: later(d.last_seen, status?.last_updated ?? null),
    sensorFault: status && status.sensor_ok === false ? status.sensor_fault || 'not working' : null,
  }
}
