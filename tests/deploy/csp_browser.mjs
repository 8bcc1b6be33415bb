// The web app under nginx's Content-Security-Policy, in a real Chromium: signs in through
// nginx, opens the admin pages (the dashboard's live WebSocket, the charts of the
// utilization page) and fails on any CSP violation or page error.
//   node csp_browser.mjs BASE_URL HOST IP USERNAME PASSWORD
// Uses playwright-core from web/node_modules and Debian's chromium ($CHROMIUM_BIN).
import { createRequire } from 'node:module'

const [base, host, ip, username, password] = process.argv.slice(2)
const require = createRequire(`${process.env.REPO}/web/package.json`)
const { chromium } = require('playwright-core')

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--host-resolver-rules=MAP ${host} ${ip}`],
})
const problems = []
let sockets = 0
try {
  // The certificate is the test CA's; TLS itself is checked with curl.
  const context = await browser.newContext({ ignoreHTTPSErrors: true })
  const page = await context.newPage()
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`))
  })
  page.on('console', (m) => {
    if (/Content Security Policy|CSP violation|Refused to/i.test(m.text())) problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('websocket', (ws) => {
    sockets++
    ws.on('socketerror', (e) => problems.push(`websocket error: ${e}`))
  })

  await page.goto(`${base}/signin`, { waitUntil: 'load' })
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  const socket = page.waitForEvent('websocket', { timeout: 30_000 })
  await page.click('button[type=submit]')
  const ws = await socket
  await ws.waitForEvent('framereceived', { timeout: 30_000 }).catch(() => {})
  for (const path of ['/admin/utilization', '/admin/devices', '/admin/power']) {
    await page.goto(base + path, { waitUntil: 'networkidle' })
  }
  const text = await page.locator('#root').innerText()
  if (!text.trim()) problems.push('the app rendered nothing')
} catch (e) {
  problems.push(`browser: ${e.message}`)
} finally {
  await browser.close()
}
if (sockets === 0) problems.push('the app opened no WebSocket')
for (const p of problems) console.log(p)
console.log(problems.length === 0 ? `no CSP violation; ${sockets} WebSocket(s) opened` : `${problems.length} problem(s)`)
process.exit(problems.length === 0 ? 0 : 1)
