// The analytics screens on the demo campus (classroomd seed-demo: 3 buildings,
// 30 rooms, 6 weeks of history ending now): figures are there and not zero, the
// method stands next to them, exports carry it, the print view drops the
// controls, axe finds nothing serious at desktop and phone sizes in both themes.
// Then the Buildings page: field errors at the field, the refusal to delete a
// building with rooms, and a room moved to another building.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { addDays, dayInZone } from '../src/lib/time.ts'
import { describeFindings, scan, type Finding } from './axe.ts'
import {
  call, ensureBuilt, launchBrowser, login, requireBinary, screenshotPath, SERVER_BIN, skipWithoutServer, startServer, TIMEZONE, type Server,
} from './harness.ts'

const ADMIN = ['registrar', 'registrar-pass-1'] as const // seed-demo makes its own "admin"
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const
type Size = keyof typeof SIZES
type Theme = 'light' | 'dark'
const COMBOS: [Size, Theme][] = [['desktop', 'light'], ['desktop', 'dark'], ['phone', 'light'], ['phone', 'dark']]

describe.skipIf(skipWithoutServer)('analytics on the demo campus', () => {
  let server: Server
  let browser: Browser
  let base = ''
  let auth: Record<string, string> = {}
  const today = dayInZone(Date.now(), TIMEZONE)
  const from = addDays(today, -41) // the six weeks the demo has lived

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    server = await startServer([[...ADMIN, 'admin']], { rooms: 30, historyWeeks: 6 })
    base = server.url
    browser = await launchBrowser()
    auth = { Authorization: `Bearer ${await login(base, ...ADMIN)}` }
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function context(size: Size = 'desktop', theme: Theme = 'light'): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport: SIZES[size], colorScheme: theme, acceptDownloads: true, ...(size === 'phone' ? { isMobile: true, hasTouch: true } : {}) })
    const r = await call(base, 'POST', '/api/auth/login', { username: ADMIN[0], password: ADMIN[1] })
    const session = { token: r.body.access_token, expiresAt: Date.now() + 3_600_000, user: r.body.user }
    await ctx.addInitScript((s) => localStorage.setItem('classroom.session', s), JSON.stringify(session))
    return ctx
  }

  async function open(page: Page, path: string) {
    await page.goto(base + path)
    await page.waitForFunction(() => document.querySelector('h1') && !document.querySelector('.loading'), undefined, { polling: 100 })
  }

  /** The Utilization page for the demo's six weeks. */
  async function sixWeeks(page: Page) {
    await open(page, '/admin/utilization')
    await page.getByLabel('From').fill(from)
    await page.getByRole('button', { name: 'Show' }).click()
    // The default week shows first; wait for the six weeks' trend (a point per week).
    await expect.poll(() => page.locator('.trend path').first().getAttribute('d').then((d) => (d ?? '').split('L').length)).toBeGreaterThanOrEqual(6)
    await expect.poll(() => page.locator('table.figures').first().locator('tbody tr').count()).toBe(3)
  }

  const number = (s: string) => Number(s.replace(/[^\d.]/g, ''))

  it('shows energy saved with its method, the registrar figures, trend, bars, heatmap and right-sizing', async () => {
    const ctx = await context()
    const page = await ctx.newPage()
    await sixWeeks(page)

    const total = await page.getByTestId('total-energy').innerText()
    expect(total).toMatch(/^All rooms: \d+\.\d kWh · \d+\.\d\d EUR · \d+\.\d kg CO₂e \((measured|rated|measured and rated) loads?, \d\.\d\d kW\)$/)
    expect(number(total.split(' kWh')[0])).toBeGreaterThan(0)
    await page.getByText(/^Energy saved — baseline: power on from the room's first presence/).first().waitFor()
    expect(await page.locator('ul.method').count()).toBeGreaterThanOrEqual(3) // by the totals, the buildings and the rooms
    await page.getByText(/^frequency: share of the building's open hours/).first().waitFor()

    const tile = async (text: string) => number(await page.locator('.tile', { hasText: text }).locator('.num').innerText())
    for (const t of ['frequency', 'ghost bookings', 'used without a booking', 'prime-time use', 'seat-hours', 'cost saved', 'CO₂e avoided']) {
      expect(await tile(t), t).toBeGreaterThan(0)
    }

    const rooms = page.locator('table.figures').nth(1).locator('tbody tr')
    expect(await rooms.count()).toBe(30)
    expect(await page.locator('.bars > div').count()).toBe(30)
    expect(await page.locator('.bars > div').first().getAttribute('aria-label')).toMatch(/^\S+ \d+: booked [\d.]+ h, occupied [\d.]+ h, power on [\d.]+ h$/)
    for (const d of await page.locator('.trend path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''))) expect(d).toMatch(/^M0,[\d.]+( L[\d.]+,[\d.]+){5,6}$/)
    expect(await page.locator('.heatmap .heat').count()).toBe(7 * 24)
    expect(await page.locator('.heatmap .heat:not(.heat-0)').count()).toBeGreaterThan(20)
    expect(await page.locator('.heatmap .heat').nth(9).getAttribute('title')).toMatch(/^Monday 09:00–10:00: \d+ % occupied$/)
    await page.getByText('Heatmap as a table').click()
    expect(await page.locator('.heat-table tbody tr').count()).toBe(7)
    expect(await page.locator('text=Rarely used room').count() + await page.locator('text=Bookings nobody comes to').count()).toBeGreaterThan(0)
    await page.screenshot({ path: screenshotPath('analytics-six-weeks'), fullPage: true })
    await ctx.close()
  })

  it('exports rooms, buildings and weeks as CSV with the method as the first row', async () => {
    const ctx = await context()
    const page = await ctx.newPage()
    await sixWeeks(page)
    for (const [what, rows] of [['rooms', 30 + 1], ['buildings', 3], ['weeks', 7]] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export ${what} CSV` }).click()])
      expect(download.suggestedFilename()).toBe(`${what}_${from}_${today}.csv`)
      const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n')
      expect(lines[0]).toMatch(/^method,"?energy: baseline: power on from the room's first presence/)
      expect(lines[1]).toContain('energy_saved_kwh')
      expect(lines.length - 2, what).toBeGreaterThanOrEqual(rows - (what === 'weeks' ? 1 : 0)) // six or seven weeks, by the weekday today falls on
    }
    await ctx.close()
  })

  it('prints the report without navigation or controls', async () => {
    const ctx = await context()
    const page = await ctx.newPage()
    await sixWeeks(page)
    await page.emulateMedia({ media: 'print' })
    for (const sel of ['nav', 'form.filters', 'button:has-text("Print report")']) expect(await page.locator(sel).isVisible(), sel).toBe(false)
    expect(await page.getByText(`Report for ${from} to ${today}.`).isVisible()).toBe(true)
    expect(await page.getByTestId('total-energy').isVisible()).toBe(true)
    await page.screenshot({ path: screenshotPath('analytics-print'), fullPage: true })
    await ctx.close()
  })

  for (const [size, theme] of COMBOS) {
    it(`the analytics and buildings views pass axe: ${size}, ${theme} theme`, async () => {
      const ctx = await context(size, theme)
      const page = await ctx.newPage()
      for (const [path, name] of [['/admin/utilization', 'demo-utilization'], ['/admin/buildings', 'demo-buildings']]) {
        await open(page, path)
        if (path === '/admin/utilization') {
          await page.locator('.heatmap').waitFor()
          await page.getByText('Heatmap as a table').click()
        }
        await page.screenshot({ path: screenshotPath(`${theme}-${size}-${name}`), fullPage: true })
        const r = await scan(page)
        expect(r.failing, `${name}: axe found\n${describeFindings(r.failing)}`).toEqual([] as Finding[])
      }
      await ctx.close()
    })
  }

  it('Buildings: a bad opening time is shown at its field, a building with rooms is not deleted, an empty one is', async () => {
    const ctx = await context()
    const page = await ctx.newPage()
    page.on('dialog', (d) => void d.accept())
    await open(page, '/admin/buildings')
    await page.locator('tr[data-building="Main Building"]').waitFor()

    const form = page.getByRole('form', { name: 'New building' })
    await form.getByLabel('Name').fill('Sports Hall')
    await form.getByLabel('Code').fill('SH')
    await form.getByLabel('Opening hours').fill('Mo-Fr 25:00-20:00')
    await form.getByRole('button', { name: 'Create building' }).click()
    const hoursField = form.getByLabel('Opening hours')
    await expect.poll(() => hoursField.getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator(`[id="${await hoursField.getAttribute('aria-describedby')}"]`).innerText()).toContain('25:00-20:00')
    await page.screenshot({ path: screenshotPath('buildings-field-error') })

    await hoursField.fill('Mo-Fr 08:00-20:00; Sa 09:00-13:00')
    await form.getByRole('button', { name: 'Create building' }).click()
    await page.getByText('Created Sports Hall.').waitFor()

    await page.getByRole('button', { name: 'Edit Sports Hall' }).click()
    const edit = page.getByRole('form', { name: 'Edit Sports Hall' })
    await edit.getByLabel('Address').fill('1 Stadium Way')
    await edit.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved Sports Hall.').waitFor()
    await expect.poll(() => page.locator('tr[data-building="Sports Hall"]').innerText()).toContain('1 Stadium Way')

    await page.getByRole('button', { name: 'Delete Main Building' }).click()
    await page.getByRole('alert').getByText(/^Main Building was not deleted: move or delete the 10 rooms/).waitFor()
    await page.screenshot({ path: screenshotPath('buildings-delete-refused'), fullPage: true })

    await page.getByRole('button', { name: 'Delete Sports Hall' }).click()
    await page.getByText('Deleted Sports Hall.').waitFor()
    await page.locator('tr[data-building="Sports Hall"]').waitFor({ state: 'detached' })
    await ctx.close()
  })

  it('a room is moved to another building from the room form', async () => {
    const rooms = (await call(base, 'GET', '/api/admin/classrooms', undefined, auth)).body as { id: number; name: string; building_id: number }[]
    const buildings = (await call(base, 'GET', '/api/admin/buildings', undefined, auth)).body as { id: number; name: string }[]
    const room = rooms[0]
    const other = buildings.find((b) => b.id !== room.building_id)!
    const ctx = await context()
    const page = await ctx.newPage()
    await open(page, '/admin/classrooms')
    await page.getByRole('button', { name: `Edit ${room.name}`, exact: true }).click()
    const form = page.getByRole('form', { name: `Edit ${room.name}` })
    await form.getByLabel('Building').selectOption({ label: other.name })
    await form.getByRole('button', { name: 'Save' }).click()
    await page.getByText(`Saved ${room.name}.`).waitFor()
    const after = (await call(base, 'GET', '/api/admin/classrooms', undefined, auth)).body as { id: number; building_id: number }[]
    expect(after.find((r) => r.id === room.id)!.building_id).toBe(other.id)
    await ctx.close()
  })
})
