import { describe, expect, it } from 'vitest'
import { emailProblem, identifierProblem, looksLikeEmail, macProblem, passwordProblem, problems } from './validate'

describe('validation matches the server', () => {
  it.each([
    ['ann', true], ['a.b_c-d', true], ['dept:ann', true], ['esp32-101', true],
    ['ab', false], ['has space', false], ['ümlaut', false], ['semi;colon', false], ['x'.repeat(65), false],
  ])('identifier %s is valid: %s', (v, ok) => {
    expect(identifierProblem(v, 3, 64) === null).toBe(ok)
  })

  it('allows a one-character device id but not an empty one', () => {
    expect(identifierProblem('a', 1, 64)).toBeNull()
    expect(identifierProblem('', 1, 64)).toMatch(/letters, digits/)
  })

  it.each([
    ['ann@campus.example', true], ['a@b.c', true], ['first.last@sub.campus.edu', true],
    ['@campus.example', false], ['ann@', false], ['ann@campus', false], ['ann@.example', false], ['ann@campus.', false],
    ['a@b@c.d', false], ['ann smith@campus.example', false], ['<ann>@campus.example', false],
  ])('email %s looks like one: %s', (v, ok) => {
    expect(looksLikeEmail(v)).toBe(ok)
    expect(emailProblem(v) === null).toBe(ok)
  })

  it('passwords are 8 to 128 characters', () => {
    expect(passwordProblem('1234567')).toMatch(/at least 8/)
    expect(passwordProblem('12345678')).toBeNull()
    expect(passwordProblem('x'.repeat(129))).toMatch(/at most 128/)
  })

  it('a MAC address is optional but well-formed', () => {
    expect(macProblem('')).toBeNull()
    expect(macProblem('AA:BB:CC:DD:EE:FF')).toBeNull()
    expect(macProblem('aa-bb-cc-dd-ee-ff')).toBeNull()
    expect(macProblem('AA:BB:CC:DD:EE')).toMatch(/AA:BB/)
  })

  it('keeps only the failed checks', () => {
    expect(problems({ a: null, b: 'bad', c: false, d: undefined })).toEqual({ b: 'bad' })
  })
})
