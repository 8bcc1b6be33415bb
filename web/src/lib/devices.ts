// A device as the devices list shows it, from its row and the live picture: online
// (device events), last seen (its room's reports), and its sensor's fault. Pure.
import type { Device, NodeHealth } from '../api/types'
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

// WiFi signal in words, as installers read it (dBm from the node's heartbeat).
export function signalWord(rssi: number): string {
  return rssi >= -60 ? 'strong' : rssi >= -70 ? 'good' : rssi >= -80 ? 'weak' : 'very weak'
}

// The node's health in one line: signal, uptime, last reset, free memory.
export function healthText(h: NodeHealth | undefined): string | null {
  if (!h) return null
  const parts: string[] = []
  if (h.rssi != null) parts.push(`signal ${h.rssi} dBm (${signalWord(h.rssi)})`)
  if (h.uptime_s != null) {
    const d = Math.floor(h.uptime_s / 86400), hr = Math.floor((h.uptime_s % 86400) / 3600), m = Math.floor((h.uptime_s % 3600) / 60)
    parts.push(`up ${d ? `${d} d ${hr} h` : hr ? `${hr} h ${m} min` : `${m} min`}`)
  }
  if (h.reset_reason) parts.push(`last reset: ${h.reset_reason}`)
  if (h.free_heap != null) parts.push(`${Math.round(h.free_heap / 1024)} KiB free`)
  return parts.length ? parts.join(' · ') : null
}
