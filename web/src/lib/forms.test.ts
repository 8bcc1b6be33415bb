import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client'
import { sentence, submitErrors } from './forms'

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
})
