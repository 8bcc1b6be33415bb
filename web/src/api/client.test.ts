import { describe, expect, it, vi } from 'vitest'
import { ApiError, createClient, errorText, type Session, type SessionStore } from './client'

function memoryStore(initial: Session | null = null): SessionStore & { value: Session | null } {
  const s = {
    value: initial,
    load: () => s.value,
    save: (v: Session) => { s.value = v },
    clear: () => { s.value = null },
  }
  return s
}

const user = { id: 1, username: 'ann', email: 'a@x.org', role: 'staff' as const, is_active: true, created_at: '2024-01-01T00:00:00Z' }
const json = (status: number, body: unknown) =>
  new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

describe('api client', () => {
  it('stores the session on login with its expiry', async () => {
    const store = memoryStore()
    const fetch = vi.fn(async () => json(200, { message: 'ok', access_token: 'T', token_type: 'Bearer', expires_in: 60, user }))
    const api = createClient({ fetch, store, now: () => 1000 })
    const s = await api.login('ann', 'pw')
    expect(s).toEqual({ token: 'T', expiresAt: 61_000, user })
    expect(store.value?.token).toBe('T')
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/auth/login')
    expect(JSON.parse(init.body as string)).toEqual({ username: 'ann', password: 'pw' })
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined()
  })

  it('trades the single sign-on code for the session and the page wanted', async () => {
    const store = memoryStore()
    const fetch = vi.fn(async () => json(200, { message: 'ok', access_token: 'S', token_type: 'Bearer', expires_in: 60, user, next: '/staff/bookings' }))
    const api = createClient({ fetch, store, now: () => 1000 })
    const r = await api.ssoSession('C0DE')
    expect(r).toEqual({ session: { token: 'S', expiresAt: 61_000, user }, next: '/staff/bookings' })
    expect(store.value?.token).toBe('S')
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/auth/oidc/session')
    expect(JSON.parse(init.body as string)).toEqual({ code: 'C0DE' })
  })

  it('sends the bearer token', async () => {
    const fetch = vi.fn(async () => json(200, user))
    const api = createClient({ fetch, store: memoryStore({ token: 'T', expiresAt: 2000, user }), now: () => 1000 })
    await api.me()
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1]
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer T')
  })

  it('drops the session and reports on any 401', async () => {
    const store = memoryStore({ token: 'T', expiresAt: 2000, user })
    const onUnauthorized = vi.fn()
    const api = createClient({ fetch: async () => json(401, { error: 'Unauthorized', message: 'token revoked' }), store, now: () => 1000, onUnauthorized })
    await expect(api.staff.bookings()).rejects.toMatchObject({ status: 401, message: 'token revoked' })
    expect(store.value).toBeNull()
    expect(onUnauthorized).toHaveBeenCalledWith('rejected')
  })

  it('does not sign out on a failed login', async () => {
    const store = memoryStore()
    const onUnauthorized = vi.fn()
    const api = createClient({ fetch: async () => json(401, { error: 'Invalid credentials' }), store, onUnauthorized })
    await expect(api.login('ann', 'bad')).rejects.toBeInstanceOf(ApiError)
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('refuses to send an expired token and does not call the server', async () => {
    const store = memoryStore({ token: 'T', expiresAt: 1000, user })
    const fetch = vi.fn()
    const onUnauthorized = vi.fn()
    const api = createClient({ fetch, store, now: () => 1000, onUnauthorized })
    await expect(api.me()).rejects.toMatchObject({ status: 401 })
    expect(fetch).not.toHaveBeenCalled()
    expect(store.value).toBeNull()
    expect(onUnauthorized).toHaveBeenCalledWith('expired')
  })

  it('keeps the server error, message and field', async () => {
    const api = createClient({
      fetch: async () => json(400, { error: 'Bad request', message: 'must be a valid address', field: 'email' }),
      store: memoryStore({ token: 'T', expiresAt: 2000, user }), now: () => 1000,
    })
    const e = await api.admin.createUser({ username: 'b', email: 'x', password: 'p', role: 'staff' }).catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(400)
    expect(e.field).toBe('email')
    expect(errorText(e)).toBe('email: must be a valid address')
  })

  it('does not repeat a field name the message already names', () => {
    expect(errorText(new ApiError(400, { error: 'Bad request', message: 'email is not a valid address', field: 'email' }))).toBe('email is not a valid address')
  })

  it('keeps the new token the server gives after a password change', async () => {
    const store = memoryStore({ token: 'OLD', expiresAt: 2000, user })
    const api = createClient({
      fetch: async () => json(200, { message: 'changed', access_token: 'NEW', token_type: 'Bearer', expires_in: 60, user }),
      store, now: () => 1000,
    })
    await api.changePassword('old-password', 'new-password')
    expect(store.value).toEqual({ token: 'NEW', expiresAt: 61_000, user })
  })

  it('reads and changes the mail choices of the signed-in user', async () => {
    const fetch = vi.fn(async () => json(200, { mail_bookings: false, reminder_min: null }))
    const api = createClient({ fetch, store: memoryStore({ token: 'T', expiresAt: 2000, user }), now: () => 1000 })
    expect(await api.setNotifications({ mail_bookings: false })).toEqual({ mail_bookings: false, reminder_min: null })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/auth/me/notifications')
    expect(init.method).toBe('PUT')
    expect(JSON.parse(init.body as string)).toEqual({ mail_bookings: false })
  })

  it('keeps the conflict of a 409', async () => {
    const api = createClient({
      fetch: async () => json(409, { error: 'Time slot already booked', message: 'Room 1 is booked', conflict: { start_time: 'a', end_time: 'b' } }),
      store: memoryStore({ token: 'T', expiresAt: 2000, user }), now: () => 1000,
    })
    const e = await api.staff.book({ classroom_id: 1, start_time: 'x', end_time: 'y', title: 't', description: '' }).catch((x) => x)
    expect(e.status).toBe(409)
    expect(e.error).toBe('Time slot already booked')
    expect(e.body.conflict).toEqual({ start_time: 'a', end_time: 'b' })
  })

  it('turns non-JSON errors and network failures into readable errors', async () => {
    const store = memoryStore({ token: 'T', expiresAt: 2000, user })
    const html = createClient({ fetch: async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }), store, now: () => 1000 })
    await expect(html.me()).rejects.toMatchObject({ status: 502, message: 'Bad Gateway' })
    const down = createClient({ fetch: async () => { throw new TypeError('fetch failed') }, store, now: () => 1000 })
    await expect(down.me()).rejects.toMatchObject({ status: 0, error: 'Network error' })
  })

  it('builds query strings without empty values', async () => {
    const fetch = vi.fn(async () => json(200, { items: [], total: 0, page: 1, per_page: 50 }))
    const api = createClient({ fetch, store: memoryStore({ token: 'T', expiresAt: 2000, user }), now: () => 1000 })
    await api.admin.bookings({ classroom_id: 3, user_id: '', from: '2024-05-01', to: undefined })
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe('/api/admin/bookings?classroom_id=3&from=2024-05-01')
  })
})

describe('free-room search', () => {
  it('sends only the filters that are set, the attributes as one comma list', async () => {
    const fetch = vi.fn(async () => json(200, []))
    const api = createClient({ fetch, store: memoryStore({ token: 'T', expiresAt: 10_000, user }), now: () => 0 })
    await api.staff.freeRooms({ start: '2027-03-10T10:00', end: '2027-03-10T11:00', min_capacity: 30, building: 2, attributes: ['projector', 'hearing-loop'] })
    await api.staff.freeRooms({ start: '2027-03-10T10:00', end: '2027-03-10T11:00', min_capacity: 0, attributes: [] })
    const urls = fetch.mock.calls.map((c) => (c as unknown as [string])[0])
    expect(urls[0]).toBe('/api/staff/free-rooms?start=2027-03-10T10%3A00&end=2027-03-10T11%3A00&min_capacity=30&building=2&attributes=projector%2Chearing-loop')
    expect(urls[1]).toBe('/api/staff/free-rooms?start=2027-03-10T10%3A00&end=2027-03-10T11%3A00')
  })
})
