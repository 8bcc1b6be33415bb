// The Webhooks page against a real receiver: an admin adds a webhook to a small HTTP
// server the test runs (it checks each delivery's signature), sees it listed, sends a
// test and finds the delivery in the log.
import { createHmac } from 'node:crypto'
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import {
  call, ensureBuilt, launchBrowser, requireBinary, screenshotPath, SERVER_BIN, skipWithoutServer, startServer, type Server,
} from './harness.ts'

const ADMIN = ['admin', 'admin-pass-123'] as const
const SECRET = 'e2e-webhook-secret-0123'

interface Got { event: string; delivery: string; signed: boolean }

describe.skipIf(skipWithoutServer)('the Webhooks page', () => {
  let server: Server
  let browser: Browser
  let receiver: HttpServer
  let hookUrl = ''
  const got: Got[] = []

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        const expected = 'sha256=' + createHmac('sha256', SECRET).update(body).digest('hex')
        got.push({
          event: String(req.headers['x-classroom-event']),
          delivery: String(req.headers['x-classroom-delivery']),
          signed: req.headers['x-classroom-signature'] === expected,
        })
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/classrooms`
    // The receiver is on this machine: allowed only with --webhook-allow-private.
    server = await startServer([[...ADMIN, 'admin']], undefined, { CLASSROOM_WEBHOOK_ALLOW_PRIVATE: 'true' })
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    receiver?.close()
  })

  it('adds a webhook, lists it, sends a test and shows the delivery in the log', async () => {
    const r = await call(server.url, 'POST', '/api/auth/login', { username: ADMIN[0], password: ADMIN[1] })
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const session = JSON.stringify({ token: r.body.access_token, expiresAt: Date.now() + 3_600_000, user: r.body.user })
    await ctx.addInitScript((s) => localStorage.setItem('classroom.session', s), session)
    const page = await ctx.newPage()
    await page.goto(server.url + '/admin')
    await page.getByRole('link', { name: 'Webhooks' }).click()
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor()

    // Sent without anything: each field says what is missing, nothing is stored.
    const form = page.getByRole('form', { name: 'New webhook' })
    await form.getByRole('button', { name: 'Add webhook' }).click()
    await form.getByText('Choose at least one event.').waitFor()
    expect((await call(server.url, 'GET', '/api/admin/webhooks', undefined, { Authorization: `Bearer ${r.body.access_token}` })).body).toEqual([])

    await form.getByLabel('URL').fill(hookUrl)
    await form.getByLabel('Booking created (booking.created)').check()
    await form.getByLabel('Room vacant (room.vacant)').check()
    await form.getByLabel('Secret').fill(SECRET)
    await form.getByRole('button', { name: 'Add webhook' }).click()
    await page.getByText(`Added the webhook to ${hookUrl}.`).waitFor()

    const row = page.locator(`tr[data-webhook="${hookUrl}"]`)
    await row.waitFor()
    expect(await row.locator('td[data-label="Events"]').textContent()).toBe('room.vacant, booking.created')
    expect(await row.locator('td[data-label="Secret"]').textContent()).toBe('set')
    expect(await page.content()).not.toContain(SECRET)

    await row.getByRole('button', { name: `Send a test to ${hookUrl}` }).click()
    await page.getByText(`Queued a test delivery to ${hookUrl}.`).waitFor()
    const log = page.getByRole('region', { name: `Deliveries to ${hookUrl}` })
    // The sender takes it within a moment; refresh the log until it says delivered.
    for (let i = 0; i < 50 && (await log.locator('tr[data-status="delivered"]').count()) === 0; i++) {
      await page.waitForTimeout(200)
      await log.getByRole('button', { name: 'Refresh' }).click()
    }
    const delivered = log.locator('tr[data-status="delivered"]')
    await delivered.waitFor()
    expect(await delivered.locator('th').textContent()).toBe('ping')
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({ event: 'ping', signed: true })
    expect(await delivered.getAttribute('data-delivery')).toBe(got[0].delivery)
    await page.screenshot({ path: screenshotPath('light-desktop-webhooks'), fullPage: true })

    page.on('dialog', (d) => void d.accept())
    await row.getByRole('button', { name: `Delete the webhook to ${hookUrl}` }).click()
    await page.getByText(`Deleted the webhook to ${hookUrl}.`).waitFor()
    await page.getByText('No webhooks yet').waitFor()
    await ctx.close()
  })
})
