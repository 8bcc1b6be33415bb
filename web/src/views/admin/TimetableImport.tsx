// The registrar's timetable: choose the CSV file, see what a dry run would change,
// then import it. README "Campus set-up" describes the columns.
import { useState } from 'react'
import { api, ApiError, errorText } from '../../api/client'
import type { TimetableImport as Answer } from '../../api/types'
import { Checkbox, ErrorBox, Notice, Page } from '../../components/ui'
import { canImport, describeChange, summary } from '../../lib/timetable'

function Outcome({ answer }: { answer: Answer }) {
  return (
    <section className="card" aria-label={answer.dry_run ? 'Dry run' : 'Import'}>
      <h2>{answer.dry_run ? 'Dry run: what the import would change' : answer.written ? 'Imported' : 'Nothing imported'}</h2>
      <p role="status" data-testid="import-counts">{summary(answer)}</p>
      {answer.errors.length > 0 && (
        <>
          <h3>{answer.errors.length} line{answer.errors.length === 1 ? '' : 's'} with errors</h3>
          <ul className="import-errors" aria-label="Errors">
            {answer.errors.map((e, i) => (
              <li key={i}><strong>Line {e.line}</strong> ({e.field}): {e.message}</li>
            ))}
          </ul>
        </>
      )}
      {answer.changes.length > 0 && (
        <table aria-label="Changes by section">
          <thead><tr><th>Line</th><th>Section</th><th>Change</th></tr></thead>
          <tbody>
            {answer.changes.map((c) => (
              <tr key={c.section}>
                <td>{c.line ?? '–'}</td>
                <td>{c.section}</td>
                <td>{describeChange(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export default function TimetableImport() {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null)
  const [skipErrors, setSkipErrors] = useState(false)
  const [dryRun, setDryRun] = useState<Answer | null>(null)
  const [done, setDone] = useState<Answer | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const choose = async (f: File | undefined) => {
    setDryRun(null)
    setDone(null)
    setError(null)
    setFile(f ? { name: f.name, text: await f.text() } : null)
  }
  const send = async (dry: boolean) => {
    if (!file) return
    setBusy(true)
    setError(null)
    try {
      const answer = await api.admin.importTimetable(file.text, { dry_run: dry, skip_errors: skipErrors })
      if (dry) setDryRun(answer)
      else {
        setDone(answer)
        setDryRun(null)
      }
    } catch (e) {
      // A refused import answers with the same counts and errors: show them.
      if (e instanceof ApiError && Array.isArray(e.body.errors)) setDone(e.body as unknown as Answer)
      else setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page title="Timetable import">
      <p className="muted">
        The registrar's CSV file, one line a class section: <code>section, title, room, days, start, end, first_date, last_date, organizer</code>.
        Importing it again changes only what changed, and only from now on; sections left out of the file lose their future sessions.
      </p>
      <div className="card form">
        <label>
          Timetable file (CSV, UTF-8)
          <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
        </label>
        <Checkbox label="Skip lines with errors" checked={skipErrors} onChange={(e) => { setSkipErrors(e.target.checked) }} />
        <div className="row-actions">
          <button type="button" disabled={!file || busy} onClick={() => void send(true)}>Dry run</button>
          <button type="button" className="primary" disabled={busy || !canImport(dryRun, skipErrors)} onClick={() => void send(false)}>
            Import
          </button>
        </div>
        {file && !dryRun && !done && <p className="muted">Run the dry run first to see what {file.name} changes.</p>}
        {dryRun && dryRun.errors.length > 0 && !skipErrors && (
          <Notice kind="warn">Fix the lines with errors, or tick “Skip lines with errors” to import the others.</Notice>
        )}
      </div>
      <ErrorBox error={error} />
      {error != null && <p className="sr-only">{errorText(error)}</p>}
      {done && <Outcome answer={done} />}
      {dryRun && <Outcome answer={dryRun} />}
    </Page>
  )
}
