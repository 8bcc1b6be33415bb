// Teaching terms and the days in them the campus is closed: no bookings then, and
// weekly series skip them.
import { useState } from 'react'
import { api } from '../../api/client'
import type { Term } from '../../api/types'
import { EditableList } from '../../components/EditableList'
import { ErrorBox, Input, TextArea } from '../../components/ui'
import { closedText, parseClosed } from '../../lib/terms'
import { problems } from '../../lib/validate'
import { useForm } from '../../lib/useForm'

const fromTerm = (t?: Term) => ({
  name: t?.name ?? '', first_day: t?.first_day ?? '', last_day: t?.last_day ?? '', closed: closedText(t?.closed ?? []),
})

function TermForm({ term, onDone, onCancel }: { term?: Term; onDone: (msg: string) => void; onCancel?: () => void }) {
  const [f, setF] = useState(() => fromTerm(term))
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })
  const closed = parseClosed(f.closed)
  const form = useForm({
    validate: () => problems({
      name: !f.name.trim() && 'Enter a name, e.g. Spring 2027.',
      first_day: !f.first_day && 'Choose the first teaching day.',
      last_day: (!f.last_day && 'Choose the last teaching day.') || (f.last_day < f.first_day && 'The last day is before the first.'),
      closed: 'problem' in closed && closed.problem,
    }),
    send: async () => {
      const body = { name: f.name.trim(), first_day: f.first_day, last_day: f.last_day, closed: 'ranges' in closed ? closed.ranges : [] }
      if (term) await api.admin.updateTerm(term.id, body)
      else await api.admin.createTerm(body)
      return term ? `Saved ${body.name}.` : `Created ${body.name}.`
    },
    onSuccess: (msg) => {
      if (!term) setF(fromTerm())
      onDone(msg)
    },
  })
  const { errors, busy } = form
  const title = term ? `Edit ${term.name}` : 'New term'
  return (
    <form className="card form grid-form" onSubmit={form.onSubmit} noValidate aria-label={title}>
      <h2>{title}</h2>
      <ErrorBox error={form.error} />
      <Input label="Name" value={f.name} onChange={set('name')} error={errors.name} required />
      <Input label="First teaching day" type="date" value={f.first_day} onChange={set('first_day')} error={errors.first_day} required />
      <Input label="Last teaching day" type="date" value={f.last_day} onChange={set('last_day')} error={errors.last_day} required />
      <TextArea label="Closed days" value={f.closed} onChange={set('closed')} error={errors.closed} rows={4}
        hint="One a line: first and last day, then what it is, e.g. 2027-03-29 2027-04-09 Easter break; one day: 2027-05-01 Labour day" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : term ? 'Save' : 'Create term'}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  )
}

export default function Terms() {
  return (
    <EditableList<Term> title="Terms" load={() => api.admin.terms()}
      nameHeader="Name" name={(t) => t.name} rowData={(t) => ({ 'data-term': t.name })}
      columns={[
        { header: 'Teaching days', cell: (t) => `${t.first_day} to ${t.last_day}` },
        {
          header: 'Closed', cell: (t) => t.closed.length === 0 ? <span className="muted">none</span> : (
            <ul className="plain">{t.closed.map((c) => <li key={c.first_day + c.label}>{c.label}: {c.first_day === c.last_day ? c.first_day : `${c.first_day} to ${c.last_day}`}</li>)}</ul>
          ),
        },
      ]}
      form={(t, onDone, onCancel) => <TermForm term={t} onDone={onDone} onCancel={onCancel} />}
      empty={{ title: 'No terms yet', body: 'Create the first one with the form above; its closed days take no bookings, and weekly series skip them.' }}
      remove={(t) => ({ confirm: `Delete ${t.name}? Its closed days open again.`, done: `Deleted ${t.name}.`, call: () => api.admin.deleteTerm(t.id) })} />
  )
}
