// Each room's door display address, to open on the tablet or e-ink screen beside its
// door, and a new one when the old may have leaked (the old address stops working).
import { api } from '../../api/client'
import type { DisplayLink } from '../../api/types'
import { ActionNotice, Async, CopyButton, Empty } from '../../components/ui'
import { useAsync } from '../../lib/useAsync'
import { useAction } from '../../lib/useForm'

const absolute = (l: DisplayLink) => new URL(l.url, location.origin).href

export function DisplayLinks({ rev }: { rev: string }) {
  const links = useAsync(() => api.admin.displayLinks(), [rev])
  const action = useAction(() => links.reload())
  const reset = (l: DisplayLink) => action.run(`New display link for ${l.classroom_name}; the old one no longer works.`,
    () => api.admin.resetDisplayLink(l.classroom_id),
    `Make a new display link for ${l.classroom_name}? The screen at its door stops showing the room until it opens the new link.`)
  return (
    <section className="card" aria-labelledby="display-links-title">
      <h2 id="display-links-title">Door displays</h2>
      <p className="muted">Open a room’s link on the screen beside its door: no sign-in needed, so keep the links to those screens. Add <code>?eink=1</code> for e-ink screens.</p>
      <ActionNotice action={action} />
      <Async state={links}>
        {(list) => list.length === 0 ? <Empty title="No active rooms">Create a classroom first.</Empty> : (
          <table className="table">
            <caption className="sr-only">Door display links</caption>
            <thead><tr><th scope="col">Room</th><th scope="col">Display link</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {list.map((l) => (
                <tr key={l.classroom_id} data-display={l.classroom_name}>
                  <th scope="row">{l.classroom_name}</th>
                  <td data-label="Display link"><code className="secret">{absolute(l)}</code></td>
                  <td className="row-actions">
                    <CopyButton text={absolute(l)} label="Copy link" name={`Copy link of ${l.classroom_name}`} />
                    <a className="button" href={l.url} target="_blank" rel="noopener">Open<span className="sr-only"> the display of {l.classroom_name}</span></a>
                    <button type="button" onClick={() => reset(l)} aria-label={`New link for ${l.classroom_name}`}>New link</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
    </section>
  )
}
