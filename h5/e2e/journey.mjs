#!/usr/bin/env node
// The browser journey: one collaboration item from 张三's phone to 李四's WeCom and back.
//
//   node h5/e2e/journey.mjs        (from the repo root; or `npm run e2e` in h5/)
//
// It builds the H5 (npm run build) and the server (go build ./server), starts the server on free ports with
// its embedded defaults (no DATABASE_URL / REDIS_URL; the demo tenant is seeded), then drives Debian's
// chromium with two phones (two browser contexts):
//   (2) 张三 signs in at /h5/login and sends an item to 李四;
//   (4) 李四 opens the WeCom simulator inbox and taps the card;
//   (5) the simulated OAuth redirect lands on /h5/items/<id> with 同意 and 驳回;
//   (6) 李四 approves with an opinion; the item leaves 李四's 待办 and shows in 已办; 张三's 已发 shows 已同意;
//       the simulator inbox of 张三 gets a card about it;
//   (7) the admin signs in through the GraphQL API and publishes a 公告 and a single-choice 调查 to all staff;
//   (8) 李四's simulator inbox shows both cards and his home page the 公告 badge;
//   (9) tapping the 公告 card goes through OAuth to /h5/notices/<id>, which marks it read (badge and unreadCounts drop);
//  (10) tapping the 调查 card lands on /h5/surveys/<id>; 李四 votes and sees the results (100% on his option).
// Screenshots of every page go to h5/e2e/output/NN-name.png, the server's output to h5/e2e/output/server.log.
//
// It runs `npm ci` when h5/node_modules is missing and `npm run build` when h5/dist is older than the sources;
// `go build` always runs (Go's cache makes it cheap). Environment: CHROMIUM (default /usr/bin/chromium),
// E2E_HEADED=1 to watch (needs a display).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const H5_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ROOT = path.resolve(H5_DIR, '..')
const OUT = path.join(H5_DIR, 'e2e', 'output')
const SERVER_BIN = path.join(OUT, 'qiao')
const SERVER_LOG = path.join(OUT, 'server.log')
const BROWSER_LOG = path.join(OUT, 'browser.log')
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'

// The demo data the server seeds.
const DEMO = {
  tenant: 'demo',
  admin: { login: 'admin', password: 'Admin1234!', name: '管理员' },
  corp: 'wwdemo00000001',
  agentId: '1000002',
  sender: { login: 'zhangsan', password: 'Demo1234!', name: '张三', userid: 'zhangsan' },
  approver: { login: 'lisi', password: 'Demo1234!', name: '李四', userid: 'lisi' },
}

const PHONE = {
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

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
]

const ACTION_TIMEOUT = 15_000
const NAV_TIMEOUT = 30_000
const PUSH_TIMEOUT = 15_000
const HEALTH_TIMEOUT = 90_000

/** A failed expectation: its message is the whole story, no stack needed. */
class JourneyError extends Error {}

const state = {
  step: 'setup',
  passed: 0,
  shots: 0,
  server: null, // ChildProcess
  browser: null,
  pages: [], // [label, Page]
  started: Date.now(),
  stepStarted: 0,
}

function fail(message) {
  throw new JourneyError(message)
}

function log(message) {
  process.stdout.write(`[e2e] ${message}\n`)
}

function beginStep(name) {
  state.step = name
  state.stepStarted = Date.now()
  log(name)
}

function endStep() {
  state.passed++
  if (state.stepStarted) log(`  ok (${((Date.now() - state.stepStarted) / 1000).toFixed(1)}s)`)
  state.stepStarted = 0
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no output)'
  }
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options })
  if (r.error?.code === 'ENOENT') return { ok: false, out: `${cmd} is not on PATH` }
  if (r.error) return { ok: false, out: String(r.error.message) }
  return { ok: r.status === 0, code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` }
}

// ---- setup ---------------------------------------------------------------------------------------------

function prepareOutput() {
  fs.mkdirSync(OUT, { recursive: true })
  for (const f of fs.readdirSync(OUT)) {
    if (f.endsWith('.png') || f.endsWith('.log')) fs.rmSync(path.join(OUT, f))
  }
}

function ensureChromium() {
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
function ensureChineseFont() {
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

/** True when h5/dist is missing or older than any of the app's sources (so `make h5 e2e` builds once). */
function h5IsStale() {
  let built
  try {
    built = fs.statSync(path.join(H5_DIR, 'dist', 'index.html')).mtimeMs
  } catch {
    return true
  }
  const newer = (p) => {
    const st = fs.statSync(p)
    if (!st.isDirectory()) return st.mtimeMs > built
    return fs.readdirSync(p).some((f) => newer(path.join(p, f)))
  }
  const inputs = ['src', 'index.html', 'package-lock.json', 'vite.config.ts', 'tsconfig.json']
  return inputs.some((f) => fs.existsSync(path.join(H5_DIR, f)) && newer(path.join(H5_DIR, f)))
}

function buildH5() {
  if (!fs.existsSync(path.join(H5_DIR, 'node_modules', 'playwright-core'))) {
    log('installing the H5 dependencies (npm ci)')
    const r = run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: H5_DIR })
    if (!r.ok) fail(`npm ci in h5/ failed:\n${r.out.slice(-3000)}`)
  }
  if (!h5IsStale()) {
    log('the H5 build in h5/dist is up to date')
    return
  }
  log('building the H5 (npm run build)')
  const r = run('npm', ['run', 'build'], { cwd: H5_DIR })
  if (!r.ok) fail(`npm run build in h5/ failed:\n${r.out.slice(-3000)}`)
}

function buildServer() {
  if (!fs.existsSync(path.join(ROOT, 'server'))) {
    fail('./server does not exist yet: the journey needs the Qiao server (go build ./server)')
  }
  log('building the server (go build -o h5/e2e/output/qiao ./server)')
  const r = run('go', ['build', '-o', SERVER_BIN, './server'], { cwd: ROOT })
  if (!r.ok) fail(`go build ./server failed:\n${r.out.slice(-4000)}`)
}

function freePort() {
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

async function startServer() {
  const port = await freePort()
  let simPort = await freePort()
  while (simPort === port) simPort = await freePort()
  const base = `http://127.0.0.1:${port}`
  const simAddr = `127.0.0.1:${simPort}`

  const env = { ...process.env, PORT: String(port), SIM_ADDR: simAddr, PUBLIC_URL: base }
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

async function stopServer() {
  const child = state.server
  state.server = null
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await gone
  clearTimeout(timer)
}

// ---- browser helpers -------------------------------------------------------------------------------------

async function newPhone(label) {
  const context = await state.browser.newContext(PHONE)
  context.setDefaultTimeout(ACTION_TIMEOUT)
  context.setDefaultNavigationTimeout(NAV_TIMEOUT)
  const navigations = []
  context.on('request', (req) => {
    if (req.isNavigationRequest()) navigations.push(req.url())
  })
  context.on('page', (page) => watchPage(label, page))
  return { context, navigations }
}

function watchPage(label, page) {
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

async function shot(page, name) {
  state.shots++
  const file = `${String(state.shots).padStart(2, '0')}-${name}.png`
  await page.waitForTimeout(300) // let transitions settle
  await page.screenshot({ path: path.join(OUT, file), fullPage: true })
}

async function expectVisible(locator, what, timeout = ACTION_TIMEOUT) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout })
  } catch {
    fail(`${what}: not visible within ${timeout / 1000}s (page ${locator.page().url()})`)
  }
}

async function expectGone(locator, what, timeout = ACTION_TIMEOUT) {
  try {
    await locator.first().waitFor({ state: 'detached', timeout })
  } catch {
    fail(`${what}: still there after ${timeout / 1000}s (page ${locator.page().url()})`)
  }
}

async function expectText(locator, want, what, timeout = ACTION_TIMEOUT) {
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

async function expectPath(page, re, what, timeout = NAV_TIMEOUT) {
  try {
    await page.waitForURL((u) => re.test(u.pathname + u.search), { timeout })
  } catch {
    fail(`${what}: expected a URL matching ${re}, still at ${page.url()}`)
  }
  return re.exec(new URL(page.url()).pathname + new URL(page.url()).search)
}

/** Opens a simulator inbox and reloads it until a card mentions `text` (pushes are asynchronous). */
async function waitForSimCard(page, url, text, who) {
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
async function openTab(page, tab) {
  await page.getByTestId(`tab-${tab}`).tap()
  const list = page.locator(`[data-testid=list-${tab}][data-loaded=true]`)
  try {
    await list.waitFor({ state: 'attached', timeout: ACTION_TIMEOUT })
  } catch {
    fail(`the ${tab} list did not finish loading within ${ACTION_TIMEOUT / 1000}s (page ${page.url()})`)
  }
  return page.getByTestId(`list-${tab}`).getByTestId('item-row')
}

/** One GraphQL operation from node (as the admin console or a script would); fails the step on any error. */
async function gql(base, what, query, variables = {}, token = null) {
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

/** Signs in through the API; returns the access token. */
async function apiLogin(base, who) {
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

async function unreadNotices(base, token) {
  const data = await gql(base, 'unreadCounts', '{ unreadCounts { notice news } }', {}, token)
  return data.unreadCounts.notice
}

/** The 公告 badge on the home page: its text, or '' when there is none. */
async function noticeBadge(page) {
  const b = page.getByTestId('entry-notices').locator('.van-badge')
  return (await b.count()) ? (await b.first().innerText()).trim() : ''
}

async function expectNoticeBadge(page, want, what) {
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
async function tapCardTo(phone, card, pathname, what) {
  const from = phone.navigations.length
  await card.tap()
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

async function journey({ base, simAddr }) {
  const { chromium } = await import('playwright-core')
  state.browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: process.env.E2E_HEADED !== '1',
    args: process.env.E2E_HEADED === '1' ? CHROMIUM_ARGS.filter((a) => a !== '--headless') : CHROMIUM_ARGS,
  })

  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const title = `E2E 差旅报销审批 ${suffix}`
  const body = `张三 2026 年 11 月上海出差报销，合计 1,280.00 元。\n请李四审批。(${suffix})`
  const opinion = `同意报销 ${suffix}`

  // (2) sender: sign in and send an item to 李四.
  beginStep('(2) 张三 signs in')
  const sender = await newPhone('sender')
  const sp = await sender.context.newPage()
  await sp.goto(`${base}/h5/login`)
  await expectVisible(sp.getByTestId('login-account'), 'the login form at /h5/login (is the H5 served under /h5/?)')
  const tenant = await sp.getByTestId('login-tenant').inputValue()
  if (tenant !== DEMO.tenant) fail(`the tenant field should be prefilled with "${DEMO.tenant}", got "${tenant}"`)
  await sp.getByTestId('login-account').fill(DEMO.sender.login)
  await sp.getByTestId('login-password').fill(DEMO.sender.password)
  await shot(sp, 'login')
  await sp.getByTestId('login-submit').tap()
  try {
    await sp.waitForURL((u) => u.pathname === '/h5/' || u.pathname === '/h5/password', { timeout: NAV_TIMEOUT })
  } catch {
    const err = await sp.getByTestId('login-error').allInnerTexts()
    fail(`login as ${DEMO.sender.login} did not reach the home page (still at ${sp.url()}; message: ${err.join(' ') || 'none'})`)
  }
  if (new URL(sp.url()).pathname === '/h5/password') {
    fail(`${DEMO.sender.login} was sent to /h5/password: the seeded demo accounts must not need a password change`)
  }
  await expectVisible(sp.getByTestId('tab-todo'), 'the 待办 tab on the home page')
  await openTab(sp, 'todo')
  await shot(sp, 'sender-home')
  endStep()

  beginStep(`(2) 张三 sends "${title}" to 李四`)
  await sp.getByTestId('compose-button').tap()
  await expectPath(sp, /^\/h5\/compose$/, 'the compose page')
  await sp.getByTestId('compose-title').fill(title)
  await sp.getByTestId('compose-body').fill(body)
  const recipient = sp.getByTestId('compose-recipient').filter({ hasText: DEMO.approver.name })
  await expectVisible(recipient, `${DEMO.approver.name} in the colleagues list`)
  await recipient.first().tap()
  await expectVisible(recipient.locator('[role=checkbox][aria-checked=true]'), `${DEMO.approver.name} checked after a tap`)
  await shot(sp, 'compose')
  await sp.getByTestId('compose-submit').tap()
  const [, itemId] = await expectPath(sp, /^\/h5\/items\/([^/?#]+)$/, 'the new item page after sending')
  await expectText(sp.getByTestId('item-title'), title, 'the sent item title')
  if (await sp.getByTestId('action-approve').count()) fail('the sender sees 同意 on an item they sent (actions should be empty)')
  await shot(sp, 'sender-item')
  endStep()

  // (4) approver: the WeCom card in the simulator.
  beginStep(`(4) 李四 finds the card in the WeCom simulator`)
  const approver = await newPhone('approver')
  const inbox = await approver.context.newPage()
  const card = await waitForSimCard(inbox, `http://${simAddr}/_sim/inbox/${DEMO.corp}/${DEMO.approver.userid}`, title, '李四')
  await shot(inbox, 'sim-inbox-lisi')
  endStep()

  // (5) tap: simulated OAuth → /oauth/wecom/callback → /h5/sso?ticket=… → /h5/items/<id>.
  beginStep('(5) 李四 taps the card and lands on the item through OAuth')
  await card.tap()
  const itemPath = `/h5/items/${itemId}`
  const deadline = Date.now() + NAV_TIMEOUT
  let ap = null
  while (!ap && Date.now() < deadline) {
    ap = approver.context.pages().find((p) => new URL(p.url()).pathname === itemPath) ?? null
    if (!ap) await sleep(200)
  }
  if (!ap) {
    const where = approver.context.pages().map((p) => p.url())
    const ssoFailed = await Promise.all(approver.context.pages().map((p) => p.getByTestId('sso-failed').count()))
    fail(
      `tapping the card did not reach ${itemPath} within ${NAV_TIMEOUT / 1000}s; pages: ${JSON.stringify(where)}` +
        (ssoFailed.some(Boolean) ? ' (the H5 says the SSO ticket exchange failed)' : '') +
        `; navigations: ${JSON.stringify(approver.navigations.slice(-6))}`,
    )
  }
  if (!approver.navigations.some((u) => u.includes('/oauth/wecom/callback'))) {
    fail(`the card did not go through /oauth/wecom/callback; navigations: ${JSON.stringify(approver.navigations)}`)
  }
  if (!approver.navigations.some((u) => new URL(u).pathname === '/h5/sso')) {
    fail(`the OAuth callback did not redirect to /h5/sso; navigations: ${JSON.stringify(approver.navigations)}`)
  }
  await expectText(ap.getByTestId('item-title'), title, 'the item title on 李四\'s phone')
  await expectVisible(ap.getByTestId('action-approve'), 'the 同意 button for 李四')
  await expectVisible(ap.getByTestId('action-reject'), 'the 驳回 button for 李四')
  await shot(ap, 'approver-item')
  endStep()

  // (6) approve with an opinion.
  beginStep('(6) 李四 approves with an opinion')
  await ap.getByTestId('action-approve').tap()
  await expectVisible(ap.getByTestId('opinion-input'), 'the opinion dialog')
  await ap.getByTestId('opinion-input').fill(opinion)
  await shot(ap, 'opinion-dialog')
  await ap.getByTestId('opinion-confirm').tap()
  await expectGone(ap.getByTestId('action-approve'), 'the 同意 button after approving')
  await expectText(ap.getByTestId('item-status'), '已同意', 'the item status after approving')
  await expectVisible(ap.getByTestId('item-recipient').filter({ hasText: opinion }), 'the opinion under 李四')
  await shot(ap, 'approver-item-approved')
  endStep()

  beginStep('(6) 李四\'s lists: gone from 待办, in 已办')
  await ap.getByTestId('nav-back').getByText('返回').tap()
  await expectPath(ap, /^\/h5\/(\?.*)?$/, 'the home page after 返回')
  const todoRows = await openTab(ap, 'todo')
  if (await todoRows.filter({ hasText: title }).count()) fail(`"${title}" is still in 李四's 待办 after approving`)
  await shot(ap, 'approver-todo')
  const doneRows = await openTab(ap, 'done')
  await expectVisible(doneRows.filter({ hasText: title }), `"${title}" in 李四's 已办`)
  await shot(ap, 'approver-done')
  endStep()

  beginStep('(6) 张三 sees 已同意 in 已发')
  await sp.reload()
  await expectText(sp.getByTestId('item-status'), '已同意', 'the item status on 张三\'s phone')
  await shot(sp, 'sender-item-approved')
  await sp.getByTestId('nav-back').getByText('返回').tap()
  await expectPath(sp, /^\/h5\/(\?.*)?$/, 'the home page after 返回')
  const sentRow = (await openTab(sp, 'sent')).filter({ hasText: title })
  await expectVisible(sentRow, `"${title}" in 张三's 已发`)
  await expectText(sentRow.getByTestId('item-status'), '已同意', `the status of "${title}" in 已发`)
  await shot(sp, 'sender-sent')
  endStep()

  beginStep('(6) 张三 gets a WeCom card about the approval')
  const senderInbox = await sender.context.newPage()
  await waitForSimCard(senderInbox, `http://${simAddr}/_sim/inbox/${DEMO.corp}/${DEMO.sender.userid}`, title, '张三')
  await shot(senderInbox, 'sim-inbox-zhangsan')
  endStep()

  // (7) the admin publishes a notice and a survey to all staff, through the API.
  const noticeTitle = `E2E 元旦放假通知 ${suffix}`
  const noticeBody = `<p>1 月 1 日至 3 日放假，共 3 天。</p><p>(${suffix})</p>`
  const surveyTitle = `E2E 年会形式调查 ${suffix}`
  const surveyQuestion = '今年的年会您希望采用哪种形式？'
  const surveyOptions = ['线上', '线下', '都可以']
  const vote = '线下' // not the first option: the tap has to choose it
  beginStep('(7) 管理员 publishes a 公告 and a 调查 to all staff (GraphQL API)')
  const lisiToken = await apiLogin(base, DEMO.approver)
  const unreadBefore = await unreadNotices(base, lisiToken)
  const adminToken = await apiLogin(base, DEMO.admin)
  const { publishNotice: notice } = await gql(
    base,
    'publishNotice',
    `mutation PublishNotice($input: PublishNoticeInput!) {
      publishNotice(input: $input) { id kind title recipientCount audience { all } }
    }`,
    { input: { kind: 'NOTICE', title: noticeTitle, body: noticeBody, audience: { all: true } } },
    adminToken,
  )
  if (notice.title !== noticeTitle || notice.kind !== 'NOTICE' || !notice.audience.all) {
    fail(`publishNotice answered ${JSON.stringify(notice)}`)
  }
  if (notice.recipientCount < 2) fail(`the notice for all staff reached ${notice.recipientCount} people (张三 and 李四 at least)`)
  const { publishSurvey: survey } = await gql(
    base,
    'publishSurvey',
    `mutation PublishSurvey($input: PublishSurveyInput!) {
      publishSurvey(input: $input) {
        id title state resultsVisibility canVote
        questions { id kind options { id text } }
      }
    }`,
    {
      input: {
        title: surveyTitle,
        body: `<p>请在本周内投票。(${suffix})</p>`,
        audience: { all: true },
        resultsVisibility: 'VOTERS',
        questions: [{ text: surveyQuestion, kind: 'SINGLE', options: surveyOptions }],
      },
    },
    adminToken,
  )
  if (survey.state !== 'OPEN') fail(`the survey opened now should be OPEN, is ${survey.state}`)
  if (survey.resultsVisibility !== 'VOTERS') fail(`the survey's results should be for VOTERS, are ${survey.resultsVisibility}`)
  const voteOptionId = survey.questions[0]?.options.find((o) => o.text === vote)?.id
  if (!voteOptionId) fail(`the survey has no option "${vote}": ${JSON.stringify(survey.questions)}`)
  const unreadAfter = await unreadNotices(base, lisiToken)
  if (unreadAfter !== unreadBefore + 1) {
    fail(`李四's unreadCounts.notice should go from ${unreadBefore} to ${unreadBefore + 1} with the new notice, is ${unreadAfter}`)
  }
  log(`  notice ${notice.id} to ${notice.recipientCount} people, survey ${survey.id}; 李四's unread notices ${unreadBefore} → ${unreadAfter}`)
  endStep()

  // (8) 李四's phone: both cards in the simulator, the badge on the home page.
  beginStep('(8) 李四 gets the 公告 and 调查 cards and a 公告 badge')
  const lisiInboxUrl = `http://${simAddr}/_sim/inbox/${DEMO.corp}/${DEMO.approver.userid}`
  const pubInbox = await approver.context.newPage()
  await waitForSimCard(pubInbox, lisiInboxUrl, `公告：${noticeTitle}`, '李四')
  await waitForSimCard(pubInbox, lisiInboxUrl, `调查：${surveyTitle}`, '李四')
  await shot(pubInbox, 'sim-inbox-lisi-published')
  await ap.goto(`${base}/h5/`)
  await expectVisible(ap.getByTestId('entry-notices'), 'the 公告 entry on 李四\'s home page')
  await expectNoticeBadge(ap, String(unreadAfter), 'the 公告 badge on 李四\'s home page')
  await shot(ap, 'approver-home-unread')
  endStep()

  // (9) the notice card: OAuth → /h5/notices/<id>, which marks it read.
  beginStep('(9) 李四 taps the 公告 card, reads it, and it is marked read')
  const noticeCard = await waitForSimCard(pubInbox, lisiInboxUrl, `公告：${noticeTitle}`, '李四')
  const np = await tapCardTo(approver, noticeCard, `/h5/notices/${notice.id}`, 'the 公告 card')
  await expectText(np.getByTestId('notice-title'), noticeTitle, 'the notice title on 李四\'s phone')
  await expectText(np.getByTestId('notice-kind'), '公告', 'the notice kind tag')
  await expectVisible(np.getByTestId('notice-body').filter({ hasText: '共 3 天' }), 'the notice body')
  await expectVisible(np.locator('[data-testid=notice][data-read=true]'), 'the notice marked read (data-read=true)')
  await shot(np, 'approver-notice')
  const unreadRead = await unreadNotices(base, lisiToken)
  if (unreadRead !== unreadAfter - 1) {
    fail(`李四's unreadCounts.notice should drop from ${unreadAfter} to ${unreadAfter - 1} after reading, is ${unreadRead}`)
  }
  await ap.goto(`${base}/h5/`)
  await expectVisible(ap.getByTestId('entry-notices'), 'the 公告 entry on 李四\'s home page')
  await expectNoticeBadge(ap, unreadRead ? String(unreadRead) : '', 'the 公告 badge after reading')
  await shot(ap, 'approver-home-read')
  log(`  李四's unread notices ${unreadAfter} → ${unreadRead}`)
  endStep()

  // (10) the survey card: vote, then the results.
  beginStep('(10) 李四 taps the 调查 card, votes and sees the results')
  const surveyCard = await waitForSimCard(pubInbox, lisiInboxUrl, `调查：${surveyTitle}`, '李四')
  const vp = await tapCardTo(approver, surveyCard, `/h5/surveys/${survey.id}`, 'the 调查 card')
  await expectText(vp.getByTestId('survey-title'), surveyTitle, 'the survey title on 李四\'s phone')
  await expectVisible(vp.locator('[data-testid=survey][data-state=OPEN][data-voted=false]'), 'the survey open and not voted yet')
  await expectVisible(vp.getByTestId('survey-results-note'), 'the note that results come after voting')
  const option = vp.getByTestId('survey-option').filter({ hasText: vote })
  await expectVisible(option, `the option "${vote}"`)
  await option.first().tap()
  await expectVisible(
    vp.locator(`[data-testid=survey-option][data-option-id="${voteOptionId}"][aria-checked=true]`),
    `"${vote}" checked after a tap`,
  )
  await shot(vp, 'approver-survey-vote')
  await vp.getByTestId('survey-submit').tap()
  const toast = vp.locator('.van-toast').filter({ hasText: '投票成功' })
  await expectVisible(toast, 'the 投票成功 toast')
  await expectGone(vp.getByTestId('survey-submit'), 'the 提交 button after voting')
  await expectVisible(vp.locator('[data-testid=survey][data-voted=true]'), 'the survey marked voted')
  await expectText(vp.getByTestId('survey-status'), '您已投票，感谢参与', 'the survey status after voting')
  const mineRow = vp.locator(`[data-testid=result-option][data-option-id="${voteOptionId}"]`)
  await expectVisible(mineRow, `the result row of "${vote}"`)
  const [count, percent] = [await mineRow.getAttribute('data-count'), await mineRow.getAttribute('data-percent')]
  if (count !== '1' || Number(percent) !== 100) fail(`"${vote}" should have 1 vote and 100%, has ${count} and ${percent}%`)
  const rowText = (await mineRow.innerText()).replace(/\s+/g, ' ')
  if (!rowText.includes('100%')) fail(`the result row of "${vote}" should show 100%, shows "${rowText}"`)
  await expectVisible(mineRow.getByTestId('result-mine'), `我的选择 on "${vote}"`)
  const others = await vp.locator(`[data-testid=result-option]:not([data-option-id="${voteOptionId}"])`).evaluateAll((els) =>
    els.map((e) => [e.dataset.count, e.dataset.percent]),
  )
  if (others.length !== surveyOptions.length - 1 || others.some(([c, p]) => c !== '0' || Number(p) !== 0)) {
    fail(`the other options should have 0 votes and 0%, have ${JSON.stringify(others)}`)
  }
  try {
    await toast.first().waitFor({ state: 'hidden', timeout: ACTION_TIMEOUT }) // it covers the results
  } catch {
    fail(`the 投票成功 toast did not go away within ${ACTION_TIMEOUT / 1000}s`)
  }
  await shot(vp, 'approver-survey-results')
  endStep()

  return { itemId, title, noticeId: notice.id, surveyId: survey.id }
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

async function main() {
  let code = 0
  try {
    prepareOutput()
    ensureChromium()
    ensureChineseFont()
    buildH5()
    buildServer()
    endStep()
    const target = await startServer()
    const { itemId, title, noticeId, surveyId } = await journey(target)
    const secs = ((Date.now() - state.started) / 1000).toFixed(1)
    log(
      `PASS: item ${itemId} "${title}" sent by 张三, approved by 李四 through WeCom OAuth, lists and 张三's card checked; ` +
        `notice ${noticeId} read and survey ${surveyId} voted by 李四 from their cards; ` +
        `${state.shots} screenshots in h5/e2e/output (${secs}s)`,
    )
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
  console.log(`journey: ${state.passed} passed, ${code} failed`)
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

await main()
