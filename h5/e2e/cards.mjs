// Approving inside the WeCom card (issue 14), on phones in the WeCom simulator:
//   (1) setup: 王五 joins the demo corp in WeCom and Qiao;
//   (2) 张三 sends an item under 任一同意 to 李四 and 王五: each gets a card with 同意, 驳回 and 查看详情;
//   (3) 李四 taps 同意 in the card: his card greys out to 已同意, the item is approved without opening any page;
//   (4) 王五's card of the same item now says 已由李四同意, changed in place (no new message);
//   (5) 张三 sends a second item to both and withdraws it on his phone: both cards say 已由张三撤回.
import {
  DEMO,
  PUSH_TIMEOUT,
  fail,
  beginStep,
  endStep,
  sleep,
  newPhone,
  shot,
  expectText,
  expectVisible,
  waitForSimCard,
  simControl,
  gql,
  apiLogin,
  signIn,
} from './harness.mjs'

/** Reloads an inbox until the card mentioning `text` shows its greyed button saying `want`; returns the card. */
async function expectCardShows(page, url, text, want, who) {
  const deadline = Date.now() + PUSH_TIMEOUT
  let got = null
  for (;;) {
    await page.goto(url, { waitUntil: 'domcontentloaded' })
    const card = page.locator('[data-testid=sim-card]').filter({ hasText: text }).first()
    const replaced = card.locator('[data-replaced=true]')
    got = (await replaced.count()) ? (await replaced.innerText()).trim() : null
    if (got === want) return card
    if (Date.now() > deadline) break
    await sleep(500)
  }
  fail(`${who}'s card of "${text}" should show "${want}", shows ${got === null ? 'its buttons' : `"${got}"`}`)
}

export async function cards({ base, simAddr }) {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`
  const wangwu = { login: `ww${suffix}`, name: '王五', userid: `ww${suffix}` }
  const inboxOf = (userid) => `http://${simAddr}/_sim/inbox/${DEMO.corp}/${userid}`

  beginStep('(1) 王五 joins the corp in WeCom and in Qiao')
  await simControl(simAddr, 'POST', `/_sim/corps/${DEMO.corp}/users`, {
    userid: wangwu.userid, name: wangwu.name, mobile: `137${String(Date.now()).slice(-8)}`, department: [1],
  })
  const admin = await apiLogin(base, DEMO.admin)
  const { createEmployee } = await gql(
    base,
    'createEmployee 王五',
    'mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { employee { id } } }',
    { in: { name: wangwu.name, login: wangwu.login, wecomUserId: wangwu.userid, mobile: `136${String(Date.now()).slice(-8)}` } },
    admin,
  )
  wangwu.id = createEmployee.employee.id
  const { employees } = await gql(base, 'find 李四', 'query { employees(query: "李四", first: 5) { nodes { id name } } }', {}, admin)
  const lisiId = employees.nodes.find((e) => e.name === DEMO.approver.name)?.id
  if (!lisiId) fail(`李四 not found: ${JSON.stringify(employees)}`)
  const sender = await apiLogin(base, DEMO.sender)
  const send = async (title, rule) => {
    const { sendCollabItem } = await gql(
      base,
      `张三 sends ${title}`,
      'mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { id } }',
      { in: { title, body: '<p>请审批</p>', rule, recipientIds: [lisiId, wangwu.id] } },
      sender,
    )
    return sendCollabItem.id
  }
  endStep()

  beginStep('(2) 张三 sends an item under 任一同意: 李四 and 王五 each get a card with 同意 and 驳回')
  const title = `E2E 卡片审批 ${suffix}`
  const itemId = await send(title, 'ANY')
  const lisi = await newPhone('lisi-cards')
  const lisiInbox = await lisi.context.newPage()
  const card = await waitForSimCard(lisiInbox, inboxOf(DEMO.approver.userid), title, '李四')
  for (const key of ['approve', 'reject']) {
    await expectVisible(card.locator(`button[data-key=${key}]`), `the card's ${key} button`)
  }
  await expectText(card.locator('button[data-key=approve]'), '同意', 'the approve button')
  await expectText(card.locator('button[data-key=reject]'), '驳回', 'the reject button')
  await expectVisible(card.locator('a.sim-card-btn-url').filter({ hasText: '查看详情' }), 'the 查看详情 button')
  const ww = await newPhone('wangwu-cards')
  const wwInbox = await ww.context.newPage()
  await waitForSimCard(wwInbox, inboxOf(wangwu.userid), title, '王五')
  const wwBefore = await wwInbox.locator('[data-testid=sim-card]').count()
  await shot(lisiInbox, 'cards-lisi-todo')
  endStep()

  beginStep('(3) 李四 taps 同意 in the card: it greys out to 已同意 and the item is approved')
  // The tap posts the card's form; the simulator answers with the inbox again, as WeCom's client stays on the chat.
  await Promise.all([lisiInbox.waitForEvent('framenavigated'), card.locator('button[data-key=approve]').tap()])
  await lisiInbox.waitForLoadState('domcontentloaded')
  const done = await expectCardShows(lisiInbox, inboxOf(DEMO.approver.userid), title, '已同意', '李四')
  if (await done.locator('button[data-key=approve]').count()) fail('李四\'s card still offers 同意')
  await shot(lisiInbox, 'cards-lisi-approved')
  const { collabItem } = await gql(base, 'the item after the tap', `query { collabItem(id: "${itemId}") { status } }`, {}, sender)
  if (collabItem.status !== 'APPROVED') fail(`the item is ${collabItem.status} after 李四's tap, want APPROVED`)
  endStep()

  beginStep('(4) 王五\'s card of the same item says 已由李四同意, changed in place')
  await expectCardShows(wwInbox, inboxOf(wangwu.userid), title, '已由李四同意', '王五')
  const wwAfter = await wwInbox.locator('[data-testid=sim-card]').count()
  if (wwAfter !== wwBefore) fail(`王五's inbox went from ${wwBefore} to ${wwAfter} cards; the card should change in place`)
  await shot(wwInbox, 'cards-wangwu-closed')
  endStep()

  beginStep('(5) 张三 withdraws a second item on his phone: both cards say 已由张三撤回')
  const second = `E2E 卡片撤回 ${suffix}`
  const secondId = await send(second, 'ALL')
  await waitForSimCard(lisiInbox, inboxOf(DEMO.approver.userid), second, '李四')
  await waitForSimCard(wwInbox, inboxOf(wangwu.userid), second, '王五')
  const zs = await newPhone('zhangsan-cards')
  const sp = await zs.context.newPage()
  await signIn(sp, base, DEMO.sender)
  await sp.goto(`${base}/h5/items/${secondId}`)
  await expectVisible(sp.getByTestId('action-withdraw'), '撤回 on the unhandled item')
  await sp.getByTestId('action-withdraw').tap()
  const confirm = sp.locator('.van-dialog').filter({ hasText: '撤回协同？' })
  await expectVisible(confirm, 'the withdraw confirmation')
  await confirm.locator('.van-dialog__confirm').tap()
  await expectText(sp.getByTestId('item-status'), '已撤回', 'the status after withdrawing')
  await expectCardShows(lisiInbox, inboxOf(DEMO.approver.userid), second, '已由张三撤回', '李四')
  await expectCardShows(wwInbox, inboxOf(wangwu.userid), second, '已由张三撤回', '王五')
  await shot(wwInbox, 'cards-wangwu-withdrawn')
  endStep()
  return `item ${itemId} approved by 李四 in the card, 王五's card changed to 已由李四同意; item ${secondId} withdrawn, both cards changed`
}
