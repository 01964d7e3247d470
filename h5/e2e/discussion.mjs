// A discussion read while someone replies (issue 10 review), on 李四's phone:
//   (1) 张三 starts a discussion for everyone and replies once (API);
//   (2) 李四 opens it; 张三 replies again after the page has loaded its replies and before it marks the discussion
//       read: the page marks it read up to the reply it showed (seenUpTo), so the new reply stays unread (the
//       discussion badge and the list's dot);
//   (3) from the list, by the keyboard (the row is a link, its dot a picture named 未读), 李四 opens it again and
//       it is read; quoting a reply and cancelling the quote from the keyboard, the reply box named for a screen
//       reader.
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
  expectPath,
  gql,
  apiLogin,
  signIn,
} from './harness.mjs'

export async function discussion({ base }) {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const topic = `E2E 春游路线 ${suffix}`

  beginStep('(1) 张三 starts a discussion and replies (API)')
  const zsToken = await apiLogin(base, DEMO.sender)
  const lsToken = await apiLogin(base, DEMO.approver)
  const { startDiscussion: dsc } = await gql(
    base,
    'startDiscussion',
    'mutation($in: StartDiscussionInput!) { startDiscussion(input: $in) { id } }',
    { in: { title: topic, body: '<p>去哪里春游？</p>', audience: { all: true } } },
    zsToken,
  )
  const reply = async (body) =>
    (
      await gql(base, 'replyDiscussion', 'mutation($id: ID!, $b: String!) { replyDiscussion(id: $id, body: $b) { id createdAt } }', { id: dsc.id, b: body }, zsToken)
    ).replyDiscussion
  const first = await reply('<p>去植物园</p>')
  const unread = async () =>
    (await gql(base, 'unreadCounts', '{ unreadCounts { discussion } }', {}, lsToken)).unreadCounts.discussion
  const before = await unread()
  endStep()

  beginStep('(2) 李四 opens it; a reply arrives before the page marks it read, and stays unread')
  const phone = await newPhone('discussion-approver')
  const ap = await phone.context.newPage()
  await signIn(ap, base, DEMO.approver)
  let second = null
  // The mark is held until the page shows its replies, while 张三 replies: the race the page must not lose.
  await ap.route('**/graphql', async (route) => {
    if (!(route.request().postData() ?? '').includes('"operationName":"MarkDiscussionRead"')) return route.continue()
    for (const until = Date.now() + ACTION_TIMEOUT; Date.now() < until; await sleep(50)) {
      if ((await ap.getByTestId('replies').getAttribute('data-loaded').catch(() => null)) === 'true') break
    }
    second ??= await reply('<p>去湖边</p>')
    return route.continue()
  })
  const marking = ap.waitForResponse((r) => (r.request().postData() ?? '').includes('"operationName":"MarkDiscussionRead"'))
  await ap.goto(`${base}/h5/discussions/${dsc.id}`)
  const res = await marking
  await ap.unroute('**/graphql')
  const seenUpTo = JSON.parse(res.request().postData()).variables.seenUpTo
  if (seenUpTo !== first.createdAt) fail(`the page should mark it read up to the reply it showed (${first.createdAt}), marked up to ${seenUpTo}`)
  const answer = await res.json()
  if (answer.data?.markDiscussionRead?.unread !== true) fail(`with a reply unseen the mark should answer unread, answers ${JSON.stringify(answer)}`)
  const shown = await ap.getByTestId('reply').count()
  if (shown !== 1) fail(`the page should show the one reply it loaded, shows ${shown}`)
  let after = await unread()
  if (after !== before) fail(`the reply that came while the page loaded should keep the discussion unread: badge ${before} → ${after}`)
  await shot(ap, 'discussion-loaded')
  endStep()

  beginStep('(3) from the list by the keyboard: unread, opened, read; quote and cancel from the keyboard')
  await ap.goto(`${base}/h5/discussions`)
  const row = ap.locator(`[data-testid=discussion-row][data-discussion-id="${dsc.id}"]`)
  await expectVisible(row.and(ap.locator('[data-unread=true]')), `"${topic}" unread in the list`)
  await expectVisible(row.getByRole('img', { name: '未读' }), 'the unread dot, named for a screen reader')
  if ((await row.getAttribute('role')) !== 'link') fail('a discussion row should be a link')
  await shot(ap, 'discussion-list-unread')
  await row.focus()
  await ap.keyboard.press('Enter')
  await expectPath(ap, new RegExp(`^/h5/discussions/${dsc.id}$`), 'the discussion opened with Enter')
  await expectVisible(ap.locator(`[data-testid=reply][data-reply-id="${second.id}"]`), 'the reply that came meanwhile')
  for (const until = Date.now() + ACTION_TIMEOUT; (after = await unread()) !== before - 1 && Date.now() < until; ) await sleep(200)
  if (after !== before - 1) fail(`opening it again should read it: badge ${before} → ${after}`)

  await ap.locator(`[data-testid=reply][data-reply-id="${first.id}"]`).getByTestId('reply-quote').tap()
  await expectVisible(ap.getByTestId('reply-quoting'), 'the quoted reply above the box')
  const box = ap.getByRole('textbox', { name: '回复内容' })
  if ((await box.getAttribute('data-testid')) !== 'reply-input') fail('the reply box has no name')
  await shot(ap, 'discussion-quoting')
  const cancel = ap.getByRole('button', { name: '取消引用' })
  if ((await cancel.getAttribute('data-testid')) !== 'reply-quote-cancel') fail('no button named 取消引用')
  await cancel.focus()
  await ap.keyboard.press('Enter')
  await expectGone(ap.getByTestId('reply-quoting'), 'the quote after 取消引用')
  endStep()

  log(`  李四's discussion badge ${before} → ${before} with an unseen reply → ${after} once opened again`)
  return `discussion ${dsc.id}: marked read up to the reply shown while reply ${second.id} came, which stayed unread; opened from the list by the keyboard and read; quote cancelled by the keyboard`
}
