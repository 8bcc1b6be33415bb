// The door display in a real browser against a real classroomd: axe-core at desktop
// and phone sizes in both themes, "in use" within 2 s of a node's report over the
// WebSocket, the polling fallback without one, the e-ink mode, the admins' display
// links with reset, and "offline since" with the last state kept when the server stops.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { describeFindings, scan, type Finding } from './axe.ts'
import {
  call, ensureBuilt, launchBrowser, login, Node, requireBinary, screenshotPath, SERVER_BIN, skipWithoutServer, startServer,
  writeReport, type Server,
} from './harness.ts'

const ADMIN = ['admin', 'admin-pass-123'] as const
const ANN = ['ann', 'ann-pass-1234'] as const
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const
type Size = keyof typeof SIZES

const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString()

describe.skipIf(skipWithoutServer)('door display', () => {
  let server: Server
  let browser: Browser
  let base = ''
  let admin: Record<string, string>
  const rooms: Record<string, { id: number; token: string; node: Node | null }> = {}
  const report: string[] = []

  async function room(name: string, device?: string) {
    const c = await call(base, 'POST', '/api/admin/classrooms', { name, location: 'East wing, floor 2', capacity: 30 }, admin)
    if (c.status !== 201) throw new Error(`room ${name}: ${c.status} ${JSON.stringify(c.body)}`)
    let node: Node | null = null
    if (device) {
      const d = await call(base, 'POST', '/api/admin/devices', { device_id: device, name: `Node ${name}` }, admin)
      await call(base, 'POST', `/api/admin/classrooms/${c.body.id}/device`, { device_id: device }, admin)
      node = new Node(base, device, d.body.api_key)
      await node.report(false)
    }
    const link = await call(base, 'GET', `/api/admin/classrooms/${c.body.id}/display-link`, undefined, admin)
    rooms[name] = { id: c.body.id, token: link.body.token, node }
  }

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    server = await startServer([[...ADMIN, 'admin'], [...ANN, 'staff']])
    base = server.url
    browser = await launchBrowser()
    admin = { Authorization: `Bearer ${await login(base, ...ADMIN)}` }
    await room('Door 101', 'esp32-door-101') // free, then in use
    await room('Door 102', 'esp32-door-102') // booked now
    await room('Door 103', 'esp32-door-103') // polling fallback
    const ann = { Authorization: `Bearer ${await login(base, ...ANN)}` }
    const now = Date.now()
    for (const [title, from, to] of [['Seminar on access', now - 60_000, now + 3_600_000], ['Exam review', now + 2 * 3_600_000, now + 3 * 3_600_000]] as const) {
      const b = await call(base, 'POST', '/api/staff/bookings', {
        classroom_id: rooms['Door 102'].id, start_time: minute(from), end_time: minute(to), title, description: 'Private notes',
      }, ann)
      if (b.status !== 201) throw new Error(`booking: ${b.status} ${JSON.stringify(b.body)}`)
    }
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (report.length) writeReport('axe-report-display.txt', `${report.join('\n')}\n`)
  })

  async function open(name: string, opts: { size?: Size; theme?: 'light' | 'dark'; query?: string; init?: () => void } = {}): Promise<{ ctx: BrowserContext; page: Page }> {
    const size = opts.size ?? 'desktop'
    const ctx = await browser.newContext({
      viewport: SIZES[size], colorScheme: opts.theme ?? 'light', ...(size === 'phone' ? { isMobile: true, hasTouch: true } : {}),
    })
    if (opts.init) await ctx.addInitScript(opts.init)
    const page = await ctx.newPage()
    await page.goto(`${base}/display/${rooms[name].token}${opts.query ?? ''}`)
    await page.locator('.door-state').waitFor()
    await page.locator('.door-qr svg').waitFor()
    return { ctx, page }
  }

  const stateText = (page: Page) => page.locator('.door-state').innerText().then((t) => t.trim())

  for (const size of ['desktop', 'phone'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`passes axe: ${size}, ${theme} theme`, async () => {
        for (const name of ['Door 101', 'Door 102']) {
          const { ctx, page } = await open(name, { size, theme })
          try {
            expect(await page.locator('h1').count()).toBe(1)
            expect(await page.locator('main').count()).toBe(1)
            expect(await page.locator('nav, .skip').count(), 'no app chrome').toBe(0)
            const r = await scan(page)
            report.push(`${theme} ${size} ${name}: ${r.passes} rules passed, ${r.failing.length} serious/critical, ${r.other.length} minor/moderate` +
              (r.other.length ? `\n  ${describeFindings(r.other).replace(/\n/g, '\n  ')}` : ''))
            await page.screenshot({ path: screenshotPath(`${theme}-${size}-door-display-${name === 'Door 101' ? 'free' : 'booked'}`), fullPage: true })
            expect(r.failing, `axe found\n${describeFindings(r.failing)}`).toEqual([] as Finding[])
          } finally {
            await ctx.close()
          }
        }
      })
    }
  }

  it('shows the booking under way and the next one by title, never who booked or why', async () => {
    const { ctx, page } = await open('Door 102')
    expect(await stateText(page)).toBe('Booked now')
    const text = await page.locator('main').innerText()
    expect(text).toContain('Seminar on access')
    expect(text).toMatch(/until \d\d:\d\d/)
    expect(text).not.toContain('ann')
    expect(text).not.toContain('Private notes')
    const qr = await page.locator('.door-qr').getAttribute('aria-label')
    expect(qr).toBe('QR code: book this room now')
    expect(await page.getByRole('link', { name: 'the booking page' }).getAttribute('href')).toBe(`${base}/staff/book?room=${rooms['Door 102'].id}`)
    await ctx.close()
  })

  it('turns "in use" within 2 s of the node’s report, live over the WebSocket', async () => {
    const { ctx, page } = await open('Door 101')
    expect(await stateText(page)).toBe('Free')
    await page.waitForFunction(() => document.querySelector('.door-foot')?.textContent?.includes('Updated'))
    await new Promise((r) => setTimeout(r, 300)) // the live connection is open
    const started = Date.now()
    await rooms['Door 101'].node!.report(true)
    await page.locator('.door-state', { hasText: 'In use' }).waitFor({ timeout: 2_000 })
    const ms = Date.now() - started
    writeReport('door-display-latency.txt', `node report to "In use" on the display: ${ms} ms\n`)
    expect(ms).toBeLessThan(2_000)
    expect(await page.locator('[aria-live="polite"]').innerText()).toContain('Door 101: In use')
    await page.screenshot({ path: screenshotPath('light-desktop-door-display-in-use'), fullPage: true })
    await ctx.close()
  })

  it('follows by polling where there is no WebSocket', async () => {
    const { ctx, page } = await open('Door 103', { init: () => { Reflect.deleteProperty(window, 'WebSocket') } })
    expect(await stateText(page)).toBe('Free')
    await rooms['Door 103'].node!.report(true)
    await page.locator('.door-state', { hasText: 'In use' }).waitFor({ timeout: 15_000 })
    await ctx.close()
  })

  it('in e-ink mode opens no live connection and draws black on white', async () => {
    const sockets: string[] = []
    const { ctx, page } = await open('Door 102', { query: '?eink=1', theme: 'dark' })
    page.on('websocket', (w) => sockets.push(w.url()))
    await page.waitForTimeout(500)
    expect(sockets).toEqual([])
    expect(await page.locator('.door.eink').count()).toBe(1)
    const bg = await page.locator('.door').evaluate((e) => getComputedStyle(e).backgroundColor)
    expect(bg).toBe('rgb(255, 255, 255)')
    await page.screenshot({ path: screenshotPath('eink-desktop-door-display-booked'), fullPage: true })
    await ctx.close()
  })

  it('admins list the display links on the rooms page and make a new one; the old one stops working', async () => {
    const r = await call(base, 'POST', '/api/auth/login', { username: ADMIN[0], password: ADMIN[1] })
    for (const theme of ['light', 'dark'] as const) {
      const ctx = await browser.newContext({ viewport: SIZES.desktop, colorScheme: theme })
      const session = JSON.stringify({ token: r.body.access_token, expiresAt: Date.now() + 3_600_000, user: r.body.user })
      await ctx.addInitScript((s) => localStorage.setItem('classroom.session', s), session)
      const page = await ctx.newPage()
      page.on('dialog', (d) => void d.accept())
      await page.goto(`${base}/admin/classrooms`)
      const row = page.locator('tr[data-display="Door 103"]')
      await row.waitFor()
      const old = rooms['Door 103'].token
      expect(await row.locator('code').innerText()).toBe(`${base}/display/${old}`)
      await page.locator('#display-links-title').scrollIntoViewIfNeeded()
      await page.screenshot({ path: screenshotPath(`${theme}-desktop-admin-display-links`), fullPage: true })
      if (theme === 'dark') {
        await ctx.close()
        continue
      }
      await page.getByRole('button', { name: 'New link for Door 103' }).click()
      await page.getByText('New display link for Door 103; the old one no longer works.').waitFor()
      await expect.poll(async () => row.locator('code').innerText()).not.toBe(`${base}/display/${old}`)
      const fresh = (await row.locator('code').innerText()).trim()
      expect((await fetch(`${base}/api/display/${old}`)).status).toBe(404)
      expect((await fetch(`${base}/api/display/${fresh.split('/').pop()}`)).status).toBe(200)
      rooms['Door 103'].token = fresh.split('/').pop()!
      await ctx.close()
    }
  })

  // Last: it stops the server.
  it('keeps the last state and says "offline since" when the server stops', async () => {
    const { ctx, page } = await open('Door 102')
    expect(await stateText(page)).toBe('Booked now')
    await server.stop()
    await page.locator('.door-foot', { hasText: /Offline since \d\d:\d\d/ }).waitFor({ timeout: 15_000 })
    expect(await stateText(page)).toBe('Booked now')
    expect(await page.locator('main').innerText()).toContain('Seminar on access')
    await page.screenshot({ path: screenshotPath('light-desktop-door-display-offline'), fullPage: true })
    await ctx.close()
  })
})
