// The firmware page's pure parts: checking the upload and rollout forms, and saying
// where a rollout stands.
import type { FirmwareRollout, RolloutDraft, RolloutScope } from '../api/types'

export const VERSION_RE = /^[A-Za-z0-9._+-]{1,32}$/
export const SIGNATURE_RE = /^[0-9a-fA-F]{128}$/

export interface UploadDraft {
  version: string
  signature: string
  file: { size: number } | null
}

/** Field problems of an upload (null where fine); `maxBytes` the server's limit if known. */
export function uploadProblems(d: UploadDraft, maxBytes?: number): Record<string, string | null> {
  return {
    version: VERSION_RE.test(d.version.trim()) ? null : 'A version: 1 to 32 letters, digits, ".", "_", "-" or "+"',
    signature: SIGNATURE_RE.test(d.signature.trim()) ? null : 'The Ed25519 signature of the image\'s SHA-256 digest: 128 hex digits',
    file: !d.file ? 'Choose the image file' : d.file.size === 0 ? 'The file is empty'
      : maxBytes !== undefined && d.file.size > maxBytes ? `The image may be at most ${maxBytes} bytes` : null,
  }
}

export interface RolloutForm {
  version: string
  scope: RolloutScope
  target: string
  stages: string // "1,10,100"; empty: the server's default
}

/** "1, 10,100" → [1, 10, 100]; null when not rising whole percents ending at 100. */
export function parseStages(text: string): number[] | null {
  const parts = text.split(',').map((s) => s.trim())
  if (parts.some((p) => !/^\d{1,3}$/.test(p))) return null
  const stages = parts.map(Number)
  for (let i = 0; i < stages.length; i++) if (stages[i] < 1 || stages[i] > 100 || (i > 0 && stages[i] <= stages[i - 1])) return null
  return stages[stages.length - 1] === 100 ? stages : null
}

export function rolloutProblems(f: RolloutForm): Record<string, string | null> {
  return {
    version: f.version ? null : 'Choose an image',
    target: f.scope !== 'campus' && !f.target.trim() ? (f.scope === 'device' ? 'Which device?' : 'Which building?') : null,
    stages: f.stages.trim() && !parseStages(f.stages) ? 'Rising percents ending at 100, e.g. 1,10,100' : null,
  }
}

export function rolloutDraft(f: RolloutForm): RolloutDraft {
  const d: RolloutDraft = { version: f.version, scope: f.scope }
  if (f.scope !== 'campus') d.target = f.target.trim()
  const stages = f.stages.trim() ? parseStages(f.stages) : null
  if (stages) d.stages = stages
  return d
}

/** "stage 2 of 3 (10 %)" */
export function stageText(r: Pick<FirmwareRollout, 'stage' | 'stages' | 'stage_percent'>): string {
  return `stage ${r.stage + 1} of ${r.stages.length} (${r.stage_percent} %)`
}

/** What the admin can do with a rollout in its state. */
export function rolloutActions(state: FirmwareRollout['state']): ('pause' | 'resume' | 'abort')[] {
  switch (state) {
    case 'running': return ['pause', 'abort']
    case 'paused':
    case 'halted': return ['resume', 'abort']
    case 'completed': return ['abort']
    default: return []
  }
}

/** "12.3 KiB" */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(2)} MiB`
}
