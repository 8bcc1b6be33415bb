import { useState } from 'react'
import { api } from '../../api/client'
import type { Device } from '../../api/types'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { ActionNotice, Async, CopyButton, Empty, ErrorBox, Input, Page } from '../../components/ui'
import { deviceLive, healthText } from '../../lib/devices'
import { roomList } from '../../lib/live'
import { ago, formatDateTime } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useAction, useForm, type Action } from '../../lib/useForm'
import { useNow } from '../../lib/useNow'
import { identifierProblem, macProblem, problems } from '../../lib/validate'
import { Icon } from '../../components/Icon'

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

const blank = { device_id: '', name: '', mac_address: '', api_key: '' }

function RegisterForm({ onCreated }: { onCreated: (d: Device) => void }) {
  const [f, setF] = useState(blank)
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })
  const form = useForm({
    validate: () => problems({
      device_id: identifierProblem(f.device_id.trim(), 1, 64),
      name: !f.name.trim() && 'Enter a name for the device.',
      mac_address: macProblem(f.mac_address.trim()),
      api_key: f.api_key.trim() !== '' && f.api_key.trim().length < 8 && 'An existing key has at least 8 characters.',
    }),
    send: () => api.admin.createDevice({
      device_id: f.device_id.trim(), name: f.name.trim(), ...(f.mac_address.trim() ? { mac_address: f.mac_address.trim() } : {}),
      ...(f.api_key.trim() ? { api_key: f.api_key.trim() } : {}),
    }),
    onSuccess: (d) => {
      setF(blank)
      onCreated(d)
    },
  })
  return (
    <form className="card form grid-form" onSubmit={form.onSubmit} noValidate aria-label="Register a device">
      <h2>Register a device</h2>
      <ErrorBox error={form.error} />
      <Input label="Device ID" value={f.device_id} onChange={set('device_id')} error={form.errors.device_id} hint="As configured on the node, e.g. esp32-101." />
      <Input label="Name" value={f.name} onChange={set('name')} error={form.errors.name} />
      <Input label="MAC address (optional)" value={f.mac_address} onChange={set('mac_address')} error={form.errors.mac_address} />
      <Input label="Existing key (optional)" value={f.api_key} onChange={set('api_key')} error={form.errors.api_key} autoComplete="off"
        hint="Only for a node already in the field. Left empty, a strong key is made; a key under 16 characters is marked weak." />
      <div className="form-actions"><button type="submit" className="primary" disabled={form.busy}>{form.busy ? 'Registering…' : 'Register device'}</button></div>
    </form>
  )
}

function DeviceRow({ d, action, onKey }: { d: Device; action: Action; onKey: (deviceId: string, apiKey: string) => void }) {
  const { tz } = useSession()
  const live = useLive()
  const now = useNow()
  const { online, lastSeen, sensorFault } = deviceLive(d, live.state)
  const rooms = roomList(live.state).filter((r) => !r.esp_device_id || r.esp_device_id === d.device_id || r.id === d.classroom_id)
  const link = (roomId: string) =>
    action.run(roomId ? `Linked ${d.device_id}.` : `Unlinked ${d.device_id}.`, () =>
      roomId ? api.admin.linkDevice(Number(roomId), d.device_id) : api.admin.unlinkDevice(d.classroom_id!))
  const rotate = () => action.run(`New key for ${d.device_id}.`, async () => {
    const a = await api.admin.rotateKey(d.device_id)
    onKey(a.device_id ?? d.device_id, a.api_key)
  }, `Rotate the key of ${d.device_id}? The node stops working until it gets the new key.`)
  const health = healthText(d.health)
  return (
    <tr data-device={d.device_id}>
      <th scope="row">
        {d.name}<br /><code>{d.device_id}</code>{d.mac_address && <span className="muted"> {d.mac_address}</span>}{!d.is_active && <span className="muted"> (inactive)</span>}
        {d.key_weak && <><br /><span className="badge state-idle_on"><Icon name="warn" /> Weak key: rotate it</span></>}
      </th>
      <td data-label="Online">
        <span className={`badge ${online ? 'state-occupied' : 'state-offline'}`}><Icon name={online ? 'check' : 'offline'} /> {online ? 'Online' : 'Offline'}</span>
        {sensorFault && <> <span className="badge state-sensor_fault"><Icon name="warn" /> Sensor fault: {sensorFault}</span></>}
      </td>
      <td data-label="Last seen" title={formatDateTime(lastSeen, tz)}>{ago(lastSeen, now)}</td>
      <td data-label="Firmware">
        {d.firmware_version ?? <span className="muted">unknown</span>}
        {health && <><br /><span className="muted">{health}</span></>}
      </td>
      <td data-label="Room">
        <label className="sr-only" htmlFor={`room-${d.device_id}`}>Room of {d.device_id}</label>
        <select id={`room-${d.device_id}`} value={d.classroom_id ?? ''} onChange={(e) => link(e.target.value)}>
          <option value="">Not linked</option>
          {rooms.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </select>
      </td>
      <td className="row-actions">
        <button type="button" className={d.key_weak ? 'primary' : undefined} onClick={rotate} aria-label={`Rotate key of ${d.device_id}`}>Rotate key</button>
        <button type="button" onClick={() => action.run(d.is_active ? `Deactivated ${d.device_id}.` : `Activated ${d.device_id}.`, () => api.admin.updateDevice(d.device_id, { is_active: !d.is_active }))}>
          {d.is_active ? 'Deactivate' : 'Activate'}
        </button>
        <button type="button" className="danger" aria-label={`Delete ${d.device_id}`}
          onClick={() => action.run(`Deleted ${d.device_id}.`, () => api.admin.deleteDevice(d.device_id), `Delete device ${d.device_id}?`)}>Delete</button>
      </td>
    </tr>
  )
}

export default function Devices() {
  const live = useLive()
  const list = useAsync(() => api.admin.devices(), [])
  const [key, setKey] = useState<{ deviceId: string; apiKey: string } | null>(null)
  const action = useAction(() => {
    list.reload()
    void live.reload()
  })

  return (
    <Page title="Devices">
      {key && <KeyPanel deviceId={key.deviceId} apiKey={key.apiKey} onClose={() => setKey(null)} />}
      <ActionNotice action={action} />
      <RegisterForm onCreated={(d) => {
        if (d.api_key) setKey({ deviceId: d.device_id, apiKey: d.api_key })
        list.reload()
      }} />
      <Async state={list}>
        {(devices) => devices.length === 0 ? (
          <Empty title="No devices registered yet">Register a node with the form above, then link it to its room.</Empty>
        ) : (
          <table className="table">
            <caption className="sr-only">Devices</caption>
            <thead>
              <tr><th scope="col">Device</th><th scope="col">Online</th><th scope="col">Last seen</th><th scope="col">Firmware</th><th scope="col">Room</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {devices.map((d) => <DeviceRow key={d.device_id} d={d} action={action} onKey={(deviceId, apiKey) => setKey({ deviceId, apiKey })} />)}
            </tbody>
          </table>
        )}
      </Async>
    </Page>
  )
}
