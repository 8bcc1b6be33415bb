// The account and booking screens beyond the first version's: an admin deletes a
// user and edits anyone's booking, staff make a new calendar link (the old one
// stops working), cancel a weekly series from a chosen session on and edit one
// from a chosen session on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { addDays, dayInZone, toLocalInput } from '../src/lib/time.ts'
import { describeFindings, scan, type Finding } from './axe.ts'
import {
  call, ensureBuilt, launchBrowser, login, requireBinary, screenshotPath, SERVER_BIN, skipWithoutServer, startServer, TIMEZONE, type Server,
} from './harness.ts'

const ADMIN = ['admin', 'admin-pass-123'] as const
const ANN = ['ann', 'ann-pass-1234'] as const
const DAVE = ['dave', 'dave-pass-1234'] as const

describe.skipIf(skipWithoutServer)('screens for accounts, calendar links and series', () => {
  let server: Server
  let browser: Browser
  let base = ''
  let roomId = 0

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    server = await startServer([[...ADMIN, 'admin'], [...ANN, 'staff'], [...DAVE, 'staff']])
    base = server.url
    browser = await launchBrowser()
    const admin = { Authorization: `Bearer ${await login(base, ...ADMIN)}` }
    roomId = (await call(base, 'POST', '/api/admin/classrooms', { name: 'Screens 1', location: '', capacity: 20 }, admin)).body.id
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  /** The axe scan and a screenshot in the light and the dark theme. */
  async function bothThemes(page: Page, name: string) {
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme })
      await page.screenshot({ path: screenshotPath(`${theme}-desktop-${name}`), fullPage: true })
      const r = await scan(page)
      expect(r.failing, `${theme} ${name}: axe found\n${describeFindings(r.failing)}`).toEqual([] as Finding[])
    }
  }

  async function signedIn(who: readonly [string, string], path: string): Promise<Page> {
    const r = await call(base, 'POST', '/api/auth/login', { username: who[0], password: who[1] })
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const session = JSON.stringify({ token: r.body.access_token, expiresAt: Date.now() + 3_600_000, user: r.body.user })
    await ctx.addInitScript((s) => localStorage.setItem('classroom.session', s), session)
    const page = await ctx.newPage()
    page.on('dialog', (d) => void d.accept())
    await page.goto(base + path)
    await page.locator('h1').waitFor()
    return page
  }

  it('an admin deletes a user after confirming; the account can no longer sign in', async () => {
    const page = await signedIn(ADMIN, '/admin/users')
    await page.locator('tr[data-user="dave"]').waitFor()
    expect(await page.getByRole('button', { name: 'Delete admin' }).isDisabled()).toBe(true) // not oneself
    await page.getByRole('button', { name: 'Delete dave' }).click()
    await page.getByText('Deleted dave.').waitFor()
    await page.locator('tr[data-user="dave"]').waitFor({ state: 'detached' })
    expect((await call(base, 'POST', '/api/auth/login', { username: DAVE[0], password: DAVE[1] })).status).toBe(401)
    await page.context().close()
  })

  it('staff make a new calendar link: the old address stops working, the new one serves the feed', async () => {
    const page = await signedIn(ANN, '/staff/bookings')
    await page.getByRole('button', { name: 'Show my calendar link' }).click()
    const code = page.locator('#cal-title ~ p code.secret')
    await code.waitFor()
    const old = (await code.innerText()).trim()
    expect((await fetch(old)).status).toBe(200)

    await page.getByRole('button', { name: 'Make a new link' }).click()
    await page.getByText('New calendar link made; the old one no longer works.').waitFor()
    await expect.poll(async () => (await code.innerText()).trim()).not.toBe(old)
    const fresh = (await code.innerText()).trim()
    expect((await fetch(old)).status).toBe(404)
    const feed = await fetch(fresh)
    expect(feed.status).toBe(200)
    expect(await feed.text()).toContain('BEGIN:VCALENDAR')
    await page.context().close()
  })

  it('staff cancel a weekly series from one session on; earlier sessions stay', async () => {
    const token = await login(base, ...ANN)
    const first = dayInZone(Date.now() + 86_400_000, TIMEZONE)
    const s = await call(base, 'POST', '/api/staff/booking-series', {
      classroom_id: roomId, title: 'Daily stand-up', description: '', weekdays: [1, 2, 3, 4, 5, 6, 7],
      start_date: first, end_date: addDays(first, 9), start_time: '08:00', end_time: '08:30', skip_conflicts: true,
    }, { Authorization: `Bearer ${token}` })
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    expect(s.body.created.length).toBe(10)

    const page = await signedIn(ANN, '/staff/bookings')
    const from = addDays(first, 4)
    await page.getByRole('button', { name: `Cancel from here on: Daily stand-up, ${from}` }).click()
    await page.getByText(`Cancelled 6 sessions of "Daily stand-up" from ${from} on.`).waitFor()
    await page.screenshot({ path: screenshotPath('staff-series-cancelled-from'), fullPage: true })

    const mine = await call(base, 'GET', '/api/staff/bookings', undefined, { Authorization: `Bearer ${token}` })
    const left = (mine.body as { title: string; status: string; start_time: string }[])
      .filter((b) => b.title === 'Daily stand-up' && b.status === 'confirmed')
      .map((b) => dayInZone(b.start_time, TIMEZONE))
    expect(left).toEqual([0, 1, 2, 3].map((i) => addDays(first, i)))
    await page.context().close()
  })

  it('staff edit a weekly series from one session on; a clash changes nothing and says so at the field', async () => {
    const token = await login(base, ...ANN)
    const auth = { Authorization: `Bearer ${token}` }
    const first = dayInZone(Date.now() + 20 * 86_400_000, TIMEZONE)
    const s = await call(base, 'POST', '/api/staff/booking-series', {
      classroom_id: roomId, title: 'Lunch talk', description: 'Bring food', weekdays: [1, 2, 3, 4, 5, 6, 7],
      start_date: first, end_date: addDays(first, 4), start_time: '12:00', end_time: '12:45', skip_conflicts: false,
    }, auth)
    expect(s.status, JSON.stringify(s.body)).toBe(201)
    const sessions = async () => ((await call(base, 'GET', `/api/staff/booking-series/${s.body.series_id}`, undefined, auth)).body.bookings as
      { title: string; start_time: string; end_time: string }[]).map((b) => `${toLocalInput(b.start_time, TIMEZONE)}-${toLocalInput(b.end_time, TIMEZONE).slice(11)} ${b.title}`)

    const page = await signedIn(ANN, '/staff/bookings')
    const from = addDays(first, 2)
    await page.getByRole('button', { name: `Edit from here on: Lunch talk, ${from}` }).click()
    let form = page.getByRole('form', { name: `Edit Lunch talk from ${from} on` })
    await form.getByLabel('Title').fill('Lunch talk (later)')
    await form.getByLabel('Start time').fill('13:00')
    await form.getByLabel('End time').fill('14:00')
    await form.getByRole('button', { name: 'Save the series' }).click()
    await page.getByText(`Saved 3 sessions of "Lunch talk (later)" from ${from} on.`).waitFor()
    await page.screenshot({ path: screenshotPath('staff-series-edited-from'), fullPage: true })
    const after = [0, 1].map((i) => `${addDays(first, i)}T12:00-12:45 Lunch talk`)
      .concat([2, 3, 4].map((i) => `${addDays(first, i)}T13:00-14:00 Lunch talk (later)`))
    expect(await sessions()).toEqual(after)

    // Someone else takes 15:00 on the last day: moving the series there is refused whole.
    const admin = { Authorization: `Bearer ${await login(base, ...ADMIN)}` }
    const other = await call(base, 'POST', '/api/staff/bookings', {
      classroom_id: roomId, start_time: `${addDays(first, 4)}T15:00`, end_time: `${addDays(first, 4)}T16:00`, title: 'Board meeting', description: '',
    }, admin)
    expect(other.status, JSON.stringify(other.body)).toBe(201)
    await page.reload()
    await page.getByRole('button', { name: `Edit from here on: Lunch talk (later), ${from}` }).click()
    form = page.getByRole('form', { name: `Edit Lunch talk (later) from ${from} on` })
    await form.getByLabel('Start time').fill('15:00')
    await form.getByLabel('End time').fill('15:30')
    await form.getByRole('button', { name: 'Save the series' }).click()
    const start = form.getByLabel('Start time')
    await expect.poll(() => start.getAttribute('aria-invalid')).toBe('true')
    expect(await form.innerText()).toContain('Another booking is in the way')
    await bothThemes(page, 'staff-series-edit-clash')
    expect(await sessions()).toEqual(after)
    await page.context().close()
  })

  it('the devices list warns of a weak key until it is rotated, and shows a sensor fault, online and last seen live', async () => {
    const admin = { Authorization: `Bearer ${await login(base, ...ADMIN)}` }
    const room = await call(base, 'POST', '/api/admin/classrooms', { name: 'Screens 2', location: '', capacity: 20 }, admin)
    const d = await call(base, 'POST', '/api/admin/devices', { device_id: 'esp32-old', name: 'Old node', api_key: 'oldkey1234' }, admin)
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    expect(d.body.key_weak).toBe(true)
    await call(base, 'POST', `/api/admin/classrooms/${room.body.id}/device`, { device_id: 'esp32-old' }, admin)

    const page = await signedIn(ADMIN, '/admin/devices')
    const row = page.locator('tr[data-device="esp32-old"]')
    await row.getByText('Weak key: rotate it').waitFor()
    expect(await row.innerText()).toContain('Offline')
    expect(await row.innerText()).toContain('never')

    const node = { 'X-Device-ID': 'esp32-old', 'X-API-Key': 'oldkey1234' }
    const r = await call(base, 'POST', '/api/esp/status', {
      is_occupied: false, is_power_on: true, last_movement: 600, sensor_ok: false, sensor_fault: 'echo timeout',
    }, node)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    await row.getByText('Sensor fault: echo timeout').waitFor({ timeout: 5_000 }) // live, no reload
    await row.getByText('Online').waitFor()
    expect(await row.innerText()).toContain('just now')
    await bothThemes(page, 'admin-devices-weak-key-sensor-fault')

    await page.getByRole('button', { name: 'Rotate key of esp32-old' }).click()
    const key = (await page.getByTestId('api-key').innerText()).trim()
    expect(key.length).toBeGreaterThanOrEqual(16)
    await row.getByText('Weak key: rotate it').waitFor({ state: 'detached' })
    expect((await call(base, 'POST', '/api/esp/heartbeat', {}, node)).status).toBe(401)
    expect((await call(base, 'POST', '/api/esp/heartbeat', {}, { ...node, 'X-API-Key': key })).status).toBe(200)
    await page.context().close()
  })

  it('an admin edits someone else’s booking: new title and times, the owner sees them', async () => {
    const token = await login(base, ...ANN)
    const day = dayInZone(Date.now() + 3 * 86_400_000, TIMEZONE)
    const b = await call(base, 'POST', '/api/staff/bookings', {
      classroom_id: roomId, start_time: `${day}T13:00`, end_time: `${day}T14:00`, title: 'Reading group', description: '',
    }, { Authorization: `Bearer ${token}` })
    expect(b.status, JSON.stringify(b.body)).toBe(201)

    const page = await signedIn(ADMIN, '/admin/bookings')
    await page.getByRole('button', { name: 'Edit Reading group' }).click()
    const form = page.getByRole('form', { name: 'Edit Reading group' })
    await form.getByLabel('Title').fill('Reading group (moved)')
    await form.getByLabel('Start').fill(`${day}T15:00`)
    await form.getByLabel('End').fill(`${day}T16:30`)
    await form.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved "Reading group (moved)". (booked by ann)').waitFor()

    const mine = await call(base, 'GET', '/api/staff/bookings', undefined, { Authorization: `Bearer ${token}` })
    const moved = (mine.body as { id: number; title: string; start_time: string; end_time: string }[]).find((x) => x.id === b.body.id)!
    expect(moved.title).toBe('Reading group (moved)')
    expect(toLocalInput(moved.start_time, TIMEZONE)).toBe(`${day}T15:00`)
    expect(toLocalInput(moved.end_time, TIMEZONE)).toBe(`${day}T16:30`)
    await page.context().close()
  })
})
