// Campus sign-in in Chromium: a user who was never created here opens the admin
// dashboard, is sent to the sign-in page, clicks "Sign in with your campus account", signs
// in at a real OpenID provider (oidc-provider under Node, tests/oidc) and lands on the
// dashboard they wanted, as an admin by their group; and the same through the campus
// portal in front (the trusted proxy's user header).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { call, ensureBuilt, launchBrowser, requireBinary, SERVER_BIN, skipWithoutServer, startServer, type Server } from './harness.ts'

const OIDC = resolve(import.meta.dirname, '../../tests/oidc')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => done(port))
    })
  })
}

describe.skipIf(skipWithoutServer)('single sign-on in Chromium', () => {
  let dir = ''
  let provider: ChildProcess | undefined
  let server: Server
  let browser: Browser

  beforeAll(async () => {
    requireBinary(SERVER_BIN, 'classroomd')
    ensureBuilt()
    if (!existsSync(join(OIDC, 'node_modules', 'oidc-provider'))) {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: OIDC, stdio: 'inherit' })
    }
    dir = mkdtempSync(join(tmpdir(), 'classroom-e2e-oidc-'))
    const port = await freePort()
    const publicUrl = `http://127.0.0.1:${port}`
    writeFileSync(join(dir, 'client.json'), JSON.stringify({
      client_id: 'classroom', client_secret: 'e2e-client-secret', redirect_uris: [`${publicUrl}/api/auth/oidc/callback`],
    }))
    writeFileSync(join(dir, 'users.json'), JSON.stringify({ jane: { email: 'jane@uni.example', groups: ['it-admins'] } }))
    writeFileSync(join(dir, 'secret'), 'e2e-client-secret\n')
    provider = spawn(process.execPath, [join(OIDC, 'provider.mjs'), '--dir', dir, '--port-file', join(dir, 'port')], { stdio: 'ignore' })
    let issuer = ''
    for (let i = 0; i < 200 && !issuer; i++) {
      if (existsSync(join(dir, 'port'))) issuer = `http://127.0.0.1:${readFileSync(join(dir, 'port'), 'utf8').trim()}`
      else await sleep(100)
    }
    if (!issuer) throw new Error('the OpenID provider did not start')
    server = await startServer([], undefined, {
      CLASSROOM_OIDC_ISSUER: issuer, CLASSROOM_OIDC_CLIENT_ID: 'classroom', CLASSROOM_OIDC_CLIENT_SECRET_FILE: join(dir, 'secret'),
      CLASSROOM_PUBLIC_URL: publicUrl, CLASSROOM_ROLE_MAP: 'it-admins=admin',
    }, `127.0.0.1:${port}`)
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    provider?.kill('SIGKILL')
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('signs in with the campus account and lands on the admin dashboard', async () => {
    expect((await call(server.url, 'GET', '/api/auth/methods')).body).toEqual({ password: true, oidc: true, header: true })
    const page = await browser.newPage()
    await page.goto(`${server.url}/admin`)
    await page.waitForURL(/\/signin$/)
    await page.getByRole('link', { name: 'Sign in with your campus account' }).click()
    // The provider's own pages: its login form, then the consent.
    await page.locator('input[name=login]').fill('jane')
    await page.locator('input[name=password]').fill('any password')
    await page.getByRole('button', { name: 'Sign-in' }).click()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(`${server.url}/admin`)
    await expect.poll(() => page.locator('#page-title').innerText()).toBe('Dashboard')
    expect(page.url()).not.toContain('sso=')
    const session = JSON.parse(await page.evaluate(() => window.localStorage.getItem('classroom.session') ?? '{}'))
    expect(session.user).toMatchObject({ username: 'jane', role: 'admin', source: 'oidc' })
    await page.close()
  })

  it('signs in through the campus portal in front (the proxy\'s user header) and returns to the page wanted', async () => {
    // The browser's requests carry what the proxy in front (Shibboleth, mellon) would add.
    const ctx = await browser.newContext({ extraHTTPHeaders: { 'X-Remote-User': 'pat@uni.example', 'X-Remote-Groups': 'it-admins' } })
    const page = await ctx.newPage()
    await page.goto(`${server.url}/admin/users`)
    await page.waitForURL(/\/signin$/)
    await page.getByRole('button', { name: 'Continue through the campus portal' }).click()
    await page.waitForURL(`${server.url}/admin/users`)
    const session = JSON.parse(await page.evaluate(() => window.localStorage.getItem('classroom.session') ?? '{}'))
    expect(session.user).toMatchObject({ username: 'pat@uni.example', role: 'admin', source: 'header' })
    await ctx.close()
  })
})
