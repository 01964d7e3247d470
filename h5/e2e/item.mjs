// The item page shows the item (issue 10 §4), on two phones:
//   (1) setup through the API: the admin makes a department holding 李四 and the admin; 张三 sends an earlier item
//       to relate; the admin publishes a 公告 whose body has a bulleted list;
//   (2) 张三 composes: a rich-text body (bold, a bulleted list, a "<" typed as text), the 任一同意 rule, the department,
//       a PNG and a text file, the earlier item as related (picked from the keyboard: each row is one checkbox); the
//       limits are the server's (title 200, 20 MB); the upload shows its progress and lands on the item, whose
//       bottom bar offers 撤回;
//   (3) 李四 opens it from the WeCom card (OAuth): the body as rich text, the attachments (the image previewed on
//       the page, the text file downloaded by its signed link, with no Authorization header), the related item
//       (tap opens it, Back returns);
//   (4) 李四 comments; 张三 gets the card quoting it and finds the comment in the item's history; 撤回 is gone;
//   (5) 李四 approves with an opinion: the history lists sending, comment and approval in time order, on both phones;
//   (6) 张三 sends a second item with a file, from a compose page kept open past its access token's life (the phone's
//       clock moved 16 minutes): the session is renewed before the file goes; then withdraws it: 已撤回 on both
//       phones, no buttons left;
//   (7) the 公告's list keeps its bullets.
import fs from 'node:fs'
import path from 'node:path'
import {
  DEMO,
  OUT,
  state,
  ACTION_TIMEOUT,
  NAV_TIMEOUT,
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
  gql,
  apiLogin,
  tapCardTo,
  signIn,
} from './harness.mjs'

const ITEM_FIELDS = 'id title status'

// shot() takes the whole page, under the fixed bottom bar; a sheet, a toast or a preview sits over the viewport, and
// the history at the end of the page is read above the bar, so these are taken as the phone shows them (scrolled to
// the end when `bottom`), after `settle` ms for transitions.
async function screenShot(page, name, { bottom = false, settle = 300 } = {}) {
  state.shots++
  if (bottom) await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
  await page.waitForTimeout(settle)
  await page.screenshot({ path: path.join(OUT, `${String(state.shots).padStart(2, '0')}-${name}.png`) })
}

/** The kinds and texts of the item page's history, in the order shown. */
async function history(page) {
  return page.getByTestId('history-entry').evaluateAll((els) =>
    els.map((e) => ({
      kind: e.dataset.kind,
      text: e.querySelector('[data-testid=history-text]')?.textContent?.trim() ?? null,
      head: Array.from(e.querySelector('.history__head')?.children ?? [], (c) => c.textContent.trim()).join(' '),
    })),
  )
}

/** Waits until the history's kinds are `want` (a mutation's answer re-renders it). */
async function expectHistory(page, want, what) {
  const deadline = Date.now() + ACTION_TIMEOUT
  let got = []
  while (Date.now() < deadline) {
    got = await history(page)
    if (JSON.stringify(got.map((e) => e.kind)) === JSON.stringify(want)) return got
    await sleep(200)
  }
  fail(`${what}: the history should be ${JSON.stringify(want)}, is ${JSON.stringify(got)} (page ${page.url()})`)
}

export async function item({ base, simAddr }) {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
  const title = `E2E 采购合同审批 ${suffix}`
  const relatedTitle = `E2E 年度预算 ${suffix}`
  const deptName = `E2E 采购部 ${suffix}`
  const comment = `第三条付款方式请再确认 ${suffix}`
  const opinion = `同意签署 ${suffix}`
  const lisiInbox = `http://${simAddr}/_sim/inbox/${DEMO.corp}/${DEMO.approver.userid}`
  const zhangInbox = `http://${simAddr}/_sim/inbox/${DEMO.corp}/${DEMO.sender.userid}`
  // Large enough (about 24 KB) for the throttled upload below to report progress on the way.
  const textFile = { name: `说明-${suffix}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`付款分三期，每期 1/3。${suffix}\n`.repeat(600)) }

  // (1) what the walk needs that the demo does not have.
  beginStep('(1) setup: a department with 李四 and the admin, an earlier item to relate, a 公告 with a list')
  const adminToken = await apiLogin(base, DEMO.admin)
  const zhangToken = await apiLogin(base, DEMO.sender)
  const { colleagues } = await gql(base, 'colleagues', '{ colleagues(first: 50) { id name } }', {}, adminToken)
  const idOf = (name) => colleagues.find((c) => c.name === name)?.id ?? fail(`no colleague named ${name}: ${JSON.stringify(colleagues)}`)
  const lisiId = idOf(DEMO.approver.name)
  const { employees } = await gql(base, 'employees', `{ employees(query: "${DEMO.admin.login}") { nodes { id login } } }`, {}, adminToken)
  const adminId = employees.nodes.find((e) => e.login === DEMO.admin.login)?.id ?? fail(`the admin is not in the directory: ${JSON.stringify(employees)}`)
  const { createDepartment: dept } = await gql(
    base,
    'createDepartment',
    'mutation($in: CreateDepartmentInput!) { createDepartment(input: $in) { id name } }',
    { in: { name: deptName } },
    adminToken,
  )
  for (const id of [lisiId, adminId]) {
    await gql(base, 'setEmployeeDepartments', 'mutation($e: ID!, $d: [ID!]!) { setEmployeeDepartments(employeeId: $e, departmentIds: $d) { id } }', { e: id, d: [dept.id] }, adminToken)
  }
  const { sendCollabItem: earlier } = await gql(
    base,
    'send the earlier item',
    `mutation($in: SendCollabItemInput!) { sendCollabItem(input: $in) { ${ITEM_FIELDS} } }`,
    { in: { title: relatedTitle, body: '<p>预算 120 万</p>', recipientIds: [lisiId] } },
    zhangToken,
  )
  const { publishNotice: notice } = await gql(
    base,
    'publishNotice',
    'mutation($in: PublishNoticeInput!) { publishNotice(input: $in) { id } }',
    { in: { kind: 'NOTICE', title: `E2E 采购流程 ${suffix}`, body: '<p>三个步骤：</p><ul><li>提交申请</li><li>部门审批</li><li>财务付款</li></ul>', audience: { all: true } } },
    adminToken,
  )
  log(`  department ${dept.id}, earlier item ${earlier.id}, notice ${notice.id}`)
  endStep()

  // (2) 张三 composes with everything the API takes.
  beginStep('(2) 张三 composes: rich text, 任一同意, a department, two attachments, a related item')
  const sender = await newPhone('item-sender')
  const sp = await sender.context.newPage()
  await signIn(sp, base, DEMO.sender)
  await sp.goto(`${base}/h5/compose`)
  await sp.getByTestId('compose-title').fill(title)
  if ((await sp.getByTestId('compose-title').getAttribute('maxlength')) !== '200') fail('the title should take the server\'s 200 characters (oa.MaxTitleRunes)')
  await expectText(sp.getByTestId('compose-attachment-hint'), '单个不超过 20 MB，支持图片、PDF、Office 文档、zip 和文本', 'the attachment limits, the server\'s')
  // The editor is a text box named 正文 for a screen reader.
  const editor = sp.getByRole('textbox', { name: '正文' })
  if ((await editor.getAttribute('data-testid')) !== 'compose-body') fail('no text box named 正文 on the compose page')
  await editor.tap()
  await sp.keyboard.type('请审批，')
  await sp.getByTestId('rte-bold').tap()
  await sp.keyboard.type('本周内')
  await sp.getByTestId('rte-bold').tap()
  await sp.keyboard.type('签署。')
  await sp.keyboard.press('Enter')
  await sp.getByTestId('rte-insertUnorderedList').tap()
  await sp.keyboard.type('合同金额 80 万')
  await sp.keyboard.press('Enter')
  await sp.keyboard.type('供应商已比价')
  await sp.keyboard.press('Enter')
  await sp.keyboard.press('Enter') // an empty item ends the list
  await sp.keyboard.type('付款条件 <b>预付 30%</b> & 验收后结清')
  await screenShot(sp, 'item-compose-editor') // the editor with the focus shows its box

  await sp.locator('[data-testid=compose-rule][data-rule=ANY]').tap()
  await expectText(sp.getByTestId('compose-rule-hint'), '任一接收人同意即通过，有人驳回即驳回', 'the 任一同意 explanation')

  await sp.getByTestId('compose-departments').tap()
  const deptOption = sp.locator(`[data-testid=department-option][data-department-id="${dept.id}"]`)
  await expectVisible(deptOption, `the department "${deptName}" in the picker`)
  await screenShot(sp, 'item-department-picker')
  await deptOption.tap()
  await sp.getByTestId('department-picker-done').tap()
  await expectText(sp.getByTestId('compose-picked-department'), deptName, 'the picked department on the compose page')

  // Picked through the page's own file input, as a phone's file chooser does.
  const png = await sp.screenshot({ clip: { x: 0, y: 0, width: 390, height: 240 } })
  const pngSize = [png.readUInt32BE(16), png.readUInt32BE(20)] // IHDR: width, height
  const pngFile = { name: `现场照片-${suffix}.png`, mimeType: 'image/png', buffer: png }
  await sp.getByTestId('compose-attachments').locator('input[type=file]').setInputFiles([pngFile, textFile])
  await expectVisible(sp.getByTestId('compose-attachments').locator('.van-uploader__preview').nth(1), 'two attachments on the compose page')

  await sp.getByTestId('compose-add-related').tap()
  await sp.getByTestId('relatable-list-search').locator('input').fill(relatedTitle)
  const candidate = sp.locator(`[data-testid=relatable-item][data-item-id="${earlier.id}"]`)
  await expectVisible(candidate, `"${relatedTitle}" among 张三's sent items`)
  // The search runs once typing pauses: until then the unfiltered list shows.
  const found = sp.getByTestId('relatable-item')
  for (const until = Date.now() + ACTION_TIMEOUT; (await found.count()) !== 1 && Date.now() < until; ) await sleep(200)
  if ((await found.count()) !== 1) fail(`searching "${relatedTitle}" should find one item, finds ${await found.count()}`)
  // One control per row, reachable and checked from the keyboard.
  if ((await candidate.getAttribute('role')) !== 'checkbox' || (await candidate.locator('[role=checkbox], input').count())) {
    fail('a related item\'s row should be one checkbox, with none inside it')
  }
  await candidate.focus()
  await sp.keyboard.press('Space')
  await expectVisible(candidate.and(sp.locator('[aria-checked=true]')), 'the related item checked with the Space key')
  await screenShot(sp, 'item-related-picker')
  await sp.getByTestId('related-picker-done').tap()
  await expectText(sp.locator(`[data-testid=compose-related][data-item-id="${earlier.id}"] .van-cell__title > span`), relatedTitle, 'the related item on the compose page')
  await shot(sp, 'item-compose')

  // Throttle the upload so its progress can be seen, as on a phone's network.
  const cdp = await sender.context.newCDPSession(sp)
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: 8 * 1024 })
  await sp.getByTestId('compose-submit').tap()
  const progress = sp.locator('.van-toast').filter({ hasText: /正在上传 [1-9]\d*%/ })
  await expectVisible(progress, 'the upload progress toast')
  await screenShot(sp, 'item-upload-progress', { settle: 100 }) // while the percentage shows
  const [, itemId] = await expectPath(sp, /^\/h5\/items\/([^/?#]+)$/, 'the new item page after sending')
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  await expectText(sp.getByTestId('item-title'), title, 'the sent item title')
  await expectText(sp.getByTestId('item-rule'), '任一同意', 'the rule on the item')
  await expectVisible(sp.getByTestId('action-withdraw'), '撤回 on the sender\'s new item')
  if (await sp.getByTestId('action-approve').count()) fail('the sender sees 同意 on an item they sent')
  const recipients = (await sp.getByTestId('item-recipient').allInnerTexts()).map((t) => t.split('\n')[0].trim()).sort()
  if (JSON.stringify(recipients) !== JSON.stringify([DEMO.admin.name, DEMO.approver.name].sort())) {
    fail(`the department should reach 李四 and the admin, the recipients are ${JSON.stringify(recipients)}`)
  }
  await shot(sp, 'item-sender-new')
  endStep()

  // (3) 李四 opens it from the card.
  beginStep('(3) 李四 opens the card: rich text, attachments, the related item')
  const approver = await newPhone('item-approver')
  const inbox = await approver.context.newPage()
  const card = await waitForSimCard(inbox, lisiInbox, title, '李四')
  const ap = await tapCardTo(approver, card, `/h5/items/${itemId}`, 'the item card')
  await expectText(ap.getByTestId('item-title'), title, 'the item title on 李四\'s phone')
  const body = ap.getByTestId('item-body')
  await expectText(body.locator('b, strong').first(), '本周内', 'the bold words')
  const bullets = await body.locator('ul > li').evaluateAll((lis) =>
    lis.map((li) => [li.textContent.trim(), getComputedStyle(li).listStyleType, getComputedStyle(li.parentElement).paddingLeft]),
  )
  if (bullets.length !== 2 || bullets[0][0] !== '合同金额 80 万' || bullets[1][0] !== '供应商已比价' || bullets.some(([, type, pad]) => type !== 'disc' || parseFloat(pad) <= 0)) {
    fail(`the body's list should be two bulleted items, is ${JSON.stringify(bullets)}`)
  }
  const bodyText = await body.innerText()
  if (!bodyText.includes('付款条件 <b>预付 30%</b> & 验收后结清')) fail(`the typed "<b>" and "&" should read as typed, the body says ${JSON.stringify(bodyText)}`)
  if (/&lt;|&amp;|<p>/.test(bodyText)) fail(`the body shows markup as text: ${JSON.stringify(bodyText)}`)
  if ((await body.locator('b, strong').count()) !== 1) fail('the typed "<b>" became a bold element')

  const atts = await ap.getByTestId('item-attachment').allInnerTexts()
  if (atts.length !== 2 || !atts[0].includes(pngFile.name) || !atts[1].includes(textFile.name)) fail(`the attachments should be the PNG and the text file, are ${JSON.stringify(atts)}`)
  await expectText(ap.getByTestId('related-item').locator('.van-cell__title > span'), relatedTitle, 'the related item')
  await shot(ap, 'item-approver-open')

  // The image: previewed on the page from its signed link.
  await ap.getByTestId('item-attachment').nth(0).tap()
  const preview = ap.locator('.van-image-preview img')
  await expectVisible(preview, 'the image preview')
  const size = await preview.first().evaluate(async (img) => {
    if (!img.complete) await new Promise((r) => img.addEventListener('load', r, { once: true }))
    return [img.naturalWidth, img.naturalHeight, img.currentSrc]
  })
  if (size[0] !== pngSize[0] || size[1] !== pngSize[1]) fail(`the previewed image should be the ${pngSize.join('x')} PNG, is ${size[0]}x${size[1]}`)
  if (!/\/api\/attachments\/\d+\?link=/.test(size[2])) fail(`the preview should load the signed link, loads ${size[2]}`)
  await screenShot(ap, 'item-image-preview', { settle: 800 }) // the overlay fades in
  await ap.locator('.van-image-preview__close-icon').tap()
  await expectGone(ap.locator('.van-image-preview:visible'), 'the image preview after closing')

  // The text file: the browser follows the signed link, without an Authorization header, and downloads it.
  const downloading = ap.waitForEvent('download', { timeout: ACTION_TIMEOUT })
  await ap.getByTestId('item-attachment').nth(1).tap()
  const download = await downloading
  const got = fs.readFileSync(await download.path())
  if (!got.equals(textFile.buffer)) fail(`the downloaded file should be the uploaded one, is ${JSON.stringify(got.toString())}`)
  if (download.suggestedFilename() !== textFile.name) fail(`the download should be named ${textFile.name}, is ${download.suggestedFilename()}`)
  if (!/\/api\/attachments\/\d+\?link=/.test(download.url())) fail(`the download should use the signed link, used ${download.url()}`)
  const bare = await fetch(download.url().replace(/\?.*$/, ''))
  if (bare.status !== 401) fail(`the attachment without its link should be refused, got HTTP ${bare.status}`)

  await ap.getByTestId('related-item').tap()
  await expectPath(ap, new RegExp(`^/h5/items/${earlier.id}$`), 'the related item page')
  await expectText(ap.getByTestId('item-title'), relatedTitle, 'the related item\'s title')
  await ap.getByTestId('nav-back').getByText('返回').tap()
  await expectPath(ap, new RegExp(`^/h5/items/${itemId}(\\?.*)?$`), 'back from the related item to the item')
  endStep()

  // (4) 李四 comments; 张三 is told and sees it.
  beginStep('(4) 李四 comments; 张三 gets the card and sees the comment in the history')
  await expectVisible(ap.getByTestId('action-comment'), '评论 for 李四')
  await ap.getByTestId('action-comment').tap()
  await expectVisible(ap.getByTestId('opinion-input'), 'the comment dialog')
  if ((await ap.getByRole('textbox', { name: '评论内容' }).getAttribute('data-testid')) !== 'opinion-input') fail('the comment box has no name')
  if ((await ap.getByTestId('opinion-input').getAttribute('maxlength')) !== '1000') fail('the comment should take the server\'s 1000 characters (oa.MaxOpinionRune)')
  if (!(await ap.getByTestId('opinion-confirm').isDisabled())) fail('确认评论 should wait for a comment to be written')
  await ap.getByTestId('opinion-input').fill(comment)
  await ap.getByTestId('opinion-confirm').tap()
  await expectVisible(ap.locator('.van-toast').filter({ hasText: '已评论' }), 'the 已评论 toast')
  let h = await expectHistory(ap, ['sent', 'comment'], '李四\'s history after commenting')
  if (h[1].text !== comment || !h[1].head.startsWith(`${DEMO.approver.name} 评论`)) fail(`the comment entry should be 李四's "${comment}", is ${JSON.stringify(h[1])}`)
  await expectVisible(ap.getByTestId('action-approve'), '同意 still there after commenting')
  await screenShot(ap, 'item-approver-commented', { bottom: true })

  // tapCardTo looks for a page of the phone at the item: 张三's first page there must not count.
  await sp.close()
  const zInbox = await sender.context.newPage()
  const commentCard = await waitForSimCard(zInbox, zhangInbox, comment, '张三')
  await shot(zInbox, 'item-sim-zhangsan-comment')
  const sp2 = await tapCardTo(sender, commentCard, `/h5/items/${itemId}`, 'the comment card')
  h = await expectHistory(sp2, ['sent', 'comment'], '张三\'s history')
  if (h[1].text !== comment) fail(`张三 should read 李四's comment "${comment}", reads ${JSON.stringify(h[1])}`)
  await expectGone(sp2.getByTestId('action-withdraw'), '撤回 once someone has commented')
  await screenShot(sp2, 'item-sender-sees-comment', { bottom: true })
  endStep()

  // (5) 李四 approves with an opinion.
  beginStep('(5) 李四 approves with an opinion; the history shows it after the comment')
  await ap.getByTestId('action-approve').tap()
  await ap.getByTestId('opinion-input').fill(opinion)
  await ap.getByTestId('opinion-confirm').tap()
  await expectText(ap.getByTestId('item-status'), '已同意', 'the status after 李四 approves under 任一同意')
  h = await expectHistory(ap, ['sent', 'comment', 'approved'], '李四\'s history after approving')
  if (h[2].text !== opinion || !h[2].head.startsWith(`${DEMO.approver.name} 同意`)) fail(`the approval entry should carry "${opinion}", is ${JSON.stringify(h[2])}`)
  await expectGone(ap.getByTestId('action-comment'), '评论 after the item ended')
  await screenShot(ap, 'item-approver-approved', { bottom: true })
  await sp2.reload()
  h = await expectHistory(sp2, ['sent', 'comment', 'approved'], '张三\'s history after the approval')
  if (h[2].text !== opinion) fail(`张三 should read the opinion "${opinion}", reads ${JSON.stringify(h[2])}`)
  await expectText(sp2.getByTestId('item-status'), '已同意', 'the status on 张三\'s phone')
  await screenShot(sp2, 'item-sender-history', { bottom: true })
  endStep()

  // (6) a second item, withdrawn before anyone handles it.
  beginStep('(6) 张三 sends a second item from a compose page older than its token, and withdraws it')
  const second = `E2E 撤回测试 ${suffix}`
  // The page's clock is Playwright's from here, so the compose page can be left open for 16 minutes at once.
  await sp2.clock.install()
  await sp2.goto(`${base}/h5/compose`)
  await sp2.getByTestId('compose-title').fill(second)
  const lisiRow = sp2.locator(`[data-testid=compose-recipient][data-employee-id="${lisiId}"]`)
  await expectVisible(lisiRow, '李四 in the colleagues list')
  await lisiRow.tap()
  await sp2.getByTestId('compose-attachments').locator('input[type=file]').setInputFiles([{ ...textFile, name: `附言-${suffix}.txt` }])
  await expectVisible(sp2.getByTestId('compose-attachments').locator('.van-uploader__preview'), 'the attachment on the second item')
  await sp2.clock.fastForward('16:00') // past the access token's 15 minutes
  const posts = []
  const onRequest = (req) => {
    if (req.method() !== 'POST' || !req.url().endsWith('/graphql')) return
    const multipart = (req.headers()['content-type'] ?? '').startsWith('multipart/form-data')
    posts.push(multipart ? 'upload' : (/"operationName":"(\w+)"/.exec(req.postData() ?? '')?.[1] ?? 'other'))
  }
  sp2.on('request', onRequest)
  await sp2.getByTestId('compose-submit').tap()
  const [, secondId] = await expectPath(sp2, /^\/h5\/items\/([^/?#]+)$/, 'the second item page')
  sp2.off('request', onRequest)
  const sending = posts.slice(0, posts.indexOf('upload') + 1)
  if (JSON.stringify(sending) !== JSON.stringify(['RefreshSession', 'upload'])) {
    fail(`a compose page older than its token should renew the session, then upload once; it sent ${JSON.stringify(posts)}`)
  }
  if (secondId === itemId) fail('the second item has the first one\'s id')
  await expectVisible(sp2.getByTestId('action-withdraw'), '撤回 on the unhandled item')
  await shot(sp2, 'item-sender-withdraw-offered')
  await sp2.getByTestId('action-withdraw').tap()
  const confirmDialog = sp2.locator('.van-dialog').filter({ hasText: '撤回协同？' })
  await expectVisible(confirmDialog, 'the withdraw confirmation')
  await screenShot(sp2, 'item-withdraw-confirm')
  await confirmDialog.locator('.van-dialog__confirm').tap()
  await expectText(sp2.getByTestId('item-status'), '已撤回', 'the status after withdrawing')
  await expectGone(sp2.getByTestId('action-withdraw'), '撤回 after withdrawing')
  await shot(sp2, 'item-sender-withdrawn')
  await ap.goto(`${base}/h5/items/${secondId}`)
  await expectText(ap.getByTestId('item-status'), '已撤回', 'the withdrawn status on 李四\'s phone')
  if (await ap.locator('.q-bottom-bar').count()) fail('李四 still has buttons on a withdrawn item')
  endStep()

  // (7) notices keep their bullets too.
  beginStep('(7) the 公告\'s list keeps its bullets')
  await ap.goto(`${base}/h5/notices/${notice.id}`)
  const noticeItems = ap.getByTestId('notice-body').locator('ul > li')
  await expectVisible(noticeItems, 'the notice\'s list')
  const marks = await noticeItems.evaluateAll((lis) => lis.map((li) => [li.textContent.trim(), getComputedStyle(li).listStyleType]))
  if (JSON.stringify(marks) !== JSON.stringify([['提交申请', 'disc'], ['部门审批', 'disc'], ['财务付款', 'disc']])) {
    fail(`the notice's list should show three bullets, shows ${JSON.stringify(marks)}`)
  }
  await shot(ap, 'item-notice-bullets')
  endStep()

  return `item ${itemId} composed with a department, 任一同意, 2 attachments and related ${earlier.id}; previewed, downloaded, commented, approved with history on both phones; item ${secondId} uploaded after renewing a stale token, withdrawn; notice ${notice.id} bullets`
}
