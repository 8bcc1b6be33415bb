import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client'
import { runAction, runSubmit, sentence, submitErrors, type ActionResult, type FormState } from './forms'

describe('form messages', () => {
  it('makes server messages read as sentences', () => {
    expect(sentence('the classroom is already booked at that time')).toBe('The classroom is already booked at that time.')
    expect(sentence('Done!')).toBe('Done!')
    expect(sentence('  ')).toBe('')
  })

  it('puts a server error on the field it names', () => {
    const r = submitErrors(new ApiError(400, { error: 'Bad request', message: 'must not be empty', field: 'title' }))
    expect(r.fields).toEqual({ title: 'must not be empty' })
    expect(r.general).toBe('title: must not be empty')
    expect(submitErrors(new Error('boom'))).toEqual({ fields: {}, general: 'boom' })
  })

  it('renames a server field to the form’s own name', () => {
    const r = submitErrors(new ApiError(400, { error: 'Bad request', message: 'bad time', field: 'start_time' }), { start_time: 'start' })
    expect(r.fields).toEqual({ start: 'bad time' })
  })
})

describe('a form submit', () => {
  const record = () => {
    const states: FormState[] = []
    return { states, set: (s: FormState) => states.push(s) }
  }

  it('stops before sending when a field is wrong', async () => {
    const { states, set } = record()
    let sent = false
    const ok = await runSubmit({ validate: () => ({ email: 'Enter an email.' }), send: async () => { sent = true } }, set)
    expect(ok).toBe(false)
    expect(sent).toBe(false)
    expect(states).toEqual([{ errors: { email: 'Enter an email.' }, error: null, busy: false }])
  })

  it('is busy while sending, then hands over the answer', async () => {
    const { states, set } = record()
    let got = 0
    const ok = await runSubmit({ validate: () => ({}), send: async () => 42, onSuccess: (r) => { got = r } }, set)
    expect(ok).toBe(true)
    expect(got).toBe(42)
    expect(states.map((s) => s.busy)).toEqual([true, false])
    expect(states.at(-1)).toEqual({ errors: {}, error: null, busy: false })
  })

  it('explains a refusal on its field and in general', async () => {
    const { states, set } = record()
    const refused = new ApiError(400, { error: 'Bad request', message: 'is taken', field: 'username' })
    const ok = await runSubmit({ send: async () => { throw refused } }, set)
    expect(ok).toBe(false)
    expect(states.at(-1)).toEqual({ errors: { username: 'is taken' }, error: 'username: is taken', busy: false })
  })

  it('lets a form explain a refusal its own way', async () => {
    const { states, set } = record()
    await runSubmit({ send: async () => { throw new ApiError(409, { error: 'Conflict' }) }, explain: () => ({ fields: { start: 'Taken.' }, general: 'Choose another time.' }) }, set)
    expect(states.at(-1)).toEqual({ errors: { start: 'Taken.' }, error: 'Choose another time.', busy: false })
  })
})

describe('an action', () => {
  it('does nothing when the person says no', async () => {
    const states: ActionResult[] = []
    let ran = false
    expect(await runAction('Done.', async () => { ran = true }, (s) => states.push(s), () => false)).toBe(false)
    expect(ran).toBe(false)
    expect(states).toEqual([])
  })

  it('says what happened, or why it failed', async () => {
    const states: ActionResult[] = []
    expect(await runAction((n: number) => `Deleted ${n}.`, async () => 3, (s) => states.push(s))).toBe(true)
    expect(states.at(-1)).toEqual({ msg: 'Deleted 3.', error: null })
    expect(await runAction('x', async () => { throw new Error('not allowed') }, (s) => states.push(s))).toBe(false)
    expect(states.at(-1)).toEqual({ msg: null, error: 'not allowed' })
  })
})
