// The browser journey: one collaboration item from 张三's phone to 李四's WeCom and back.
//
// Two phones (two browser contexts):
//   (2) 张三 signs in at /h5/login and sends an item to 李四;
//   (4) 李四 opens the WeCom simulator inbox and taps the card;
//   (5) the simulated OAuth redirect lands on /h5/items/<id> with 同意 and 驳回;
//   (6) 李四 approves with an opinion; the item leaves 李四's 待办 and shows in 已办; 张三's 已发 shows 已同意;
//       the simulator inbox of 张三 gets a card about it;
//   (7) the admin signs in through the GraphQL API and publishes a 公告 and a single-choice 调查 to all staff;
//   (8) 李四's simulator inbox shows both cards and his home page the 公告 badge;
//   (9) tapping the 公告 card goes through OAuth to /h5/notices/<id>, which marks it read (badge and unreadCounts drop);
//  (10) tapping the 调查 card lands on /h5/surveys/<id>; 李四 votes and sees the results (100% on his option).
//
// Run by run.mjs (`make e2e`) through harness.mjs.
import {
  DEMO,
  ACTION_TIMEOUT,
  NAV_TIMEOUT,
  state,
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
  unreadNotices,
  expectNoticeBadge,
  tapCardTo,
} from './harness.mjs'

export async function journey({ base, simAddr }) {
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
  // The row is the checkbox (one control, named by the colleague), not a row holding a checkbox.
  await expectVisible(recipient.and(sp.locator('[role=checkbox][aria-checked=true]')), `${DEMO.approver.name} checked after a tap`)
  if (await recipient.first().locator('[role=checkbox], input').count()) fail('a colleague row holds a second control inside it')
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
  // The todo card has 同意 and 驳回 of its own; its body opens the item, as WeCom's does.
  await card.getByTestId('sim-card-open').tap()
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

  return (
    `item ${itemId} "${title}" sent by 张三, approved by 李四 through WeCom OAuth, lists and 张三's card checked; ` +
    `notice ${notice.id} read and survey ${survey.id} voted by 李四 from their cards`
  )
}
