import { useState } from 'react'
import { api, errorText } from '../../api/client'
import type { ContactMessage } from '../../api/types'
import { useSession } from '../../app/session'
import { Async, Page } from '../../components/ui'
import { formatDateTime } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'

export default function Messages() {
  const { tz } = useSession()
  const list = useAsync(() => api.admin.messages(), [])
  const [onlyUnread, setOnlyUnread] = useState(false)
  const [open, setOpen] = useState<number | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)

  const mark = async (m: ContactMessage, is_read: boolean) => {
    setActionError(null)
    try {
      await api.admin.markMessage(m.id, is_read)
      list.setData((list.data ?? []).map((x) => (x.id === m.id ? { ...x, is_read } : x)))
    } catch (e) {
      setActionError(errorText(e))
    }
  }
  const toggle = (m: ContactMessage) => {
    setOpen(open === m.id ? null : m.id)
    if (!m.is_read && open !== m.id) void mark(m, true)
  }
  const remove = async (m: ContactMessage) => {
    if (!window.confirm(`Delete the message "${m.subject}"?`)) return
    try {
      await api.admin.deleteMessage(m.id)
      list.reload()
    } catch (e) {
      setActionError(errorText(e))
    }
  }

  return (
    <Page title="Contact messages">
      <label className="checkbox"><input type="checkbox" checked={onlyUnread} onChange={(e) => setOnlyUnread(e.target.checked)} /> Unread only</label>
      {actionError && <div className="error-box" role="alert">{actionError}</div>}
      <Async state={list}>
        {(all) => {
          const msgs = onlyUnread ? all.filter((m) => !m.is_read) : all
          const unread = all.filter((m) => !m.is_read).length
          return (
            <>
              <p className="muted" role="status">{all.length} message{all.length === 1 ? '' : 's'}, {unread} unread</p>
              {msgs.length === 0 ? <p>No messages.</p> : (
                <ul className="messages">
                  {msgs.map((m) => (
                    <li key={m.id} className={m.is_read ? 'read' : 'unread'}>
                      <button type="button" className="message-head" aria-expanded={open === m.id} onClick={() => toggle(m)}>
                        {!m.is_read && <span className="badge unread-dot">New</span>}
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
