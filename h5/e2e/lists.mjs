// The lists walk (issue 10 §4): search boxes, badges where action is needed, 已发 rows naming recipients, the sign-in
// page saying why the WeChat gate refused someone, and one time zone on the WeCom card and in the H5.
//
// Both phones are set to New York: every time on them must still read as in China, as the WeCom cards do.
//   (1) 张三 sends two items to 李四 and 管理员 (API); on 张三's phone 已发 and 已办 carry no badge, the 已发 rows
//       say who they went to, and the 已发 search finds one title, then nothing ("没有匹配的协同"), then all again;
//   (2) 李四 taps the card in the simulator: the card's header time, its body time and the H5's times agree; 李四's
//       待办 search filters;
//   (3) an open survey and a new discussion (API) put badges on 调查 and 讨论 (matching unreadCounts); 李四 votes
//       and opens the discussion, and both badges go; the discussion list marks the unread row and searches;
//   (4) the admin removes 管理员's system roles (API): tapping a card then lands on /h5/sso saying "您没有协同办公的
//       权限…" with no password login offered; the roles are put back.
//
// Run by run.mjs (`E2E_ONLY=lists node h5/e2e/run.mjs`) through harness.mjs.
import {
  DEMO,
  ACTION_TIMEOUT,
  fail,
  log,
  beginStep,
  endStep,
  sleep,
  newPhone,
  shot,
  expectVisible,
  expectGone,
  expectText,
  expectPath,
  waitForSimCard,
  openTab,
  gql,
  apiLogin,
  signIn,
  tapCardTo,
} from './harness.mjs'

/** A zone far from China's: New York is 12 or 13 hours behind, so its wall clock differs in hours and often in day. */
const PHONE_ZONE = 'America/New_York'

const badgeOf = (page, testid) => page.getByTestId(testid).locator('.van-badge')

/** The text of the badge on the home entry or tab marked by testid, '' when there is none. */
async function badgeText(page, testid) {
  const b = badgeOf(page, testid)
  return (await b.count()) ? (await b.first().innerText()).trim() : ''
}

async function expectBadge(page, testid, want, what) {
  const deadline = Date.now() + ACTION_TIMEOUT
  let got = ''
  while (Date.now() < deadline) {
    got = await badgeText(page, testid)
    if (got === want) return
    await sleep(200)
  }
  fail(`${what}: expected ${want ? `the badge "${want}"` : 'no badge'} on ${testid}, got ${got ? `"${got}"` : 'none'} (page ${page.url()})`)
}

/** The badge of a home tab: van-tabs draws it beside the title, inside the tab. */
function tabBadge(page, tab) {
  return page.locator('.van-tab').filter({ has: page.getByTestId(`tab-${tab}`) }).locator('.van-badge')
}

/** Types keyword into the search box of list testid and waits for the rows read for it. */
async function search(page, testid, keyword) {
  const input = page.getByTestId(`${testid}-search`).locator('input')
  await expectVisible(input, `the search box of ${testid}`)
  await input.fill(keyword)
  const done = page.locator(`[data-testid="${testid}"][data-loaded=true][data-keyword="${keyword.trim()}"]`)
  try {
    await done.waitFor({ state: 'attached', timeout: ACTION_TIMEOUT })
  } catch {
    fail(`searching ${testid} for "${keyword}": no rows read for it within ${ACTION_TIMEOUT / 1000}s (page ${page.url()})`)
  }
}

/** The titles of the rows of a list, in order. */
async function rowTitles(page, testid, rowTestid) {
  return page.getByTestId(testid).getByTestId(rowTestid).locator('.item-row__title, .q-row__title').allInnerTexts()
}

/** "HH:MM" out of a text holding a time. */
function clock(text, what) {
  const m = /(\d{2}):(\d{2})/.exec(text)
  if (!m) fail(`${what}: no HH:MM in "${text}"`)
  return `${m[1]}:${m[2]}`
}

/** Minutes between two "HH:MM" on one day or across midnight, at most 12 hours apart. */
function minutesApart(a, b) {
  const toMin = (t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3))
  const d = Math.abs(toMin(a) - toMin(b))
  return Math.min(d, 24 * 60 - d)
}

export async function lists({ base, simAddr }) {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`
  const buy = `E2E 采购申请 ${suffix}`
  const leave = `E2E 请假条 ${suffix}`
  const inboxOf = (userid) => `http://${simAddr}/_sim/inbox/${DEMO.corp}/${userid}`

  // (1) 张三 sends; his phone shows no badge on 已发 / 已办, the recipients, and a working search.
  beginStep('(1) 张三 sends two items to 李四 and 管理员 (API)')
  const zsToken = await apiLogin(base, DEMO.sender)
  const { colleagues } = await gql(base, 'colleagues', `{ colleagues(first: 50) { id name } }`, {}, zsToken)
  const lisi = colleagues.find((c) => c.name === DEMO.approver.name)
  const admin = colleagues.find((c) => c.name === DEMO.admin.name)
  if (!lisi || !admin) fail(`张三's colleagues should hold ${DEMO.approver.name} and ${DEMO.admin.name}: ${JSON.stringify(colleagues)}`)
  const send = async (title) => {
    const { sendCollabItem } = await gql(
      base,
      `send "${title}"`,
      `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id createdAt } }`,
      { in: { title, body: `<p>${title}</p>`, recipientIds: [lisi.id, admin.id] } },
      zsToken,
    )
    return sendCollabItem
  }
  const buyItem = await send(buy)
  await send(leave)
  endStep()

  beginStep('(1) 张三\'s 已发: no badge, the recipients on each row, and the search')
  const sender = await newPhone('lists-sender', { timezoneId: PHONE_ZONE })
  const sp = await sender.context.newPage()
  await signIn(sp, base, DEMO.sender)
  const phoneZone = await sp.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)
  if (phoneZone !== PHONE_ZONE) fail(`the phone should be in ${PHONE_ZONE}, is in ${phoneZone}`)
  await openTab(sp, 'todo')
  for (const tab of ['sent', 'done']) {
    if (await tabBadge(sp, tab).count()) fail(`张三's ${tab} tab carries a badge: nothing there needs him`)
  }
  const sentRows = await openTab(sp, 'sent')
  const buyRow = sentRows.filter({ hasText: buy })
  await expectVisible(buyRow, `"${buy}" in 张三's 已发`)
  // By employee id: the admin was seeded before 李四.
  const to = `发给 ${DEMO.admin.name}、${DEMO.approver.name}`
  await expectText(buyRow.getByTestId('item-recipients'), to, `who "${buy}" went to, on its 已发 row`)
  if (await sentRows.getByTestId('item-sender').count()) fail('a 已发 row names its sender (张三 himself) instead of its recipients')
  await shot(sp, 'lists-sender-sent')
  await search(sp, 'list-sent', `采购申请 ${suffix}`)
  const found = await rowTitles(sp, 'list-sent', 'item-row')
  if (found.length !== 1 || found[0] !== buy) fail(`searching 已发 for "采购申请 ${suffix}" should show "${buy}" alone, shows ${JSON.stringify(found)}`)
  await shot(sp, 'lists-sender-sent-search')
  await search(sp, 'list-sent', `没有这个标题 ${suffix}`)
  await expectText(sp.getByTestId('list-sent-empty').locator('.van-empty__description'), '没有匹配的协同', 'the 已发 search without matches')
  if (await sp.getByTestId('list-sent').getByTestId('item-row').count()) fail('rows are left in 已发 for a search without matches')
  await shot(sp, 'lists-sender-sent-nomatch')
  await search(sp, 'list-sent', '')
  await expectVisible(sp.getByTestId('list-sent').getByTestId('item-row').filter({ hasText: leave }), `"${leave}" back in 已发 after clearing the search`)
  await expectVisible(sp.getByTestId('list-sent').getByTestId('item-row').filter({ hasText: buy }), `"${buy}" back in 已发 after clearing the search`)
  endStep()

  // (2) 李四: the card and the H5 tell the same time, on a phone in New York.
  beginStep('(2) 李四 taps the card: the card and the H5 show the same time (China time on a New York phone)')
  const approver = await newPhone('lists-approver', { timezoneId: PHONE_ZONE })
  const inbox = await approver.context.newPage()
  const card = await waitForSimCard(inbox, inboxOf(DEMO.approver.userid), buy, '李四')
  const header = clock(await card.locator('.meta').first().innerText(), 'the card header')
  const bodyText = await card.getByTestId('sim-card-description').innerText()
  const body = clock(bodyText, 'the card body')
  // The body says when the item was sent, the header when the card arrived: the same minute, give or take one.
  if (minutesApart(header, body) > 1) fail(`the card's header says ${header} and its body ${body}: two zones`)
  const chinaSent = new Date(new Date(buyItem.createdAt).getTime() + 8 * 3600_000).toISOString().slice(11, 16)
  if (body !== chinaSent) fail(`the card body says ${body}; the item was sent at ${chinaSent} China time`)
  await shot(inbox, 'lists-sim-card')
  const ap = await tapCardTo(approver, card, `/h5/items/${buyItem.id}`, 'the 采购申请 card')
  await expectVisible(ap.getByTestId('item-title'), 'the item page on 李四\'s phone')
  const detailText = await ap.locator('body').innerText()
  if (!detailText.includes(body)) fail(`the item page on 李四's phone should show ${body} (the card's time); it shows no such time`)
  await shot(ap, 'lists-approver-item')
  await ap.goto(`${base}/h5/`)
  const todoRows = await openTab(ap, 'todo')
  const todoBuy = todoRows.filter({ hasText: buy })
  await expectVisible(todoBuy, `"${buy}" in 李四's 待办`)
  const rowTime = clock(await todoBuy.getByTestId('item-time').innerText(), 'the 待办 row time')
  if (rowTime !== body) fail(`李四's 待办 row says ${rowTime}, the card ${body}`)
  log(`  card header ${header}, card body ${body}, H5 ${rowTime} (phone in ${PHONE_ZONE})`)
  await search(ap, 'list-todo', `请假条 ${suffix}`)
  const todoFound = await rowTitles(ap, 'list-todo', 'item-row')
  if (todoFound.length !== 1 || todoFound[0] !== leave) fail(`李四's 待办 search should show "${leave}" alone, shows ${JSON.stringify(todoFound)}`)
  await shot(ap, 'lists-approver-todo-search')
  endStep()

  // (3) badges on 调查 and 讨论, cleared by voting and reading.
  beginStep('(3) a survey and a discussion put badges on 调查 and 讨论; 已发 and 已办 have none')
  const surveyTitle = `E2E 团建地点调查 ${suffix}`
  const topic = `E2E 年会节目讨论 ${suffix}`
  const adminToken = await apiLogin(base, DEMO.admin)
  const { publishSurvey: sv } = await gql(
    base,
    'publishSurvey',
    `mutation($in: PublishSurveyInput!) { publishSurvey(input: $in) { id questions { options { id text } } } }`,
    {
      in: {
        title: surveyTitle,
        audience: { all: true },
        questions: [{ text: '去哪里团建？', kind: 'SINGLE', options: ['郊外', '市区'] }],
      },
    },
    adminToken,
  )
  const { startDiscussion: dsc } = await gql(
    base,
    'startDiscussion',
    `mutation($in: StartDiscussionInput!) { startDiscussion(input: $in) { id } }`,
    { in: { title: topic, body: '<p>大家出什么节目？</p>', audience: { all: true } } },
    zsToken,
  )
  const lsToken = await apiLogin(base, DEMO.approver)
  const waiting = async () =>
    (await gql(base, 'unreadCounts', '{ unreadCounts { notice news survey discussion } }', {}, lsToken)).unreadCounts
  const before = await waiting()
  if (before.survey < 1 || before.discussion < 1) fail(`李四's unreadCounts should count the new survey and discussion: ${JSON.stringify(before)}`)
  await ap.goto(`${base}/h5/`)
  await expectVisible(ap.getByTestId('entry-surveys'), 'the 调查 entry')
  await expectBadge(ap, 'entry-surveys', String(before.survey), 'the 调查 entry')
  await expectBadge(ap, 'entry-discussions', String(before.discussion), 'the 讨论 entry')
  await openTab(ap, 'todo')
  for (const tab of ['sent', 'done']) {
    if (await tabBadge(ap, tab).count()) fail(`李四's ${tab} tab carries a badge: nothing there needs him`)
  }
  await shot(ap, 'lists-approver-home-badges')
  endStep()

  beginStep('(3) 李四 votes: the 调查 badge goes down')
  await ap.getByTestId('entry-surveys').tap()
  await expectPath(ap, /^\/h5\/surveys$/, 'the surveys list')
  await search(ap, 'list-surveys', `团建地点调查 ${suffix}`)
  const svRows = ap.getByTestId('list-surveys').getByTestId('survey-row')
  if ((await svRows.count()) !== 1) fail(`the survey search should show one row, shows ${await svRows.count()}`)
  await expectVisible(svRows.getByTestId('survey-to-vote'), 'the 待投票 tag on the new survey')
  await shot(ap, 'lists-approver-surveys-search')
  await svRows.first().tap()
  await expectPath(ap, new RegExp(`^/h5/surveys/${sv.id}$`), 'the survey page')
  await ap.getByTestId('survey-option').filter({ hasText: '郊外' }).first().tap()
  await ap.getByTestId('survey-submit').tap()
  await expectVisible(ap.locator('[data-testid=survey][data-voted=true]'), 'the survey marked voted')
  await ap.goto(`${base}/h5/`)
  await expectVisible(ap.getByTestId('entry-surveys'), 'the 调查 entry')
  await expectBadge(ap, 'entry-surveys', before.survey > 1 ? String(before.survey - 1) : '', 'the 调查 entry after voting')
  endStep()

  beginStep('(3) 李四 opens the discussion: its row was unread, the 讨论 badge goes down')
  await ap.getByTestId('entry-discussions').tap()
  await expectPath(ap, /^\/h5\/discussions$/, 'the discussions list')
  const dRow = ap.locator(`[data-testid=discussion-row][data-discussion-id="${dsc.id}"]`)
  await expectVisible(dRow, `"${topic}" in 李四's discussions`)
  if ((await dRow.getAttribute('data-unread')) !== 'true') fail(`"${topic}" should be marked unread in the list`)
  await shot(ap, 'lists-approver-discussions-unread')
  await search(ap, 'list-discussions', `不存在的讨论 ${suffix}`)
  await expectText(ap.getByTestId('list-discussions-empty').locator('.van-empty__description'), '没有匹配的讨论', 'the discussion search without matches')
  await search(ap, 'list-discussions', `年会节目讨论 ${suffix}`)
  await dRow.tap()
  await expectPath(ap, new RegExp(`^/h5/discussions/${dsc.id}$`), 'the discussion page')
  await expectVisible(ap.getByText(topic), 'the discussion title')
  const after = await (async () => {
    const deadline = Date.now() + ACTION_TIMEOUT
    for (;;) {
      const w = await waiting()
      if (w.discussion === before.discussion - 1 || Date.now() > deadline) return w
      await sleep(200)
    }
  })()
  if (after.discussion !== before.discussion - 1) {
    fail(`opening the discussion should read it: unreadCounts.discussion ${before.discussion} → ${after.discussion}`)
  }
  await ap.getByTestId('nav-back').getByText('返回').tap()
  await expectPath(ap, /^\/h5\/discussions$/, 'the discussions list after 返回')
  await expectVisible(ap.locator(`[data-testid=discussion-row][data-discussion-id="${dsc.id}"][data-unread=false]`), `"${topic}" read in the list`)
  await ap.goto(`${base}/h5/`)
  await expectVisible(ap.getByTestId('entry-discussions'), 'the 讨论 entry')
  await expectBadge(ap, 'entry-discussions', after.discussion ? String(after.discussion) : '', 'the 讨论 entry after reading')
  await shot(ap, 'lists-approver-home-read')
  log(`  李四's survey badge ${before.survey} → ${after.survey}, discussion badge ${before.discussion} → ${after.discussion}`)
  endStep()

  // (4) the gate refuses 管理员 over WeChat: the sso page says why.
  beginStep('(4) 管理员 loses every system role; tapping a card says why on the sso page')
  const { employee } = await gql(base, 'admin\'s roles', `query($id: ID!) { employee(id: $id) { systemRoles { id } } }`, { id: admin.id }, adminToken)
  const roleIds = (employee.systemRoles ?? []).map((r) => r.id)
  await gql(base, 'assignSystemRoles []', `mutation($e: ID!) { assignSystemRoles(employeeId: $e, roleIds: []) { id } }`, { e: admin.id }, adminToken)
  try {
    const adminPhone = await newPhone('lists-admin', { timezoneId: PHONE_ZONE })
    const adminInbox = await adminPhone.context.newPage()
    const adminCard = await waitForSimCard(adminInbox, inboxOf('admin'), buy, '管理员')
    const refused = await tapCardTo(adminPhone, adminCard, '/h5/sso', 'the card of a person without a role')
    await expectVisible(refused.getByTestId('sso-failed'), 'the sign-in failure on /h5/sso')
    await expectText(refused.getByTestId('sso-reason'), '您没有协同办公的权限，不能在企业微信中使用', 'the reason on the sso page')
    const where = new URL(refused.url())
    if (where.searchParams.get('reason') !== 'no_system_role' || where.searchParams.has('message')) {
      fail(`the callback should hand the page ?reason=no_system_role and no text: ${where.search}`)
    }
    if (await refused.getByTestId('sso-login').count()) fail('the page offers a password login, which the same gate refuses inside WeChat')
    await shot(refused, 'lists-sso-refused')
  } finally {
    const token = await apiLogin(base, DEMO.admin)
    await gql(base, 'assignSystemRoles back', `mutation($e: ID!, $r: [ID!]!) { assignSystemRoles(employeeId: $e, roleIds: $r) { id } }`, { e: admin.id, r: roleIds }, token)
  }
  endStep()

  return (
    `已发 rows name their recipients and search; 待办 searches; no badge on 已发/已办; survey and discussion badges ` +
    `cleared by voting and reading; card and H5 agree on ${body} on a ${PHONE_ZONE} phone; the sso page says "no_system_role"`
  )
}
