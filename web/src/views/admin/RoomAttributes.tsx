// The rooms' attribute vocabulary: what a room may have (projector, hearing loop, ...).
import { useState } from 'react'
import { api, ApiError } from '../../api/client'
import type { RoomAttribute } from '../../api/types'
import { EditableList } from '../../components/EditableList'
import { ErrorBox, Input } from '../../components/ui'
import { problems } from '../../lib/validate'
import { useForm } from '../../lib/useForm'

const KEY = /^[a-z][a-z0-9_-]{0,39}$/

function AttributeForm({ attribute, onDone, onCancel }: { attribute?: RoomAttribute; onDone: (msg: string) => void; onCancel?: () => void }) {
  const [f, setF] = useState({ key: attribute?.key ?? '', label: attribute?.label ?? '' })
  const form = useForm({
    validate: () => problems({
      key: !KEY.test(f.key.trim()) && 'Use lowercase letters, digits, “-” and “_”, starting with a letter.',
      label: !f.label.trim() && 'Enter a label.',
    }),
    send: async () => {
      const body = { key: f.key.trim(), label: f.label.trim() }
      if (attribute) await api.admin.updateRoomAttribute(attribute.id, body)
      else await api.admin.createRoomAttribute(body)
      return attribute ? `Saved ${body.label}.` : `Created ${body.label}.`
    },
    onSuccess: (msg) => {
      if (!attribute) setF({ key: '', label: '' })
      onDone(msg)
    },
  })
  const { errors, busy } = form
  const title = attribute ? `Edit ${attribute.label}` : 'New room attribute'
  return (
    <form className="card form grid-form" onSubmit={form.onSubmit} noValidate aria-label={title}>
      <h2>{title}</h2>
      <ErrorBox error={form.error} />
      <Input label="Label" value={f.label} onChange={(e) => setF({ ...f, label: e.target.value })} error={errors.label} required />
      <Input label="Key" value={f.key} onChange={(e) => setF({ ...f, key: e.target.value })} error={errors.key} required
        hint="What the API and the search use, e.g. hearing-loop" maxLength={40} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : attribute ? 'Save' : 'Create attribute'}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  )
}

export default function RoomAttributes() {
  return (
    <EditableList<RoomAttribute> title="Room attributes" load={() => api.admin.roomAttributes()}
      nameHeader="Label" name={(a) => a.label} rowData={(a) => ({ 'data-attribute': a.key })}
      columns={[
        { header: 'Key', cell: (a) => <code>{a.key}</code> },
        { header: 'Rooms', cell: (a) => a.rooms.length ? a.rooms.join(', ') : <span className="muted">none</span> },
      ]}
      form={(a, onDone, onCancel) => <AttributeForm attribute={a} onDone={onDone} onCancel={onCancel} />}
      empty={{ title: 'No room attributes yet', body: 'Create the first one (a projector, step-free access, …), then give rooms theirs under Classrooms.' }}
      // The server refuses (409) while rooms have it and names them: delete anyway only when confirmed.
      remove={(a) => ({
        confirm: `Delete ${a.label}?`, done: `Deleted ${a.label}.`,
        call: () => api.admin.deleteRoomAttribute(a.id).catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 409 && window.confirm(`${e.message}. Delete it from those rooms too?`))
            return api.admin.deleteRoomAttribute(a.id, true)
          throw e instanceof ApiError && e.status === 409 ? new Error(`${a.label} was not deleted: ${e.message}.`) : e
        }),
      })} />
  )
}
