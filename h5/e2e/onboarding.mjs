// The onboarding walk: a new company, from the operator's `qiao tenant create` to its admin signed in by WeCom's QR
// code, at 1440×900, counting the admin's effort.
//   setup (not the admin's work): the operator creates the tenant with the CLI against the harness's embedded store;
//     the customer's WeCom exists already: the simulator's control API makes the corp, its OA app, the contact-sync
//     secret, 王总 (boss) and two staff.
//   (1) the admin signs in to the portal with the one-time password and must change it;
//   (2) 企业微信绑定: CorpID, 通讯录 Secret, the OA app with a WRONG secret; 检测配置 shows 40001 and what to do;
//       the secret fixed, the app's check passes;
//   (3) the OA receiver's URL/Token/EncodingAESKey and the 客户联系 event server's are pasted into the simulated WeCom
//       console, which verifies them; the portal shows 验证通过 by itself when the admin comes back to its tab;
//   (4) 生成菜单: the menu read back is shown, and the console's app page shows the same;
//   (5) a customer added to 王总 in the console appears in the H5's 外部联系人 within seconds (王总's phone);
//   (6) the admin signs out and in again with 企业微信扫码登录 (the simulator's QR page, 王总 "scans").
// Every click and every typed field is counted, split into Qiao's portal, WeCom's console (simulated) and the H5
// check on the phone, with the wall time from "tenant created": printed and saved to
// h5/e2e/output/onboarding-effort.json. Opening a page by its address counts as a click.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import {
  ACTION_TIMEOUT,
  OUT,
  beginStep,
  endStep,
  expectPath,
  expectVisible,
  fail,
  log,
  newDesktop,
  newPhone,
  runCLI,
  shot,
  sleep,
} from './harness.mjs'

const CORP = 'wwacmee2e0001'
const AGENT_ID = 1000002
const OA_SECRET = 'acme-oa-secret-0001-abcdefghijklmnopqrstuv'
const CONTACT_SECRET = 'acme-contact-secret-0001-abcdefghijklmnop'
const SLUG = 'acme-e2e'
const BOSS = { userid: 'boss', name: '王总' }
const STAFF = [
  { userid: 'liming', name: '李明' },
  { userid: 'zhaoxue', name: '赵雪' },
]
const NEW_PASSWORD = 'Acme2026!go'
const CUSTOMER = '星辰贸易 陈经理'

/** The text box of an Element Plus field marked data-testid (el-input marks its <input>, el-input-number its wrapper). */
const box = (page, testid) => {
  const t = `[data-testid="${testid}"]`
  return page.locator(`input${t}, textarea${t}, ${t} input`).first()
}

/**
 * The admin's effort, per place; every action of the walk goes through `act(place)`. Moving between the portal's
 * tab and the console's is counted apart (tabSwitches); the page acted on is brought to the front first, as the
 * admin would, and since a background tab's animation frames are throttled.
 */
const effort = { portal: { clicks: 0, fields: 0 }, console: { clicks: 0, fields: 0 }, h5: { clicks: 0, fields: 0 } }
const tabs = { front: null, switches: 0 }
/** Each numbered step's share: clicks+fields per place, marked after the step. */
const perStep = []
let marked = { portal: { clicks: 0, fields: 0 }, console: { clicks: 0, fields: 0 }, h5: { clicks: 0, fields: 0 } }
function markStep(name) {
  const row = { step: name }
  for (const place of Object.keys(effort)) {
    row[place] = { clicks: effort[place].clicks - marked[place].clicks, fields: effort[place].fields - marked[place].fields }
  }
  perStep.push(row)
  marked = structuredClone(effort)
}
async function toFront(page) {
  if (tabs.front === page) return
  if (tabs.front && tabs.front.context() === page.context()) tabs.switches++
  tabs.front = page
  await page.bringToFront()
}
function act(place) {
  const e = effort[place]
  return {
    click: async (locator) => {
      e.clicks++
      await toFront(locator.page())
      await locator.click()
    },
    fill: async (locator, value) => {
      e.fields++
      await toFront(locator.page())
      await locator.fill(value)
    },
    select: async (locator, value) => {
      e.clicks++
      await toFront(locator.page())
      await locator.selectOption(value)
    },
    open: async (page, url) => {
      e.clicks++
      await toFront(page)
      await page.goto(url)
    },
    reload: async (page) => {
      e.clicks++
      await toFront(page)
      await page.reload()
    },
  }
}

/** One call of the simulator's control API (the customer's WeCom, set up before onboarding). */
async function sim(simAddr, method, p, body) {
  const res = await fetch(`http://${simAddr}${p}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(ACTION_TIMEOUT),
  })
  if (res.status >= 300) fail(`simulator ${method} ${p}: HTTP ${res.status} ${await res.text()}`)
}

/** Waits for the simulated console's result line and fails with its text unless it is a success. */
async function expectConsoleOK(page, what) {
  const msg = page.getByTestId('console-message')
  await expectVisible(msg, `${what}: the console's result`)
  if ((await msg.getAttribute('data-ok')) !== 'true') fail(`${what}: the console says "${(await msg.innerText()).trim()}"`)
}

/** A preflight check's row, by key (app:OA, contacts, …). */
const check = (page, key) => page.locator(`[data-testid=preflight-check][data-key="${key}"]`)

async function runPreflight(page, portal) {
  const result = page.getByTestId('binding-preflight-result')
  const before = (await result.count()) ? await result.getAttribute('data-checked-at') : ''
  await portal.click(page.getByTestId('binding-preflight'))
  await expectNewPreflight(page, before, '检测配置')
}

/** Waits for a 检测配置 report newer than the one checked at `before`. */
async function expectNewPreflight(page, before, what) {
  const result = page.getByTestId('binding-preflight-result')
  const started = Date.now()
  const deadline = started + ACTION_TIMEOUT
  while (Date.now() < deadline) {
    if ((await result.count()) && (await result.getAttribute('data-checked-at')) !== before) {
      log(`  ${what}: a new report in ${((Date.now() - started) / 1000).toFixed(1)}s`)
      return
    }
    await sleep(200)
  }
  fail(`${what}: no new 检测配置 report`)
}

/** Copies a receiver's URL, Token and EncodingAESKey in the portal and pastes them into a console callback form. */
async function pasteReceiver(portalPage, consolePage, receiver, prefix, portal, console_) {
  for (const [part, field] of [['url', 'callback-url'], ['token', 'callback-token'], ['aeskey', 'callback-aeskey']]) {
    const copy = portalPage.getByTestId(`receiver-${receiver}-${part}`)
    await expectVisible(copy, `the ${receiver} receiver's ${part}`)
    await portal.click(copy) // 复制
    await console_.fill(consolePage.getByTestId(`${prefix}${field}`), await copy.getAttribute('data-value')) // 粘贴
  }
  await console_.click(consolePage.getByTestId(`${prefix}callback-save`))
}

export async function onboarding({ base, simAddr }) {
  const simBase = `http://${simAddr}`
  const consoleHome = `${simBase}/_sim/console/${CORP}`
  const consoleApp = `${consoleHome}/apps/${AGENT_ID}`
  const portal = act('portal')
  const wecom = act('console')
  const phoneAct = act('h5')

  beginStep('onboarding: the operator creates the tenant; the customer’s WeCom exists')
  const out = runCLI(['tenant', 'create', '--slug', SLUG, '--name', '艾克米科技', '--admin', BOSS.userid, '--admin-name', BOSS.name, '--json'])
  const json = out.split('\n').find((l) => l.trim().startsWith('{'))
  if (!json) fail(`qiao tenant create --json printed no JSON:\n${out}`)
  const created = JSON.parse(json)
  if (!created.oneTimePassword || created.slug !== SLUG) fail(`qiao tenant create --json: ${json}`)
  const t0 = Date.now()
  await sim(simAddr, 'POST', '/_sim/corps', { corpid: CORP })
  await sim(simAddr, 'POST', `/_sim/corps/${CORP}/apps`, { agentid: AGENT_ID, secret: OA_SECRET, name: '协同办公' })
  await sim(simAddr, 'PUT', `/_sim/corps/${CORP}/contact-secret`, { secret: CONTACT_SECRET })
  for (const m of [BOSS, ...STAFF]) await sim(simAddr, 'POST', `/_sim/corps/${CORP}/users`, { ...m, department: [1] })
  endStep()

  const desk = await newDesktop('onboarding')
  const page = await desk.context.newPage()
  const consoleDesk = await desk.context.newPage()

  beginStep('onboarding (1): the admin signs in with the one-time password and sets their own')
  await portal.open(page, `${base}/admin/login`)
  await expectVisible(box(page, 'login-tenant'), 'the portal sign-in form')
  await portal.fill(box(page, 'login-tenant'), SLUG)
  await portal.fill(box(page, 'login-account'), BOSS.userid)
  await portal.fill(box(page, 'login-password'), created.oneTimePassword)
  await portal.click(page.getByTestId('login-submit'))
  await expectPath(page, /^\/admin\/password/, 'a one-time password leads to 修改密码')
  await expectVisible(box(page, 'password-new'), 'the new-password field')
  if (await box(page, 'password-old').count()) fail('修改密码 asks again for the one-time password the admin has just typed')
  await shot(page, 'onboarding-password')
  await portal.fill(box(page, 'password-new'), NEW_PASSWORD)
  await portal.fill(box(page, 'password-confirm'), NEW_PASSWORD)
  await portal.click(page.getByTestId('password-submit'))
  await expectPath(page, /^\/admin\/overview/, 'after the new password, 概览')
  await shot(page, 'onboarding-overview')
  endStep()
  markStep('1 sign in, new password')

  beginStep('onboarding (2): 企业微信绑定 with a wrong app secret: 40001 explained, then fixed')
  await portal.click(page.getByTestId('menu-binding'))
  await expectPath(page, /^\/admin\/binding/, '企业微信绑定')
  await portal.fill(box(page, 'binding-corpId'), CORP)
  await portal.fill(box(page, 'binding-contactSecret'), CONTACT_SECRET)
  await portal.click(page.getByTestId('binding-save-corp'))
  await expectVisible(page.getByTestId('binding-add-app'), 'the apps card after saving the corp')
  await portal.click(page.getByTestId('binding-add-app'))
  await portal.fill(box(page, 'binding-app-agentId'), String(AGENT_ID))
  await portal.fill(box(page, 'binding-app-secret'), 'a-wrong-secret-typed-by-mistake')
  await portal.click(page.getByTestId('binding-app-save'))
  await expectVisible(page.getByTestId('binding-edit-OA'), 'the OA app in the apps table')
  await runPreflight(page, portal)
  const oa = check(page, 'app:OA')
  await expectVisible(oa, 'the OA app’s check')
  const oaText = await oa.innerText()
  if ((await oa.getAttribute('data-ok')) !== 'false' || !oaText.includes('40001')) fail(`the wrong secret's check: ${oaText}`)
  if (!/Secret/.test(oaText)) fail(`40001 is not explained: ${oaText}`)
  await oa.scrollIntoViewIfNeeded()
  await shot(page, 'onboarding-preflight-40001')
  await portal.click(page.getByTestId('binding-edit-OA'))
  await portal.fill(box(page, 'binding-app-secret'), OA_SECRET)
  const stale = await page.getByTestId('binding-preflight-result').getAttribute('data-checked-at')
  await portal.click(page.getByTestId('binding-app-save'))
  await expectNewPreflight(page, stale, 'saving the fixed secret checks again by itself')
  if ((await check(page, 'app:OA').getAttribute('data-ok')) !== 'true') fail(`the OA app's check after the fix: ${await check(page, 'app:OA').innerText()}`)
  if ((await check(page, 'contacts').getAttribute('data-ok')) !== 'true') fail(`the 通讯录 check: ${await check(page, 'contacts').innerText()}`)
  await shot(page, 'onboarding-preflight-fixed')
  endStep()
  markStep('2 corp, app, 检测配置 (40001, fixed)')

  beginStep('onboarding (3): the receivers pasted into the WeCom console, verified')
  await wecom.open(consoleDesk, consoleApp)
  await pasteReceiver(page, consoleDesk, 'OA', '', portal, wecom)
  await expectConsoleOK(consoleDesk, 'the OA app’s 接收消息')
  await shot(consoleDesk, 'onboarding-console-app-callback')
  await wecom.open(consoleDesk, consoleHome)
  await pasteReceiver(page, consoleDesk, 'customers', 'external-', portal, wecom)
  await expectConsoleOK(consoleDesk, 'the 客户联系 event server')
  await shot(consoleDesk, 'onboarding-console-external-callback')
  await toFront(page) // back to the portal's tab: it refreshes the receivers by itself, no reload
  await expectVisible(page.getByTestId('receiver-OA-verified'), 'the OA receiver 验证通过 without a reload', 12_000)
  await expectVisible(page.getByTestId('receiver-customers-verified'), 'the 客户联系事件 receiver 验证通过 without a reload', 12_000)
  await page.mouse.move(0, 0) // no copy button's tooltip in the picture
  await page.getByTestId('binding-receivers').scrollIntoViewIfNeeded()
  await shot(page, 'onboarding-receivers-verified')
  endStep()
  markStep('3 receivers pasted into WeCom, verified')

  beginStep('onboarding (4): 生成菜单, read back in the portal and in the console')
  await portal.click(page.getByTestId('binding-menu-generate'))
  await expectVisible(page.getByTestId('binding-menu-entry'), 'the menu read back')
  const entries = (await page.getByTestId('binding-menu-entry').allInnerTexts()).map((s) => s.trim())
  for (const want of ['待办', '公告', '外部联系人']) if (!entries.includes(want)) fail(`the menu read back lacks ${want}: ${entries.join(' ')}`)
  await page.getByTestId('binding-menu').scrollIntoViewIfNeeded()
  await shot(page, 'onboarding-menu')
  await wecom.open(consoleDesk, consoleApp)
  await expectVisible(consoleDesk.getByTestId('menu'), 'the menu on the console’s app page')
  const simEntries = (await consoleDesk.getByTestId('menu-sub-button').allInnerTexts()).map((s) => s.trim())
  for (const e of entries) if (!simEntries.some((s) => s.startsWith(e))) fail(`the console's menu lacks ${e}: ${simEntries.join(' | ')}`)
  await shot(consoleDesk, 'onboarding-console-menu')
  endStep()
  markStep('4 生成菜单')

  beginStep('onboarding (5): a customer added to 王总 in WeCom shows in the H5 within seconds')
  await wecom.open(consoleDesk, `${consoleHome}/customers`)
  const member = consoleDesk.getByTestId('customer-add-member')
  if ((await member.inputValue()) !== BOSS.userid) await wecom.select(member, BOSS.userid)
  await wecom.fill(consoleDesk.getByTestId('customer-add-name'), CUSTOMER)
  await wecom.click(consoleDesk.getByTestId('customer-add-save'))
  await expectVisible(consoleDesk.getByTestId('customer-name').filter({ hasText: CUSTOMER }), 'the customer in the console')
  await shot(consoleDesk, 'onboarding-console-customer')
  const added = Date.now()
  const phone = await newPhone('boss')
  const mobile = await phone.context.newPage()
  await phoneAct.open(mobile, `${base}/h5/login`)
  await expectVisible(mobile.getByTestId('login-account'), 'the H5 sign-in')
  await phoneAct.fill(mobile.getByTestId('login-tenant'), SLUG)
  await phoneAct.fill(mobile.getByTestId('login-account'), BOSS.userid)
  await phoneAct.fill(mobile.getByTestId('login-password'), NEW_PASSWORD)
  await phoneAct.click(mobile.getByTestId('login-submit'))
  await expectPath(mobile, /^\/h5\/$/, '王总 on the H5 home page')
  await phoneAct.open(mobile, `${base}/h5/external`)
  const row = mobile.getByTestId('external-row').filter({ hasText: CUSTOMER })
  const deadline = Date.now() + 10_000
  while (!(await row.count())) {
    if (Date.now() > deadline) fail(`${CUSTOMER} is not in 王总's 外部联系人 10 s after the console added them`)
    await sleep(1000)
    await mobile.reload() // the walk's polling, not the admin's
  }
  const seenAfter = ((Date.now() - added) / 1000).toFixed(1)
  await shot(mobile, 'onboarding-h5-external')
  log(`  the customer reached the H5 ${seenAfter}s after the console added it`)
  endStep()
  markStep('5 customer reaches the H5')
  const stepsOneToFive = Date.now() - t0

  beginStep('onboarding (6): sign out, and in again with 企业微信扫码登录')
  await portal.click(page.getByTestId('header-user'))
  await portal.click(page.getByTestId('header-signout'))
  await expectPath(page, /^\/admin\/login/, 'sign-out leads to the sign-in page')
  const qr = page.getByTestId('login-wecom')
  await expectVisible(qr, 'the 企业微信扫码登录 button enabled for a bound company')
  await shot(page, 'onboarding-login-qr')
  await portal.click(qr)
  await expectVisible(page.getByTestId('sim-qr-code'), 'the simulator’s QR page')
  await shot(page, 'onboarding-sim-qr')
  await portal.click(page.getByTestId('sim-qr-user').filter({ hasText: BOSS.name })) // the scan, on the phone
  await expectPath(page, /^\/admin\/overview/, 'the QR sign-in lands on 概览')
  await expectVisible(page.getByTestId('header-user'), 'signed in after the scan')
  await shot(page, 'onboarding-qr-signed-in')
  endStep()
  markStep('6 企业微信扫码登录')

  const report = {
    clicks: effort.portal.clicks + effort.console.clicks + effort.h5.clicks,
    fieldsTyped: effort.portal.fields + effort.console.fields + effort.h5.fields,
    wallSeconds: Number(((Date.now() - t0) / 1000).toFixed(1)),
    wallSecondsSteps1to5: Number((stepsOneToFive / 1000).toFixed(1)),
    portal: effort.portal,
    wecomConsole: effort.console,
    tabSwitches: tabs.switches,
    h5Check: effort.h5,
    customerReachedH5Seconds: Number(seenAfter),
    steps: perStep,
    note: 'Opening a page by its address counts as a click; switching between the portal’s and the console’s browser tabs is counted apart (tabSwitches); the setup (tenant created by the operator, the WeCom corp existing) is not counted; steps 1–6.',
  }
  fs.writeFileSync(path.join(OUT, 'onboarding-effort.json'), `${JSON.stringify(report, null, 2)}\n`)

  // Not the onboarding's work: the customer's event, seen on 回调事件 and processed again.
  beginStep('onboarding: 回调事件 shows the customer event, its XML, and processes it again')
  await page.getByTestId('menu-events').click()
  await expectPath(page, /^\/admin\/events/, '回调事件')
  const ev = page.getByTestId('events-table').locator('.el-table__row').filter({ hasText: 'change_external_contact' })
  await expectVisible(ev, 'the change_external_contact event')
  await expectVisible(ev.first().getByTestId('events-row-status').filter({ hasText: '已处理' }), 'the event 已处理')
  await shot(page, 'onboarding-events')
  await ev.first().click()
  await expectVisible(page.getByTestId('events-body').filter({ hasText: '<xml>' }), 'the event’s XML in the drawer')
  await page.getByTestId('events-replay').click()
  await expectVisible(page.locator('.el-message').filter({ hasText: '已重新处理' }), 'the replay’s message')
  await shot(page, 'onboarding-event-replayed')
  endStep()

  beginStep('onboarding: the join QR code, 同步外部联系人 and a domain verification file')
  await page.keyboard.press('Escape') // close the drawer
  await page.getByTestId('menu-binding').click()
  await expectPath(page, /^\/admin\/binding/, '企业微信绑定')
  await page.getByTestId('binding-join-qr-show').click()
  await expectVisible(page.getByTestId('binding-join-qr-image').or(page.getByTestId('binding-join-qr-error')), 'the join QR code or why not')
  if (await page.getByTestId('binding-join-qr-error').count()) fail(`the join QR code: ${await page.getByTestId('binding-join-qr-error').innerText()}`)
  await page.getByTestId('binding-external-pull').click()
  const pulled = page.getByTestId('binding-external-result')
  await expectVisible(pulled, 'the counts of 同步外部联系人')
  if (!(await pulled.innerText()).includes('1 位客户')) fail(`同步外部联系人: ${await pulled.innerText()}`)
  await page.getByTestId('binding-verify-input').setInputFiles({ name: 'WW_verify_e2eAcme01.txt', mimeType: 'text/plain', buffer: Buffer.from('e2eAcme01\n') })
  await expectVisible(page.getByTestId('binding-verify-link').filter({ hasText: '/WW_verify_e2eAcme01.txt' }), 'the verification file listed where it is served')
  await page.getByTestId('binding-join-qr').scrollIntoViewIfNeeded()
  await shot(page, 'onboarding-binding-tools')
  // The company's own host name: the verification file is listed, and served, at its root.
  const own = 'oa.acme-e2e.test'
  await box(page, 'binding-hosts').fill(own)
  await page.getByTestId('binding-hosts-save').click()
  await expectVisible(page.getByTestId('binding-verify-link').filter({ hasText: `https://${own}/WW_verify_e2eAcme01.txt` }), 'the file listed at the own host')
  await page.getByTestId('binding-domain').scrollIntoViewIfNeeded()
  await shot(page, 'onboarding-binding-domain')
  const served = await new Promise((resolve, reject) => {
    const u = new URL(`${base}/WW_verify_e2eAcme01.txt`)
    http.get({ host: u.hostname, port: u.port, path: u.pathname, headers: { Host: own } }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode, body }))
    }).on('error', reject)
  })
  if (served.status !== 200 || served.body.trim() !== 'e2eAcme01') fail(`GET /WW_verify_e2eAcme01.txt at ${own}: HTTP ${served.status} ${served.body.slice(0, 80)}`)
  await box(page, 'binding-hosts').fill('')
  await page.getByTestId('binding-hosts-save').click()
  await expectVisible(page.getByTestId('binding-verify-link').filter({ hasText: `${base}/WW_verify_e2eAcme01.txt` }), 'the file back at this service’s address')
  endStep()

  beginStep('onboarding: a refused QR sign-in says why; an unbound company gets no QR button')
  await page.goto(`${base}/admin/sso?error=forbidden&reason=not_admin&tenant=${SLUG}&next=%2Fadmin%2F`)
  await expectVisible(page.getByTestId('sso-error').filter({ hasText: '只有企业管理员可以登录管理后台' }), 'the not_admin refusal in Chinese')
  await shot(page, 'onboarding-sso-not-admin')
  await page.getByTestId('sso-back').click()
  await expectPath(page, /^\/admin\/login/, 'the refusal links back to sign-in')
  await page.evaluate(() => localStorage.clear())
  await page.goto(`${base}/admin/login`)
  await box(page, 'login-tenant').fill('no-such-company')
  await sleep(800) // the QR sign-in is asked 300 ms after the last keystroke
  await expectVisible(page.getByTestId('login-wecom-off'), 'the disabled QR button for a company that is not bound')
  if (await page.getByTestId('login-wecom').count()) fail('an unknown company got an enabled QR button')
  await page.getByTestId('login-wecom-off').hover()
  await expectVisible(page.locator('.el-popper').filter({ hasText: '绑定企业微信后可用' }), 'the tooltip 绑定企业微信后可用')
  await shot(page, 'onboarding-login-no-qr')
  endStep()
  log(`  effort: ${JSON.stringify(report)}`)
  await desk.context.close()
  await phone.context.close()
  const split = (place) => `${effort[place].clicks}+${effort[place].fields}`
  return `onboarded ${SLUG}: ${report.clicks} clicks and ${report.fieldsTyped} fields (clicks+fields: portal ${split('portal')}, console ${split('console')}, H5 check ${split('h5')}; ${tabs.switches} tab switches), ${report.wallSeconds}s`
}
