import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, verifyHeading, type Running } from './browser'

let run: Running
let page: Page

beforeAll(async () => {
  run = await startApp()
  const p = await run.container.services.partnership.current()
  await run.container.services.users.add(p.id, { email: 'chair@example.org', name: 'Cllr Chair', role: 'administrator', password: 'a long browser passphrase' }, { name: 'system:e2e' })
  await run.container.services.users.add(p.id, { email: 'viewer@example.org', name: 'A Viewer', role: 'viewer', password: 'viewer browser passphrase' }, { name: 'system:e2e' })
  await run.container.services.users.add(p.id, { email: 'di@example.org', name: 'Di Evans', role: 'coordinator', person: 'Di Evans', password: 'di browser passphrase' }, { name: 'system:e2e' })
  await run.container.services.users.add(p.id, { email: 'sam@example.org', name: 'Sam Other', role: 'coordinator', password: 'sam browser passphrase' }, { name: 'system:e2e' })
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
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('The email address or password is not right')
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
    await Promise.all([di.waitForURL(/\/access\/paragraph\//), di.getByRole('link', { name: 'Who can see this paragraph 7.2' }).click()])
    await verifyHeading(di, 'Who can see paragraph 7.2')
    await di.getByLabel('Restricted: only the people named').check()
    expect(await di.getByLabel('Di Evans (di@example.org)').isVisible()).toBe(true)
    await expectAccessible(di)
    await Promise.all([di.waitForURL(/\/meetings\/[^/]+#p-7-2$/), di.getByRole('button', { name: 'Save who can see it' }).click()])
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
    const views = await run.container.database.db.selectFrom('audit_event').select('actor').where('action', '=', 'restricted.view').where('subject_id', '=', p72.id).execute()
    expect(views.length).toBeGreaterThan(0)
    expect(new Set(views.map((v) => v.actor))).toEqual(new Set(['di@example.org']))
  })
})
