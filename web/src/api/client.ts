// The one module that talks HTTP to the server. Every call goes through
// `request`, which adds the bearer token, turns error answers into ApiError and
// drops the session on expiry or on any 401.
import type {
  Notifications,
  AppConfig, Availability, Booking, BookingRules, Building, Classroom, ContactMessage, Device, LoginAnswer,
  DisplayLink, DoorDisplayData, OutboxStats, Page, PowerAnswer, RoomAttribute, SeriesAnswer, Term, SignInDiagnostics, SignInMethods, Stats, TimetableImport, User, Utilization,
  Webhook, WebhookDelivery, FirmwareImage, FirmwareRollout, DeviceFirmware, RolloutDraft,
} from './types'

export interface Session {
  token: string
  expiresAt: number // epoch ms
  user: User
}

export interface SessionStore {
  load(): Session | null
  save(s: Session): void
  clear(): void
}

export class ApiError extends Error {
  readonly status: number
  readonly error: string
  readonly field?: string
  readonly body: Record<string, unknown>

  constructor(status: number, body: Record<string, unknown>) {
    const error = typeof body.error === 'string' ? body.error : `HTTP ${status}`
    const message = typeof body.message === 'string' && body.message ? body.message : error
    super(message)
    this.status = status
    this.error = error
    this.field = typeof body.field === 'string' ? body.field : undefined
    this.body = body
  }
}

const KEY = 'classroom.session'

export function browserStore(storage: Storage): SessionStore {
  return {
    load() {
      try {
        const raw = storage.getItem(KEY)
        return raw ? (JSON.parse(raw) as Session) : null
      } catch {
        return null
      }
    },
    save: (s) => storage.setItem(KEY, JSON.stringify(s)),
    clear: () => storage.removeItem(KEY),
  }
}

export interface ClientOptions {
  fetch: typeof fetch
  store: SessionStore
  now?: () => number
  onUnauthorized?: (reason: 'expired' | 'rejected') => void
}

type Query = Record<string, string | number | undefined | null>

function withQuery(path: string, q?: Query): string {
  if (!q) return path
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v))
  const s = p.toString()
  return s ? `${path}?${s}` : path
}

// What the free-room finder asks for: a time window and, optionally, the room's kind.
export interface FreeRoomQuery {
  start: string // ISO 8601, campus local time without an offset
  end: string
  min_capacity?: number
  building?: number
  attributes?: string[] // every one required
}

// The query string of a free-room search: the filters left empty are left out.
export function freeRoomParams(q: FreeRoomQuery): Query {
  return {
    start: q.start, end: q.end,
    min_capacity: q.min_capacity || undefined,
    building: q.building || undefined,
    attributes: q.attributes?.length ? q.attributes.join(',') : undefined,
  }
}

export function createClient(opts: ClientOptions) {
  const now = opts.now ?? Date.now
  let onUnauthorized = opts.onUnauthorized

  function session(): Session | null {
    const s = opts.store.load()
    if (s && s.expiresAt <= now()) {
      opts.store.clear()
      onUnauthorized?.('expired')
      return null
    }
    return s
  }

  /** `contentType`: send `body` (a string, or a Blob such as a File) as it is, with that type, instead of as JSON. */
  async function request<T>(method: string, path: string, body?: unknown, auth = true, contentType?: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json'
    if (auth) {
      const s = session()
      if (!s) throw new ApiError(401, { error: 'Not signed in', message: 'Your session has ended. Please sign in again.' })
      headers.Authorization = `Bearer ${s.token}`
    }
    let res: Response
    try {
      res = await opts.fetch(path, { method, headers, body: body === undefined ? undefined : contentType ? (body instanceof Blob ? body : String(body)) : JSON.stringify(body) })
    } catch {
      throw new ApiError(0, { error: 'Network error', message: 'Cannot reach the server. Check your connection and try again.' })
    }
    const text = await res.text()
    let data: unknown = null
    if (text) {
      try {
        data = JSON.parse(text)
      } catch {
        data = null
      }
    }
    if (!res.ok) {
      const errBody = data && typeof data === 'object' ? (data as Record<string, unknown>) : { error: res.statusText || `HTTP ${res.status}` }
      if (res.status === 401 && auth) {
        opts.store.clear()
        onUnauthorized?.('rejected')
      }
      throw new ApiError(res.status, errBody)
    }
    return data as T
  }

  const get = <T>(p: string, q?: Query) => request<T>('GET', withQuery(p, q))
  const post = <T>(p: string, b: unknown = {}) => request<T>('POST', p, b)
  const put = <T>(p: string, b: unknown) => request<T>('PUT', p, b)
  const del = <T = unknown>(p: string) => request<T>('DELETE', p)

  return {
    request,
    session,
    setUnauthorizedHandler(fn: ClientOptions['onUnauthorized']) {
      onUnauthorized = fn
    },

    config: () => request<AppConfig>('GET', '/api/config', undefined, false),
    display: (token: string) => request<DoorDisplayData>('GET', `/api/display/${encodeURIComponent(token)}`, undefined, false),
    async login(username: string, password: string): Promise<Session> {
      const a = await request<LoginAnswer>('POST', '/api/auth/login', { username, password }, false)
      const s: Session = { token: a.access_token, expiresAt: now() + (a.expires_in ?? 3600) * 1000, user: a.user }
      opts.store.save(s)
      return s
    },
    methods: () => request<SignInMethods>('GET', '/api/auth/methods', undefined, false),
    // Single sign-on came back with a one-time code: the session, and the page wanted.
    async ssoSession(code: string): Promise<{ session: Session; next: string }> {
      const a = await request<LoginAnswer & { next: string }>('POST', '/api/auth/oidc/session', { code }, false)
      const s: Session = { token: a.access_token, expiresAt: now() + (a.expires_in ?? 3600) * 1000, user: a.user }
      opts.store.save(s)
      return { session: s, next: a.next }
    },
    // The campus portal in front (Shibboleth, mellon) vouches for the user.
    async headerLogin(): Promise<Session> {
      const a = await request<LoginAnswer>('POST', '/api/auth/header-login', {}, false)
      const s: Session = { token: a.access_token, expiresAt: now() + (a.expires_in ?? 3600) * 1000, user: a.user }
      opts.store.save(s)
      return s
    },
    logout: () => opts.store.clear(),
    me: () => get<User>('/api/auth/me'),
    notifications: () => get<Notifications>('/api/auth/me/notifications'),
    setNotifications: (n: Partial<Notifications>) => put<Notifications>('/api/auth/me/notifications', n),
    // The server may sign out other sessions and hand this one a new token.
    async changePassword(current_password: string, new_password: string): Promise<{ message: string }> {
      const a = await post<Partial<LoginAnswer> & { message: string }>('/api/auth/change-password', { current_password, new_password })
      const s = opts.store.load()
      if (a.access_token && s) opts.store.save({ token: a.access_token, expiresAt: now() + (a.expires_in ?? 3600) * 1000, user: a.user ?? s.user })
      return a
    },
    contact: (m: { name: string; email: string; subject: string; message: string; message_type: string }) =>
      request<{ message: string; contact_id: number }>('POST', '/api/contact', m, false),

    admin: {
      importTimetable: (csv: string, opts: { dry_run: boolean; skip_errors: boolean }) =>
        request<TimetableImport>('POST', withQuery('/api/admin/imports/timetable', {
          dry_run: opts.dry_run ? 1 : undefined, skip_errors: opts.skip_errors ? 1 : undefined,
        }), csv, true, 'text/csv'),
      users: () => get<User[]>('/api/admin/users'),
      createUser: (u: { username: string; email: string; password: string; role: string }) => post<User>('/api/admin/users', u),
      updateUser: (id: number, u: Partial<{ email: string; role: string; is_active: boolean; password: string }>) =>
        put<User>(`/api/admin/users/${id}`, u),
      deleteUser: (id: number) => del(`/api/admin/users/${id}`),

      devices: () => get<Device[]>('/api/admin/devices/status'),
      createDevice: (d: { device_id: string; name: string; mac_address?: string; api_key?: string }) => post<Device>('/api/admin/devices', d),
      updateDevice: (deviceId: string, d: Partial<{ name: string; mac_address: string; is_active: boolean }>) =>
        put<Device>(`/api/admin/devices/${encodeURIComponent(deviceId)}`, d),
      rotateKey: (deviceId: string) =>
        post<{ device_id: string; api_key: string }>(`/api/admin/devices/${encodeURIComponent(deviceId)}/rotate-key`),
      deleteDevice: (deviceId: string) => del(`/api/admin/devices/${encodeURIComponent(deviceId)}`),

      classrooms: () => get<Classroom[]>('/api/admin/classrooms'),
      createClassroom: (c: Partial<Classroom>) => post<Classroom>('/api/admin/classrooms', c),
      updateClassroom: (id: number, c: Partial<Classroom>) => put<Classroom>(`/api/admin/classrooms/${id}`, c),
      deleteClassroom: (id: number) => del(`/api/admin/classrooms/${id}`),
      linkDevice: (id: number, device_id: string) => post(`/api/admin/classrooms/${id}/device`, { device_id }),
      unlinkDevice: (id: number) => del(`/api/admin/classrooms/${id}/device`),

      power: (classroomId: number, power_on: boolean, duration_min?: number) =>
        post<PowerAnswer>(`/api/admin/power/${classroomId}`, duration_min ? { power_on, duration_min } : { power_on }),
      cancelOverride: (classroomId: number) => del<{ message: string }>(`/api/admin/power/${classroomId}`),
      stats: () => get<Stats>('/api/admin/stats'),
      bookings: (q: Query) => get<Page<Booking>>('/api/admin/bookings', q),
      updateBooking: (id: number, b: Partial<{ start_time: string; end_time: string; title: string; description: string }>) =>
        put<Booking>(`/api/admin/bookings/${id}`, b),
      cancelBooking: (id: number) => del(`/api/admin/bookings/${id}`),
      messages: () => get<ContactMessage[]>('/api/admin/contact-messages'),
      signInDiagnostics: (username: string) => get<SignInDiagnostics>('/api/admin/auth/diagnostics', { username }),
      markMessage: (id: number, is_read: boolean) => put(`/api/admin/contact-messages/${id}`, { is_read }),
      deleteMessage: (id: number) => del(`/api/admin/contact-messages/${id}`),
      utilization: (q: { from: string; to: string; classroom_id?: number | string }) =>
        get<Utilization>('/api/admin/analytics/utilization', q),
      displayLinks: () => get<DisplayLink[]>('/api/admin/display-links'),
      resetDisplayLink: (classroomId: number) => post<DisplayLink>(`/api/admin/classrooms/${classroomId}/display-link/reset`),
      buildings: () => get<Building[]>('/api/admin/buildings'),
      createBuilding: (b: Omit<Building, 'id'>) => post<Building>('/api/admin/buildings', b),
      updateBuilding: (id: number, b: Omit<Building, 'id'>) => put<Building>(`/api/admin/buildings/${id}`, b),
      deleteBuilding: (id: number) => del(`/api/admin/buildings/${id}`),
      roomAttributes: () => get<RoomAttribute[]>('/api/admin/room-attributes'),
      createRoomAttribute: (a: { key: string; label: string }) => post<RoomAttribute>('/api/admin/room-attributes', a),
      updateRoomAttribute: (id: number, a: { key: string; label: string }) => put<RoomAttribute>(`/api/admin/room-attributes/${id}`, a),
      deleteRoomAttribute: (id: number, force = false) => del(`/api/admin/room-attributes/${id}${force ? '?force=1' : ''}`),
      terms: () => get<Term[]>('/api/admin/terms'),
      createTerm: (t: Omit<Term, 'id'>) => post<Term>('/api/admin/terms', t),
      updateTerm: (id: number, t: Omit<Term, 'id'>) => put<Term>(`/api/admin/terms/${id}`, t),
      deleteTerm: (id: number) => del(`/api/admin/terms/${id}`),
      firmwareImages: () => get<FirmwareImage[]>('/api/admin/firmware/images'),
      uploadFirmware: (image: Blob, meta: { version: string; signature: string; notes?: string }) =>
        request<FirmwareImage>('POST', withQuery('/api/admin/firmware/images', meta), image, true, 'application/octet-stream'),
      deleteFirmware: (version: string) => del(`/api/admin/firmware/images/${encodeURIComponent(version)}`),
      rollouts: () => get<FirmwareRollout[]>('/api/admin/firmware/rollouts'),
      startRollout: (r: RolloutDraft) => post<FirmwareRollout>('/api/admin/firmware/rollouts', r),
      rolloutAction: (id: number, action: 'pause' | 'resume' | 'abort') =>
        post<FirmwareRollout>(`/api/admin/firmware/rollouts/${id}/${action}`),
      deviceFirmware: () => get<DeviceFirmware[]>('/api/admin/firmware/devices'),
      webhooks: () => get<Webhook[]>('/api/admin/webhooks'),
      createWebhook: (w: { url: string; events: string[]; secret: string }) => post<Webhook>('/api/admin/webhooks', w),
      deleteWebhook: (id: number) => del(`/api/admin/webhooks/${id}`),
      testWebhook: (id: number) => post(`/api/admin/webhooks/${id}/test`),
      webhookDeliveries: (id: number) => get<WebhookDelivery[]>(`/api/admin/webhooks/${id}/deliveries`),
      outbox: () => get<OutboxStats>('/api/admin/outbox'),
    },

    staff: {
      classrooms: () => get<Classroom[]>('/api/staff/classrooms'),
      bookings: () => get<Booking[]>('/api/staff/bookings'),
      book: (b: { classroom_id: number; start_time: string; end_time: string; title: string; description: string; user_id?: number }) =>
        post<Booking>('/api/staff/bookings', b),
      updateBooking: (id: number, b: Partial<{ start_time: string; end_time: string; title: string; description: string }>) =>
        put<Booking>(`/api/staff/bookings/${id}`, b),
      cancelBooking: (id: number) => del(`/api/staff/bookings/${id}`),
      bookingRules: (classroom_id: number) => get<BookingRules>(`/api/staff/classrooms/${classroom_id}/booking-rules`),
      approvals: () => get<Booking[]>('/api/staff/approvals'),
      approve: (id: number) => post<Booking>(`/api/staff/bookings/${id}/approve`),
      decline: (id: number, reason: string) => post<Booking>(`/api/staff/bookings/${id}/decline`, { reason }),
      bookSeries: (s: {
        classroom_id: number; title: string; description: string; weekdays: number[]
        start_date: string; end_date: string; start_time: string; end_time: string; skip_conflicts: boolean
      }) => post<SeriesAnswer>('/api/staff/booking-series', s),
      buildings: () => get<Building[]>('/api/staff/buildings'),
      roomAttributes: () => get<RoomAttribute[]>('/api/staff/room-attributes'),
      freeRooms: (q: FreeRoomQuery) => get<Classroom[]>('/api/staff/free-rooms', freeRoomParams(q)),
      availability: (classroom_id: number, date: string) => get<Availability>('/api/staff/availability', { classroom_id, date }),
      calendarLink: () => get<{ url: string }>('/api/staff/calendar-link'),
      resetCalendarLink: () => post<{ url: string }>('/api/staff/calendar-link/reset'),
      editSeriesFrom: (seriesId: number | string, from: string, c: { title: string; description: string; start_time: string; end_time: string }) =>
        put<{ updated: number; bookings: Booking[] }>(`/api/staff/booking-series/${encodeURIComponent(String(seriesId))}?from=${encodeURIComponent(from)}`, c),
      cancelSeriesFrom: (seriesId: number | string, from: string) =>
        del<{ message: string; cancelled: number }>(`/api/staff/booking-series/${encodeURIComponent(String(seriesId))}?from=${encodeURIComponent(from)}`),
      power: (classroomId: number, power_on: boolean) => post<PowerAnswer>(`/api/staff/power/${classroomId}`, { power_on }),
    },
  }
}

export type Client = ReturnType<typeof createClient>

// The app's single client: same-origin relative URLs, session in localStorage.
export const api: Client = createClient({
  fetch: (...a) => globalThis.fetch(...a),
  store: typeof localStorage === 'undefined'
    ? { load: () => null, save: () => {}, clear: () => {} }
    : browserStore(localStorage),
})

// Human text for an error, naming the field when the server named one.
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.field && !e.message.startsWith(e.field) ? `${e.field}: ${e.message}` : e.message
  return e instanceof Error ? e.message : String(e)
}
