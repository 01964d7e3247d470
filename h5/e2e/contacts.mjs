// The staff directory and external contacts (issue 11), on 李四's phone:
//   (1) the admin (API) makes a department with a sub-department, puts 张三 in the sub-department and gives them a
//       position, a mobile and an email (updateEmployeeProfile): the demo has neither departments nor contact details;
//   (2) 李四 opens 员工通讯录 from home, browses the department down to 张三's sub-department (the path above names
//       it; the list holds 张三 with that department and position) and back up to 全部;
//   (3) searches 张三, opens the card: name, department, position; the mobile is a tel: link and the email a
//       mailto: link matching what the API says;
//   (4) opens 外部联系人 from home: the demo has none (they arrive through WeCom's customer-contact events, and no
//       API makes one), so the empty state is shown, as the API's empty list says.
//
// Run by run.mjs (`E2E_ONLY=contacts node h5/e2e/run.mjs`) through harness.mjs.
import { DEMO, fail, beginStep, endStep, newPhone, shot, expectVisible, expectText, expectPath, gql, apiLogin, signIn } from './harness.mjs'

export async function contacts({ base }) {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`
  const parentName = `E2E 华南区 ${suffix}`
  const childName = `E2E 广州组 ${suffix}`
  const mobile = '13800138000'
  const email = `zhangsan.${suffix}@example.com`
  const position = '客户经理'

  beginStep('(1) the admin makes departments and fills in 张三 (API)')
  const admin = await apiLogin(base, DEMO.admin)
  const found = await gql(base, 'employees 张三', 'query($q: String) { employees(query: $q) { nodes { id name } } }', { q: DEMO.sender.name }, admin)
  const zs = found.employees.nodes.find((n) => n.name === DEMO.sender.name)
  if (!zs) fail(`the directory has no ${DEMO.sender.name}: ${JSON.stringify(found)}`)
  const mk = async (name, parentId) =>
    (await gql(base, `createDepartment ${name}`, 'mutation($in: CreateDepartmentInput!) { createDepartment(input: $in) { id } }', { in: { name, parentId } }, admin))
      .createDepartment.id
  const parentId = await mk(parentName, null)
  const childId = await mk(childName, parentId)
  await gql(base, 'setEmployeeDepartments', 'mutation($e: ID!, $d: [ID!]!) { setEmployeeDepartments(employeeId: $e, departmentIds: $d) { id } }', { e: zs.id, d: [childId] }, admin)
  const { updateEmployeeProfile: profile } = await gql(
    base,
    'updateEmployeeProfile',
    'mutation($e: ID!, $in: EmployeeProfileInput!) { updateEmployeeProfile(employeeId: $e, input: $in) { mobile email position } }',
    { e: zs.id, in: { mobile, email, position } },
    admin,
  )
  endStep()

  beginStep('(2) 李四 browses 员工通讯录 down to 张三\'s department and back')
  const phone = await newPhone('contacts')
  const page = await phone.context.newPage()
  await signIn(page, base, DEMO.approver)
  await page.getByTestId('entry-contacts').tap()
  await expectPath(page, /^\/h5\/contacts$/, 'the 员工通讯录 entry')
  await expectVisible(page.locator('[data-testid=list-contacts][data-loaded=true]'), 'the directory list loaded')
  const dept = (id) => page.locator(`[data-testid=contacts-department][data-department-id="${id}"]`)
  await expectVisible(dept(parentId), `the department ${parentName} at the top level`)
  await shot(page, 'contacts-top')
  await dept(parentId).tap()
  await expectVisible(dept(childId), `the sub-department ${childName}`)
  await dept(childId).tap()
  await expectText(page.getByTestId('department-trail').locator('button').last(), childName, 'the path names the department opened')
  const rows = page.getByTestId('contact-row')
  await expectText(rows.getByTestId('contact-name'), DEMO.sender.name, `${childName} lists 张三`)
  if ((await rows.count()) !== 1) fail(`${childName} should list 张三 alone, lists ${await rows.count()}`)
  await expectText(rows.getByTestId('contact-department'), childName, "张三's row names the main department")
  await expectText(rows.getByTestId('contact-position'), position, "张三's row names the position")
  await shot(page, 'contacts-department')
  await page.getByTestId('department-trail').getByRole('button', { name: '全部' }).tap()
  await expectVisible(dept(parentId), 'back at the top level')
  endStep()

  beginStep('(3) search 张三 and open the card: tel: and mailto: links')
  await page.getByTestId('list-contacts-search').locator('input').fill(DEMO.sender.name)
  await expectVisible(page.locator(`[data-testid=list-contacts][data-keyword="${DEMO.sender.name}"][data-loaded=true]`), 'the search answered')
  const names = await page.getByTestId('contact-row').getByTestId('contact-name').allInnerTexts()
  if (!names.length || names.some((n) => !n.includes(DEMO.sender.name))) fail(`searching ${DEMO.sender.name} should find only them, found ${JSON.stringify(names)}`)
  if (await page.getByTestId('contacts-department').count()) fail('a search should hide the departments')
  await shot(page, 'contacts-search')
  await page.locator(`[data-testid=contact-row][data-employee-id="${zs.id}"]`).tap()
  await expectPath(page, new RegExp(`^/h5/contacts/${zs.id}$`), "张三's card")
  await expectText(page.getByTestId('contact-card-name'), DEMO.sender.name, 'the card names 张三')
  await expectText(page.getByTestId('contact-card-position'), profile.position, 'the card shows the position')
  const deps = (await page.getByTestId('contact-card-departments').innerText()).trim()
  if (!deps.includes(childName)) fail(`the card should name ${childName}, says "${deps}"`)
  const tel = await page.getByTestId('contact-card-mobile').getAttribute('href')
  if (tel !== `tel:${profile.mobile}`) fail(`the mobile should be tel:${profile.mobile}, is ${tel}`)
  const mail = await page.getByTestId('contact-card-email').getAttribute('href')
  if (mail !== `mailto:${profile.email}`) fail(`the email should be mailto:${profile.email}, is ${mail}`)
  await shot(page, 'contacts-card')
  await page.getByTestId('nav-back').getByText('返回').tap()
  await expectPath(page, /^\/h5\/contacts$/, 'back to the directory')
  endStep()

  beginStep('(4) 外部联系人: the empty state the API\'s empty list calls for')
  const ext = await gql(base, 'externalContacts', '{ externalContacts { totalCount } }', {}, await apiLogin(base, DEMO.approver))
  await page.goto(`${base}/h5/`)
  await page.getByTestId('entry-external').tap()
  await expectPath(page, /^\/h5\/external$/, 'the 外部联系人 entry')
  // An empty list has no height: wait for it to be there, loaded.
  await page
    .locator('[data-testid=list-external][data-loaded=true]')
    .waitFor({ state: 'attached' })
    .catch(() => fail(`the external contacts did not finish loading (page ${page.url()})`))
  const shown = await page.getByTestId('external-row').count()
  if (ext.externalContacts.totalCount === 0) {
    await expectVisible(page.getByTestId('list-external-empty'), 'the empty state')
  } else if (shown === 0) {
    fail(`the API lists ${ext.externalContacts.totalCount} external contacts, the page none`)
  }
  await shot(page, 'external-list')
  await phone.context.close()
  endStep()

  return `department ${childName} browsed, 张三 found and carded (${tel}, ${mail}); external contacts: ${ext.externalContacts.totalCount} (${shown ? 'listed' : 'empty state'})`
}
