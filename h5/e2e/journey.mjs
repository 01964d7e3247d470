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
//       the simulator inbox of 张三 gets a card about it.
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
}

function fail(message) {
  throw new JourneyError(message)
}

function log(message) {
  process.stdout.write(`[e2e] ${message}\n`)
}

function beginStep(name) {
  state.step = name
  log(name)
}

function endStep() {
  state.passed++
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

  return { itemId, title }
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
    const { itemId, title } = await journey(target)
    const secs = ((Date.now() - state.started) / 1000).toFixed(1)
    log(
      `PASS: item ${itemId} "${title}" sent by 张三, approved by 李四 through WeCom OAuth, lists and 张三's card checked; ` +
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
