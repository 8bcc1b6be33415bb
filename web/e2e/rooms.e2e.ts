// Room attributes in a real browser against a real classroomd: an admin gives a room
// its attributes on the classroom form, and the staff's free-room finder filtered by
// an attribute lists only the rooms that have it, with their floor and attributes; an
// admin keeps a term whose closed days then refuse bookings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import {
  call, ensureBuilt, launchBrowser, login, requireBinary, screenshotPath, SERVER_BIN, skipWithoutServer, startServer, type Server, signIn,
} from './harness.ts'

const ADMIN = ['admin', 'admin-pass-123'] as const
const ANN = ['ann', 'ann-pass-1234'] as const

describe.skipIf(skipWithoutServer)('room attributes in Chromium against classroomd', () => {
  let server: Server
  let browser: Browser
  let token = ''
  const rooms: Record<string, number> = {}

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await call(server.url, method, path, body, { Authorization: `Bearer ${token}` })
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    server = await startServer([[...ADMIN, 'admin'], [...ANN, 'staff']])
    browser = await launchBrowser()
    token = await login(server.url, ...ADMIN)
    await api('POST', '/api/admin/room-attributes', { key: 'projector', label: 'Projector' })
    await api('POST', '/api/admin/room-attributes', { key: 'hearing-loop', label: 'Hearing loop' })
    for (const [name, floor, attributes] of [['Loop Hall', '1', ['hearing-loop', 'projector']], ['Plain Room', 'Ground', ['projector']], ['Bare Room', '2', []]] as const)
      rooms[name] = (await api('POST', '/api/admin/classrooms', { name, capacity: 40, floor, attributes })).id
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('admin gives a room an attribute on the classroom form', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await signIn(page, server.url, ADMIN)
    await page.waitForURL(/\/admin$/)
    await page.getByRole('link', { name: 'Classrooms' }).click()
    const row = page.locator('tr[data-room="Bare Room"]')
    await row.getByRole('button', { name: 'Edit Bare Room' }).click()
    const form = page.getByRole('form', { name: 'Edit Bare Room' })
    await form.getByLabel('Hearing loop').check()
    await form.getByLabel('Floor').fill('3')
    await form.getByLabel('Directory groups that may book (one a line)').fill('physics\n\ncn=lab-staff,ou=groups,dc=uni')
    await form.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved Bare Room.').waitFor()
    await expect.poll(() => page.locator('tr[data-room="Bare Room"] [data-attribute="hearing-loop"]').count()).toBe(1)
    await page.screenshot({ path: screenshotPath('admin-classrooms-attributes'), fullPage: true })
    const listed = (await api('GET', '/api/admin/classrooms')) as { name: string; floor: string; attributes: string[]; allowed_groups: string[] | null }[]
    const bare = listed.find((r) => r.name === 'Bare Room')
    expect(bare?.attributes).toEqual(['hearing-loop'])
    expect(bare?.floor).toBe('3')
    expect(bare?.allowed_groups).toEqual(['physics', 'cn=lab-staff,ou=groups,dc=uni'])
    // The local staff account is in no directory group: the room's rule refuses it by name.
    const ann = await login(server.url, ...ANN)
    const start = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
    const refused = await call(server.url, 'POST', '/api/staff/bookings',
      { classroom_id: rooms['Bare Room'], title: 'Try', description: '', start_time: `${start}T10:00`, end_time: `${start}T11:00` },
      { Authorization: `Bearer ${ann}` })
    expect(refused.status).toBe(400)
    expect((refused.body as { field: string }).field).toBe('allowed_groups')
  })

  it('the staff finder filtered by an attribute shows only the rooms that have it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await signIn(page, server.url, ANN)
    await page.waitForURL(/\/staff$/)
    await page.getByRole('link', { name: 'Find a room' }).click()
    const cards = page.locator('.room-grid [data-room]')
    await expect.poll(() => cards.count()).toBe(3)
    await page.getByLabel('Projector').check()
    await expect.poll(() => cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-room')).sort()))
      .toEqual(['Loop Hall', 'Plain Room'])
    await page.getByLabel('Hearing loop').check()
    await expect.poll(() => cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-room')))).toEqual(['Loop Hall'])
    const card = page.locator('[data-room="Loop Hall"]')
    expect(await card.innerText()).toContain('floor 1')
    expect(await card.locator('[data-attribute]').allInnerTexts()).toEqual(['Hearing loop', 'Projector'])
    await page.screenshot({ path: screenshotPath('staff-find-room'), fullPage: true })
    // The room list shows them too, by label.
    await page.getByRole('link', { name: 'Rooms', exact: true }).click()
    await expect.poll(() => page.locator('[data-room="Plain Room"] [data-attribute]').allInnerTexts()).toEqual(['Projector'])
  })

  it('admin creates a term on the Terms page, and its closed days refuse bookings', async () => {
    // A term two months ahead, whatever today is, with a break in its middle.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await signIn(page, server.url, ADMIN)
    await page.waitForURL(/\/admin$/)
    await page.getByRole('link', { name: 'Terms' }).click()
    const form = page.getByRole('form', { name: 'New term' })
    await form.getByLabel('Name').fill('Next term')
    await form.getByLabel('First teaching day').fill(day(60))
    await form.getByLabel('Last teaching day').fill(day(180))
    await form.getByLabel('Closed days').fill(`${day(90)} ${day(100)} Easter break`)
    await form.getByRole('button', { name: 'Create term' }).click()
    await page.getByText('Created Next term.').waitFor()
    await page.locator('tr[data-term="Next term"]').getByText(`Easter break: ${day(90)} to ${day(100)}`).waitFor()
    await page.screenshot({ path: screenshotPath('admin-terms'), fullPage: true })
    const r = await call(server.url, 'POST', '/api/staff/bookings',
      { classroom_id: rooms['Plain Room'], start_time: `${day(95)}T10:00`, end_time: `${day(95)}T11:00`, title: 'Seminar', description: '' },
      { Authorization: `Bearer ${token}` })
    expect(r.status).toBe(400)
    expect(r.body.message).toContain('Easter break (Next term)')
  })
})
