import { useState } from 'react'
import { api } from '../../api/client'
import type { Webhook } from '../../api/types'
import { useSession } from '../../app/session'
import { ActionNotice, Async, Checkbox, Empty, ErrorBox, Input, Page } from '../../components/ui'
import { formatDateTime } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useAction, useForm } from '../../lib/useForm'
import { problems } from '../../lib/validate'
import { MIN_WEBHOOK_SECRET, toggleEvent, WEBHOOK_EVENTS, webhookProblems, type WebhookDraft } from '../../lib/webhooks'

const EMPTY: WebhookDraft = { url: '', events: [], secret: '' }

function WebhookForm({ onDone }: { onDone: (msg: string) => void }) {
  const [f, setF] = useState<WebhookDraft>(EMPTY)
  const form = useForm({
    validate: () => problems(webhookProblems(f)),
    send: async () => {
      await api.admin.createWebhook({ url: f.url.trim(), events: f.events, secret: f.secret })
      return `Added the webhook to ${f.url.trim()}.`
    },
    onSuccess: (msg) => {
      setF(EMPTY)
      onDone(msg)
    },
  })
  const { errors, busy } = form
  return (
    <form className="card form grid-form" onSubmit={form.onSubmit} noValidate aria-label="New webhook">
      <h2>New webhook</h2>
      <ErrorBox error={form.error} />
      <Input label="URL" type="url" value={f.url} onChange={(e) => setF({ ...f, url: e.target.value })} error={errors.url}
        hint="The receiver's address; it gets a signed JSON POST for each event" maxLength={2000} />
      <fieldset className={errors.events ? 'field-invalid' : ''} aria-describedby={errors.events ? 'events-err' : undefined}>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((e, i) => (
          <Checkbox key={e.name} label={`${e.label} (${e.name})`} checked={f.events.includes(e.name)}
            onChange={() => setF({ ...f, events: toggleEvent(f.events, e.name) })}
            aria-invalid={errors.events && i === 0 ? true : undefined} />
        ))}
        {errors.events && <small id="events-err" className="field-error">{errors.events}</small>}
      </fieldset>
      <Input label="Secret" type="password" autoComplete="new-password" value={f.secret}
        onChange={(e) => setF({ ...f, secret: e.target.value })} error={errors.secret}
        hint={`At least ${MIN_WEBHOOK_SECRET} characters; the receiver checks X-Classroom-Signature with it. It is not shown again.`} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Adding…' : 'Add webhook'}</button>
      </div>
    </form>
  )
}

function DeliveryLog({ hook }: { hook: Webhook }) {
  const { tz } = useSession()
  const log = useAsync(() => api.admin.webhookDeliveries(hook.id), [hook.id])
  return (
    <section className="card" aria-label={`Deliveries to ${hook.url}`}>
      <h2>Deliveries to {hook.url}</h2>
      <button type="button" onClick={() => log.reload()}>Refresh</button>
      <Async state={log}>{(items) => items.length === 0 ? (
        <Empty title="No deliveries yet">Send a test, or wait for one of its events.</Empty>
      ) : (
        <table className="table">
          <caption className="sr-only">Deliveries to {hook.url}</caption>
          <thead>
            <tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">Queued</th><th scope="col">Delivered or next try</th><th scope="col">Delivery id</th></tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} data-delivery={d.delivery_id} data-status={d.status}>
                <th scope="row">{d.event}</th>
                <td data-label="Status">{d.status}</td>
                <td data-label="Attempts">{d.attempts}</td>
                <td data-label="Last error">{d.last_error}</td>
                <td data-label="Queued">{formatDateTime(d.created_at, tz)}</td>
                <td data-label="Delivered or next try">{formatDateTime(d.delivered_at ?? d.next_attempt_at, tz)}</td>
                <td data-label="Delivery id"><code>{d.delivery_id}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</Async>
    </section>
  )
}

export default function Webhooks() {
  const list = useAsync(() => api.admin.webhooks(), [])
  const outbox = useAsync(() => api.admin.outbox(), [])
  const [shown, setShown] = useState<number | null>(null)
  const reload = () => {
    list.reload()
    outbox.reload()
  }
  const action = useAction(reload)
  const remove = (w: Webhook) => action.run(`Deleted the webhook to ${w.url}.`, () => api.admin.deleteWebhook(w.id), `Delete the webhook to ${w.url}?`)
  const test = (w: Webhook) => action.run(`Queued a test delivery to ${w.url}.`, async () => {
    await api.admin.testWebhook(w.id)
    setShown(w.id)
  })
  const hooks = list.data ?? []
  const logOf = hooks.find((w) => w.id === shown)

  return (
    <Page title="Webhooks">
      <p>Other campus systems hear of room, device and booking events here: each is a signed JSON POST, retried until the receiver answers 2xx.</p>
      <ActionNotice action={action} />
      {outbox.data && (
        <p className="muted" data-outbox>
          Queue: {outbox.data.depth} waiting, {outbox.data.failing} failing
          {outbox.data.oldest_pending ? ` (oldest queued ${outbox.data.oldest_pending})` : ''}.
        </p>
      )}
      <WebhookForm onDone={(m) => { action.say(m); reload() }} />
      <Async state={list}>{(items) => items.length === 0 ? (
        <Empty title="No webhooks yet">Add the first receiver with the form above.</Empty>
      ) : (
        <table className="table">
          <caption className="sr-only">Webhooks</caption>
          <thead>
            <tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Secret</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.id} data-webhook={w.url}>
                <th scope="row">{w.url}</th>
                <td data-label="Events">{w.events.join(', ')}</td>
                <td data-label="Secret">{w.secret_set ? 'set' : 'none'}</td>
                <td className="row-actions">
                  <button type="button" onClick={() => test(w)} aria-label={`Send a test to ${w.url}`}>Send test</button>
                  <button type="button" onClick={() => setShown(w.id)} aria-label={`Deliveries to ${w.url}`}>Deliveries</button>
                  <button type="button" className="danger" onClick={() => remove(w)} aria-label={`Delete the webhook to ${w.url}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</Async>
      {logOf && <DeliveryLog key={logOf.id} hook={logOf} />}
    </Page>
  )
}
