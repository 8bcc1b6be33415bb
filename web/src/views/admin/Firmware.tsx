import { useState } from 'react'
import { api } from '../../api/client'
import type { Building, FirmwareImage, FirmwareRollout, RolloutScope } from '../../api/types'
import { useSession } from '../../app/session'
import { ActionNotice, Async, Empty, ErrorBox, Input, Page, Select } from '../../components/ui'
import { formatBytes, rolloutActions, rolloutDraft, rolloutProblems, stageText, uploadProblems, type RolloutForm } from '../../lib/firmware'
import { formatDateTime } from '../../lib/time'
import { useAsync } from '../../lib/useAsync'
import { useAction, useForm } from '../../lib/useForm'
import { problems } from '../../lib/validate'

function UploadForm({ onDone }: { onDone: (msg: string) => void }) {
  const [version, setVersion] = useState('')
  const [signature, setSignature] = useState('')
  const [notes, setNotes] = useState('')
  const [file, setFile] = useState<File | null>(null)
  const [inputKey, setInputKey] = useState(0)
  const form = useForm({
    validate: () => problems(uploadProblems({ version, signature, file })),
    send: async () => {
      const image = await api.admin.uploadFirmware(file!, { version: version.trim(), signature: signature.trim(), notes: notes.trim() || undefined })
      return `Stored ${image.version} (${formatBytes(image.size)}, SHA-256 ${image.sha256.slice(0, 12)}…).`
    },
    onSuccess: (msg) => {
      setVersion('')
      setSignature('')
      setNotes('')
      setFile(null)
      setInputKey((k) => k + 1)
      onDone(msg)
    },
  })
  const { errors, busy } = form
  return (
    <form className="card form grid-form" onSubmit={form.onSubmit} noValidate aria-label="Upload an image">
      <h2>Upload an image</h2>
      <ErrorBox error={form.error} />
      <Input label="Version" value={version} onChange={(e) => setVersion(e.target.value)} error={errors.version}
        hint="As the nodes will say it in firmware_version" maxLength={32} />
      <Input label="Signature" value={signature} onChange={(e) => setSignature(e.target.value)} error={errors.signature}
        hint="Ed25519, hex, over the image's SHA-256 digest, made with the update key you hold" spellCheck={false} />
      <Input label="Notes" value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={500} />
      <Input key={inputKey} label="Image file" type="file" accept=".bin,application/octet-stream" error={errors.file}
        onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Uploading…' : 'Upload'}</button>
      </div>
    </form>
  )
}

function RolloutStart({ images, buildings, onDone }: { images: FirmwareImage[]; buildings: Building[]; onDone: (msg: string) => void }) {
  const [f, setF] = useState<RolloutForm>({ version: '', scope: 'campus', target: '', stages: '' })
  const form = useForm({
    validate: () => problems(rolloutProblems(f)),
    send: async () => {
      const r = await api.admin.startRollout(rolloutDraft(f))
      return `Started rollout ${r.id} of ${r.version} to ${r.targets} device(s), ${stageText(r)}.`
    },
    onSuccess: (msg) => {
      setF({ version: '', scope: 'campus', target: '', stages: '' })
      onDone(msg)
    },
  })
  const { errors, busy } = form
  return (
    <form className="card form grid-form" onSubmit={form.onSubmit} noValidate aria-label="New rollout">
      <h2>New rollout</h2>
      <ErrorBox error={form.error} />
      <Select label="Image" value={f.version} onChange={(e) => setF({ ...f, version: e.target.value })} error={errors.version}>
        <option value="">Choose…</option>
        {images.map((i) => <option key={i.id} value={i.version}>{i.version}</option>)}
      </Select>
      <Select label="To" value={f.scope} onChange={(e) => setF({ ...f, scope: e.target.value as RolloutScope, target: '' })}>
        <option value="campus">the whole campus</option>
        <option value="building">the devices of a building</option>
        <option value="device">one device</option>
      </Select>
      {f.scope === 'building' && (
        <Select label="Building" value={f.target} onChange={(e) => setF({ ...f, target: e.target.value })} error={errors.target}>
          <option value="">Choose…</option>
          {buildings.map((b) => <option key={b.id} value={String(b.id)}>{b.name}</option>)}
        </Select>
      )}
      {f.scope === 'device' && (
        <Input label="Device id" value={f.target} onChange={(e) => setF({ ...f, target: e.target.value })} error={errors.target} />
      )}
      <Input label="Stages" value={f.stages} onChange={(e) => setF({ ...f, stages: e.target.value })} error={errors.stages}
        hint="Percents of the devices, e.g. 1,10,100; empty: the server's default (one device: 100)" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Starting…' : 'Start rollout'}</button>
      </div>
    </form>
  )
}

function target(r: FirmwareRollout, buildings: Building[]): string {
  if (r.scope === 'campus') return 'campus'
  if (r.scope === 'building') return `building ${buildings.find((b) => String(b.id) === r.target)?.name ?? r.target}`
  return `device ${r.target}`
}

export default function Firmware() {
  const { tz } = useSession()
  const images = useAsync(() => api.admin.firmwareImages(), [])
  const rollouts = useAsync(() => api.admin.rollouts(), [])
  const devices = useAsync(() => api.admin.deviceFirmware(), [])
  const buildings = useAsync(() => api.admin.buildings(), [])
  const reload = () => {
    images.reload()
    rollouts.reload()
    devices.reload()
  }
  const action = useAction(reload)
  const remove = (i: FirmwareImage) => action.run(`Deleted image ${i.version}.`, () => api.admin.deleteFirmware(i.version), `Delete image ${i.version}?`)
  const act = (r: FirmwareRollout, what: 'pause' | 'resume' | 'abort') =>
    action.run(`Rollout ${r.id}: ${what} done.`, () => api.admin.rolloutAction(r.id, what),
      what === 'abort' ? `Abort rollout ${r.id} of ${r.version}? It offers nothing more.` : undefined)

  return (
    <Page title="Firmware" actions={<button type="button" onClick={reload}>Refresh</button>}>
      <p>Signed images go to the nodes over the air, in stages; a rollout halts by itself when offered nodes fail or do not come back on the new version.</p>
      <ActionNotice action={action} />
      <UploadForm onDone={(m) => { action.say(m); reload() }} />
      <h2>Images</h2>
      <Async state={images}>{(items) => items.length === 0 ? (
        <Empty title="No images yet">Upload the first signed image with the form above.</Empty>
      ) : (
        <table className="table">
          <caption className="sr-only">Firmware images</caption>
          <thead>
            <tr><th scope="col">Version</th><th scope="col">Size</th><th scope="col">SHA-256</th><th scope="col">Uploaded</th><th scope="col">Notes</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} data-image={i.version}>
                <th scope="row">{i.version}</th>
                <td data-label="Size">{formatBytes(i.size)}</td>
                <td data-label="SHA-256"><code title={i.sha256}>{i.sha256.slice(0, 16)}…</code></td>
                <td data-label="Uploaded">{formatDateTime(i.created_at, tz)} by {i.uploaded_by}</td>
                <td data-label="Notes">{i.notes}</td>
                <td className="row-actions">
                  <button type="button" className="danger" onClick={() => remove(i)} aria-label={`Delete image ${i.version}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</Async>
      {images.data && images.data.length > 0 && (
        <RolloutStart images={images.data} buildings={buildings.data ?? []} onDone={(m) => { action.say(m); reload() }} />
      )}
      <h2>Rollouts</h2>
      <Async state={rollouts}>{(items) => items.length === 0 ? (
        <Empty title="No rollouts yet">Start one once an image is stored.</Empty>
      ) : (
        <table className="table">
          <caption className="sr-only">Rollouts</caption>
          <thead>
            <tr><th scope="col">Rollout</th><th scope="col">To</th><th scope="col">State</th><th scope="col">Stage</th><th scope="col">This stage</th><th scope="col">In all</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-rollout={r.id} data-state={r.state}>
                <th scope="row">{r.id}: {r.version}</th>
                <td data-label="To">{target(r, buildings.data ?? [])} ({r.targets})</td>
                <td data-label="State">{r.state}{r.reason ? ` — ${r.reason}` : ''}</td>
                <td data-label="Stage">{stageText(r)} since {formatDateTime(r.stage_started_at, tz)}</td>
                <td data-label="This stage">
                  {r.stage_counts.offered} of {r.stage_counts.members} offered, {r.stage_counts.updated} updated, {r.stage_counts.pending} updating,
                  {' '}{r.stage_counts.failed} failed, {r.stage_counts.late} late, {r.stage_counts.silent} silent
                  {r.stage_counts.excused > 0 ? `, ${r.stage_counts.excused} judged before` : ''}
                </td>
                <td data-label="In all">{r.offered} offered, {r.updated} updated, {r.failed} failed</td>
                <td className="row-actions">
                  {rolloutActions(r.state).map((a) => (
                    <button key={a} type="button" className={a === 'abort' ? 'danger' : undefined} onClick={() => act(r, a)}
                      aria-label={`${a} rollout ${r.id}`}>{a[0].toUpperCase() + a.slice(1)}</button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</Async>
      <h2>Devices</h2>
      <Async state={devices}>{(items) => items.length === 0 ? (
        <Empty title="No devices">Register nodes on the Devices page.</Empty>
      ) : (
        <table className="table">
          <caption className="sr-only">Each device's firmware</caption>
          <thead>
            <tr><th scope="col">Device</th><th scope="col">Version</th><th scope="col">Update</th><th scope="col">Last seen</th></tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.device_id} data-device={d.device_id} data-update={d.update?.state ?? 'none'}>
                <th scope="row">{d.name || d.device_id} <span className="muted">{d.device_id}</span></th>
                <td data-label="Version">{d.firmware_version ?? 'unknown'}</td>
                <td data-label="Update">{d.update
                  ? `${d.update.state} ${d.update.version} (rollout ${d.update.rollout_id}${d.update.from_version ? `, from ${d.update.from_version}` : ''}) ${formatDateTime(d.update.done_at ?? d.update.offered_at, tz)}`
                  : '—'}</td>
                <td data-label="Last seen">{d.last_seen ? formatDateTime(d.last_seen, tz) : 'never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</Async>
    </Page>
  )
}
