import { useState } from 'react'
import { api, ApiError } from '../../api/client'
import type { Building } from '../../api/types'
import { ActionNotice, Async, Checkbox, Empty, ErrorBox, Input, Page } from '../../components/ui'
import { problems } from '../../lib/validate'
import { RuleFields } from '../../components/RuleFields'
import { ruleBody, ruleProblems, ruleText } from '../../lib/rules'
import { useAsync } from '../../lib/useAsync'
import { useAction, useForm } from '../../lib/useForm'

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
  const list = useAsync(() => api.admin.buildings(), [])
  const [editing, setEditing] = useState<number | null>(null)
  const action = useAction(() => list.reload())
  const done = (m: string) => {
    action.say(m)
    setEditing(null)
    list.reload()
  }
  // The server refuses (409) while rooms are in the building: say which and why.
  const remove = (b: Building) =>
    action.run(`Deleted ${b.name}.`, () => api.admin.deleteBuilding(b.id).catch((e: unknown) => {
      throw e instanceof ApiError && e.status === 409 ? new Error(`${b.name} was not deleted: ${e.message}.`) : e
    }), `Delete ${b.name}?`)

  return (
    <Page title="Buildings">
      <ActionNotice action={action} />
      <BuildingForm onDone={done} />
      <Async state={list}>{(buildings) => buildings.length === 0 ? (
        <Empty title="No buildings yet">Create the first one with the form above, then put rooms in it under Classrooms.</Empty>
      ) : (
        <table className="table">
          <caption className="sr-only">Buildings</caption>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Code</th><th scope="col">Address</th><th scope="col">Opening hours</th><th scope="col">Rooms</th><th scope="col">Approval</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {buildings.map((b) => editing === b.id ? (
              <tr key={b.id}><td colSpan={7}><BuildingForm building={b} onDone={done} onCancel={() => setEditing(null)} /></td></tr>
            ) : (
              <tr key={b.id} data-building={b.name}>
                <th scope="row">{b.name}</th>
                <td data-label="Code">{b.code}</td>
                <td data-label="Address">{b.address}</td>
                <td data-label="Opening hours">{b.opening_hours}</td>
                <td data-label="Rooms">{b.rooms ?? ''}</td>
                <td data-label="Approval">{b.requires_approval ? 'required' : ''}</td>
                <td className="row-actions">
                  <button type="button" onClick={() => setEditing(b.id)} aria-label={`Edit ${b.name}`}>Edit</button>
                  <button type="button" className="danger" onClick={() => remove(b)} aria-label={`Delete ${b.name}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</Async>
    </Page>
  )
}
