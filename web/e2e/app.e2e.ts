// The app in a real browser against a real classroomd: sign-in by role, a
// node's report reaching the dashboard live, booking and its refusal, power
// commands from pending to applied, and role separation. Saves a screenshot
// of each main view and prints how long each took to load.
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { dayInZone, toLocalInput, weekdayOf } from '../src/lib/time.ts'
import {
  call, ensureBuilt, launchBrowser, login, Node, requireBinary, screenshotPath, SERVER_BIN, SIM_BIN, skipWithoutServer, skipWithoutSim,
  startServer, TIMEZONE, writeReport, type Server, signIn,
} from './harness.ts'

const ADMIN = ['admin', 'admin-pass-123'] as const
const ANN = ['ann', 'ann-pass-1234'] as const
const BOB = ['bob', 'bob-pass-1234'] as const
const ROOM = 'E2E 101'
const DEVICE = 'esp32-e2e-101'

const loadTimes: [string, number][] = []
const liveTimes: [string, number][] = []

describe.skipIf(skipWithoutServer)('web app in Chromium against classroomd', () => {
  let server: Server
  let browser: Browser
  let adminCtx: BrowserContext
  let staffCtx: BrowserContext
  let admin: Page
  let staff: Page
  let node: Node
  let base = ''

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    server = await startServer([[...ADMIN, 'admin'], [...ANN, 'staff'], [...BOB, 'staff']])
    base = server.url
    browser = await launchBrowser()
    adminCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York' })
    staffCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Tokyo' })
    admin = await adminCtx.newPage()
    staff = await staffCtx.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (loadTimes.length || liveTimes.length) {
      const lines = [
        'View load times (navigation to data shown, ms):',
        ...loadTimes.map(([v, ms]) => `  ${v.padEnd(28)} ${String(ms).padStart(6)}`),
        'Live updates (action to screen, ms):',
        ...liveTimes.map(([v, ms]) => `  ${v.padEnd(28)} ${String(ms).padStart(6)}`),
      ]
      console.log(`\n${lines.join('\n')}\n`)
      writeReport('load-times.txt', `${lines.join('\n')}\n`)
    }
  })

  /** Open a view by URL, wait until its data is shown, note the time, save a screenshot. */
  async function view(page: Page, path: string, name: string) {
    await page.goto(base + path)
    // Time from the start of navigation until the view shows its data, as the page measures it.
    const ms = await page.waitForFunction(
      () => document.querySelector('#page-title') && !document.querySelector('.loading') && Math.round(performance.now()), undefined, { polling: 'raf' })
    loadTimes.push([name, (await ms.jsonValue()) as number])
    await page.screenshot({ path: screenshotPath(name), fullPage: true })
    const errors = await page.locator('.error-box').allInnerTexts()
    expect(errors, `${name} shows an error`).toEqual([])
    const unlabelled = await page.$$eval('input, select, textarea', (els) =>
      els.filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label')).map((e) => e.outerHTML.slice(0, 80)))
    expect(unlabelled, `${name} has form controls without a label`).toEqual([])
  }

  it('admin signs in, creates a room, registers a device; a node report changes the dashboard live', async () => {
    await signIn(admin, base, ADMIN)
    await admin.waitForURL(/\/admin$/)
    await expect.poll(() => admin.locator('#page-title').innerText()).toBe('Dashboard')
    await admin.screenshot({ path: screenshotPath('admin-dashboard-empty') })

    await admin.getByRole('link', { name: 'Classrooms' }).click()
    await admin.getByLabel('Name').fill(ROOM)
    await admin.getByLabel('Location').fill('Main building, 1st floor')
    await admin.getByLabel('Capacity').fill('30')
    await admin.getByRole('button', { name: 'Create classroom' }).click()
    await admin.getByText(`Created ${ROOM}.`).waitFor()
    await admin.locator(`tr[data-room="${ROOM}"]`).waitFor()

    await admin.getByRole('link', { name: 'Devices' }).click()
    await admin.getByLabel('Device ID').fill(DEVICE)
    await admin.getByLabel('Name', { exact: true }).fill('Node 101')
    await admin.getByRole('button', { name: 'Register device' }).click()
    const key = (await admin.getByTestId('api-key').innerText()).trim()
    expect(key.length).toBeGreaterThan(10)
    await admin.screenshot({ path: screenshotPath('admin-devices-key-once') })
    await admin.getByRole('button', { name: 'I have saved the key' }).click()
    await admin.locator(`#room-${DEVICE}`).selectOption({ label: ROOM })
    await admin.getByText(`Linked ${DEVICE}.`).waitFor()
    node = new Node(base, DEVICE, key)

    // Client-side navigation from here on: the page is never reloaded.
    await admin.getByRole('link', { name: 'Dashboard' }).click()
    const card = admin.locator(`[data-room="${ROOM}"]`)
    await card.waitFor()
    expect(await card.getAttribute('data-state')).toBe('offline')
    await admin.getByText(`Device ${DEVICE} in ${ROOM} is offline.`).waitFor()

    await node.heartbeat()
    await node.report(false)
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 2000 }).not.toBe('offline')
    await expect.poll(() => admin.getByText('All linked devices are online.').count(), { timeout: 2000 }).toBe(1)

    const t0 = Date.now()
    await node.report(true)
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 2000, interval: 20 }).toBe('occupied')
    liveTimes.push(['node report → dashboard', Date.now() - t0])
    expect(await admin.locator('[data-count="occupied"]').innerText()).toBe('1')
    await admin.screenshot({ path: screenshotPath('admin-dashboard-live'), fullPage: true })
  })

  it('staff books a slot; a second booking of it is refused with a clear message', async () => {
    await signIn(staff, base, ANN)
    await staff.waitForURL(/\/staff$/)
    await staff.locator(`[data-room="${ROOM}"]`).waitFor()
    await staff.getByRole('link', { name: `Book ${ROOM}` }).click()
    await staff.locator('.slot-grid').waitFor()

    const tomorrow = dayInZone(Date.now() + 86_400_000, TIMEZONE)
    // The grid by keyboard: arrows to tomorrow 15:00, Enter fills in the form.
    await staff.getByRole('button', { name: 'Today' }).click()
    if (weekdayOf(tomorrow) === 1) await staff.getByRole('button', { name: 'Next week' }).click()
    await staff.locator('[data-cell="0-0"]').focus()
    for (let i = 1; i < weekdayOf(tomorrow); i++) await staff.keyboard.press('ArrowRight')
    for (let i = 0; i < 16; i++) await staff.keyboard.press('ArrowDown')
    await staff.keyboard.press('Enter')
    expect(await staff.getByLabel('Day').inputValue()).toBe(tomorrow)
    expect(await staff.getByLabel('Start').inputValue()).toBe('15:00')
    expect(await staff.evaluate(() => document.activeElement?.id)).toBe('book-title')

    await staff.getByLabel('Day').fill(tomorrow)
    await staff.getByLabel('Start').fill('10:00')
    await staff.getByLabel('End').fill('11:00')
    await staff.getByLabel('Title').fill('Linear algebra')
    await staff.getByRole('button', { name: 'Book this slot' }).click()
    await staff.getByText(/^Booked .*10:00–11:00\./).waitFor()

    // The same slot again: the form shows the conflict before submitting ...
    await staff.getByLabel('Title').fill('Second try')
    await staff.getByText(/Conflict: the room is already booked 10:00–11:00/).waitFor()
    await staff.screenshot({ path: screenshotPath('staff-book-conflict'), fullPage: true })
    await staff.getByRole('button', { name: 'Book this slot' }).click()
    await staff.getByText('Already booked 10:00–11:00.').waitFor()

    // ... and the server refuses it even when the page could not know (busy times hidden).
    await staff.route('**/api/staff/availability**', (r) => r.fulfill({ json: { busy: [], free: [] } }))
    await staff.getByLabel('Day').fill(dayInZone(Date.now() + 2 * 86_400_000, TIMEZONE))
    await staff.getByLabel('Day').fill(tomorrow)
    await staff.getByLabel('Start').fill('10:30')
    await staff.getByText(/Conflict: the room is already booked/).waitFor({ state: 'detached' })
    await staff.getByRole('button', { name: 'Book this slot' }).click()
    const refusal = staff.locator('.error-box', { hasText: 'Choose another time.' })
    await refusal.waitFor()
    console.log(`  409 shown to the user: ${await refusal.innerText()}`)
    await staff.unroute('**/api/staff/availability**')

    // Another member of staff, straight at the API: 409 with the contract's error.
    const bob = await login(base, ...BOB)
    const rooms = await call(base, 'GET', '/api/staff/classrooms', undefined, { Authorization: `Bearer ${bob}` })
    const roomId = rooms.body.find((r: { name: string }) => r.name === ROOM).id
    const r = await call(base, 'POST', '/api/staff/bookings', {
      classroom_id: roomId, start_time: `${tomorrow}T10:15`, end_time: `${tomorrow}T10:45`, title: 'Clash', description: '',
    }, { Authorization: `Bearer ${bob}` })
    expect(r.status).toBe(409)
    expect(r.body.error).toBe('Time slot already booked')

    // A weekly series for a term, skipping days when the room is taken.
    await staff.getByRole('button', { name: 'Weekly series' }).click()
    await staff.getByLabel('Title').fill('Seminar')
    await staff.getByLabel('Tue', { exact: true }).check()
    await staff.getByLabel('Thu', { exact: true }).check()
    await staff.getByLabel('First day').fill(tomorrow)
    await staff.getByLabel('Last day').fill(dayInZone(Date.now() + 28 * 86_400_000, TIMEZONE))
    await staff.getByLabel('Start').fill('14:00')
    await staff.getByLabel('End').fill('15:30')
    await staff.getByRole('button', { name: 'Book the series' }).click()
    await staff.getByText(/^Booked \d+ sessions/).waitFor()

    await staff.getByRole('link', { name: 'My bookings', exact: true }).click()
    await staff.getByText('Linear algebra').waitFor()
    expect(await staff.getByText('Seminar').count()).toBeGreaterThanOrEqual(7)
  })

  it('admin switches a room off and sees pending become applied', async () => {
    await admin.getByRole('link', { name: 'Power' }).click()
    const row = admin.locator(`tr[data-room="${ROOM}"]`)
    await row.waitFor()
    const t0 = Date.now()
    await admin.getByRole('button', { name: `Switch ${ROOM} off` }).click()
    await row.locator('[data-pending="true"]').waitFor({ timeout: 5000 })
    liveTimes.push(['power click → pending shown', Date.now() - t0])
    await admin.screenshot({ path: screenshotPath('admin-power-pending'), fullPage: true })

    const cmd = await node.obeyCommand()
    expect(cmd.power_on).toBe(false)
    const t1 = Date.now()
    await row.locator('[data-pending="true"]').waitFor({ state: 'detached', timeout: 5000 })
    liveTimes.push(['node confirms → applied shown', Date.now() - t1])
    expect(await row.locator('.power strong').innerText()).toBe('off')
    await admin.screenshot({ path: screenshotPath('admin-power-applied'), fullPage: true })
  })

  it('admin books a room on behalf of a staff member, who finds it among their bookings', async () => {
    await admin.getByRole('link', { name: 'Book a room' }).click()
    await admin.locator('.slot-grid').waitFor()
    const room = await admin.locator('#book-room option', { hasText: ROOM }).getAttribute('value')
    await admin.locator('#book-room').selectOption(room!)
    const day = dayInZone(Date.now() + 3 * 86_400_000, TIMEZONE)
    await admin.getByLabel('Day').fill(day)
    await admin.getByLabel('Start').fill('13:00')
    await admin.getByLabel('End').fill('14:00')
    await admin.getByLabel('Title').fill('Thesis defence')
    const ann = await admin.getByLabel('Book for').locator('option', { hasText: `${ANN[0]} (` }).getAttribute('value')
    await admin.getByLabel('Book for').selectOption(ann!)
    await admin.getByRole('button', { name: 'Book this slot' }).click()
    await admin.getByText(new RegExp(`^Booked .* for ${ANN[0]}: .*13:00–14:00\\.`)).waitFor()
    await admin.screenshot({ path: screenshotPath('admin-book-on-behalf'), fullPage: true })

    await staff.getByRole('link', { name: 'My bookings' }).click()
    await staff.getByText('Thesis defence').first().waitFor()
  })

  it('staff switch the power of their room during their own booking', async () => {
    const token = await staff.evaluate(() => JSON.parse(localStorage.getItem('classroom.session')!).token as string)
    const rooms = await call(base, 'GET', '/api/staff/classrooms', undefined, { Authorization: `Bearer ${token}` })
    const roomId = rooms.body.find((r: { name: string }) => r.name === ROOM).id
    const now = Date.now()
    const b = await call(base, 'POST', '/api/staff/bookings', {
      classroom_id: roomId, start_time: toLocalInput(now, TIMEZONE), end_time: toLocalInput(now + 30 * 60_000, TIMEZONE), title: 'Office hour', description: '',
    }, { Authorization: `Bearer ${token}` })
    expect(b.status, JSON.stringify(b.body)).toBe(201)

    await staff.getByRole('link', { name: 'My bookings', exact: true }).click()
    const item = staff.locator('.booking-item.current', { hasText: 'Office hour' })
    await item.waitFor()
    await item.getByRole('button', { name: 'Power on' }).click()
    await item.locator('[data-pending="true"]').waitFor({ timeout: 5000 })
    const cmd = await node.obeyCommand()
    expect(cmd.power_on).toBe(true)
    await item.locator('[data-pending="true"]').waitFor({ state: 'detached', timeout: 5000 })
    expect(await item.locator('.power strong').innerText()).toBe('on')
    await staff.screenshot({ path: screenshotPath('staff-power-override'), fullPage: true })
  })

  it('the dashboard reconnects after losing its connection and catches up on what it missed', async () => {
    // A switch in the page to cut the live connection: close the sockets, and point
    // new ones at a closed port until the switch is turned back.
    await adminCtx.addInitScript(() => {
      const w = window as unknown as { __cut: boolean; __sockets: WebSocket[] }
      const Real = window.WebSocket
      w.__cut = false
      w.__sockets = []
      window.WebSocket = class extends Real {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(w.__cut ? 'ws://127.0.0.1:9/' : url, protocols)
          w.__sockets.push(this)
        }
      }
    })
    await admin.goto(`${base}/admin`)
    const card = admin.locator(`[data-room="${ROOM}"]`)
    await card.waitFor()
    await admin.locator('.live-dot.on').waitFor()
    // The session token travels in Sec-WebSocket-Protocol, never in the socket's URL
    // (which proxies log); the server chose the classroom.v1 subprotocol.
    const sockets = await admin.evaluate(() =>
      (window as unknown as { __sockets: WebSocket[] }).__sockets.map((s) => ({ url: s.url, protocol: s.protocol })))
    expect(sockets.length).toBeGreaterThan(0)
    for (const s of sockets) {
      expect(s.url).not.toContain('token')
      expect(s.protocol).toBe('classroom.v1')
    }
    await node.report(false)
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 2000 }).not.toBe('occupied')

    await admin.evaluate(() => {
      const w = window as unknown as { __cut: boolean; __sockets: WebSocket[] }
      w.__cut = true
      for (const s of w.__sockets) s.close()
    })
    await admin.locator('.live-dot.off').waitFor()
    await node.report(true) // happens while the page cannot hear about it
    await new Promise((r) => setTimeout(r, 1500))
    expect(await card.getAttribute('data-state')).not.toBe('occupied')

    const t0 = Date.now()
    await admin.evaluate(() => { (window as unknown as { __cut: boolean }).__cut = false })
    await admin.locator('.live-dot.on').waitFor({ timeout: 35_000 })
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 5000 }).toBe('occupied')
    liveTimes.push(['reconnect → caught up', Date.now() - t0])
  })

  it.skipIf(skipWithoutSim)('a fleet of simulated nodes (classroom-sim) appears on the dashboard live', async () => {
    requireBinary(SIM_BIN, 'classroom-sim')
    await admin.getByRole('link', { name: 'Dashboard' }).click()
    await admin.locator(`[data-room="${ROOM}"]`).waitFor()
    const before = await admin.locator('.room-card').count()
    const pwFile = join(server.dir, 'admin-password')
    writeFileSync(pwFile, `${ADMIN[1]}\n`)
    const sim = spawn(SIM_BIN, [
      '--server', base, '--register', '3', '--admin-user', ADMIN[0], '--admin-password-file', pwFile, '--device-prefix', 'sim-e2e',
      '--scenario', 'lecture', '--speed', '60', '--report-interval', '10', '--duration', '8', '--quiet',
    ], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    sim.stdout.on('data', (d) => { out += d })
    sim.stderr.on('data', (d) => { out += d })
    const exited = new Promise<number | null>((r) => sim.on('exit', r))
    try {
      await expect.poll(() => admin.locator('.room-card').count(), { timeout: 15_000 }).toBe(before + 3)
      await expect.poll(() => admin.locator('.room-card:not([data-state="offline"])').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3)
      await admin.screenshot({ path: screenshotPath('admin-dashboard-fleet'), fullPage: true })
    } finally {
      if ((await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 10_000))])) === 'running') sim.kill('SIGINT')
      console.log(`  classroom-sim: ${out.trim().split('\n').slice(-3).join(' | ')}`)
    }
  })

  it('a staff token cannot open admin views, and a rejected token returns to sign-in', async () => {
    await staff.goto(`${base}/admin/users`)
    await expect.poll(() => staff.locator('#page-title').innerText()).toBe('Not allowed')
    expect(await staff.getByRole('alert').first().innerText()).toMatch(/administrators only/)
    await staff.screenshot({ path: screenshotPath('staff-admin-refused') })

    const ann = await login(base, ...ANN)
    for (const path of ['/api/admin/users', '/api/admin/classrooms', '/api/admin/stats']) {
      expect((await call(base, 'GET', path, undefined, { Authorization: `Bearer ${ann}` })).status, path).toBe(403)
    }
    expect((await call(base, 'POST', '/api/admin/power/1', { power_on: true }, { Authorization: `Bearer ${ann}` })).status).toBe(403)

    // A token the server no longer accepts: any 401 drops it and shows sign-in.
    const other = await browser.newContext()
    const page = await other.newPage()
    await signIn(page, base, BOB)
    await page.waitForURL(/\/staff$/)
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('classroom.session')!)
      localStorage.setItem('classroom.session', JSON.stringify({ ...s, token: `${s.token}x` }))
    })
    await page.goto(`${base}/staff/bookings`)
    await page.waitForURL(/\/signin$/)
    await page.getByText('Please sign in again.').waitFor()
    expect(await page.evaluate(() => localStorage.getItem('classroom.session'))).toBeNull()
    await other.close()
  })

  it('admin creates a user, resets the password and deactivates the account', async () => {
    await admin.getByRole('link', { name: 'Users' }).click()
    const form = admin.getByRole('form', { name: 'Create a user' })
    await form.getByLabel('Username').fill('carol')
    await form.getByLabel('Email').fill('not-an-email')
    await form.getByLabel('Initial password').fill('carol-pass-1')
    await form.getByRole('button', { name: 'Create user' }).click()
    await form.getByText('Enter an email address like name@example.org.').waitFor()
    await form.getByLabel('Email').fill('carol@campus.example')
    await form.getByRole('button', { name: 'Create user' }).click()
    await admin.getByText('Created carol.').waitFor()

    const row = admin.locator('tr[data-user="carol"]')
    await row.getByRole('button', { name: 'Reset password' }).click()
    await row.getByLabel('New password for carol').fill('carol-pass-2')
    await row.getByRole('button', { name: 'Set password' }).click()
    await admin.getByText('New password set for carol.').waitFor()
    expect((await call(base, 'POST', '/api/auth/login', { username: 'carol', password: 'carol-pass-2' })).status).toBe(200)

    await row.getByRole('button', { name: 'Deactivate' }).click()
    await admin.getByText('Deactivated carol.').waitFor()
    await row.getByText('Deactivated').waitFor()
    expect((await call(base, 'POST', '/api/auth/login', { username: 'carol', password: 'carol-pass-2' })).status).toBe(401)
  })

  it('the sign-in page explains a refused campus sign-in', async () => {
    const refused = await call(base, 'POST', '/api/auth/header-login', undefined,
      { 'X-Remote-User': 'visitor@campus.example', 'X-Remote-Groups': 'cn=students,ou=groups,dc=campus' })
    expect(refused.status).toBe(403)
    await admin.getByRole('link', { name: 'Sign-in' }).click()
    const form = admin.getByRole('form', { name: 'Look up a sign-in' })
    await form.getByRole('button', { name: 'Look up' }).click()
    await form.getByText('Enter a username.').waitFor()
    await form.getByLabel('Username').fill('visitor@campus.example')
    await form.getByRole('button', { name: 'Look up' }).click()
    await admin.getByRole('heading', { name: 'visitor@campus.example: Refused' }).waitFor()
    await admin.getByText('no group matched', { exact: true }).waitFor()
    await admin.getByText('cn=students,ou=groups,dc=campus').first().waitFor()
    await admin.screenshot({ path: screenshotPath('admin-sign-in-refused'), fullPage: true })
  })

  it('every main view loads with its data (screenshots, load times)', async () => {
    await call(base, 'POST', '/api/contact', {
      name: 'Dana Porter', email: 'dana@campus.example', subject: 'Projector in E2E 101', message: 'The projector flickers.', message_type: 'issue',
    })
    for (const [path, name] of [
      ['/admin', 'admin-dashboard'], ['/admin/power', 'admin-power'], ['/admin/classrooms', 'admin-classrooms'],
      ['/admin/devices', 'admin-devices'], ['/admin/users', 'admin-users'], ['/admin/bookings', 'admin-bookings'],
      ['/admin/messages', 'admin-messages'], ['/admin/utilization', 'admin-utilization'], ['/admin/sign-in', 'admin-sign-in'],
      ['/account', 'account'],
    ]) await view(admin, path, name)
    // Rotating a device's key: the new key is shown once, the old one stops working.
    await admin.getByRole('link', { name: 'Devices' }).click()
    admin.once('dialog', (d) => void d.accept())
    await admin.getByRole('button', { name: `Rotate key of ${DEVICE}` }).click()
    const newKey = (await admin.getByTestId('api-key').innerText()).trim()
    expect(newKey).not.toBe(node.apiKey)
    await expect(node.report(false)).rejects.toThrow(/401/)
    await new Node(base, DEVICE, newKey).report(false)
    await admin.getByRole('button', { name: 'I have saved the key' }).click()

    // Opening a contact message marks it read.
    await admin.getByRole('link', { name: 'Messages' }).click()
    await admin.getByText('1 message, 1 unread').waitFor()
    await admin.getByRole('button', { name: /Projector in E2E 101/ }).click()
    await admin.getByText('The projector flickers.').waitFor()
    await admin.getByText('1 message, 0 unread').waitFor()
    await admin.getByRole('button', { name: 'Mark as unread' }).waitFor()

    // The utilization view exports CSV.
    await admin.getByRole('link', { name: 'Utilization' }).click()
    await admin.getByRole('button', { name: 'Export rooms CSV' }).waitFor()
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Export rooms CSV' }).click()])
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(download.suggestedFilename()).toMatch(/^rooms_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.csv$/)
    const [method, header] = csv.split('\r\n')
    expect(method).toMatch(/^method,"?energy: baseline: /)
    expect(header).toMatch(/^from,to,classroom_id,room,building_id,capacity,occupied_h,booked_h,.*,energy_saved_kwh,/)
    expect(csv).toContain(`,${ROOM},`)

    for (const [path, name] of [
      ['/staff', 'staff-dashboard'], ['/staff/book', 'staff-book'], ['/staff/bookings', 'staff-my-bookings'], ['/staff/contact', 'staff-contact'],
    ]) await view(staff, path, name)

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const p = await phone.newPage()
    // Keyboard only: the username field has focus, Tab to the password, Enter submits.
    await p.goto(`${base}/signin`)
    await p.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.name === 'username')
    await p.keyboard.type(ANN[0])
    await p.keyboard.press('Tab')
    await p.keyboard.type(ANN[1])
    await p.keyboard.press('Enter')
    await p.waitForURL(/\/staff$/)
    await view(p, '/staff', 'phone-staff-dashboard')
    await view(p, '/staff/book', 'phone-staff-book')
    const width = await p.evaluate(() => document.documentElement.scrollWidth)
    expect(width, 'no sideways scrolling on a phone').toBeLessThanOrEqual(400)
    await p.getByRole('button', { name: 'Sign out' }).click()
    await signIn(p, base, ADMIN)
    await p.waitForURL(/\/admin$/)
    for (const [path, name] of [['/admin', 'phone-admin-dashboard'], ['/admin/power', 'phone-admin-power'], ['/admin/devices', 'phone-admin-devices']]) {
      await view(p, path, name)
      expect(await p.evaluate(() => document.documentElement.scrollWidth), `${name}: no sideways scrolling`).toBeLessThanOrEqual(400)
    }
    await phone.close()

    await staff.goto(`${base}/signin`) // signed in: goes home
    const out = await browser.newContext()
    const s = await out.newPage()
    await s.goto(`${base}/signin`)
    await s.getByLabel('Username').waitFor()
    await s.screenshot({ path: screenshotPath('signin') })
    await out.close()
  })
})
