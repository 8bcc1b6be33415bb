import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../api/client'
import { useSession } from '../app/session'
import { ErrorBox, Input, Notice, Page, Select, TextArea } from '../components/ui'
import { useForm } from '../lib/useForm'
import { emailProblem, problems } from '../lib/validate'

export default function Contact() {
  const { user } = useSession()
  const [f, setF] = useState({
    name: user?.username ?? '', email: user?.email ?? '', subject: '', message: '', message_type: 'general',
  })
  const [sent, setSent] = useState(false)
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })
  const form = useForm({
    validate: () => problems({
      name: !f.name.trim() && 'Enter your name.',
      email: emailProblem(f.email.trim()),
      subject: !f.subject.trim() && 'Enter a subject.',
      message: f.message.trim().length < 5 && 'Write a message (at least 5 characters).',
    }),
    send: () => api.contact({ ...f, name: f.name.trim(), email: f.email.trim() }),
    onSuccess: () => {
      setSent(true)
      setF({ ...f, subject: '', message: '' })
    },
  })
  const { errors } = form

  return (
    <Page title="Contact the facilities team">
      {sent && <Notice>Thank you, your message has been sent.</Notice>}
      <form className="card form" onSubmit={form.onSubmit} noValidate aria-label="Contact form">
        <ErrorBox error={form.error} />
        <Input label="Your name" value={f.name} onChange={set('name')} error={errors.name} autoComplete="name" />
        <Input label="Email" type="email" value={f.email} onChange={set('email')} error={errors.email} autoComplete="email" />
        <Select label="Type" value={f.message_type} onChange={set('message_type')} error={errors.message_type}>
          <option value="general">General question</option>
          <option value="issue">Problem in a room</option>
          <option value="booking">Booking</option>
          <option value="feedback">Feedback</option>
        </Select>
        <Input label="Subject" value={f.subject} onChange={set('subject')} error={errors.subject} maxLength={200} />
        <TextArea label="Message" value={f.message} onChange={set('message')} error={errors.message} rows={6} maxLength={5000} />
        <button type="submit" className="primary" disabled={form.busy}>{form.busy ? 'Sending…' : 'Send message'}</button>
        {!user && <p className="muted"><Link to="/signin">Back to sign-in</Link></p>}
      </form>
    </Page>
  )
}
