// The Account page's mail choices in a real browser against a real classroomd: turning
// booking mails off and choosing a reminder in the page, they stay after a reload, and
// the server's GET /api/auth/me/notifications says the same; setting them back works too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import {
  call, ensureBuilt, launchBrowser, login, requireBinary, screenshotPath, SERVER_BIN, skipWithoutServer, startServer, type Server, signIn,
} from './harness.ts'

const ANN = ['ann', 'ann-pass-1234'] as const

describe.skipIf(skipWithoutServer)('the Account page mail choices in Chromium against classroomd', () => {
  let server: Server
  let browser: Browser

  const choices = async () => {
    const token = await login(server.url, ...ANN)
    const r = await call(server.url, 'GET', '/api/auth/me/notifications', undefined, { Authorization: `Bearer ${token}` })
    expect(r.status).toBe(200)
    return r.body
  }

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    server = await startServer([['admin', 'admin-pass-123', 'admin'], [...ANN, 'staff']])
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('turns booking mails off and sets a reminder; both stay after a reload and the server has them', async () => {
    expect(await choices()).toEqual({ mail_bookings: true, reminder_min: null })
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
    await signIn(page, server.url, ANN)
    await page.goto(`${server.url}/account`)
    const mailSwitch = page.getByRole('checkbox', { name: /Mail me when my bookings/ })
    const reminder = page.getByLabel('Reminder')
    await expect.poll(() => mailSwitch.isChecked()).toBe(true)
    await expect.poll(() => reminder.inputValue()).toBe('off')

    await mailSwitch.uncheck()
    await expect.poll(async () => (await choices()).mail_bookings).toBe(false)
    await reminder.selectOption({ label: '30 minutes before' })
    await expect.poll(async () => (await choices()).reminder_min).toBe(30)
    await page.screenshot({ path: screenshotPath('account-mail'), fullPage: true })

    await page.reload()
    await expect.poll(() => reminder.inputValue()).toBe('30')
    expect(await mailSwitch.isChecked()).toBe(false)
    expect(await choices()).toEqual({ mail_bookings: false, reminder_min: 30 })

    // And back: mails on, reminders off.
    await mailSwitch.check()
    await expect.poll(async () => (await choices()).mail_bookings).toBe(true)
    await reminder.selectOption('off')
    await expect.poll(async () => (await choices()).reminder_min).toBe(null)
    await page.reload()
    await expect.poll(() => reminder.inputValue()).toBe('off')
    expect(await mailSwitch.isChecked()).toBe(true)
  })
})
