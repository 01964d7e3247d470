// Personal WeChat through the service account (issue 13, seed 004 §4), on 王五's phone (WeChat's browser, not
// WeCom's). 王五 is a new employee who is not in WeCom; the tenant sends "WeCom first".
//   setup (API and the simulator's control API, not a person's work): a service account in the simulator with a
//     template, the demo tenant bound to it with its 服务器配置 saved in the simulator (which verifies the URL, so the
//     account's events reach Qiao), 协同待处理 mapped to the template, the account's menu set, 王五 created with a
//     one-time password and following the account;
//   (1) 王五 opens the account's menu (协同 → 待办): the service account's sign-in asks for the password once; the
//       one-time password binds this WeChat, the page asks for a new password, and 王五 lands on 待办;
//   (2) 张三 sends 王五 a 协同: it arrives as the account's template message (事项, 发起人, 时间, 状态), the
//       delivery record says 服务号 and why; a tap in a fresh WeChat page opens the item without a password; 王五
//       approves;
//   (3) 王五 logs out on the phone: tapping the message again asks for the password (视同第一次登录);
//   (4) 王五 changes the password on the phone: the next tap asks again, and the new password binds; the next
//       message arrives and opens without a password (an unbound WeChat gets none: Qiao no longer knows it);
//   (5) the admin resigns 王五: a tap on an old message asks for the password, which is refused with why;
//   (6) 李四, signed in with a password outside WeChat, opens 绑定微信, scans its QR code with WeChat and confirms the
//       scan on the page: bound.
//
// Run by run.mjs after the portal's walk (`E2E_ONLY=wechat node h5/e2e/run.mjs`) through harness.mjs.
import {
  ACTION_TIMEOUT,
  DEMO,
  NAV_TIMEOUT,
  PUSH_TIMEOUT,
  apiLogin,
  beginStep,
  endStep,
  expectPath,
  expectText,
  expectVisible,
  fail,
  gql,
  newPhone,
  shot,
  signIn,
  sleep,
  simControl,
} from './harness.mjs'

const MP = { appid: 'wx00000000000e2e01', secret: 'e2e0mpsecret0000e2e0mpsecret0000', name: '演示科技服务号' }
const TEMPLATE = { id: 'tpl-e2e-todo', title: '待办事项提醒', keys: ['thing1', 'thing2', 'time3', 'phrase4'], labels: ['事项', '发起人', '时间', '状态'] }
const OPENID = 'o-wangwu-e2e'
const WANGWU = { login: `wangwu${Date.now().toString(36).slice(-4)}`, name: '王五' }

/** Personal WeChat's in-app browser: MicroMessenger without WeCom's wxwork. */
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 ' +
  'MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'

export async function wechat({ base, simAddr }) {
  const inbox = `http://${simAddr}/_sim/mp/inbox/${MP.appid}/${OPENID}`

  beginStep('setup: a service account with a template, bound with its 服务器配置; 协同待处理 mapped; the menu set; 王五 follows it')
  await simControl(simAddr, 'POST', '/_sim/mp/accounts', MP)
  await simControl(simAddr, 'POST', `/_sim/mp/${MP.appid}/templates`, { template_id: TEMPLATE.id, title: TEMPLATE.title, keys: TEMPLATE.keys, labels: TEMPLATE.labels })
  await simControl(simAddr, 'POST', `/_sim/mp/${MP.appid}/followers`, { openid: OPENID, nickname: WANGWU.name })
  const admin = await apiLogin(base, DEMO.admin)
  const { saveServiceAccount: sa } = await gql(
    base,
    'saveServiceAccount',
    `mutation($in: ServiceAccountInput!) { saveServiceAccount(input: $in) { eventUrl token encodingAESKey } }`,
    { in: { appId: MP.appid, secret: MP.secret, encryptMode: 'SAFE', pushChannel: 'WECOM_FIRST', identityColumn: 'LOGIN' } },
    admin,
  )
  // What the admin pastes into 服务器配置; the simulator verifies the URL against Qiao as WeChat does.
  await simControl(simAddr, 'POST', `/_sim/mp/${MP.appid}/server`, { url: sa.eventUrl, token: sa.token, aes_key: sa.encodingAESKey, mode: 'safe' })
  const fields = [
    { key: 'thing1', fact: 'subject' },
    { key: 'thing2', fact: 'actor' },
    { key: 'time3', fact: 'time' },
    { key: 'phrase4', fact: 'status' },
  ]
  for (const kind of ['collab.sent', 'collab.handled']) {
    await gql(base, `map ${kind}`, `mutation($k: String!, $f: [TemplateFieldInput!]) { mapMessageTemplate(kind: $k, templateId: "${TEMPLATE.id}", fields: $f) { kind } }`, { k: kind, f: fields }, admin)
  }
  const { generateServiceAccountMenu: menu } = await gql(base, 'generateServiceAccountMenu', 'mutation { generateServiceAccountMenu { buttons { name } } }', {}, admin)
  if (menu.buttons[0]?.name !== '协同') fail(`the menu set: ${JSON.stringify(menu)}`)
  const { createEmployee: created } = await gql(
    base,
    'createEmployee 王五',
    'mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { employee { id } oneTimePassword } }',
    { in: { name: WANGWU.name, login: WANGWU.login, mobile: `139${String(Date.now()).slice(-8)}` } },
    admin,
  )
  WANGWU.id = created.employee.id
  let password = created.oneTimePassword
  endStep()

  // A WeChat page of its own each time: what a tap opens carries no session of an earlier page, so signing in
  // without a password shows the binding at work, not a remembered session.
  const freshPage = async (label) => {
    const phone = await newPhone(label, { userAgent: WECHAT_UA })
    const page = await phone.context.newPage()
    return { page, phone }
  }
  /** Opens 王五's WeChat conversation with the account and waits for a message whose 事项 is subject. */
  const waitForMessage = async (page, subject) => {
    const deadline = Date.now() + PUSH_TIMEOUT
    for (;;) {
      await page.goto(inbox, { waitUntil: 'domcontentloaded' })
      const msg = page.getByTestId('sim-mp-message').filter({ hasText: subject })
      if (await msg.count()) return msg.first()
      if (Date.now() > deadline) fail(`no template message about "${subject}" in 王五's conversation after ${PUSH_TIMEOUT / 1000}s`)
      await sleep(1000)
    }
  }
  /** The password page reached from WeChat: it says this signs the WeChat in for good, and asks for the account. */
  const bindPage = async (page, what) => {
    await expectPath(page, /^\/h5\/login\?/, what)
    if (!new URL(page.url()).searchParams.get('bind')) fail(`${what}: the password page carries no bind ticket (${page.url()})`)
    await expectVisible(page.getByTestId('login-bind'), `${what}: the page says the WeChat will be bound`)
    if (await page.getByTestId('login-tenant').count()) fail(`${what}: the page asks for the company, which the link names`)
  }
  const typePassword = async (page, pw) => {
    await page.getByTestId('login-account').fill(WANGWU.login)
    await page.getByTestId('login-password').fill(pw)
    await page.getByTestId('login-submit').tap()
  }
  const send = async (title) => {
    const sender = await apiLogin(base, DEMO.sender)
    const { sendCollabItem } = await gql(
      base,
      `张三 sends ${title}`,
      'mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id } }',
      { in: { title, body: '<p>请审批</p>', recipientIds: [WANGWU.id] } },
      sender,
    )
    return sendCollabItem.id
  }

  beginStep('(1) 王五 opens the menu: the password once, the one-time password binds this WeChat, a new password, 待办')
  let { page } = await freshPage('wechat-1')
  await page.goto(inbox)
  await expectVisible(page.getByTestId('sim-mp-menu'), "the account's menu on 王五's phone")
  await shot(page, 'wechat-account-menu')
  await page.getByTestId('sim-mp-menu-button').filter({ hasText: '待办' }).first().tap()
  await bindPage(page, 'the menu on a WeChat not yet bound')
  await shot(page, 'wechat-bind-page')
  await typePassword(page, password)
  await expectPath(page, /^\/h5\/password/, 'a one-time password leads to 修改密码')
  await page.getByTestId('password-old').fill(password)
  password = 'Wangwu#2026a'
  await page.getByTestId('password-new').fill(password)
  await page.getByTestId('password-confirm').fill(password)
  await page.getByTestId('password-submit').tap()
  await expectPath(page, /^\/h5\/(\?.*)?$/, 'after the new password, 王五 lands on 待办')
  await shot(page, 'wechat-bound-home')
  endStep()

  beginStep('(2) 张三\'s 协同 reaches 王五 as a template message; a tap in a fresh page opens it without a password')
  const first = await send('采购审批：办公椅 20 把')
  ;({ page } = await freshPage('wechat-2'))
  const msg = await waitForMessage(page, '采购审批')
  const line = (label) => msg.getByTestId('sim-mp-line').filter({ hasText: label })
  await expectText(line('状态').locator('.v'), '待处理', 'the 状态 field')
  await expectText(line('发起人').locator('.v'), DEMO.sender.name, 'the 发起人 field')
  await shot(page, 'wechat-template-message')
  const { deliveries } = await gql(base, 'deliveries', '{ deliveries(first: 20) { nodes { kind channel route recipientName status } } }', {}, admin)
  const d = deliveries.nodes.find((n) => n.recipientName === WANGWU.name && n.kind === 'collab.sent')
  if (!d || d.channel !== 'mp' || !/企业微信优先/.test(d.route ?? '')) fail(`王五's delivery: ${JSON.stringify(d)}`)
  await msg.getByTestId('sim-mp-open').tap()
  await expectPath(page, new RegExp(`^/h5/items/${first}(\\?.*)?$`), 'the message opens its item')
  await expectVisible(page.getByTestId('action-approve'), 'the item, signed in without a password')
  await expectText(page.getByTestId('item-title'), '采购审批：办公椅 20 把', 'the item opened')
  await shot(page, 'wechat-item-signed-in')
  await page.getByTestId('action-approve').tap()
  await expectVisible(page.getByTestId('opinion-input'), 'the opinion dialog')
  await page.getByTestId('opinion-input').fill('同意采购')
  await page.getByTestId('opinion-confirm').tap()
  await expectText(page.getByTestId('item-status'), '已同意', 'the item after 王五 approves')
  endStep()

  beginStep('(3) 王五 logs out on the phone: tapping the message again asks for the password, as at first')
  await page.goto(page.url().replace(/\/items\/.*/, '/'))
  await page.locator('.van-nav-bar__right').tap()
  await page.locator('.van-action-sheet').getByText('退出登录').tap()
  await expectPath(page, /^\/h5\/login/, 'signed out')
  ;({ page } = await freshPage('wechat-3'))
  await (await waitForMessage(page, '采购审批')).getByTestId('sim-mp-open').tap()
  await bindPage(page, 'a tap after logging out')
  await typePassword(page, password)
  await expectPath(page, new RegExp(`^/h5/items/${first}(\\?.*)?$`), 'the password binds again and opens the item')
  endStep()

  beginStep('(4) 王五 changes the password on the phone: the next tap asks again; the new password binds, and messages flow again')
  await page.goto(new URL('/h5/password', page.url()).toString())
  await page.getByTestId('password-old').fill(password)
  password = 'Wangwu#2026b'
  await page.getByTestId('password-new').fill(password)
  await page.getByTestId('password-confirm').fill(password)
  await page.getByTestId('password-submit').tap()
  await page.waitForURL((u) => !u.pathname.startsWith('/h5/password'), { timeout: NAV_TIMEOUT })
  ;({ page } = await freshPage('wechat-4'))
  await (await waitForMessage(page, '采购审批')).getByTestId('sim-mp-open').tap()
  await bindPage(page, 'a tap after the password changed')
  await typePassword(page, password)
  await expectPath(page, new RegExp(`^/h5/items/${first}(\\?.*)?$`), 'the new password binds and opens the item')
  const next = await send('合同审批：年度框架协议')
  ;({ page } = await freshPage('wechat-4b'))
  await (await waitForMessage(page, '合同审批')).getByTestId('sim-mp-open').tap()
  await expectPath(page, new RegExp(`^/h5/items/${next}(\\?.*)?$`), 'the bound WeChat opens the next message without a password')
  await expectVisible(page.getByTestId('action-approve'), 'the next item, signed in')
  endStep()

  beginStep('(5) the admin resigns 王五: a tap asks for the password, which is refused with why')
  const { changeStaff } = await gql(base, 'resign 王五', 'mutation($ids: [ID!]!) { changeStaff(ids: $ids, action: RESIGN) { error } }', { ids: [WANGWU.id] }, admin)
  if (changeStaff[0].error) fail(`resigning 王五: ${changeStaff[0].error}`)
  ;({ page } = await freshPage('wechat-5'))
  await (await waitForMessage(page, '合同审批')).getByTestId('sim-mp-open').tap()
  await bindPage(page, 'a tap after resigning')
  await typePassword(page, password)
  await expectVisible(page.getByTestId('login-error'), 'the refusal')
  const why = await page.getByTestId('login-error').innerText()
  if (!/停用|离职/.test(why)) fail(`a resigned person's refusal says "${why}", not that the account was taken back`)
  await shot(page, 'wechat-resigned')
  endStep()

  beginStep('(6) 李四, signed in with a password in a plain browser, shows 绑定微信\'s QR code and scans it with WeChat: bound')
  const desk = await newPhone('wechat-6', {
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  })
  page = await desk.context.newPage()
  await signIn(page, base, DEMO.approver)
  await page.locator('.van-nav-bar__right').tap()
  await page.locator('.van-action-sheet').getByText('绑定微信').tap()
  await expectPath(page, /^\/h5\/wechat-bind/, '绑定微信 from the menu')
  await expectVisible(page.getByTestId('wechat-bind-image'), 'the binding QR code')
  const src = await page.getByTestId('wechat-bind-image').getAttribute('src')
  const ticket = new URL(src).searchParams.get('ticket')
  if (!ticket) fail(`the QR code's image ${src} names no ticket`)
  await shot(page, 'wechat-bind-qr')
  // 李四's WeChat scans it (the simulator stands in for the camera): a follow with the code's scene.
  await simControl(simAddr, 'POST', `/_sim/mp/${MP.appid}/scan`, { ticket, openid: 'o-lisi-e2e', nickname: DEMO.approver.name })
  await expectVisible(page.getByTestId('wechat-bind-scanned'), 'the page asking to confirm the scan', PUSH_TIMEOUT)
  await shot(page, 'wechat-bind-scanned')
  await page.getByTestId('wechat-bind-confirm').tap()
  await expectVisible(page.getByTestId('wechat-bind-done'), 'the page saying the WeChat is bound')
  await shot(page, 'wechat-bind-done')
  const { wechatBindings } = await gql(base, 'wechatBindings', '{ wechatBindings(query: "lisi") { nodes { employee { name } subscribed } } }', {}, admin)
  if (!wechatBindings.nodes.some((n) => n.employee.name === DEMO.approver.name && n.subscribed)) {
    fail(`李四's binding after the scan: ${JSON.stringify(wechatBindings)}`)
  }
  endStep()

  return '王五 bound by the menu, a template message opened without a password, the binding ended by logout, password change and resignation; 李四 bound by scanning a QR code'
}
