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
  page = await (await run.browser.newContext()).newPage()
})
afterAll(() => run?.stop())

async function signIn(email: string, password: string) {
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
