// The booking rules of a room or a building on the admin forms: an empty field
// inherits (the building's rule, or the campus-wide option).
import type { RuleText } from '../lib/rules'
import { Input, Select, TextArea } from './ui'

export function RuleFields({ value, onChange, errors, inherits }: {
  value: RuleText; onChange: (t: RuleText) => void; errors: Record<string, string | undefined>; inherits: string
}) {
  const set = (k: keyof RuleText) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value })
  const number = (k: keyof RuleText, label: string, min: number) => (
    <Input label={label} type="number" min={min} inputMode="numeric" value={value[k] as string} onChange={set(k)}
      error={errors[k]} placeholder={inherits} />
  )
  return (
    <fieldset className="rule-fields">
      <legend>Booking rules (empty: {inherits})</legend>
      {number('max_booking_min', 'Longest booking (minutes)', 5)}
      <Input label="Earliest start" type="time" value={value.earliest_start} onChange={set('earliest_start')} error={errors.earliest_start} />
      <Input label="Latest end" type="time" value={value.latest_end} onChange={set('latest_end')} error={errors.latest_end} />
      {number('min_notice_min', 'Minimum notice (minutes)', 0)}
      {number('max_ahead_days', 'How far ahead (days)', 1)}
      {number('buffer_min', 'Buffer between bookings (minutes)', 0)}
      <Select label="Who may book" value={value.admins_only === null ? '' : value.admins_only ? 'admin' : 'staff'}
        onChange={(e) => onChange({ ...value, admins_only: e.target.value === '' ? null : e.target.value === 'admin' })}>
        <option value="">As {inherits}</option>
        <option value="staff">Staff and admins</option>
        <option value="admin">Admins only</option>
      </Select>
      <TextArea label="Directory groups that may book (one a line)" value={value.groups} onChange={set('groups')}
        error={errors.groups} placeholder={`Anyone; or as ${inherits}`} rows={2}
        hint="As the directory or the sign-in provider names them, e.g. physics or cn=physics,ou=groups,dc=uni. Admins may always book." />
    </fieldset>
  )
}
