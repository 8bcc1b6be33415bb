import { useState, type FormEvent } from 'react'
import { api, errorText } from '../../api/client'
import type { Device } from '../../api/types'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { Async, CopyButton, ErrorBox, Input, Notice, Page } from '../../components/ui'
import { submitErrors } from '../../lib/forms'
import { useNow } from '../../lib/useNow'
import { roomList } from '../../lib/live'
import { ago, formatDateTime } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'

const DEVICE_ID = /^[A-Za-z0-9_.:-]{1,64}$/
const MAC = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/

function KeyPanel({ deviceId, apiKey, onClose }: { deviceId: string; apiKey: string; onClose: () => void }) {
  return (
    <div className="card key-panel" role="alert" aria-labelledby="key-title">
      <h2 id="key-title">API key for {deviceId}</h2>
      <p>Copy it now and put it on the node. It is shown only once and cannot be read again; rotate it if it is lost.</p>
      <p><code className="secret" data-testid="api-key">{apiKey}</code> <CopyButton text={apiKey} label="Copy key" /></p>
      <button type="button" onClick={onClose}>I have saved the key</button>
    </div>
  )
}

function RegisterForm({ onCreated }: { onCreated: (d: Device) => void }) {
  const [f, setF] = useState({ device_id: '', name: '', mac_address: '' })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const errs: Record<string, string> = {}
    if (!DEVICE_ID.test(f.device_id.trim())) errs.device_id = 'Use 1–64 letters, digits, dots, dashes, colons or underscores.'
    if (!f.name.trim()) errs.name = 'Enter a name for the device.'
    if (f.mac_address.trim() && !MAC.test(f.mac_address.trim())) errs.mac_address = 'Write the MAC address as AA:BB:CC:DD:EE:FF.'
    setErrors(errs)
    setError(null)
    if (Object.keys(errs).length) return
    setBusy(true)
    try {
      const d = await api.admin.createDevice({
        device_id: f.device_id.trim(), name: f.name.trim(), ...(f.mac_address.trim() ? { mac_address: f.mac_address.trim() } : {}),
      })
      setF({ device_id: '', name: '', mac_address: '' })
      onCreated(d)
    } catch (err) {
      const r = submitErrors(err)
      setErrors(r.fields)
      setError(r.general)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card form grid-form" onSubmit={submit} noValidate aria-label="Register a device">
      <h2>Register a device</h2>
      {error && <ErrorBox error={new Error(error)} />}
      <Input label="Device ID" value={f.device_id} onChange={set('device_id')} error={errors.device_id} hint="As configured on the node, e.g. esp32-101." />
      <Input label="Name" value={f.name} onChange={set('name')} error={errors.name} />
      <Input label="MAC address (optional)" value={f.mac_address} onChange={set('mac_address')} error={errors.mac_address} />
      <div className="form-actions"><button type="submit" className="primary" disabled={busy}>{busy ? 'Registering…' : 'Register device'}</button></div>
    </form>
  )
}

export default function Devices() {
  const { tz } = useSession()
  const live = useLive()
  const now = useNow()
  const list = useAsync(() => api.admin.devices(), [])
  const [key, setKey] = useState<{ deviceId: string; apiKey: string } | null>(null)
  const [msg, setMsg] = useState<string | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const rooms = roomList(live.state)

  const act = async (what: string, fn: () => Promise<unknown>) => {
    setActionError(null)
    setMsg(null)
    try {
      await fn()
      setMsg(what)
      list.reload()
      void live.reload()
    } catch (e) {
      setActionError(errorText(e))
    }
  }
  const rotate = (d: Device) => {
    if (!window.confirm(`Rotate the key of ${d.device_id}? The node stops working until it gets the new key.`)) return
    void act(`New key for ${d.device_id}.`, async () => {
      const a = await api.admin.rotateKey(d.device_id)
      setKey({ deviceId: a.device_id ?? d.device_id, apiKey: a.api_key })
    })
  }
  const link = (d: Device, roomId: string) =>
    act(roomId ? `Linked ${d.device_id}.` : `Unlinked ${d.device_id}.`, () =>
      roomId ? api.admin.linkDevice(Number(roomId), d.device_id) : api.admin.unlinkDevice(d.classroom_id!))
  const remove = (d: Device) => {
    if (!window.confirm(`Delete device ${d.device_id}?`)) return
    void act(`Deleted ${d.device_id}.`, () => api.admin.deleteDevice(d.device_id))
  }

  return (
    <Page title="Devices">
      {key && <KeyPanel deviceId={key.deviceId} apiKey={key.apiKey} onClose={() => setKey(null)} />}
      {msg && <Notice>{msg}</Notice>}
      {actionError && <div className="error-box" role="alert">{actionError}</div>}
      <RegisterForm onCreated={(d) => {
        if (d.api_key) setKey({ deviceId: d.device_id, apiKey: d.api_key })
        list.reload()
      }} />
      <Async state={list}>
        {(devices) => devices.length === 0 ? <p>No devices registered yet.</p> : (
          <table className="table">
            <thead>
              <tr><th scope="col">Device</th><th scope="col">Online</th><th scope="col">Last seen</th><th scope="col">Firmware</th><th scope="col">Room</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {devices.map((d) => {
                const online = live.state.devicesOnline[d.device_id] ?? d.is_connected
                return (
                  <tr key={d.device_id} data-device={d.device_id}>
                    <th scope="row">{d.name}<br /><code>{d.device_id}</code>{d.mac_address && <span className="muted"> {d.mac_address}</span>}{!d.is_active && <span className="muted"> (inactive)</span>}</th>
                    <td data-label="Online"><span className={`badge ${online ? 'state-occupied' : 'state-offline'}`}>{online ? 'Online' : 'Offline'}</span></td>
                    <td data-label="Last seen" title={formatDateTime(d.last_seen, tz)}>{ago(d.last_seen, now)}</td>
                    <td data-label="Firmware">{d.firmware_version ?? <span className="muted">unknown</span>}</td>
                    <td data-label="Room">
                      <label className="sr-only" htmlFor={`room-${d.device_id}`}>Room of {d.device_id}</label>
                      <select id={`room-${d.device_id}`} value={d.classroom_id ?? ''} onChange={(e) => link(d, e.target.value)}>
                        <option value="">Not linked</option>
                        {rooms.filter((r) => !r.esp_device_id || r.esp_device_id === d.device_id || r.id === d.classroom_id).map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
                      </select>
                    </td>
                    <td className="row-actions">
                      <button type="button" onClick={() => rotate(d)} aria-label={`Rotate key of ${d.device_id}`}>Rotate key</button>
                      <button type="button" onClick={() => act(d.is_active ? `Deactivated ${d.device_id}.` : `Activated ${d.device_id}.`, () => api.admin.updateDevice(d.device_id, { is_active: !d.is_active }))}>
                        {d.is_active ? 'Deactivate' : 'Activate'}
                      </button>
                      <button type="button" className="danger" onClick={() => remove(d)} aria-label={`Delete ${d.device_id}`}>Delete</button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
      </Async>
    </Page>
  )
}
