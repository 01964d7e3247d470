// Customers' and suppliers' contact people (客户、供应商联系人, seed 004 §2) on 陈经理's phone in personal WeChat: an
// account with role CONTACT and no employee, who signs in from the service account and reads the messages the
// business systems (PB …) send them, and nothing else.
//   setup (API and the simulator's control API, not a person's work): a service account in the simulator with a
//     template, the demo tenant bound to it with its 服务器配置 saved (reused when the wechat walk made it), 业务系统消息
//     (system.message) mapped to the template, the account's menu set; the admin creates customer contact 陈经理
//     (chen.jl) and supplier contact 刘工 (liu.g), each with a one-time password; 陈经理 follows the account;
//   (1) PB posts 报价单 Q-1 to 陈经理, 送货单 D-9 to 刘工 and a message to 张三 (POST /api/systems/messages);
//   (2) 陈经理 opens the account's menu: the service account's sign-in asks for the password once; the one-time
//       password binds this WeChat, the page asks for a new password, and 陈经理 lands on /messages, which names him
//       and his company and lists only 报价单 Q-1, unread;
//   (3) 陈经理 opens it: title, system, time, the content with its line breaks, 打开详情 to PB's page; back, it is read;
//   (4) 陈经理 types /h5/items/1 and /h5/contacts: each sends him back to /messages; the staff API answers him
//       forbidden;
//   (5) PB posts 报价单 Q-2: now that his WeChat is bound it arrives as the account's template message, and a tap in
//       a fresh WeChat page opens /h5/messages/{id} without a password.
//   (5b) the admin, at a desk, finds 陈经理's binding in 服务号 → 已绑定微信 by his company, named with it;
//   (6) a supplier's contact applies on the registration page as 供应商联系人 (公司, 密码 twice; 部门 and 职位 hidden),
//       the admin approves, and the status says to sign in with the login and the password set, with 进入服务号登录;
//   (7) that contact follows the account and signs in through 进入服务号登录 with the password chosen: /messages,
//       empty as yet.
//
// Run by run.mjs after the wechat walk (`E2E_ONLY=partycontact node h5/e2e/run.mjs`) through harness.mjs.
import {
  ACTION_TIMEOUT,
  DEMO,
  PUSH_TIMEOUT,
  apiLogin,
  beginStep,
  endStep,
  expectPath,
  expectText,
  expectVisible,
  newDesktop,
  fail,
  gql,
  log,
  newPhone,
  shot,
  sleep,
  simControl,
} from './harness.mjs'

/** The wechat walk's service account (reused when it ran first; made here when this walk runs alone). */
const MP = { appid: 'wx00000000000e2e01', secret: 'e2e0mpsecret0000e2e0mpsecret0000', name: '演示科技服务号' }
const TEMPLATE = { id: 'tpl-e2e-sysmsg', title: '业务消息提醒', keys: ['thing1', 'thing2', 'time3', 'phrase4'], labels: ['事项', '系统', '时间', '状态'] }

// The embedded store outlives a run: the contacts' logins are the story's (chen.jl, liu.g) on a fresh store and get
// this run's suffix when an earlier run already made them.
const RUN = Date.now().toString(36).slice(-5)
const CHEN = { login: 'chen.jl', name: '陈经理', company: '华东建材有限公司', party: 'CUSTOMER', openid: `o-chen-${RUN}` }
const LIU = { login: 'liu.g', name: '刘工', company: '苏州精工机械厂', party: 'SUPPLIER' }
const APPLICANT = { login: `wang.cg.${RUN}`, name: '王采购', company: '宁波海联物流有限公司' }

const Q1 = {
  messageId: `quote-Q-1-${RUN}:confirmed`,
  title: '报价单 Q-1 已确认',
  content: '您提交的报价单 Q-1 已由采购部确认。\n金额：12,800.00 元\n交货期：2027-01-15\n<b>请勿回复</b>',
  url: 'https://pb.example.com/quotes/Q-1',
}
const D9 = { messageId: `delivery-D-9-${RUN}:due`, title: '送货单 D-9 待签收', content: '送货单 D-9（20 箱）已到仓库，请签收。' }
const STAFF = { messageId: `order-77-${RUN}:approved`, title: '订单 77 已审核', content: '订单 77 已由财务审核' }
const Q2 = {
  messageId: `quote-Q-2-${RUN}:confirmed`,
  title: '报价单 Q-2 已确认',
  content: '报价单 Q-2 已确认，请按约定时间送货。',
  url: 'https://pb.example.com/quotes/Q-2',
}

/** Personal WeChat's in-app browser: MicroMessenger without WeCom's wxwork. */
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 ' +
  'MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'

/** One GraphQL operation answering its errors rather than failing the step (a login taken by an earlier run). */
async function gqlTry(base, query, variables, token) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(ACTION_TIMEOUT),
  })
  return { status: res.status, body: await res.json() }
}

/** A simulator control call that an earlier walk may already have made (409: it exists). */
async function simEnsure(simAddr, p, body) {
  const res = await fetch(`http://${simAddr}${p}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(ACTION_TIMEOUT),
  })
  if (res.status >= 300 && res.status !== 409) fail(`simulator POST ${p}: HTTP ${res.status} ${await res.text()}`)
}

/** Creates a contact with the story's login, or this run's when an earlier run took it; the login and one-time password. */
async function createContact(base, admin, who) {
  const q = `mutation($in: NewPartyContact!) { createPartyContact(input: $in) {
    contact { id login party company name status source wechatBound } oneTimePassword } }`
  for (const login of [who.login, `${who.login}.${RUN}`]) {
    const { status, body } = await gqlTry(base, q, { in: { party: who.party, company: who.company, name: who.name, login } }, admin)
    const e = body.errors?.[0]
    if (!e) {
      const c = body.data.createPartyContact
      if (c.contact.login !== login || c.contact.party !== who.party || c.contact.status !== 'ACTIVE' || !c.oneTimePassword) {
        fail(`createPartyContact ${login}: ${JSON.stringify(c)}`)
      }
      who.login = login
      who.id = c.contact.id
      return c.oneTimePassword
    }
    log(`  createPartyContact ${login}: ${e.message} (code ${e.extensions?.code}, HTTP ${status})`)
    if (login !== who.login) break
  }
  fail(`createPartyContact ${who.login} failed twice (see above)`)
}

/** POST /api/systems/messages with PB's key: the parsed 202 answer. */
async function postSystemMessage(base, key, msg, accounts) {
  const res = await fetch(`${base}/api/systems/messages`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...msg, accounts }),
    signal: AbortSignal.timeout(ACTION_TIMEOUT),
  })
  const text = await res.text()
  if (res.status !== 202) fail(`POST /api/systems/messages ${msg.messageId} to ${accounts}: HTTP ${res.status} ${text}`)
  const answer = JSON.parse(text)
  if (JSON.stringify(answer.accepted) !== JSON.stringify(accounts)) {
    fail(`POST /api/systems/messages ${msg.messageId}: expected ${JSON.stringify(accounts)} accepted, got ${text}`)
  }
  return answer
}

export async function partycontact({ base, simAddr }) {
  const inbox = `http://${simAddr}/_sim/mp/inbox/${MP.appid}/${CHEN.openid}`

  beginStep('setup: the service account bound with 业务系统消息 mapped to a template and its menu set; 陈经理 and 刘工 created; 陈经理 follows')
  const admin = await apiLogin(base, DEMO.admin)
  await simEnsure(simAddr, '/_sim/mp/accounts', MP)
  await simEnsure(simAddr, `/_sim/mp/${MP.appid}/templates`, { template_id: TEMPLATE.id, title: TEMPLATE.title, keys: TEMPLATE.keys, labels: TEMPLATE.labels })
  const { saveServiceAccount: sa } = await gql(
    base,
    'saveServiceAccount',
    `mutation($in: ServiceAccountInput!) { saveServiceAccount(input: $in) { eventUrl token encodingAESKey } }`,
    { in: { appId: MP.appid, secret: MP.secret, encryptMode: 'SAFE', pushChannel: 'WECOM_FIRST', identityColumn: 'LOGIN', allowRegister: true } },
    admin,
  )
  await simControl(simAddr, 'POST', `/_sim/mp/${MP.appid}/server`, { url: sa.eventUrl, token: sa.token, aes_key: sa.encodingAESKey, mode: 'safe' })
  const fields = [
    { key: 'thing1', fact: 'subject' },
    { key: 'thing2', fact: 'kind' },
    { key: 'time3', fact: 'time' },
    { key: 'phrase4', fact: 'status' },
  ]
  await gql(
    base,
    'map system.message',
    `mutation($f: [TemplateFieldInput!]) { mapMessageTemplate(kind: "system.message", templateId: "${TEMPLATE.id}", fields: $f) { kind } }`,
    { f: fields },
    admin,
  )
  await gql(base, 'generateServiceAccountMenu', 'mutation { generateServiceAccountMenu { buttons { name } } }', {}, admin)
  let password = await createContact(base, admin, CHEN)
  await createContact(base, admin, LIU)
  await simControl(simAddr, 'POST', `/_sim/mp/${MP.appid}/followers`, { openid: CHEN.openid, nickname: CHEN.name })
  const { partyContacts } = await gql(
    base,
    'partyContacts',
    'query($f: PartyContactFilter) { partyContacts(filter: $f) { nodes { login party company name source wechatBound } } }',
    { f: { search: CHEN.login } },
    admin,
  )
  const listed = partyContacts.nodes.find((n) => n.login === CHEN.login)
  if (!listed || listed.party !== 'CUSTOMER' || listed.company !== CHEN.company || listed.wechatBound) {
    fail(`陈经理 in partyContacts: ${JSON.stringify(partyContacts.nodes)}`)
  }
  const { rotateSystemApiKey: pbKey } = await gql(base, 'rotateSystemApiKey PB', 'mutation { rotateSystemApiKey(code: PB) }', {}, admin)
  endStep()

  beginStep('(1) PB posts 报价单 Q-1 to 陈经理, 送货单 D-9 to 刘工 and 订单 77 to 张三')
  await postSystemMessage(base, pbKey, Q1, [CHEN.login])
  await postSystemMessage(base, pbKey, D9, [LIU.login])
  await postSystemMessage(base, pbKey, STAFF, [DEMO.sender.login])
  endStep()

  // A WeChat page of its own each time: what a tap opens carries no session of an earlier page.
  const freshPage = async (label) => {
    const phone = await newPhone(label, { userAgent: WECHAT_UA })
    return await phone.context.newPage()
  }
  const rows = (page) => page.getByTestId('list-messages').getByTestId('message-row')
  const waitForList = async (page, what) => {
    try {
      await page.locator('[data-testid=list-messages][data-loaded=true]').waitFor({ state: 'attached', timeout: ACTION_TIMEOUT })
    } catch {
      fail(`${what}: the message list did not load (page ${page.url()})`)
    }
  }

  beginStep('(2) 陈经理 opens the menu: the one-time password binds this WeChat, a new password, then only his message')
  let page = await freshPage('partycontact-1')
  await page.goto(inbox)
  await expectVisible(page.getByTestId('sim-mp-menu'), "the account's menu on 陈经理's phone")
  await shot(page, 'partycontact-wechat-menu')
  await page.getByTestId('sim-mp-menu-button').first().tap()
  await expectPath(page, /^\/h5\/login\?/, 'the menu on a WeChat not yet bound asks for the password')
  if (!new URL(page.url()).searchParams.get('bind')) fail(`the password page carries no bind ticket (${page.url()})`)
  await expectVisible(page.getByTestId('login-bind'), 'the page says the WeChat will be bound')
  await page.getByTestId('login-account').fill(CHEN.login)
  await page.getByTestId('login-password').fill(password)
  await shot(page, 'partycontact-bind-login')
  await page.getByTestId('login-submit').tap()
  await expectPath(page, /^\/h5\/password/, 'a one-time password leads to 修改密码')
  await shot(page, 'partycontact-password')
  await page.getByTestId('password-old').fill(password)
  password = 'Chen#2026a'
  await page.getByTestId('password-new').fill(password)
  await page.getByTestId('password-confirm').fill(password)
  await page.getByTestId('password-submit').tap()
  await expectPath(page, /^\/h5\/messages$/, 'after the new password, 陈经理 lands on his messages')
  await waitForList(page, '陈经理 signed in')
  await expectText(page.getByTestId('messages-name'), CHEN.name, 'the header names 陈经理')
  await expectText(page.getByTestId('messages-company'), CHEN.company, 'the header names his company')
  await expectText(page.getByTestId('messages-party'), '客户联系人', 'the header says he is a customer contact')
  await expectText(page.getByTestId('messages-unread'), '1', 'the unread count in the nav bar')
  const titles = (await rows(page).allInnerTexts()).map((t) => t.replace(/\s+/g, ' '))
  if (titles.length !== 1 || !titles[0].includes('【PB】') || !titles[0].includes(Q1.title)) {
    fail(`陈经理's list should hold only ${Q1.title}: ${JSON.stringify(titles)}`)
  }
  if (titles.some((t) => t.includes('D-9') || t.includes('订单 77'))) fail(`陈经理 sees others' messages: ${JSON.stringify(titles)}`)
  if ((await rows(page).first().getAttribute('data-unread')) !== 'true') fail('报价单 Q-1 is not marked unread')
  await shot(page, 'partycontact-messages')
  endStep()

  beginStep('(3) 陈经理 opens 报价单 Q-1: its content as text with its line breaks, 打开详情 to PB\'s page; back, it is read')
  await rows(page).first().tap()
  await expectPath(page, /^\/h5\/messages\/\d+$/, 'the message opens')
  const messageId = new URL(page.url()).pathname.split('/').pop()
  await expectText(page.getByTestId('message-title'), Q1.title, 'the title')
  await expectText(page.getByTestId('message-system'), 'PB', 'the system')
  const content = await page.getByTestId('message-content').innerText()
  if (content.trim() !== Q1.content) fail(`the content shown: ${JSON.stringify(content)}, sent ${JSON.stringify(Q1.content)}`)
  if (await page.getByTestId('message-content').locator('b').count()) fail('the content was rendered as HTML')
  const open = page.getByTestId('message-open')
  await expectVisible(open, '打开详情')
  if ((await open.getAttribute('href')) !== Q1.url) fail(`打开详情 leads to ${await open.getAttribute('href')}, not ${Q1.url}`)
  await shot(page, 'partycontact-message')
  await page.getByTestId('nav-back').getByText('返回').tap()
  await expectPath(page, /^\/h5\/messages$/, 'back to the list')
  await waitForList(page, 'back on the list')
  if ((await rows(page).first().getAttribute('data-unread')) !== 'false') fail('报价单 Q-1 is still unread after it was opened')
  if (await page.getByTestId('messages-unread').count()) fail('the nav bar still counts an unread message')
  endStep()

  beginStep('(4) 陈经理 types /h5/items/1 and /h5/contacts: each sends him to /messages; the staff API says forbidden')
  for (const p of ['/h5/items/1', '/h5/contacts', '/h5/']) {
    await page.goto(new URL(p, base).toString())
    await expectPath(page, /^\/h5\/messages$/, `${p} sends a contact to his messages`)
    await waitForList(page, `after ${p}`)
  }
  await shot(page, 'partycontact-staff-route-redirected')
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('qiao.session') ?? '{}').accessToken)
  const me = await gql(base, 'me as 陈经理', '{ me { login role employee { id } contact { name company party } } }', {}, token)
  if (me.me.role !== 'CONTACT' || me.me.employee !== null || me.me.contact?.company !== CHEN.company) fail(`陈经理's me: ${JSON.stringify(me)}`)
  for (const q of ['{ colleagues(first: 5) { id } }', '{ collabCounts { todo } }']) {
    const { body } = await gqlTry(base, q, {}, token)
    if (body.errors?.[0]?.extensions?.code !== 'forbidden') fail(`${q} as a contact: ${JSON.stringify(body)}`)
  }
  endStep()

  beginStep('(5) PB posts 报价单 Q-2: it reaches his bound WeChat as a template message, which opens the message without a password')
  await postSystemMessage(base, pbKey, Q2, [CHEN.login])
  page = await freshPage('partycontact-5')
  const deadline = Date.now() + PUSH_TIMEOUT
  let msg
  for (;;) {
    await page.goto(inbox, { waitUntil: 'domcontentloaded' })
    msg = page.getByTestId('sim-mp-message').filter({ hasText: '报价单 Q-2' })
    if (await msg.count()) break
    if (Date.now() > deadline) {
      const { deliveries } = await gql(base, 'deliveries', '{ deliveries(first: 20) { nodes { kind channel route recipientName status } } }', {}, admin)
      fail(`no template message about 报价单 Q-2 in 陈经理's WeChat after ${PUSH_TIMEOUT / 1000}s; deliveries: ${JSON.stringify(deliveries.nodes.slice(0, 5))}`)
    }
    await sleep(1000)
  }
  await shot(page, 'partycontact-template-message')
  await msg.first().getByTestId('sim-mp-open').tap()
  await expectPath(page, /^\/h5\/messages\/\d+(\?.*)?$/, 'the template message opens the message in the H5')
  if (new URL(page.url()).pathname.endsWith(`/${messageId}`)) fail('the template message for Q-2 opened Q-1')
  await expectText(page.getByTestId('message-title'), Q2.title, 'the message the template opened, signed in without a password')
  await shot(page, 'partycontact-template-opened')
  endStep()

  beginStep("(5b) the admin, at a desk, finds 陈经理's WeChat binding in 服务号 → 已绑定微信 by his company")
  {
    const desk = await newDesktop('partycontact-admin')
    const dp = await desk.context.newPage()
    await dp.goto(`${base}/admin/login`)
    const input = (id) => dp.locator(`[data-testid="${id}"] input, input[data-testid="${id}"]`).first()
    await expectVisible(input('login-account'), 'the portal sign-in form')
    await input('login-tenant').fill(DEMO.tenant)
    await input('login-account').fill(DEMO.admin.login)
    await input('login-password').fill(DEMO.admin.password)
    await dp.getByTestId('login-submit').click()
    await expectPath(dp, /^\/admin\/overview/, 'the portal after signing in')
    await dp.goto(`${base}/admin/service-account?tab=wechats`)
    await input('sa-wechats-query').fill('华东建材')
    await dp.getByTestId('sa-wechats-search').click()
    await expectVisible(dp.getByTestId('sa-wechats-contact').filter({ hasText: `${CHEN.name}（${CHEN.company}）` }),
      "陈经理's binding, named with his company and tagged a customer")
    await shot(dp, 'partycontact-admin-wechats')
    await desk.context.close()
  }
  endStep()

  beginStep('(6) a supplier contact applies on the registration page (公司, 密码); approved, the status says how to sign in')
  page = await freshPage('partycontact-6')
  await page.goto(`${base}/h5/register?tenant=${DEMO.tenant}`)
  await expectVisible(page.getByTestId('register-identity'), 'the 身份 choice')
  await page.getByTestId('register-identity-supplier').tap()
  await expectVisible(page.getByTestId('register-company-field'), '公司 for a contact')
  if (await page.getByTestId('register-position-field').count()) fail('职位 shows for a contact')
  if (await page.getByTestId('register-department-field').count()) fail('部门 shows for a contact')
  await page.getByTestId('register-name').fill(APPLICANT.name)
  await page.getByTestId('register-company-name').fill(APPLICANT.company)
  await page.getByTestId('register-login').fill(APPLICANT.login)
  // The tenant's password rules are the server's: a weak password is refused under 密码.
  await page.getByTestId('register-password').fill('1')
  await page.getByTestId('register-confirm').fill('1')
  await page.getByTestId('register-submit').tap()
  await expectVisible(page.getByTestId('register-password-field').locator('.van-field__error-message'), "the server's refusal of a weak password under 密码")
  log(`  a weak password: "${await page.getByTestId('register-password-field').locator('.van-field__error-message').innerText()}"`)
  await page.getByTestId('register-password').fill('Wang#2026a')
  await page.getByTestId('register-confirm').fill('Wang#2026b')
  await page.getByTestId('register-submit').tap()
  await expectText(page.getByTestId('register-confirm-field').locator('.van-field__error-message'), '两次输入的密码不一致', 'two passwords that differ')
  await shot(page, 'partycontact-register-form')
  await page.getByTestId('register-confirm').fill('Wang#2026a')
  await page.getByTestId('register-submit').tap()
  await expectVisible(page.getByTestId('register-status'), 'the receipt')
  await shot(page, 'partycontact-register-pending')
  const { registrations } = await gql(base, 'registrations', '{ registrations(status: PENDING) { nodes { id login party company } } }', {}, admin)
  const app = registrations.nodes.find((n) => n.login === APPLICANT.login)
  if (!app || app.party !== 'SUPPLIER' || app.company !== APPLICANT.company) fail(`the application as the admin sees it: ${JSON.stringify(registrations.nodes)}`)
  await gql(
    base,
    'approve the supplier contact',
    'mutation($id: ID!) { decideRegistration(id: $id, approve: true) { registration { status contact { login party } } } }',
    { id: app.id },
    admin,
  )
  await page.getByTestId('register-refresh').tap()
  await expectText(page.getByTestId('register-status-title'), '已通过', 'the status after approval')
  await expectText(page.getByTestId('register-status-text'), `请用账号 ${APPLICANT.login} 和您设置的密码登录`, 'what an approved contact is told')
  await expectVisible(page.getByTestId('register-signin'), '进入服务号登录')
  const href = await page.getByTestId('register-signin').getAttribute('href')
  if (!/^https?:\/\//.test(href ?? '')) fail(`进入服务号登录 leads to ${href}`)
  await shot(page, 'partycontact-register-approved')
  endStep()

  beginStep('(7) the approved contact follows the account and signs in through 进入服务号登录 with the password set: an empty /messages')
  const openid = `o-wang-${RUN}`
  await simControl(simAddr, 'POST', `/_sim/mp/${MP.appid}/followers`, { openid, nickname: APPLICANT.name })
  // The simulated phone becomes the applicant's (the inbox hands it over), then the page's link is followed.
  await page.goto(`http://${simAddr}/_sim/mp/inbox/${MP.appid}/${openid}`)
  await page.goto(href)
  await expectPath(page, /^\/h5\/login\?/, '进入服务号登录 asks for the password on a WeChat not yet bound')
  await expectVisible(page.getByTestId('login-bind'), 'the page says the WeChat will be bound')
  await page.getByTestId('login-account').fill(APPLICANT.login)
  await page.getByTestId('login-password').fill('Wang#2026a')
  await page.getByTestId('login-submit').tap()
  await expectPath(page, /^\/h5\/messages$/, 'the approved contact lands on his messages')
  await waitForList(page, 'the approved contact signed in')
  await expectVisible(page.getByTestId('list-messages-empty'), 'the empty state')
  await expectText(page.getByTestId('messages-party'), '供应商联系人', 'the header says he is a supplier contact')
  await expectText(page.getByTestId('messages-company'), APPLICANT.company, 'the header names his company')
  await shot(page, 'partycontact-register-signed-in')
  endStep()

  return `${CHEN.name} (${CHEN.login}) signed in from the service account, saw only 报价单 Q-1, opened it, was kept to /messages, and opened 报价单 Q-2 from its template message; a supplier contact applied, was approved and signed in through 进入服务号登录`
}
