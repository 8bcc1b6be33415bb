// Form helpers shared by the views.
import { ApiError, errorText } from '../api/client'

export const MIN_PASSWORD = 8

/** A message as a sentence: capitalised, ending in a full stop. */
export function sentence(s: string): string {
  const t = s.trim()
  if (!t) return t
  return t[0].toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.')
}

type FieldErrors = Record<string, string>

/** Split a failed submit into a per-field message (server `field`) and a general one. */
export function submitErrors(e: unknown): { fields: FieldErrors; general: string } {
  if (e instanceof ApiError && e.field) return { fields: { [e.field]: e.message }, general: errorText(e) }
  return { fields: {}, general: errorText(e) }
}
