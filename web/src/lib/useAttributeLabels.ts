// The labels of the room attributes by key, for room cards ("hearing-loop" → "Hearing loop").
import { api } from '../api/client'
import { useAsync } from './useAsync'

export function useAttributeLabels(): Record<string, string> {
  const list = useAsync(() => api.staff.roomAttributes(), [])
  return Object.fromEntries((list.data ?? []).map((a) => [a.key, a.label]))
}
