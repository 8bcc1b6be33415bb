// The timetable import page in a real browser against a real classroomd: choose a
// file, see the dry run's counts, changes and line errors, confirm, see the counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { describeFindings, scan, type Finding } from './axe.ts'
import {
  call, ensureBuilt, launchBrowser, login, requireBinary, screenshotPath, SERVER_BIN, skipWithoutServer, startServer, type Server, signIn,
} from './harness.ts'

const ADMIN = ['admin', 'admin-pass-123'] as const

// The server's clock is the real one here: the term starts two weeks from today.
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
const HEADER = 'section,title,room,days,start,end,first_date,last_date,organizer\n'
const line = (section: string, room: string, days: string) => `${section},Lecture ${section},${room},"${days}",09:00,10:30,${day(14)},${day(60)},\n`

describe.skipIf(skipWithoutServer)('timetable import page', () => {
  let server: Server
  let browser: Browser
  let page: Page
  let base = ''
  let admin: Record<string, string>

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    server = await startServer([[...ADMIN, 'admin']])
    base = server.url
    admin = { Authorization: `Bearer ${await login(base, ...ADMIN)}` }
    for (const name of ['TT 101', 'TT 102']) {
      const c = await call(base, 'POST', '/api/admin/classrooms', { name, location: 'Main', capacity: 40 }, admin)
      if (c.status !== 201) throw new Error(`room ${name}: ${c.status}`)
    }
    browser = await launchBrowser()
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await signIn(page, base, ADMIN)
    await page.waitForURL(/\/admin$/)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function choose(name: string, text: string) {
    await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })
  }
  const counts = () => page.getByTestId('import-counts').first().textContent()

  it('runs a dry run, shows its diff and imports only when confirmed', async () => {
    await page.getByRole('link', { name: 'Timetable import' }).click()
    await page.getByRole('heading', { name: 'Timetable import' }).waitFor()
    const importButton = page.getByRole('button', { name: 'Import', exact: true })
    await choose('term.csv', HEADER + line('MATH101', 'TT 101', 'Mon,Wed') + line('PHYS200', 'TT 102', 'Tue') + line('BAD1', 'Nowhere', 'Fri'))
    expect(await importButton.isDisabled()).toBe(true)
    await page.getByRole('button', { name: 'Dry run' }).click()
    await page.getByRole('heading', { name: /Dry run/ }).waitFor()
    expect(await counts()).toBe('2 created, 0 updated, 0 unchanged, 0 removed')
    const errors = page.getByRole('list', { name: 'Errors' })
    expect(await errors.textContent()).toContain('Line 4 (room): no active room is named Nowhere')
    const changes = page.getByRole('table', { name: 'Changes by section' })
    expect(await changes.getByRole('row', { name: /MATH101/ }).textContent()).toMatch(/created \(\d+ sessions\)/)
    expect(await importButton.isDisabled()).toBe(true) // errors, and not told to skip them
    expect((await call(base, 'GET', '/api/admin/booking-series', undefined, admin)).body).toEqual([]) // the dry run wrote nothing

    await page.getByLabel('Skip lines with errors').check()
    expect(await importButton.isDisabled()).toBe(false)
    await page.screenshot({ path: screenshotPath('admin-timetable-dry-run') })
    const axe = await scan(page) // the page with a dry run's errors and changes shown
    expect(axe.failing, `axe found\n${describeFindings(axe.failing)}`).toEqual([] as Finding[])
    await importButton.click()
    await page.getByRole('heading', { name: 'Imported' }).waitFor()
    expect(await counts()).toBe('2 created, 0 updated, 0 unchanged, 0 removed')
    const series = (await call(base, 'GET', '/api/admin/booking-series', undefined, admin)).body as unknown[]
    expect(series.length).toBe(2)
  })

  it('shows a moved room and a removed section on re-import', async () => {
    await choose('term-v2.csv', HEADER + line('MATH101', 'TT 102', 'Mon,Wed'))
    await page.getByRole('button', { name: 'Dry run' }).click()
    await page.getByRole('heading', { name: /Dry run/ }).waitFor()
    expect(await counts()).toBe('0 created, 1 updated, 0 unchanged, 1 removed')
    const changes = page.getByRole('table', { name: 'Changes by section' })
    expect(await changes.getByRole('row', { name: /MATH101/ }).textContent()).toContain('moves room from TT 101 to TT 102')
    expect(await changes.getByRole('row', { name: /PHYS200/ }).textContent()).toContain('removed')
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await page.getByRole('heading', { name: 'Imported' }).waitFor()
    expect(await counts()).toBe('0 created, 1 updated, 0 unchanged, 1 removed')
  })
})
