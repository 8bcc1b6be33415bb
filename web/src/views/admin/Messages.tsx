import { useState } from 'react'
import { api } from '../../api/client'
import type { ContactMessage } from '../../api/types'
import { useSession } from '../../app/session'
import { ActionNotice, Async, Empty, Page } from '../../components/ui'
import { formatDateTime } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useAction } from '../../lib/useForm'
import { Icon } from '../../components/Icon'

export default function Messages() {
  const { tz } = useSession()
  const list = useAsync(() => api.admin.messages(), [])
  const [onlyUnread, setOnlyUnread] = useState(false)
  const [open, setOpen] = useState<number | null>(null)
  const action = useAction()

  const mark = (m: ContactMessage, is_read: boolean) => action.run('', async () => {
    await api.admin.markMessage(m.id, is_read)
    list.setData((list.data ?? []).map((x) => (x.id === m.id ? { ...x, is_read } : x)))
  })
  const toggle = (m: ContactMessage) => {
    setOpen(open === m.id ? null : m.id)
    if (!m.is_read && open !== m.id) void mark(m, true)
  }
  const remove = (m: ContactMessage) =>
    action.run(`Deleted "${m.subject}".`, async () => { await api.admin.deleteMessage(m.id); list.reload() }, `Delete the message "${m.subject}"?`)

  return (
    <Page title="Contact messages">
      <label className="checkbox"><input type="checkbox" checked={onlyUnread} onChange={(e) => setOnlyUnread(e.target.checked)} /> Unread only</label>
      <ActionNotice action={action} />
      <Async state={list}>
        {(all) => {
          const msgs = onlyUnread ? all.filter((m) => !m.is_read) : all
          const unread = all.filter((m) => !m.is_read).length
          return (
            <>
              <p className="muted" role="status">{all.length} message{all.length === 1 ? '' : 's'}, {unread} unread</p>
              {msgs.length === 0 ? (
                <Empty title={onlyUnread ? 'No unread messages' : 'No messages yet'}>
                  {onlyUnread ? 'Everything has been read. Clear “Unread only” to see all messages.' : 'Messages sent through the contact form appear here.'}
                </Empty>
              ) : (
                <ul className="messages">
                  {msgs.map((m) => (
                    <li key={m.id} className={m.is_read ? 'read' : 'unread'}>
                      <button type="button" className="message-head" aria-expanded={open === m.id} onClick={() => toggle(m)}>
                        {!m.is_read && <span className="badge unread-dot"><Icon name="mail" /> New</span>}
                        <strong>{m.subject}</strong>
                        <span className="muted"> from {m.name} · {m.message_type} · {formatDateTime(m.created_at, tz)}</span>
                      </button>
                      {open === m.id && (
                        <div className="message-body">
                          <p><a href={`mailto:${m.email}?subject=${encodeURIComponent('Re: ' + m.subject)}`}>{m.email}</a></p>
                          <p className="pre">{m.message}</p>
                          <div className="row-actions">
                            <button type="button" onClick={() => mark(m, !m.is_read)}>Mark as {m.is_read ? 'unread' : 'read'}</button>
                            <button type="button" className="danger" onClick={() => remove(m)}>Delete</button>
                          </div>
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )
        }}
      </Async>
    </Page>
  )
}
