// Open registration (seed 001 §4.3 开放注册) on a phone in personal WeChat's browser: 赵六 is not yet staff.
//   setup (API and the simulator's control API): the demo tenant's service account allows registering from the
//     phone (允许手机端注册); a service account is bound first when no earlier walk bound one;
//   (1) 赵六 opens the login page: 申请注册 shows for the demo tenant; the form names the company and offers its
//       departments; an email without @ is refused under 邮箱; fixed, the application is sent and its receipt shows;
//   (2) a reload shows the application's status (审核中), not the form; the admin approves it; 刷新 shows 已通过
//       with where the invitation will come from;
//   (3) 孙七 applies on another phone; the admin refuses with a reason; 孙七 sees 未通过 and the reason, and may
//       apply again;
//   (4) an unknown tenant (alike one not taking applications): no 申请注册 on the login page, an empty state.
//
// Run by run.mjs after the wechat walk (`E2E_ONLY=register node h5/e2e/run.mjs`) through harness.mjs.
import { ACTION_TIMEOUT, DEMO, apiLogin, beginStep, endStep, expectPath, expectText, expectVisible, fail, gql, newPhone, shot,
  simControl,
} from './harness.mjs'

/** Bound only when no earlier walk bound the demo tenant's service account (wechat.mjs binds …e2e01). */
const MP = { appid: 'wx00000000000e2e02', secret: 'e2e0regsecret000e2e0regsecret000', name: '演示科技注册服务号' }

/** Personal WeChat's in-app browser: MicroMessenger without WeCom's wxwork. */
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 ' +
  'MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN'

// Unique per run: the accounts and mobiles of applications stay in the store between runs.
const RUN = Date.now().toString(36).slice(-5)
const ZHAOLIU = { name: '赵六', login: `zhaoliu.${RUN}`, mobile: `137${String(Date.now()).slice(-8)}`, email: 'zhaoliu@example.com' }
const SUNQI = { name: '孙七', login: `sunqi.${RUN}`, mobile: `136${String(Date.now()).slice(-8)}` }
const REASON = '未查到您的入职记录，请先联系人事部'

/** The pending application made with login, as the admins' list shows it. */
async function pendingId(base, admin, login) {
  const { registrations } = await gql(base, 'registrations', '{ registrations(status: PENDING) { nodes { id login } } }', {}, admin)
  const row = registrations.nodes.find((n) => n.login === login)
  if (!row) fail(`no pending application of ${login}: ${JSON.stringify(registrations.nodes)}`)
  return row.id
}

async function decide(base, admin, login, approve, reason) {
  const id = await pendingId(base, admin, login)
  const { decideRegistration } = await gql(
    base,
    `${approve ? 'approve' : 'refuse'} ${login}`,
    'mutation($id: ID!, $approve: Boolean!, $reason: String) { decideRegistration(id: $id, approve: $approve, reason: $reason) { registration { status } } }',
    { id, approve, reason },
    admin,
  )
  const want = approve ? 'APPROVED' : 'REFUSED'
  if (decideRegistration.registration.status !== want) fail(`${login} after deciding: ${JSON.stringify(decideRegistration)}`)
}

export async function register({ base, simAddr }) {
  beginStep('setup: the demo tenant allows registering from the phone (a service account bound when none is)')
  const admin = await apiLogin(base, DEMO.admin)
  const { serviceAccount } = await gql(base, 'serviceAccount', '{ serviceAccount { appId } }', {}, admin)
  let input = { allowRegister: true }
  if (!serviceAccount) {
    await simControl(simAddr, 'POST', '/_sim/mp/accounts', MP)
    input = { ...input, appId: MP.appid, secret: MP.secret }
  }
  const { saveServiceAccount } = await gql(
    base,
    'saveServiceAccount',
    'mutation($in: ServiceAccountInput!) { saveServiceAccount(input: $in) { allowRegister } }',
    { in: input },
    admin,
  )
  if (!saveServiceAccount.allowRegister) fail(`allowRegister after saving: ${JSON.stringify(saveServiceAccount)}`)
  const readForm = async () =>
    (await gql(base, 'registrationForm', 'query($t: String!) { registrationForm(tenant: $t) { company departments { id path } } }', { t: DEMO.tenant }))
      .registrationForm
  let form = await readForm()
  if (!form) fail('the demo tenant takes no applications after allowRegister was saved')
  if (!form.departments.length) {
    // Run alone, the demo tenant has no departments yet (contacts.mjs makes some): give the picker a nested one.
    const make = async (name, parentId) =>
      (await gql(base, `createDepartment ${name}`, 'mutation($in: CreateDepartmentInput!) { createDepartment(input: $in) { id } }', { in: { name, parentId } }, admin))
        .createDepartment.id
    await make('产品设计组', await make('产品部', null))
    form = await readForm()
  }
  const department = form.departments.at(-1).path
  endStep()

  beginStep('(1) 赵六: 申请注册 from the login page; a bad email is refused under its field; the application is sent')
  const phone = await newPhone('register', { userAgent: WECHAT_UA })
  let page = await phone.context.newPage()
  await page.goto(`${base}/h5/login`)
  await page.getByTestId('login-tenant').fill(DEMO.tenant)
  await expectVisible(page.getByTestId('login-register'), '申请注册 on the login page of a tenant taking applications')
  await shot(page, 'register-login-link')
  await page.getByTestId('login-register').tap()
  await expectPath(page, new RegExp(`^/h5/register\\?tenant=${DEMO.tenant}$`), '申请注册 opens the form for the tenant typed')
  await expectText(page.getByTestId('register-company'), DEMO.company, 'the company the form is for')
  await page.getByTestId('register-name').fill(ZHAOLIU.name)
  await page.getByTestId('register-department-field').tap()
  const sheet = page.getByTestId('register-department-sheet')
  await expectVisible(sheet, 'the department picker')
  await sheet.getByText(department, { exact: true }).tap()
  await page.waitForTimeout(400) // the column scrolls to the option tapped
  await sheet.locator('.van-picker__confirm').tap()
  await expectText(page.getByTestId('register-department'), department, 'the department chosen')
  await page.getByTestId('register-position').fill('产品经理')
  await page.getByTestId('register-login').fill(ZHAOLIU.login)
  await page.getByTestId('register-mobile').fill(ZHAOLIU.mobile)
  await page.getByTestId('register-email').fill('zhaoliu.example.com')
  await page.getByTestId('register-note').fill('3 月入职产品部，工号待定')
  await page.getByTestId('register-submit').tap()
  const emailError = page.getByTestId('register-email-field').locator('.van-field__error-message')
  await expectText(emailError, '邮箱格式不正确', 'the server refuses the email under 邮箱')
  if (await page.getByTestId('register-error').count()) fail('a field error is shown above the button too')
  await shot(page, 'register-field-error')
  await page.getByTestId('register-email').fill(ZHAOLIU.email)
  await page.getByTestId('register-submit').tap()
  await expectText(page.getByTestId('register-status-title'), '审核中', 'the receipt')
  await expectText(page.getByTestId('register-status-text'), '已提交，等待管理员审核', 'the receipt says what happens next')
  await shot(page, 'register-receipt')
  endStep()

  beginStep('(2) a reload follows the application (审核中); the admin approves; 刷新 shows 已通过 and the invitation')
  await page.reload()
  await expectText(page.getByTestId('register-status-title'), '审核中', 'the page after a reload')
  await expectText(page.getByTestId('register-company'), DEMO.company, 'the company above the application followed')
  if (await page.getByTestId('register-submit').count()) fail('the form shows again after applying')
  await decide(base, admin, ZHAOLIU.login, true)
  await page.getByTestId('register-refresh').tap()
  await expectText(page.getByTestId('register-status-title'), '已通过', 'the status after approval')
  await expectText(
    page.getByTestId('register-status-text'),
    '请留意企业微信发来的邀请（短信、邮件或微信服务通知），加入后即可使用',
    'where the invitation will come from',
  )
  if (await page.getByTestId('register-reapply').count()) fail('an approved applicant is offered to apply again')
  await shot(page, 'register-approved')
  endStep()

  beginStep('(3) 孙七 applies on another phone; the admin refuses with a reason; 孙七 sees it and may apply again')
  const other = await newPhone('register-2', { userAgent: WECHAT_UA })
  page = await other.context.newPage()
  await page.goto(`${base}/h5/register?tenant=${DEMO.tenant}`)
  await page.getByTestId('register-name').fill(SUNQI.name)
  await page.getByTestId('register-login').fill(SUNQI.login)
  await page.getByTestId('register-mobile').fill(SUNQI.mobile)
  await page.getByTestId('register-submit').tap()
  await expectText(page.getByTestId('register-status-title'), '审核中', "孙七's receipt")
  await decide(base, admin, SUNQI.login, false, REASON)
  await page.getByTestId('register-refresh').tap()
  await expectText(page.getByTestId('register-status-title'), '未通过', 'the status after refusal')
  await expectText(page.getByTestId('register-status-text'), `理由：${REASON}`, "the admin's reason")
  await expectVisible(page.getByTestId('register-reapply'), '重新申请 after a refusal')
  await shot(page, 'register-refused')
  await page.getByTestId('register-reapply').tap()
  await expectVisible(page.getByTestId('register-submit'), 'the form again after 重新申请')
  endStep()

  beginStep('(4) a tenant that takes no applications: no 申请注册 on the login page, and the page says so')
  await page.goto(`${base}/h5/login`)
  await page.getByTestId('login-tenant').fill('no-such-company')
  await page.waitForTimeout(1500) // past the field's settling and the answer
  if (await page.getByTestId('login-register').count()) fail('申请注册 offered for a tenant that takes no applications')
  await page.goto(`${base}/h5/register?tenant=no-such-company`)
  await expectText(page.getByTestId('register-closed').locator('.van-empty__description'), '该企业未开放注册，请联系管理员', 'the closed form')
  await shot(page, 'register-closed')
  endStep()

  return `${ZHAOLIU.login} applied from the login page, was refused a bad email under its field, followed and approved; ${SUNQI.login} refused with the reason shown`
}
