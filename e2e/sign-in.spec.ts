import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, verifyHeading, type Running } from './browser'

let run: Running
let page: Page

beforeAll(async () => {
  run = await startApp()
  const p = await run.container.services.partnership.current()
  await run.container.services.users.add(
    p.id,
    { email: 'chair@example.org', name: 'Cllr Chair', role: 'administrator', password: 'a long browser passphrase' },
    { name: 'system:e2e' },
  )
  await run.container.services.users.add(
    p.id,
    { email: 'viewer@example.org', name: 'A Viewer', role: 'viewer', password: 'viewer browser passphrase' },
    { name: 'system:e2e' },
  )
  await run.container.services.users.add(
    p.id,
    {
      email: 'di@example.org',
      name: 'Di Evans',
      role: 'coordinator',
      person: 'Di Evans',
      password: 'di browser passphrase',
    },
    { name: 'system:e2e' },
  )
  await run.container.services.users.add(
    p.id,
    { email: 'sam@example.org', name: 'Sam Other', role: 'coordinator', password: 'sam browser passphrase' },
    { name: 'system:e2e' },
  )
  page = await (await run.browser.newContext()).newPage()
})
afterAll(() => run?.stop())

async function signIn(email: string, password: string, on: Page = page) {
  const page = on
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await Promise.all([page.waitForURL(/./), page.getByRole('button', { name: 'Sign in' }).click()])
}

describe('signing in', () => {
  it('sends a visitor to sign in, refuses a wrong password in the error summary, then returns them where they were going', async () => {
    await page.goto(`${run.baseUrl}/decisions`)
    await verifyHeading(page, 'Sign in')
    await expectAccessible(page)
    await signIn('chair@example.org', 'not my passphrase')
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'The email address or password is not right',
    )
    await expectAccessible(page)
    await signIn('chair@example.org', 'a long browser passphrase')
    expect(new URL(page.url()).pathname).toBe('/decisions')
    expect(await page.locator('.govuk-phase-banner').textContent()).toContain('Signed in as Cllr Chair (administrator)')
    await expectAccessible(page)
    await Promise.all([page.waitForURL(/sign-in/), page.getByRole('button', { name: 'Sign out' }).click()])
    await verifyHeading(page, 'Sign in')
  })

  it('locks the account after five wrong passwords and says until when', async () => {
    for (let i = 0; i < 5; i++) await signIn('viewer@example.org', `wrong guess ${i}`)
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/locked until \d{2}:\d{2}/)
    await signIn('viewer@example.org', 'viewer browser passphrase')
    expect(await page.locator('.govuk-error-summary').textContent()).toMatch(/locked until/)
    await expectAccessible(page)
  })
})

describe('a restricted DHR paragraph', () => {
  const words = 'analysis of domestic homicide reviews over the past two years'
  it('is seen by the people named on it and by nobody else, not even at its own address', async () => {
    const all = await run.container.services.meetings.list((await run.container.services.partnership.current()).id)
    const reference = all.find((m) => m.date === null)!
    const doc = await run.container.services.minutes.document(reference.id)
    const p72 = doc.items.find((i) => i.number === 7)!.paragraphs.find((p) => p.seq === 2)!

    // Di, who presents DHRs, restricts 7.2 to herself.
    const di = await (await run.browser.newContext()).newPage()
    await di.goto(`${run.baseUrl}/meetings/${reference.id}`)
    await signIn('di@example.org', 'di browser passphrase', di)
    expect(await di.locator('[data-qa="paragraph-7.2"]').textContent()).toContain(words)
    await Promise.all([
      di.waitForURL(/\/access\/paragraph\//),
      di.getByRole('link', { name: 'Who can see this paragraph 7.2' }).click(),
    ])
    await verifyHeading(di, 'Who can see paragraph 7.2')
    await di.getByLabel('Restricted: only the people named').check()
    expect(await di.getByLabel('Di Evans (di@example.org)').isVisible()).toBe(true)
    await expectAccessible(di)
    await Promise.all([
      di.waitForURL(/\/meetings\/[^/]+#p-7-2$/),
      di.getByRole('button', { name: 'Save who can see it' }).click(),
    ])
    expect(await di.locator('.govuk-notification-banner').textContent()).toContain('Paragraph 7.2: restricted')
    const mine = await di.locator('[data-qa="paragraph-7.2"]').textContent()
    expect(mine).toContain(words)
    expect(mine).toContain('Seen only by Di Evans')
    await expectAccessible(di)

    // Sam, another coordinator, finds no trace of it: not the text, not the number, not its address.
    const sam = await (await run.browser.newContext()).newPage()
    await sam.goto(`${run.baseUrl}/meetings/${reference.id}`)
    await signIn('sam@example.org', 'sam browser passphrase', sam)
    expect(await sam.locator('main').textContent()).not.toContain(words)
    expect(await sam.locator('[data-qa="paragraph-7.2"]').count()).toBe(0)
    expect(await sam.locator('[data-qa="paragraph-7.3"]').count()).toBe(1)
    const res = await sam.goto(`${run.baseUrl}/meetings/${reference.id}/paragraphs/${p72.id}/edit`)
    expect(res?.status()).toBe(404)
    await verifyHeading(sam, 'Page not found')
    await expectAccessible(sam)

    // Di's looks are in the audit trail; Sam's attempt left nothing to see.
    const views = await run.container.database.db
      .selectFrom('audit_event')
      .select('actor')
      .where('action', '=', 'restricted.view')
      .where('subject_id', '=', p72.id)
      .execute()
    expect(views.length).toBeGreaterThan(0)
    expect(new Set(views.map((v) => v.actor))).toEqual(new Set(['di@example.org']))
  })
})

describe('the DHR register', () => {
  it('records a review, moves it on with its dates, links it to the minutes, and keeps it from anyone not named', async () => {
    const di = await (await run.browser.newContext()).newPage()
    await di.goto(`${run.baseUrl}/registers`)
    await signIn('di@example.org', 'di browser passphrase', di)
    await Promise.all([
      di.waitForURL(/\/registers\/dhr$/),
      di.getByRole('link', { name: 'Domestic Homicide Reviews', exact: true }).click(),
    ])
    await expectAccessible(di)
    await Promise.all([
      di.waitForURL(/\/registers\/dhr\/new$/),
      di.getByRole('button', { name: 'Record a review' }).click(),
    ])
    await verifyHeading(di, 'Record a Domestic Homicide Review')
    await di.getByLabel('Case reference').fill('DHR-2024-07')
    await di.getByLabel('Title').fill('DHR 2024/07')
    await di.getByRole('group', { name: 'Date the partnership was notified' }).getByLabel('Day').fill('3')
    await di.getByRole('group', { name: 'Date the partnership was notified' }).getByLabel('Month').fill('9')
    await di.getByRole('group', { name: 'Date the partnership was notified' }).getByLabel('Year').fill('2024')
    // Restricted, always: no choice of who can see it, only who is named.
    expect(await di.getByRole('radio').count()).toBe(0)
    expect(await di.getByRole('group', { name: 'People who may see it' }).count()).toBe(1)
    await expectAccessible(di)
    await Promise.all([
      di.waitForURL(/\/registers\/dhr\/[0-9a-f-]{36}$/),
      di.getByRole('button', { name: 'Record the review' }).click(),
    ])
    await verifyHeading(di, 'DHR-2024-07: DHR 2024/07')
    expect(await di.locator('[data-qa="clock"]').textContent()).toMatch(/Due 3 October 2024\s*Overdue by/)
    // The decision to hold a review, a week after the notification.
    await di.getByLabel('Review ongoing').check()
    const stage = di.locator('form[action$="/stage"]')
    await stage.getByLabel('Day').fill('10')
    await stage.getByLabel('Month').fill('9')
    await stage.getByLabel('Year').fill('2024')
    await stage.getByLabel('Reason or note (optional)').fill('Criteria met')
    await Promise.all([
      di.waitForURL(/\/registers\/dhr\/[0-9a-f-]{36}$/),
      di.getByRole('button', { name: 'Record the stage' }).click(),
    ])
    expect(await di.locator('[data-qa="stage"]').textContent()).toContain('Review ongoing, since 10 September 2024')
    expect(await di.locator('[data-qa="clock"]').textContent()).toContain('Done 10 September 2024 (due 3 October 2024)')
    await di.getByText('Link to the minutes, an action or a decision').click()
    await di
      .getByLabel('Paragraph of the minutes that discussed it')
      .selectOption({ label: (await di.locator('option', { hasText: /^7\.1 / }).textContent())!.trim() })
    await Promise.all([
      di.waitForURL(/\/registers\/dhr\/[0-9a-f-]{36}$/),
      di.getByRole('button', { name: 'Link to the minutes' }).click(),
    ])
    expect(await di.locator('[data-qa="discussed-at"]').textContent()).toContain(
      'Paragraph 7.1, Domestic Homicide Reviews (DHR) Update',
    )
    expect(await di.locator('[data-qa="history"]').textContent()).toContain(
      'Notification received → Review ongoing: Criteria met',
    )
    await expectAccessible(di)
    const address = di.url()

    const sam = await (await run.browser.newContext()).newPage()
    await sam.goto(`${run.baseUrl}/registers/dhr`)
    await signIn('sam@example.org', 'sam browser passphrase', sam)
    expect(await sam.locator('main').textContent()).not.toContain('DHR-2024-07')
    expect((await sam.goto(address))?.status()).toBe(404)
  })
})
