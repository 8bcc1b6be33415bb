// Accessibility in a real browser: every view scanned by axe-core at desktop and
// phone sizes, in the light and the dark theme (failing on serious or critical
// findings), the booking flow by keyboard alone, live changes announced without
// moving focus, form errors tied to their fields, reduced motion, 200 % zoom.
// Saves a screenshot of every view in both themes. See docs/ACCESSIBILITY.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { dayInZone, formatDay } from '../src/lib/time.ts'
import { describeFindings, scan, type Finding } from './axe.ts'
import {
  call, ensureBuilt, launchBrowser, login, Node, requireBinary, screenshotPath, SERVER_BIN, skipWithoutServer, startServer, TIMEZONE,
  writeReport, type Server,
} from './harness.ts'

const ADMIN = ['admin', 'admin-pass-123'] as const
const ANN = ['ann', 'ann-pass-1234'] as const
const ROOM = 'A11y 101'
const FAULTY = 'A11y Lab'
const EMPTY_ROOM = 'A11y 303'

const ADMIN_VIEWS: [string, string][] = [
  ['/admin', 'admin-dashboard'], ['/admin/power', 'admin-power'], ['/admin/classrooms', 'admin-classrooms'], ['/admin/buildings', 'admin-buildings'],
  ['/admin/room-attributes', 'admin-room-attributes'], ['/admin/terms', 'admin-terms'],
  ['/admin/devices', 'admin-devices'], ['/admin/users', 'admin-users'], ['/admin/bookings', 'admin-bookings'],
  ['/admin/messages', 'admin-messages'], ['/admin/utilization', 'admin-utilization'], ['/admin/webhooks', 'admin-webhooks'], ['/admin/firmware', 'admin-firmware'], ['/admin/sign-in', 'admin-sign-in'],
  ['/account', 'admin-account'],
  ['/staff/book', 'admin-book'], ['/staff/approvals', 'admin-approvals'], ['/admin/no-such-page', 'not-found'],
]
const STAFF_VIEWS: [string, string][] = [
  ['/staff', 'staff-dashboard'], ['/staff/book', 'staff-book'], ['/staff/find', 'staff-find-room'], ['/staff/bookings', 'staff-my-bookings'],
  ['/staff/contact', 'staff-contact'], ['/account', 'staff-account'], ['/admin/users', 'staff-forbidden'],
]
const PUBLIC_VIEWS: [string, string][] = [['/signin', 'signin'], ['/contact', 'public-contact']]

const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const
type Size = keyof typeof SIZES
type Theme = 'light' | 'dark'
const COMBOS: [Size, Theme][] = [['desktop', 'light'], ['desktop', 'dark'], ['phone', 'light'], ['phone', 'dark']]

const report: string[] = []
let scans = 0
let minor = 0

describe.skipIf(skipWithoutServer)('accessibility of every view', () => {
  let server: Server
  let browser: Browser
  let base = ''
  let node: Node
  const tomorrow = dayInZone(Date.now() + 86_400_000, TIMEZONE)

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    server = await startServer([[...ADMIN, 'admin'], [...ANN, 'staff']])
    base = server.url
    browser = await launchBrowser()
    node = await seed(base, tomorrow)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (scans) {
      const head = `axe-core scans: ${scans} (views × sizes × themes); serious or critical findings fail the suite; minor or moderate findings: ${minor}`
      writeReport('axe-report.txt', `${head}\n${report.join('\n')}\n`)
      console.log(`\n  ${head}\n`)
    }
  })

  /** A browser context of the given size and theme, signed in as `who` (or not). */
  async function context(size: Size, theme: Theme, who?: readonly [string, string], extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    const ctx = await browser.newContext({
      viewport: SIZES[size], colorScheme: theme, ...(size === 'phone' ? { isMobile: true, hasTouch: true } : {}), ...extra,
    })
    if (who) {
      const r = await call(base, 'POST', '/api/auth/login', { username: who[0], password: who[1] })
      const session = { token: r.body.access_token, expiresAt: Date.now() + (r.body.expires_in ?? 3600) * 1000, user: r.body.user }
      await ctx.addInitScript((s) => localStorage.setItem('classroom.session', s), JSON.stringify(session))
    }
    // One room's node reports a sensor fault (the server's power_reason "sensor_fault").
    await ctx.route(/\/api\/(admin|staff)\/classrooms$/, async (route) => {
      const res = await route.fetch()
      const rooms = (await res.json()) as { name: string; status: Record<string, unknown> | null }[]
      for (const r of rooms) if (r.name === FAULTY && r.status) r.status = { ...r.status, power_reason: 'sensor_fault', sensor_fault: 'echo timeout' }
      await route.fulfill({ response: res, json: rooms })
    })
    return ctx
  }

  /** Closes a context once its route handlers are done (a handler still fetching would fail the run). */
  async function closeContext(ctx: BrowserContext) {
    await ctx.unrouteAll({ behavior: 'ignoreErrors' })
    await ctx.close()
  }

  async function open(page: Page, path: string) {
    await page.goto(base + path)
    await page.waitForFunction(() => document.querySelector('h1') && !document.querySelector('.loading'), undefined, { polling: 100 })
  }

  /** Structure every view must have, then the axe scan. */
  async function check(page: Page, name: string, signedIn: boolean) {
    const h1 = await page.locator('h1').count()
    expect(h1, `${name}: one h1`).toBe(1)
    expect(await page.locator('main').count(), `${name}: one main landmark`).toBe(1)
    if (signedIn) expect(await page.locator('a.skip[href="#main"]').count(), `${name}: skip link`).toBe(1)
    const headless = await page.$$eval('table', (ts) => ts.filter((t) => !t.querySelector('th')).length)
    expect(headless, `${name}: every table has header cells`).toBe(0)
    const bare = await page.$$eval('.badge', (bs) => bs.filter((b) => !(b.textContent ?? '').trim()).map((b) => b.outerHTML.slice(0, 80)))
    expect(bare, `${name}: badges say their state in words`).toEqual([])
    const r = await scan(page)
    scans++
    minor += r.other.length
    report.push(`${name}: ${r.passes} rules passed, ${r.failing.length} serious/critical, ${r.other.length} minor/moderate` +
      (r.other.length ? `\n  ${describeFindings(r.other).replace(/\n/g, '\n  ')}` : ''))
    expect(r.failing, `${name}: axe found\n${describeFindings(r.failing)}`).toEqual([] as Finding[])
  }

  async function sweep(size: Size, theme: Theme, who: readonly [string, string] | undefined, views: [string, string][]) {
    const ctx = await context(size, theme, who)
    const page = await ctx.newPage()
    try {
      for (const [path, name] of views) {
        await open(page, path)
        await page.screenshot({ path: screenshotPath(`${theme}-${size}-${name}`), fullPage: true })
        await check(page, `${theme} ${size} ${name}`, !!who)
        if (path === '/staff/book') {
          await page.getByText('Free times as a list').click()
          await check(page, `${theme} ${size} ${name} (free times list open)`, !!who)
        }
      }
    } finally {
      await closeContext(ctx)
    }
  }

  for (const [size, theme] of COMBOS) {
    it(`admin views pass axe: ${size}, ${theme} theme`, () => sweep(size, theme, ADMIN, ADMIN_VIEWS))
    it(`staff views pass axe: ${size}, ${theme} theme`, () => sweep(size, theme, ANN, STAFF_VIEWS))
    it(`public views pass axe: ${size}, ${theme} theme`, () => sweep(size, theme, undefined, PUBLIC_VIEWS))
  }

  it('a room whose sensor fails says so in words and with an icon, on its card and in the alerts', async () => {
    const ctx = await context('desktop', 'light', ADMIN)
    const page = await ctx.newPage()
    await open(page, '/admin')
    const card = page.locator(`[data-room="${FAULTY}"]`)
    expect(await card.getAttribute('data-state')).toBe('sensor_fault')
    expect(await card.locator('.badge').innerText()).toContain('Sensor fault')
    expect(await card.locator('.badge svg.icon').count()).toBe(1)
    await page.locator(`[data-sensor-fault="${FAULTY}"]`).waitFor()
    expect(await page.locator('[data-count="sensor_fault"]').innerText()).toBe('1')
    await closeContext(ctx)
  })

  it('the whole booking flow works by keyboard alone: skip link, toolbar, grid, form, free-times list', async () => {
    const ctx = await context('desktop', 'light', ANN)
    const page = await ctx.newPage()
    await open(page, '/staff/book')
    await page.locator('.slot-grid').waitFor()

    await page.keyboard.press('Tab')
    expect(await active(page, (e) => e.className)).toBe('skip')
    await page.keyboard.press('Enter')
    await expect.poll(() => active(page, (e) => e.id)).toBe('main')

    // A visible focus ring on whatever has focus.
    await tabTo(page, (e) => e.textContent === 'Day')
    const ring = await active(page, (e) => { const s = getComputedStyle(e); return `${s.outlineStyle} ${s.outlineWidth}` })
    expect(ring).toMatch(/^solid [3-9]/)
    await page.keyboard.press('Enter')
    await tabTo(page, (e) => e.textContent === 'Today')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab') // the next-day button
    expect(await active(page, (e) => e.getAttribute('aria-label'))).toBe('Next day')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('[data-cell="0-0"]').getAttribute('aria-label')).toBe(`${formatDay(tomorrow)} 07:00: free`)

    // Roving focus: one slot in the tab order; arrows move; Enter picks.
    expect(await page.locator('[data-cell][tabindex="0"]').count()).toBe(1)
    await tabTo(page, (e) => e.hasAttribute('data-cell'))
    for (let i = 0; i < 18; i++) await page.keyboard.press('ArrowDown') // 07:00 + 18 × 30 min = 16:00
    expect(await active(page, (e) => e.getAttribute('aria-label'))).toMatch(/16:00: free/)
    await page.keyboard.press('Enter')
    await expect.poll(() => active(page, (e) => e.id)).toBe('book-title')
    expect(await page.getByLabel('Day', { exact: true }).inputValue()).toBe(tomorrow)
    expect(await page.getByLabel('Start').inputValue()).toBe('16:00')
    await page.keyboard.type('Office hour by keyboard')
    await page.keyboard.press('Enter')
    await page.getByText(/^Booked .*16:00–17:00\./).waitFor()

    // The text alternative: the free times as a list of buttons.
    await tabTo(page, (e) => e.tagName === 'SUMMARY', { backwards: true })
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    const chip = (await active(page, (e) => e.getAttribute('aria-label'))) ?? ''
    expect(chip).toMatch(/^07:00–10:00 free on .*: book from 07:00$/) // the seeded booking takes 10:00–11:00
    await page.keyboard.press('Enter')
    await expect.poll(() => active(page, (e) => e.id)).toBe('book-title')
    expect(await page.getByLabel('Start').inputValue()).toBe('07:00')
    await page.keyboard.type('Early tutorial')
    await page.keyboard.press('Enter')
    await page.getByText(/^Booked .*07:00–08:00\./).waitFor()

    const token = await login(base, ...ANN)
    const mine = await call(base, 'GET', '/api/staff/bookings', undefined, { Authorization: `Bearer ${token}` })
    const titles = (mine.body as { title: string }[]).map((b) => b.title)
    expect(titles).toEqual(expect.arrayContaining(['Office hour by keyboard', 'Early tutorial']))
    await page.screenshot({ path: screenshotPath('keyboard-booking-done'), fullPage: true })
    await closeContext(ctx)
  })

  it('a node’s report is announced politely and focus stays where it was', async () => {
    const ctx = await context('desktop', 'light', ADMIN)
    const page = await ctx.newPage()
    await open(page, '/admin')
    await page.locator('.live-dot.on').waitFor()
    const region = page.getByTestId('announcer')
    expect(await region.getAttribute('aria-live')).toBe('polite')
    await tabTo(page, (e) => e.textContent === 'Power')
    const before = await active(page, (e) => e.outerHTML)

    const was = await page.locator(`[data-room="${ROOM}"]`).getAttribute('data-state')
    await node.report(was !== 'occupied')
    await expect.poll(() => region.innerText(), { timeout: 5000 }).toContain(`${ROOM}: `)
    expect(await active(page, (e) => e.outerHTML)).toBe(before)
    await closeContext(ctx)
  })

  it('form errors are tied to their fields, and the first wrong field gets focus', async () => {
    const ctx = await context('desktop', 'light', ADMIN)
    const page = await ctx.newPage()
    await open(page, '/admin/users')
    const form = page.getByRole('form', { name: 'Create a user' })
    await form.getByLabel('Username').fill('x')
    await form.getByLabel('Email').fill('not-an-email')
    await form.getByRole('button', { name: 'Create user' }).click()
    const email = form.getByLabel('Email')
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true')
    const described = await email.getAttribute('aria-describedby')
    expect(await page.locator(`[id="${described}"]`).innerText()).toBe('Enter an email address like name@example.org.')
    await expect.poll(() => active(page, (e) => (e as HTMLInputElement).labels?.[0]?.textContent)).toBe('Username')
    expect(await form.getByLabel('Initial password').getAttribute('aria-invalid')).toBe('true')
    await page.screenshot({ path: screenshotPath('form-errors') })

    // Identifiers follow the server's rule: ':' is allowed.
    await form.getByLabel('Username').fill('dept:carol')
    await email.fill('carol@campus.example')
    await form.getByLabel('Initial password').fill('carol-pass-1')
    await form.getByRole('button', { name: 'Create user' }).click()
    await page.getByText('Created dept:carol.').waitFor()
    await closeContext(ctx)
  })

  it('respects reduced motion: the loading skeleton does not animate', async () => {
    const shimmer = async (reducedMotion: 'reduce' | 'no-preference') => {
      const ctx = await context('desktop', 'light', undefined, { reducedMotion })
      const page = await ctx.newPage()
      await open(page, '/signin')
      const name = await page.evaluate(() => {
        const s = document.createElement('span')
        s.className = 'skeleton'
        document.body.append(s)
        const a = getComputedStyle(s)
        return `${a.animationName} ${a.animationDuration}`
      })
      await closeContext(ctx)
      return name
    }
    expect(await shimmer('no-preference')).toMatch(/^shimmer /)
    expect(await shimmer('reduce')).toMatch(/^none /)
  })

  it('is usable at 200 % zoom: no sideways scrolling, nothing cut off', async () => {
    // 200 % zoom of a 1280 × 900 window leaves 640 × 450 CSS pixels.
    for (const [who, views] of [[ADMIN, ADMIN_VIEWS], [ANN, STAFF_VIEWS]] as const) {
      const ctx = await context('desktop', 'light', who, { viewport: { width: 640, height: 450 } })
      const page = await ctx.newPage()
      for (const [path, name] of views) {
        await open(page, path)
        const width = await page.evaluate(() => document.documentElement.scrollWidth)
        expect(width, `${name} at 200 %`).toBeLessThanOrEqual(640)
        if (path === '/admin' || path === '/staff/book') await page.screenshot({ path: screenshotPath(`zoom200-${name}`), fullPage: true })
      }
      await closeContext(ctx)
    }
  })
})

/** A small campus: a live room, a room whose sensor will fail, a room without a node, a booking, a message. */
async function seed(base: string, tomorrow: string): Promise<Node> {
  const admin = { Authorization: `Bearer ${await login(base, ...ADMIN)}` }
  const room = async (name: string, device?: string) => {
    const c = await call(base, 'POST', '/api/admin/classrooms', { name, location: 'North building', capacity: 24 }, admin)
    if (c.status !== 201) throw new Error(`room ${name}: ${c.status} ${JSON.stringify(c.body)}`)
    if (!device) return { id: c.body.id as number, node: null }
    const d = await call(base, 'POST', '/api/admin/devices', { device_id: device, name: `Node ${name}` }, admin)
    await call(base, 'POST', `/api/admin/classrooms/${c.body.id}/device`, { device_id: device }, admin)
    const n = new Node(base, device, d.body.api_key)
    await n.heartbeat()
    return { id: c.body.id as number, node: n }
  }
  const live = await room(ROOM, 'esp32-a11y-101')
  const lab = await room(FAULTY, 'esp32-a11y-lab')
  await room(EMPTY_ROOM)
  await live.node!.report(true)
  await lab.node!.report(false)

  const ann = { Authorization: `Bearer ${await login(base, ...ANN)}` }
  const b = await call(base, 'POST', '/api/staff/bookings', {
    classroom_id: live.id, start_time: `${tomorrow}T10:00`, end_time: `${tomorrow}T11:00`, title: 'Seminar on access', description: '',
  }, ann)
  if (b.status !== 201) throw new Error(`booking: ${b.status} ${JSON.stringify(b.body)}`)
  await call(base, 'POST', '/api/contact', {
    name: 'Dana Porter', email: 'dana@campus.example', subject: 'Door display', message: 'The display in A11y 101 is blank.', message_type: 'issue',
  })
  return live.node!
}

/** Something about the focused element, computed in the page. */
function active<T>(page: Page, fn: (e: Element) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(document.activeElement)`) as Promise<T>
}

/** Press Tab (or Shift+Tab) until the focused element matches; fail after `max` presses. */
async function tabTo(page: Page, match: (e: Element) => boolean, { backwards = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
    if (await active(page, match)) return
  }
  throw new Error(`no element matching ${match.toString()} within ${max} presses of Tab`)
}
