import { useState } from 'react'
import { api } from '../../api/client'
import type { Building, Classroom, Device, RoomAttribute } from '../../api/types'
import { useLive } from '../../app/live'
import { RoomAttributes } from '../../components/RoomCard'
import { ActionNotice, Checkbox, Empty, ErrorBox, Input, Loading, Page, RoomBadge, Select } from '../../components/ui'
import { roomList } from '../../lib/live'
import { useAsync } from '../../lib/useAsync'
import { useAction, useForm } from '../../lib/useForm'
import { DisplayLinks } from './DisplayLinks'
import { RuleFields } from '../../components/RuleFields'
import { ruleBody, ruleProblems, ruleText, type RuleText } from '../../lib/rules'

interface RoomFields {
  name: string
  location: string
  capacity: string
  esp_device_id: string
  building_id: string
  floor: string
  attributes: string[]
  idle_timeout_s: string
  power_off_delay_s: string
  auto_power_on: boolean
  rated_load_w: string
  no_show_grace_s: string
  is_active: boolean
  requires_approval: boolean
}

const fromRoom = (r?: Classroom): RoomFields => ({
  name: r?.name ?? '',
  location: r?.location ?? '',
  capacity: String(r?.capacity ?? 30),
  esp_device_id: r?.esp_device_id ?? '',
  building_id: r?.building_id ? String(r.building_id) : '',
  floor: r?.floor ?? '',
  attributes: r?.attributes ?? [],
  idle_timeout_s: String(r?.idle_timeout_s ?? 60),
  power_off_delay_s: String(r?.power_off_delay_s ?? 180),
  auto_power_on: r?.auto_power_on ?? true,
  rated_load_w: String(r?.rated_load_w ?? 1000),
  no_show_grace_s: String(r?.no_show_grace_s ?? 900),
  is_active: r?.is_active ?? true,
  requires_approval: r?.requires_approval ?? false,
})

const NUMBERS: [keyof RoomFields, string, number][] = [
  ['capacity', 'Capacity', 1],
  ['idle_timeout_s', 'Idle timeout (seconds)', 10],
  ['power_off_delay_s', 'Power-off delay (seconds)', 0],
  ['rated_load_w', 'Rated load (watts)', 0],
  ['no_show_grace_s', 'No-show grace (seconds)', 60],
]

function validate(f: RoomFields): Record<string, string> {
  const e: Record<string, string> = {}
  if (!f.name.trim()) e.name = 'Enter a room name.'
  for (const [k, label, min] of NUMBERS) {
    const v = Number(f[k])
    if (f[k] === '' || !Number.isInteger(v) || v < min) e[k] = `${label} must be a whole number of at least ${min}.`
  }
  return e
}

async function saveRoom(f: RoomFields, rules: RuleText, room?: Classroom): Promise<string> {
  const body: Partial<Classroom> = {
    name: f.name.trim(), location: f.location.trim(), capacity: Number(f.capacity), building_id: f.building_id ? Number(f.building_id) : null,
    floor: f.floor.trim(), attributes: f.attributes,
    idle_timeout_s: Number(f.idle_timeout_s), power_off_delay_s: Number(f.power_off_delay_s),
    auto_power_on: f.auto_power_on, rated_load_w: Number(f.rated_load_w), no_show_grace_s: Number(f.no_show_grace_s),
    requires_approval: f.requires_approval, ...ruleBody(rules),
  }
  if (!room) {
    await api.admin.createClassroom({ ...body, ...(f.esp_device_id ? { esp_device_id: f.esp_device_id } : {}) })
    return `Created ${body.name}.`
  }
  await api.admin.updateClassroom(room.id, { ...body, is_active: f.is_active })
  if (f.esp_device_id !== (room.esp_device_id ?? '')) {
    if (f.esp_device_id) await api.admin.linkDevice(room.id, f.esp_device_id)
    else await api.admin.unlinkDevice(room.id)
  }
  return `Saved ${body.name}.`
}

function RoomForm({ room, devices, buildings, attributes, onDone, onCancel }: {
  room?: Classroom; devices: Device[]; buildings: Building[]; attributes: RoomAttribute[]; onDone: (msg: string) => void; onCancel?: () => void
}) {
  const [f, setF] = useState(() => fromRoom(room))
  const [rules, setRules] = useState(() => ruleText(room))
  const set = (k: keyof RoomFields) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })
  const free = devices.filter((d) => !d.classroom_id || d.classroom_id === room?.id)
  const form = useForm({
    validate: () => ({ ...validate(f), ...ruleProblems(rules) }),
    send: () => saveRoom(f, rules, room),
    onSuccess: (msg) => {
      if (!room) {
        setF(fromRoom())
        setRules(ruleText())
      }
      onDone(msg)
    },
  })
  const { errors, busy } = form

  const title = room ? `Edit ${room.name}` : 'New classroom'
  return (
    <form className="card form grid-form" onSubmit={form.onSubmit} noValidate aria-label={title}>
      <h2>{title}</h2>
      <ErrorBox error={form.error} />
      <Input label="Name" value={f.name} onChange={set('name')} error={errors.name} required />
      <Input label="Location" value={f.location} onChange={set('location')} error={errors.location} />
      <Select label="Building" value={f.building_id} onChange={set('building_id')} error={errors.building_id}>
        <option value="">No building</option>
        {buildings.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
      </Select>
      <Input label="Floor" value={f.floor} onChange={set('floor')} error={errors.floor} maxLength={40} hint="As people say it, e.g. 2 or Ground" />
      {attributes.length > 0 && (
        <fieldset className="attribute-choices">
          <legend>Attributes</legend>
          {attributes.map((a) => (
            <Checkbox key={a.key} label={a.label} checked={f.attributes.includes(a.key)}
              onChange={(e) => setF({ ...f, attributes: e.target.checked ? [...f.attributes, a.key] : f.attributes.filter((k) => k !== a.key) })} />
          ))}
        </fieldset>
      )}
      <Select label="Device" value={f.esp_device_id} onChange={set('esp_device_id')} error={errors.esp_device_id}>
        <option value="">No device</option>
        {free.map((d) => <option key={d.device_id} value={d.device_id}>{d.name} ({d.device_id})</option>)}
      </Select>
      {NUMBERS.map(([k, label, min]) => (
        <Input key={k} label={label} type="number" min={min} inputMode="numeric" value={f[k] as string} onChange={set(k)} error={errors[k]} />
      ))}
      <Checkbox label="Switch power on automatically for bookings" checked={f.auto_power_on} onChange={(e) => setF({ ...f, auto_power_on: e.target.checked })} />
      <Checkbox label="Bookings need approval" checked={f.requires_approval} onChange={(e) => setF({ ...f, requires_approval: e.target.checked })} />
      <RuleFields value={rules} onChange={setRules} errors={errors} inherits="the building's rules" />
      {room && <Checkbox label="Active (bookable)" checked={f.is_active} onChange={(e) => setF({ ...f, is_active: e.target.checked })} />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : room ? 'Save' : 'Create classroom'}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  )
}

export default function Classrooms() {
  const { state, error, reload } = useLive()
  const devices = useAsync(() => api.admin.devices(), [])
  const buildings = useAsync(() => api.admin.buildings(), [])
  const attributes = useAsync(() => api.admin.roomAttributes(), [])
  const labels = Object.fromEntries((attributes.data ?? []).map((a) => [a.key, a.label]))
  const [editing, setEditing] = useState<number | null>(null)
  const rooms = roomList(state)
  const action = useAction(() => {
    setEditing(null)
    void reload()
    devices.reload()
  })
  const done = (m: string) => {
    action.say(m)
    setEditing(null)
    void reload()
    devices.reload()
  }
  const remove = (r: Classroom) =>
    action.run((a: { message?: string } | null) => (a?.message ? `${r.name}: ${a.message}.` : `Deleted ${r.name}.`),
      () => api.admin.deleteClassroom(r.id) as Promise<{ message?: string } | null>,
      `Delete ${r.name}? Its bookings and history go with it.`)

  return (
    <Page title="Classrooms">
      <ErrorBox error={error} onRetry={reload} />
      <ErrorBox error={devices.error} onRetry={devices.reload} />
      <ErrorBox error={buildings.error} onRetry={buildings.reload} />
      <ErrorBox error={attributes.error} onRetry={attributes.reload} />
      <ActionNotice action={action} />
      <RoomForm devices={devices.data ?? []} buildings={buildings.data ?? []} attributes={attributes.data ?? []} onDone={done} />
      {!state.loaded && !error ? <Loading /> : rooms.length === 0 ? (
        <Empty title="No classrooms yet">Create the first one with the form above; link its node under Devices.</Empty>
      ) : (
        <table className="table">
          <caption className="sr-only">Classrooms</caption>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Location</th><th scope="col">Floor</th><th scope="col">Seats</th><th scope="col">Attributes</th><th scope="col">Device</th><th scope="col">State</th><th scope="col">Power rules</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {rooms.map((r) => editing === r.id ? (
              <tr key={r.id}><td colSpan={9}><RoomForm room={r} devices={devices.data ?? []} buildings={buildings.data ?? []} attributes={attributes.data ?? []} onDone={done} onCancel={() => setEditing(null)} /></td></tr>
            ) : (
              <tr key={r.id} data-room={r.name}>
                <th scope="row">{r.name}{!r.is_active && <span className="muted"> (inactive)</span>}</th>
                <td data-label="Location">{r.location}</td>
                <td data-label="Floor">{r.floor ?? ''}</td>
                <td data-label="Seats">{r.capacity}</td>
                <td data-label="Attributes"><RoomAttributes room={r} labels={labels} /></td>
                <td data-label="Device">{r.esp_device_id ?? <span className="muted">none</span>}</td>
                <td data-label="State"><RoomBadge room={r} /></td>
                <td className="muted" data-label="Power rules">idle {r.idle_timeout_s ?? '—'} s, off after {r.power_off_delay_s ?? '—'} s</td>
                <td className="row-actions">
                  <button type="button" onClick={() => setEditing(r.id)} aria-label={`Edit ${r.name}`}>Edit</button>
                  <button type="button" className="danger" onClick={() => remove(r)} aria-label={`Delete ${r.name}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.loaded && <DisplayLinks rev={rooms.map((r) => `${r.id}:${r.name}:${r.is_active}`).join()} />}
    </Page>
  )
}
