// The browser walks' harness: builds the H5, the admin portal and the server, starts the server on free ports with
// its embedded defaults (no DATABASE_URL / REDIS_URL; the demo tenant is seeded), launches Debian's chromium once,
// and runs each walk in turn against that one server. A walk is `async ({ base, simAddr }) => summary`; it opens its
// own phones (browser contexts) with newPhone, or desktops with newDesktop, and checks with the expect* helpers,
// which fail with a whole story. Screenshots of every page go to h5/e2e/output/NN-name.png, the server's output to
// h5/e2e/output/server.log.
//
// It runs `npm ci` in h5/ and portal/ when their node_modules are missing and `npm run build` when an app's dist is
// older than its sources (or shared-web/'s); `go build` always runs (Go's cache makes it cheap). Environment: CHROMIUM (default /usr/bin/chromium),
// E2E_HEADED=1 to watch (needs a display), E2E_ONLY=<walk name> to run one walk.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const H5_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ROOT = path.resolve(H5_DIR, '..')
export const PORTAL_DIR = path.join(ROOT, 'portal')
export const OUT = path.join(H5_DIR, 'e2e', 'output')
export const SERVER_BIN = path.join(OUT, 'qiao')
export const SERVER_LOG = path.join(OUT, 'server.log')
export const BROWSER_LOG = path.join(OUT, 'browser.log')
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'

// The demo data the server seeds.
export const DEMO = {
  tenant: 'demo',
  company: '演示科技',
  admin: { login: 'admin', password: 'Admin1234!', name: '管理员' },
  corp: 'wwdemo00000001',
  agentId: '1000002',
  sender: { login: 'zhangsan', password: 'Demo1234!', name: '张三', userid: 'zhangsan' },
  approver: { login: 'lisi', password: 'Demo1234!', name: '李四', userid: 'lisi' },
}

export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 ' +
    'MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN wxwork/4.1.20',
}

/** An admin's desktop browser for the portal. */
export const DESKTOP = {
  viewport: { width: 1440, height: 900 },
  deviceScaleFactor: 1,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
]

export const ACTION_TIMEOUT = 15_000
export const NAV_TIMEOUT = 30_000
export const PUSH_TIMEOUT = 15_000
export const HEALTH_TIMEOUT = 90_000

/** A failed expectation: its message is the whole story, no stack needed. */
export class JourneyError extends Error {}

export const state = {
  step: 'setup',
  passed: 0,
  shots: 0,
  server: null, // ChildProcess
  browser: null,
  pages: [], // [label, Page]
  started: Date.now(),
  stepStarted: 0,
}

export function fail(message) {
  throw new JourneyError(message)
}

export function log(message) {
  process.stdout.write(`[e2e] ${message}\n`)
}

export function beginStep(name) {
  state.step = name
  state.stepStarted = Date.now()
  log(name)
}

export function endStep() {
  state.passed++
  if (state.stepStarted) log(`  ok (${((Date.now() - state.stepStarted) / 1000).toFixed(1)}s)`)
  state.stepStarted = 0
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no output)'
  }
}

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options })
  if (r.error?.code === 'ENOENT') return { ok: false, out: `${cmd} is not on PATH` }
  if (r.error) return { ok: false, out: String(r.error.message) }
  return { ok: r.status === 0, code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` }
}

// ---- setup ---------------------------------------------------------------------------------------------

export function prepareOutput() {
  fs.mkdirSync(OUT, { recursive: true })
  for (const f of fs.readdirSync(OUT)) {
    if (f.endsWith('.png') || f.endsWith('.log')) fs.rmSync(path.join(OUT, f))
  }
}

export function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    fail(`${CHROMIUM} is missing; install it as root: apt-get install -y chromium`)
  }
  log('installing chromium (apt-get install -y chromium)')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  let r = run('apt-get', ['install', '-y', 'chromium'], { env })
  if (!r.ok) {
    run('apt-get', ['update'], { env })
    r = run('apt-get', ['install', '-y', 'chromium'], { env })
  }
  if (!r.ok || !fs.existsSync(CHROMIUM)) fail(`apt-get install -y chromium failed:\n${r.out.slice(-2000)}`)
}

// Without a CJK font chromium draws every Chinese character as a box and the screenshots say nothing.
export function ensureChineseFont() {
  const r = run('fc-list', [':lang=zh', 'family'])
  if (r.ok && r.out.trim() !== '') return
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    log('warning: no Chinese font (apt-get install -y fonts-wqy-microhei); screenshots will show boxes')
    return
  }
  log('installing a Chinese font (apt-get install -y fonts-wqy-microhei)')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  let i = run('apt-get', ['install', '-y', 'fonts-wqy-microhei'], { env })
  if (!i.ok) {
    run('apt-get', ['update'], { env })
    i = run('apt-get', ['install', '-y', 'fonts-wqy-microhei'], { env })
  }
  if (!i.ok) log(`warning: installing fonts-wqy-microhei failed; screenshots will show boxes:\n${i.out.slice(-1000)}`)
}

/**
 * True when an app's dist (h5/ or portal/) is missing or older than any of its sources or shared-web/'s (so
 * `make h5 portal e2e` builds once).
 */
export function appIsStale(dir) {
  let built
  try {
    built = fs.statSync(path.join(dir, 'dist', 'index.html')).mtimeMs
  } catch {
    return true
  }
  const newer = (p) => {
    const st = fs.statSync(p)
    if (!st.isDirectory()) return st.mtimeMs > built
    return fs.readdirSync(p).some((f) => newer(path.join(p, f)))
  }
  const inputs = ['src', 'index.html', 'package-lock.json', 'vite.config.ts', 'tsconfig.json', path.join('..', 'shared-web')]
  return inputs.some((f) => fs.existsSync(path.join(dir, f)) && newer(path.join(dir, f)))
}

/** Installs an app's dependencies when `marker` (a package in node_modules) is missing, and builds it when stale. */
function buildApp(dir, what, marker) {
  const name = path.basename(dir)
  if (!fs.existsSync(path.join(dir, 'node_modules', marker))) {
    log(`installing the ${what} dependencies (npm ci in ${name}/)`)
    const r = run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir })
    if (!r.ok) fail(`npm ci in ${name}/ failed:\n${r.out.slice(-3000)}`)
  }
  if (!appIsStale(dir)) {
    log(`the ${what} build in ${name}/dist is up to date`)
    return
  }
  log(`building the ${what} (npm run build in ${name}/)`)
  const r = run('npm', ['run', 'build'], { cwd: dir })
  if (!r.ok) fail(`npm run build in ${name}/ failed:\n${r.out.slice(-3000)}`)
}

export const buildH5 = () => buildApp(H5_DIR, 'H5', 'playwright-core')
export const buildPortal = () => buildApp(PORTAL_DIR, 'admin portal', 'element-plus')

export function buildServer() {
  if (!fs.existsSync(path.join(ROOT, 'server'))) {
    fail('./server does not exist yet: the journey needs the Qiao server (go build ./server)')
  }
  log('building the server (go build -o h5/e2e/output/qiao ./server)')
  const r = run('go', ['build', '-o', SERVER_BIN, './server'], { cwd: ROOT })
  if (!r.ok) fail(`go build ./server failed:\n${r.out.slice(-4000)}`)
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

export async function startServer() {
  const port = await freePort()
  let simPort = await freePort()
  while (simPort === port) simPort = await freePort()
  const base = `http://127.0.0.1:${port}`
  const simAddr = `127.0.0.1:${simPort}`

  // Every walk applies to register from 127.0.0.1: the production limit of 5 an hour a client would refuse the later
  // walks' applications.
  const env = { ...process.env, PORT: String(port), SIM_ADDR: simAddr, PUBLIC_URL: base, APPLICATIONS_PER_HOUR: '100' }
  delete env.DATABASE_URL
  delete env.REDIS_URL

  const logFd = fs.openSync(SERVER_LOG, 'a')
  log(`starting the server: PORT=${port} SIM_ADDR=${simAddr} PUBLIC_URL=${base}`)
  const child = spawn(SERVER_BIN, [], { cwd: OUT, env, stdio: ['ignore', logFd, logFd] })
  fs.closeSync(logFd)
  state.server = child
  let exited = null
  child.on('exit', (code, signal) => {
    exited = { code, signal }
  })
  child.on('error', (err) => {
    exited = { code: null, signal: String(err) }
  })

  const deadline = Date.now() + HEALTH_TIMEOUT
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (exited) {
      fail(`the server exited before it was healthy (code ${exited.code}, signal ${exited.signal}); server.log:\n${tail(SERVER_LOG)}`)
    }
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) })
      if (res.status === 200) return { base, simAddr }
      last = `HTTP ${res.status}`
    } catch (err) {
      last = err.cause?.code ?? err.message
    }
    await sleep(250)
  }
  fail(`GET ${base}/healthz did not answer 200 within ${HEALTH_TIMEOUT / 1000}s (last: ${last}); server.log:\n${tail(SERVER_LOG)}`)
}

export async function stopServer() {
  const child = state.server
  state.server = null
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await gone
  clearTimeout(timer)
}

/**
 * The embedded MySQL's DATABASE_URL, read from the server's log line `embedded mysql started addr=… database=…`, so
 * a walk can run the operator's CLI (qiao tenant …) against the running server's store.
 */
export function embeddedDatabaseURL() {
  const m = [...fs.readFileSync(SERVER_LOG, 'utf8').matchAll(/embedded mysql started"? addr=(\S+) database=(\S+)/g)].pop()
  if (!m) fail(`no "embedded mysql started" line in server.log:\n${tail(SERVER_LOG)}`)
  return `mysql://root@${m[1]}/${m[2]}`
}

/** Runs the built server binary as the operator's CLI against the running server's embedded store. */
export function runCLI(args) {
  const env = { ...process.env, DATABASE_URL: embeddedDatabaseURL() }
  delete env.REDIS_URL
  const r = run(SERVER_BIN, args, { cwd: OUT, env })
  if (!r.ok) fail(`qiao ${args.join(' ')} failed (exit ${r.code}):\n${r.out.slice(-2000)}`)
  return r.out
}

// ---- browser helpers -------------------------------------------------------------------------------------

/** A browser context with the harness's timeouts, its pages watched under label. */
async function newContext(label, options) {
  const context = await state.browser.newContext(options)
  context.setDefaultTimeout(ACTION_TIMEOUT)
  context.setDefaultNavigationTimeout(NAV_TIMEOUT)
  context.on('page', (page) => watchPage(label, page))
  return context
}

/** A phone: a browser context at PHONE's size and agent; options override PHONE's (a timezoneId, say). */
export async function newPhone(label, options = {}) {
  const context = await newContext(label, { ...PHONE, ...options })
  const navigations = []
  context.on('request', (req) => {
    if (req.isNavigationRequest()) navigations.push(req.url())
  })
  return { context, navigations }
}

/** An admin's desktop (DESKTOP: 1440×900) for the portal; options override DESKTOP's. */
export async function newDesktop(label, options = {}) {
  return { context: await newContext(label, { ...DESKTOP, ...options }) }
}

export function watchPage(label, page) {
  state.pages.push([label, page])
  const note = (line) => fs.appendFileSync(BROWSER_LOG, `[${label}] ${line}\n`)
  page.on('pageerror', (err) => note(`page error: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') note(`console.${msg.type()}: ${msg.text()}`)
  })
  page.on('response', (res) => {
    if (res.status() >= 400) note(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`)
  })
}

export async function shot(page, name) {
  state.shots++
  const file = `${String(state.shots).padStart(2, '0')}-${name}.png`
  await page.waitForTimeout(300) // let transitions settle
  await page.screenshot({ path: path.join(OUT, file), fullPage: true })
}

export async function expectVisible(locator, what, timeout = ACTION_TIMEOUT) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout })
  } catch {
    fail(`${what}: not visible within ${timeout / 1000}s (page ${locator.page().url()})`)
  }
}

export async function expectGone(locator, what, timeout = ACTION_TIMEOUT) {
  try {
    await locator.first().waitFor({ state: 'detached', timeout })
  } catch {
    fail(`${what}: still there after ${timeout / 1000}s (page ${locator.page().url()})`)
  }
}

export async function expectText(locator, want, what, timeout = ACTION_TIMEOUT) {
  const deadline = Date.now() + timeout
  let got = '(absent)'
  while (Date.now() < deadline) {
    if (await locator.count()) {
      got = (await locator.first().innerText()).trim()
      if (got === want) return
    }
    await sleep(200)
  }
  fail(`${what}: expected "${want}", got "${got}" (page ${locator.page().url()})`)
}

export async function expectPath(page, re, what, timeout = NAV_TIMEOUT) {
  try {
    await page.waitForURL((u) => re.test(u.pathname + u.search), { timeout })
  } catch {
    fail(`${what}: expected a URL matching ${re}, still at ${page.url()}`)
  }
  return re.exec(new URL(page.url()).pathname + new URL(page.url()).search)
}

/** Opens a simulator inbox and reloads it until a card mentions `text` (pushes are asynchronous). */
export async function waitForSimCard(page, url, text, who) {
  const deadline = Date.now() + PUSH_TIMEOUT
  let seen = []
  for (;;) {
    try {
      await page.goto(url, { waitUntil: 'domcontentloaded' })
    } catch (err) {
      fail(`simulator inbox ${url} did not load: ${err.message.split('\n')[0]}`)
    }
    const cards = page.locator('[data-testid=sim-card]')
    const match = cards.filter({ hasText: text })
    if (await match.count()) return match.first()
    seen = (await cards.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').slice(0, 60))
    if (Date.now() > deadline) break
    await sleep(1000)
  }
  fail(
    `no [data-testid=sim-card] mentioning "${text}" in ${who}'s simulator inbox ${url} after ${PUSH_TIMEOUT / 1000}s ` +
      `(${seen.length} cards: ${JSON.stringify(seen.slice(0, 5))})`,
  )
}

/** Shows one home tab and waits for its first page of rows (an empty list has no height: wait for attached). */
export async function openTab(page, tab) {
  await page.getByTestId(`tab-${tab}`).tap()
  const list = page.locator(`[data-testid=list-${tab}][data-loaded=true]`)
  try {
    await list.waitFor({ state: 'attached', timeout: ACTION_TIMEOUT })
  } catch {
    fail(`the ${tab} list did not finish loading within ${ACTION_TIMEOUT / 1000}s (page ${page.url()})`)
  }
  return page.getByTestId(`list-${tab}`).getByTestId('item-row')
}

/**
 * One call to the simulator's control API (/_sim/…: what WeCom's and WeChat's consoles and phones do), failing the
 * step on any HTTP error; the answer's JSON, or null for an empty one.
 */
export async function simControl(simAddr, method, p, body) {
  const res = await fetch(`http://${simAddr}${p}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(ACTION_TIMEOUT),
  })
  const text = await res.text()
  if (res.status >= 300) fail(`simulator ${method} ${p}: HTTP ${res.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/** One GraphQL operation from node (as the admin console or a script would); fails the step on any error. */
export async function gql(base, what, query, variables = {}, token = null) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  let res, body
  try {
    res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(ACTION_TIMEOUT),
    })
    body = await res.json()
  } catch (err) {
    fail(`${what}: POST /graphql failed: ${err.cause?.code ?? err.message}`)
  }
  if (body.errors?.length) {
    const e = body.errors[0]
    fail(`${what}: ${e.message} (code ${e.extensions?.code ?? '?'}, HTTP ${res.status})`)
  }
  if (!body.data) fail(`${what}: no data (HTTP ${res.status})`)
  return body.data
}

/** Signs in through the H5's login form and waits for the home page. */
export async function signIn(page, base, who) {
  await page.goto(`${base}/h5/login`)
  await expectVisible(page.getByTestId('login-account'), 'the login form')
  await page.getByTestId('login-account').fill(who.login)
  await page.getByTestId('login-password').fill(who.password)
  await page.getByTestId('login-submit').tap()
  try {
    await page.waitForURL((u) => u.pathname === '/h5/', { timeout: NAV_TIMEOUT })
  } catch {
    fail(`login as ${who.login} did not reach the home page (still at ${page.url()})`)
  }
}

/** Signs in through the API; returns the access token. */
export async function apiLogin(base, who) {
  const data = await gql(
    base,
    `login as ${who.login}`,
    `mutation Login($tenant: String!, $login: String!, $password: String!) {
      login(tenant: $tenant, login: $login, password: $password) { accessToken mustChangePassword account { login } }
    }`,
    { tenant: DEMO.tenant, login: who.login, password: who.password },
  )
  if (data.login.mustChangePassword) fail(`${who.login} must change their password: the seeded demo accounts must not`)
  return data.login.accessToken
}

export async function unreadNotices(base, token) {
  const data = await gql(base, 'unreadCounts', '{ unreadCounts { notice news } }', {}, token)
  return data.unreadCounts.notice
}

/** The 公告 badge on the home page: its text, or '' when there is none. */
export async function noticeBadge(page) {
  const b = page.getByTestId('entry-notices').locator('.van-badge')
  return (await b.count()) ? (await b.first().innerText()).trim() : ''
}

export async function expectNoticeBadge(page, want, what) {
  const deadline = Date.now() + ACTION_TIMEOUT
  let got = ''
  while (Date.now() < deadline) {
    got = await noticeBadge(page)
    if (got === want) return
    await sleep(200)
  }
  fail(`${what}: expected the 公告 badge ${want ? `"${want}"` : 'gone'}, got ${got ? `"${got}"` : 'none'} (page ${page.url()})`)
}

/** Taps a simulator card and waits for a page of the phone to reach `pathname` through the OAuth and SSO steps. */
export async function tapCardTo(phone, card, pathname, what) {
  const from = phone.navigations.length
  // An interactive card (同意 / 驳回) opens its page from its body, as WeCom's does; a textcard is one link.
  const body = card.locator('[data-testid=sim-card-open]')
  await ((await body.count()) ? body.first() : card).tap()
  const deadline = Date.now() + NAV_TIMEOUT
  let page = null
  while (!page && Date.now() < deadline) {
    page = phone.context.pages().find((p) => new URL(p.url()).pathname === pathname) ?? null
    if (!page) await sleep(200)
  }
  const navs = phone.navigations.slice(from)
  if (!page) {
    const where = phone.context.pages().map((p) => p.url())
    fail(`${what}: tapping the card did not reach ${pathname} within ${NAV_TIMEOUT / 1000}s; pages: ${JSON.stringify(where)}; navigations: ${JSON.stringify(navs.slice(-6))}`)
  }
  if (!navs.some((u) => u.includes('/oauth/wecom/callback'))) {
    fail(`${what}: the card did not go through /oauth/wecom/callback; navigations: ${JSON.stringify(navs)}`)
  }
  if (!navs.some((u) => new URL(u).pathname === '/h5/sso')) {
    fail(`${what}: the OAuth callback did not redirect to /h5/sso; navigations: ${JSON.stringify(navs)}`)
  }
  return page
}

// ---- the journey -----------------------------------------------------------------------------------------

export async function launchBrowser() {
  const { chromium } = await import('playwright-core')
  state.browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: process.env.E2E_HEADED !== '1',
    args: process.env.E2E_HEADED === '1' ? CHROMIUM_ARGS.filter((a) => a !== '--headless') : CHROMIUM_ARGS,
  })
}

async function failureShots() {
  for (const [label, page] of state.pages) {
    if (page.isClosed()) continue
    try {
      await shot(page, `failure-${label}`)
    } catch {
      // the page may be gone with the browser
    }
  }
}

/** Runs the named walks in order against one server; the first failure stops the run. */
export async function runWalks(walks) {
  const only = process.env.E2E_ONLY
  const chosen = only ? walks.filter(([name]) => name === only) : walks
  if (chosen.length === 0) {
    process.stderr.write(`[e2e] no walk is named "${only}" (walks: ${walks.map(([n]) => n).join(', ')})\n`)
    process.exitCode = 2
    return
  }
  let code = 0
  try {
    prepareOutput()
    ensureChromium()
    ensureChineseFont()
    buildH5()
    buildPortal()
    buildServer()
    endStep()
    const target = await startServer()
    await launchBrowser()
    for (const [name, walk] of chosen) {
      log(`---- walk: ${name}`)
      const summary = await walk(target)
      log(`PASS ${name}: ${summary}`)
    }
    const secs = ((Date.now() - state.started) / 1000).toFixed(1)
    log(`all walks passed; ${state.shots} screenshots in h5/e2e/output (${secs}s)`)
  } catch (err) {
    code = 1
    const message = err instanceof JourneyError ? err.message : (err?.stack ?? String(err))
    await failureShots()
    process.stderr.write(`[e2e] FAIL at ${state.step}: ${message}\n`)
    process.stderr.write(`[e2e] see h5/e2e/output/ (screenshots, server.log, browser.log)\n`)
  } finally {
    await state.browser?.close().catch(() => {})
    await stopServer()
  }
  console.log(`e2e: ${state.passed} steps passed, ${code} failed`)
  process.exitCode = code
}

// Never leave the server running: on Ctrl-C, on a kill, or on any exit path.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    state.server?.kill('SIGKILL')
    process.exit(130)
  })
}
process.on('exit', () => {
  state.server?.kill('SIGKILL')
})
