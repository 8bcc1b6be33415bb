import { useState } from 'react'
import { api, ApiError } from '../../api/client'
import type { Building } from '../../api/types'
import { EditableList } from '../../components/EditableList'
import { Checkbox, ErrorBox, Input } from '../../components/ui'
import { problems } from '../../lib/validate'
import { RuleFields } from '../../components/RuleFields'
import { ruleBody, ruleProblems, ruleText } from '../../lib/rules'
import { useForm } from '../../lib/useForm'

type Fields = Pick<Building, 'name' | 'code' | 'address' | 'opening_hours'> & { requires_approval: boolean }

const fromBuilding = (b?: Building): Fields => ({
  name: b?.name ?? '', code: b?.code ?? '', address: b?.address ?? '', opening_hours: b?.opening_hours ?? 'Mo-Fr 08:00-20:00',
  requires_approval: b?.requires_approval ?? false,
})

function BuildingForm({ building, onDone, onCancel }: { building?: Building; onDone: (msg: string) => void; onCancel?: () => void }) {
  const [f, setF] = useState(() => fromBuilding(building))
  const [rules, setRules] = useState(() => ruleText(building))
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })
  const form = useForm({
    validate: () => ({ ...problems({ name: !f.name.trim() && 'Enter a building name.' }), ...ruleProblems(rules) }),
    send: async () => {
      const body = { name: f.name.trim(), code: f.code.trim(), address: f.address.trim(), opening_hours: f.opening_hours.trim(), requires_approval: f.requires_approval, ...ruleBody(rules) }
      if (building) await api.admin.updateBuilding(building.id, body)
      else await api.admin.createBuilding(body)
      return building ? `Saved ${body.name}.` : `Created ${body.name}.`
    },
    onSuccess: (msg) => {
      if (!building) {
        setF(fromBuilding())
        setRules(ruleText())
      }
      onDone(msg)
    },
  })
  const { errors, busy } = form
  const title = building ? `Edit ${building.name}` : 'New building'
  return (
    <form className="card form grid-form" onSubmit={form.onSubmit} noValidate aria-label={title}>
      <h2>{title}</h2>
      <ErrorBox error={form.error} />
      <Input label="Name" value={f.name} onChange={set('name')} error={errors.name} required />
      <Input label="Code" value={f.code} onChange={set('code')} error={errors.code} maxLength={16} />
      <Input label="Address" value={f.address} onChange={set('address')} error={errors.address} />
      <Input label="Opening hours" value={f.opening_hours} onChange={set('opening_hours')} error={errors.opening_hours}
        hint="Days and times, e.g. Mo-Fr 08:00-20:00; Sa 09:00-13:00" />
      <Checkbox label="Bookings in its rooms need approval" checked={f.requires_approval}
        onChange={(e) => setF({ ...f, requires_approval: e.target.checked })} />
      <RuleFields value={rules} onChange={setRules} errors={errors} inherits="the campus-wide limits" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : building ? 'Save' : 'Create building'}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  )
}

export default function Buildings() {
  return (
    <EditableList<Building> title="Buildings" load={() => api.admin.buildings()}
      nameHeader="Name" name={(b) => b.name} rowData={(b) => ({ 'data-building': b.name })}
      columns={[
        { header: 'Code', cell: (b) => b.code },
        { header: 'Address', cell: (b) => b.address },
        { header: 'Opening hours', cell: (b) => b.opening_hours },
        { header: 'Rooms', cell: (b) => b.rooms ?? '' },
        { header: 'Approval', cell: (b) => b.requires_approval ? 'required' : '' },
      ]}
      form={(b, onDone, onCancel) => <BuildingForm building={b} onDone={onDone} onCancel={onCancel} />}
      empty={{ title: 'No buildings yet', body: 'Create the first one with the form above, then put rooms in it under Classrooms.' }}
      // The server refuses (409) while rooms are in the building: say which and why.
      remove={(b) => ({
        confirm: `Delete ${b.name}?`, done: `Deleted ${b.name}.`,
        call: () => api.admin.deleteBuilding(b.id).catch((e: unknown) => {
          throw e instanceof ApiError && e.status === 409 ? new Error(`${b.name} was not deleted: ${e.message}.`) : e
        }),
      })} />
  )
}
