// The server's input rules, checked in the browser before sending so a person
// sees the problem next to the field. Keep these in step with the server:
// identifiers (usernames, device ids, message types) allow letters, digits,
// '.', '_', '-' and ':'; e-mail addresses are "something@something.tld" without
// spaces or angle brackets; passwords are 8–128 characters.

export const MIN_PASSWORD = 8
export const MAX_PASSWORD = 128

const IDENTIFIER = /^[A-Za-z0-9._:-]+$/
const MAC = /^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/

/** Why `v` is not a valid identifier of `min`–`max` characters, or null. */
export function identifierProblem(v: string, min: number, max: number): string | null {
  if (v.length < min || v.length > max || !IDENTIFIER.test(v)) {
    const size = min === max ? `${min}` : `${min}–${max}`
    return `Use ${size} letters, digits, dots, dashes, colons or underscores.`
  }
  return null
}

/** The server's test: one '@' not first, no spaces or '<>', a dot in the domain with text on both sides. */
export function looksLikeEmail(s: string): boolean {
  const at = s.indexOf('@')
  if (at <= 0 || s.indexOf('@', at + 1) !== -1) return false
  if (/[\s<>]/.test(s)) return false
  const dot = s.indexOf('.', at)
  return dot !== -1 && dot > at + 1 && dot + 1 < s.length
}

export const emailProblem = (s: string): string | null =>
  looksLikeEmail(s) ? null : 'Enter an email address like name@example.org.'

export function passwordProblem(pw: string, what = 'The password'): string | null {
  if (pw.length < MIN_PASSWORD) return `${what} needs at least ${MIN_PASSWORD} characters.`
  if (pw.length > MAX_PASSWORD) return `${what} may have at most ${MAX_PASSWORD} characters.`
  return null
}

/** An optional MAC address: empty, or six hex pairs split by ':' or '-'. */
export const macProblem = (s: string): string | null =>
  !s || MAC.test(s) ? null : 'Write the MAC address as AA:BB:CC:DD:EE:FF.'

export type FieldErrors = Record<string, string>

/** Collect the problems of a form: `{ field: problem or null }` → only the problems. */
export function problems(checks: Record<string, string | null | false | undefined>): FieldErrors {
  const out: FieldErrors = {}
  for (const [k, v] of Object.entries(checks)) if (v) out[k] = v
  return out
}
