// Test harness: a real classroomd on a free port with a temporary SQLite
// database, users made with its CLI, a simulated node speaking the node
// protocol, and Chromium driven by playwright-core.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

const WEB = resolve(import.meta.dirname, '..')
export const SERVER_BIN = resolve(WEB, process.env.CLASSROOMD_BIN ?? '../build/classroomd')
export const SIM_BIN = resolve(WEB, process.env.CLASSROOM_SIM_BIN ?? '../build/classroom-sim')
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
export const SCREENSHOTS = resolve(WEB, process.env.SCREENSHOT_DIR ?? '../build/screenshots')
export const TIMEZONE = 'Europe/Berlin'

export const serverMissing = !existsSync(SERVER_BIN)
export const simMissing = !existsSync(SIM_BIN)

// In CI a missing binary is a failure, never a skip: a skipped suite passes.
export const inCI = ['true', '1'].includes((process.env.CI ?? '').toLowerCase())
export const skipWithoutServer = serverMissing && !inCI
export const skipWithoutSim = simMissing && !inCI

if (skipWithoutServer) {
  console.log(`\n  Browser tests SKIPPED: no server binary at ${SERVER_BIN}.\n  Build it (make native) or set CLASSROOMD_BIN. With CI=true this fails instead.\n`)
}

/** Throws when the binary is missing (the CI case: the test fails instead of skipping). */
export function requireBinary(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}: build it (make native) or set its variable; in CI the browser tests must run`)
}

export interface Server {
  url: string
  db: string
  dir: string
  log: string
  proc: ChildProcess
  stop(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function addUser(db: string, username: string, password: string, role: 'admin' | 'staff'): void {
  execFileSync(SERVER_BIN, ['user', 'add', '--db', db, '--username', username, '--email', `${username}@campus.example`, '--role', role, '--password-stdin'], {
    input: password, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000,
  })
}

/** Build the app once if dist/ is missing (make builds it before testing). */
export function ensureBuilt(): void {
  if (!existsSync(join(WEB, 'dist', 'index.html'))) execFileSync('npm', ['run', 'build'], { cwd: WEB, stdio: 'inherit' })
}

/** A demo campus to seed the database with first (classroomd seed-demo): rooms and weeks of lived history ending now. */
export interface Demo {
  rooms: number
  historyWeeks: number
}

/** `env`: more settings for this server (CLASSROOM_<OPTION> variables). */
/** `listen`: the address to bind (a port chosen beforehand, when another server must know it first). */
export async function startServer(users: [string, string, 'admin' | 'staff'][], demo?: Demo, env: Record<string, string> = {}, listen = '127.0.0.1:0'): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'classroom-web-e2e-'))
  const db = `sqlite:${join(dir, 'x.db')}`
  // The harness does not shift the server's clock, so neither does the seed (offset 0).
  if (demo) {
    execFileSync(SERVER_BIN, [
      'seed-demo', '--db', db, '--var-dir', join(dir, 'var'), '--timezone', TIMEZONE,
      '--rooms', String(demo.rooms), '--history-weeks', String(demo.historyWeeks), '--clock-offset', '0',
    ], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 110_000 })
  }
  for (const [u, p, r] of users) addUser(db, u, p, r)
  const portFile = join(dir, 'port')
  const log = join(dir, 'server.log')
  const out = openSync(log, 'a')
  const proc = spawn(SERVER_BIN, [
    'serve', '--listen', listen, '--port-file', portFile, '--db', db, '--web-root', join(WEB, 'dist'),
    '--jwt-secret', 'e2e-secret-0123456789abcdef0123456789abcdef', '--timezone', TIMEZONE,
  ], {
    stdio: ['ignore', out, out],
    // Several browsers sign in from one address within a minute: lift the login rate limit.
    // Campus sign-in by the proxy's header, with the test as the trusted proxy.
    env: {
      ...process.env, CLASSROOM_LOGIN_LIMIT: '1000', CLASSROOM_AUTH_HEADER: 'X-Remote-User',
      CLASSROOM_GROUPS_HEADER: 'X-Remote-Groups', CLASSROOM_TRUSTED_PROXIES: '127.0.0.1', CLASSROOM_ROLE_MAP: 'teaching=staff',
      ...env,
    },
  })
  let exited = false
  proc.on('exit', () => { exited = true })

  const deadline = Date.now() + 30_000
  let url = ''
  while (Date.now() < deadline && !exited) {
    const port = existsSync(portFile) ? readFileSync(portFile, 'utf8').trim() : ''
    if (port) {
      url = `http://127.0.0.1:${port}`
      try {
        if ((await fetch(`${url}/healthz`)).ok) break
      } catch { /* not yet */ }
    }
    await sleep(100)
  }
  if (exited || !url) throw new Error(`classroomd did not start:\n${readFileSync(log, 'utf8').slice(-3000)}`)

  return {
    url, db, dir, log, proc,
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM')
        for (let i = 0; i < 50 && !exited; i++) await sleep(100)
        if (!exited) proc.kill('SIGKILL')
      }
      if (!process.env.KEEP_E2E_DIR) rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_BIN)`)
  // launch() gives every run a fresh temporary profile (user-data-dir).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** JSON over HTTP against the server, as a client or a node would. */
export async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, {
    method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: unknown = text
  try { parsed = text ? JSON.parse(text) : null } catch { /* keep text */ }
  return { status: res.status, body: parsed }
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const r = await call(base, 'POST', '/api/auth/login', { username, password })
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body.access_token
}

/** A simulated classroom node: the node protocol's status reports and power log. */
export class Node {
  powerOn = true
  readonly base: string
  readonly deviceId: string
  readonly apiKey: string
  constructor(base: string, deviceId: string, apiKey: string) {
    this.base = base
    this.deviceId = deviceId
    this.apiKey = apiKey
  }

  private headers() {
    return { 'X-Device-ID': this.deviceId, 'X-API-Key': this.apiKey }
  }

  async report(occupied: boolean): Promise<any> {
    const r = await call(this.base, 'POST', '/api/esp/status', {
      is_occupied: occupied, is_power_on: this.powerOn, last_movement: occupied ? 0 : 600, temperature: 21.5, timestamp: Math.floor(Date.now() / 1000),
    }, this.headers())
    if (r.status !== 200) throw new Error(`status report: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }

  async heartbeat(firmware = '1.4.2'): Promise<void> {
    await call(this.base, 'POST', '/api/esp/heartbeat', { firmware_version: firmware }, this.headers())
  }

  /** Report until the server hands over a command, switch the relay, confirm it. */
  async obeyCommand(timeoutMs = 10_000): Promise<{ id: unknown; power_on: boolean }> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const a = await this.report(false)
      if (a.command) {
        this.powerOn = a.command.power_on
        const r = await call(this.base, 'POST', '/api/esp/power-log', {
          power_on: this.powerOn, reason: 'manual', timestamp: Math.floor(Date.now() / 1000), command_id: a.command.id,
        }, this.headers())
        if (r.status !== 200) throw new Error(`power-log: ${r.status} ${JSON.stringify(r.body)}`)
        return a.command
      }
      await sleep(200)
    }
    throw new Error('the server sent no power command to the node')
  }
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true })
  return join(SCREENSHOTS, `${name}.png`)
}

export function writeReport(name: string, text: string): void {
  mkdirSync(SCREENSHOTS, { recursive: true })
  writeFileSync(join(SCREENSHOTS, name), text)
}

/** Signs in on the web app's sign-in page as a user with a password, and waits until the app has left it. */
export async function signIn(page: Page, base: string, [username, password]: readonly [string, string]): Promise<void> {
  await page.goto(`${base}/`)
  await page.waitForURL(/\/signin$/)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((u) => !u.pathname.endsWith('/signin'))
}
