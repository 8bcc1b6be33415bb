import { describe, expect, it } from 'vitest'
import { formatBytes, parseStages, rolloutActions, rolloutDraft, rolloutProblems, stageText, uploadProblems } from './firmware'

describe('the firmware forms', () => {
  it('wants a version, a 128-digit signature and a non-empty file', () => {
    const sig = 'ab'.repeat(64)
    expect(uploadProblems({ version: '1.2.0', signature: sig, file: { size: 10 } })).toEqual({ version: null, signature: null, file: null })
    const bad = uploadProblems({ version: 'a b', signature: sig.slice(2), file: { size: 0 } })
    expect(bad.version).toBeTruthy()
    expect(bad.signature).toBeTruthy()
    expect(bad.file).toBe('The file is empty')
    expect(uploadProblems({ version: '1', signature: sig, file: null }).file).toBe('Choose the image file')
    expect(uploadProblems({ version: '1', signature: sig, file: { size: 11 } }, 10).file).toContain('at most 10 bytes')
  })

  it('reads stages as rising percents ending at 100', () => {
    expect(parseStages('1, 10,100')).toEqual([1, 10, 100])
    expect(parseStages('100')).toEqual([100])
    expect(parseStages('10,5,100')).toBeNull()
    expect(parseStages('1,10')).toBeNull()
    expect(parseStages('1,,100')).toBeNull()
  })

  it('sends a target only for a device or a building, and the stages only when given', () => {
    expect(rolloutDraft({ version: '2', scope: 'campus', target: 'x', stages: '' })).toEqual({ version: '2', scope: 'campus' })
    expect(rolloutDraft({ version: '2', scope: 'device', target: ' node-1 ', stages: '100' }))
      .toEqual({ version: '2', scope: 'device', target: 'node-1', stages: [100] })
    expect(rolloutProblems({ version: '2', scope: 'building', target: '', stages: '' }).target).toBe('Which building?')
    expect(rolloutProblems({ version: '2', scope: 'campus', target: '', stages: '5,1' }).stages).toBeTruthy()
  })
})

describe('a rollout as the page shows it', () => {
  it('names its stage and what can be done with it', () => {
    expect(stageText({ stage: 1, stages: [1, 10, 100], stage_percent: 10 })).toBe('stage 2 of 3 (10 %)')
    expect(rolloutActions('running')).toEqual(['pause', 'abort'])
    expect(rolloutActions('halted')).toEqual(['resume', 'abort'])
    expect(rolloutActions('aborted')).toEqual([])
    expect(formatBytes(1536)).toBe('1.5 KiB')
  })
})
