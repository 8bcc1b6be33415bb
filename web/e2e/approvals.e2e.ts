// Approvals in a real browser against a real classroomd: a staff member requests a
// room in a building that needs approval, the building's approver sees the request in
// their Approvals inbox and approves it, and the requester's My bookings shows it
// confirmed; a declined one shows its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import {
  call, ensureBuilt, launchBrowser, login, requireBinary, screenshotPath, SERVER_BIN, skipWithoutServer, startServer, type Server, signIn,
} from './harness.ts'

const ADMIN = ['admin', 'admin-pass-123'] as const
const ANN = ['ann', 'ann-pass-1234'] as const
const VERA = ['vera', 'vera-pass-1234'] as const

describe.skipIf(skipWithoutServer)('approvals in Chromium against classroomd', () => {
  let server: Server
  let browser: Browser
  const ids: Record<string, number> = {}

  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const r = await call(server.url, method, path, body, { Authorization: `Bearer ${token}` })
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }

  // Days from now at a campus wall-clock time (the harness runs on the real clock).
  const at = (days: number, time: string) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    server = await startServer([[...ADMIN, 'admin'], [...ANN, 'staff'], [...VERA, 'staff']])
    browser = await launchBrowser()
    const admin = await login(server.url, ...ADMIN)
    const north = await api(admin, 'POST', '/api/admin/buildings', { name: 'North', requires_approval: true })
    const room = await api(admin, 'POST', '/api/admin/classrooms', { name: 'N 101', capacity: 30, building_id: north.id })
    const users = (await api(admin, 'GET', '/api/admin/users')) as { id: number; username: string }[]
    await api(admin, 'PUT', `/api/admin/users/${users.find((u) => u.username === 'vera')!.id}`, { approver_scopes: ['building/North'] })
    const ann = await login(server.url, ...ANN)
    for (const [title, day] of [['Thesis defence', 3], ['Film night', 4]] as const) {
      const b = await api(ann, 'POST', '/api/staff/bookings', { classroom_id: room.id, title, description: '', start_time: at(day, '10:00'), end_time: at(day, '11:00') })
      expect(b.status).toBe('pending')
      ids[title] = b.id
    }
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('the approver approves one request and declines the other with a reason', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await signIn(page, server.url, VERA)
    await page.getByRole('link', { name: 'Approvals' }).click()
    const requests = page.locator('li[data-booking]')
    await expect.poll(() => requests.count()).toBe(2)
    await expect.poll(() => requests.first().textContent()).toContain('asked by ann')
    await page.screenshot({ path: screenshotPath('staff-approvals'), fullPage: true })

    await page.getByRole('button', { name: /^Approve Thesis defence/ }).click()
    await page.getByText('Approved "Thesis defence" in N 101.').waitFor()
    await expect.poll(() => requests.count()).toBe(1)

    await page.getByRole('button', { name: /^Decline Film night/ }).click()
    await page.getByRole('button', { name: 'Decline', exact: true }).click()
    await page.getByText('Enter a reason; the person who asked will see it.').waitFor()
    await page.getByLabel('Reason for declining "Film night"').fill('The hall is reserved for exams that week')
    await page.getByRole('button', { name: 'Decline', exact: true }).click()
    await page.getByText('Declined "Film night" in N 101.').waitFor()
    await page.getByText('Nothing to decide').waitFor()
  })

  it('the requester sees one confirmed and the other declined with its reason', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await signIn(page, server.url, ANN)
    expect(await page.getByRole('link', { name: 'Approvals' }).count()).toBe(0)
    await page.getByRole('link', { name: 'My bookings' }).click()
    const approved = page.locator(`li[data-booking="${ids['Thesis defence']}"]`)
    await expect.poll(() => approved.locator('.badge').textContent()).toBe('confirmed')
    const declined = page.locator(`li[data-booking="${ids['Film night']}"]`)
    await expect.poll(() => declined.locator('.badge').textContent()).toBe('declined')
    await expect.poll(() => declined.textContent()).toContain('Reason: The hall is reserved for exams that week')
    await page.screenshot({ path: screenshotPath('staff-my-bookings-decided'), fullPage: true })
  })

  it('the admin finds the decided requests by their status', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await signIn(page, server.url, ADMIN)
    await page.goto(`${server.url}/admin/bookings`)
    const status = page.getByLabel('Status')
    await status.selectOption({ label: 'Declined' })
    await expect.poll(() => page.url()).toContain('status=declined')
    const rows = page.locator('tr[data-booking]')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().getAttribute('data-booking')).toBe(String(ids['Film night']))
    await status.selectOption({ label: 'Awaiting approval' })
    await page.getByText('No bookings match these filters').waitFor()
    await status.selectOption({ label: 'Confirmed' })
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().getAttribute('data-booking')).toBe(String(ids['Thesis defence']))
  })
})
