// Webhook subscriptions as the admin page edits them. The event names and the rules
// are the server's (README "Webhooks"); checked here so mistakes show at the field.

export const WEBHOOK_EVENTS: { name: string; label: string }[] = [
  { name: 'room.occupied', label: 'Room occupied' },
  { name: 'room.vacant', label: 'Room vacant' },
  { name: 'room.power', label: 'Room power switched' },
  { name: 'sensor.fault', label: 'Sensor fault' },
  { name: 'device.offline', label: 'Device offline' },
  { name: 'device.online', label: 'Device online' },
  { name: 'booking.created', label: 'Booking created' },
  { name: 'booking.changed', label: 'Booking changed' },
  { name: 'booking.cancelled', label: 'Booking cancelled' },
  { name: 'booking.released', label: 'Booking released (no-show)' },
]

export const MIN_WEBHOOK_SECRET = 16

export interface WebhookDraft {
  url: string
  events: string[]
  secret: string
}

/** Why each field of the draft cannot be sent, by field name (empty when it can). */
export function webhookProblems(d: WebhookDraft): Record<string, string | false> {
  let url: string | false = false
  try {
    const u = new URL(d.url.trim())
    if (u.protocol !== 'http:' && u.protocol !== 'https:') url = 'The URL must start with http:// or https://.'
  } catch {
    url = d.url.trim() ? 'Enter a full URL, e.g. https://facilities.example.edu/hooks/classrooms.' : 'Enter the receiver’s URL.'
  }
  return {
    url,
    events: d.events.length === 0 && 'Choose at least one event.',
    secret: d.secret.length < MIN_WEBHOOK_SECRET && `The secret must be at least ${MIN_WEBHOOK_SECRET} characters.`,
  }
}

/** The events toggled: added when missing, removed when there, in the table's order. */
export function toggleEvent(events: string[], name: string): string[] {
  const next = events.includes(name) ? events.filter((e) => e !== name) : [...events, name]
  return WEBHOOK_EVENTS.map((e) => e.name).filter((n) => next.includes(n))
}
