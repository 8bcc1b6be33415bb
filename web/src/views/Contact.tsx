import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { api } from '../api/client'
import { useSession } from '../app/session'
import { ErrorBox, Input, Notice, Page, Select, TextArea } from '../components/ui'
import { submitErrors } from '../lib/forms'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export default function Contact() {
  const { user } = useSession()
  const [form, setForm] = useState({
    name: user?.username ?? '', email: user?.email ?? '', subject: '', message: '', message_type: 'general',
  })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState(false)
  const [busy, setBusy] = useState(false)
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const errs: Record<string, string> = {}
    if (!form.name.trim()) errs.name = 'Enter your name.'
    if (!EMAIL.test(form.email.trim())) errs.email = 'Enter an email address like name@example.org.'
    if (!form.subject.trim()) errs.subject = 'Enter a subject.'
    if (form.message.trim().length < 5) errs.message = 'Write a message (at least 5 characters).'
    setErrors(errs)
    setError(null)
    if (Object.keys(errs).length) return
    setBusy(true)
    try {
      await api.contact({ ...form, name: form.name.trim(), email: form.email.trim() })
      setSent(true)
      setForm({ ...form, subject: '', message: '' })
    } catch (err) {
      const r = submitErrors(err)
      setErrors(r.fields)
      setError(r.general)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page title="Contact the facilities team">
      {sent && <Notice>Thank you, your message has been sent.</Notice>}
      <form className="card form" onSubmit={submit} noValidate aria-label="Contact form">
        {error && <ErrorBox error={new Error(error)} />}
        <Input label="Your name" value={form.name} onChange={set('name')} error={errors.name} autoComplete="name" />
        <Input label="Email" type="email" value={form.email} onChange={set('email')} error={errors.email} autoComplete="email" />
        <Select label="Type" value={form.message_type} onChange={set('message_type')} error={errors.message_type}>
          <option value="general">General question</option>
          <option value="issue">Problem in a room</option>
          <option value="booking">Booking</option>
          <option value="feedback">Feedback</option>
        </Select>
        <Input label="Subject" value={form.subject} onChange={set('subject')} error={errors.subject} maxLength={200} />
        <TextArea label="Message" value={form.message} onChange={set('message')} error={errors.message} rows={6} maxLength={5000} />
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Sending…' : 'Send message'}</button>
        {!user && <p className="muted"><Link to="/signin">Back to sign-in</Link></p>}
      </form>
    </Page>
  )
}
