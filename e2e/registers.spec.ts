import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, verifyHeading, type Running } from './browser'

let run: Running
let page: Page
const files = mkdtempSync(join(tmpdir(), 'csp-e2e-registers-'))

beforeAll(async () => {
  run = await startApp()
  page = await (await run.browser.newContext({ timezoneId: 'Europe/London' })).newPage()
})
afterAll(() => run?.stop())

/** Fills a GOV.UK date input (three boxes) named `name`. */
async function fillDate(name: string, iso: string) {
  const [y, m, d] = iso.split('-')
  await page.locator(`#${name}-day`).fill(String(Number(d)))
  await page.locator(`#${name}-month`).fill(String(Number(m)))
  await page.locator(`#${name}-year`).fill(y!)
}

async function openRegister(name: string, heading: string | RegExp) {
  await page.goto(`${run.baseUrl}/registers`)
  await page.getByRole('link', { name, exact: true }).click()
  await verifyHeading(page, heading)
  await expectAccessible(page)
}

describe("a coordinator keeps the partnership's registers", () => {
  it('priorities: reads why Fraud was removed and what decided it, then puts a priority under review with its reason', async () => {
    await openRegister('Priorities', 'Priorities')
    expect(await page.locator('[data-qa="priorities-closed"]').textContent()).toContain('Fraud')
    await page.getByRole('link', { name: 'Fraud', exact: true }).click()
    await verifyHeading(page, 'P1: Fraud')
    expect(await page.locator('[data-qa="history"]').textContent()).toContain(
      'fraud was a national and international issue that required a much larger response',
    )
    expect(await page.locator('[data-qa="discussed-at"]').textContent()).toMatch(
      /Paragraph 3\.2[\s\S]*Decision \d+: Fraud removed from the priorities/,
    )
    await expectAccessible(page)

    await page.getByRole('link', { name: 'Back to Priorities' }).click()
    await page.getByRole('link', { name: 'Fly tipping', exact: true }).click()
    await verifyHeading(page, 'L2: Fly tipping')
    await page.getByLabel('Under review').check()
    await page.getByRole('button', { name: 'Record the status' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the date it changed')
    await expectAccessible(page)
    await page.getByLabel('Under review').check()
    await fillDate('status-date', '2026-11-02')
    await page.getByLabel('Why').fill('Council enforcement data to be checked against the partner measure')
    await page.getByRole('button', { name: 'Record the status' }).click()
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Status recorded')
    expect(await page.locator('[data-qa="status"]').textContent()).toContain('Under review, since 2 November 2026')
    expect(await page.locator('[data-qa="history"]').textContent()).toContain(
      'Active → Under review: Council enforcement data to be checked against the partner measure',
    )
    await expectAccessible(page)
  })

  it('assessments: imports a spreadsheet, shown every problem by row and column first, then all of it', async () => {
    await openRegister('Assessments', 'Assessments')
    await page.getByRole('link', { name: 'Import from CSV' }).click()
    await verifyHeading(page, 'Import from CSV')
    await expectAccessible(page)
    const bad = join(files, 'assessments-bad.csv')
    writeFileSync(
      bad,
      'ref,title,status,status_since,dueDate\nA4,Youth Justice Needs Assessment,drafting,2026-10-01,2027-03-31\nA1,Duplicate of the PSA,planned,2026-10-01\n',
    )
    await page.getByLabel('CSV file').setInputFiles(bad)
    await page.getByRole('button', { name: 'Import' }).click()
    const summary = await page.locator('.govuk-error-summary').textContent()
    expect(summary).toContain('Row 2, column status: "drafting" is not a status of this register')
    expect(summary).toContain('Row 3 has 4 fields but the header has 5')
    await expectAccessible(page)
    const good = join(files, 'assessments.csv')
    writeFileSync(
      good,
      'ref,title,status,status_since,dueDate\nA4,Youth Justice Needs Assessment,planned,2026-10-01,2027-03-31\n',
    )
    await page.getByLabel('CSV file').setInputFiles(good)
    await page.getByRole('button', { name: 'Import' }).click()
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Imported 1 entry')
    await verifyHeading(page, 'Assessments')
    expect(await page.locator('[data-qa="assessments-current"]').textContent()).toContain(
      'Youth Justice Needs Assessment',
    )
  })

  it("interventions: renames one keeping its old name, and sees the register's progress move when a status is redefined", async () => {
    await openRegister('Serious Violence Duty interventions', 'Serious Violence Duty interventions')
    expect(await page.locator('[data-qa="progress"] caption').textContent()).toContain(
      '50% along, the mean over 9 interventions',
    )
    await page.getByRole('link', { name: 'Pineapple Project', exact: true }).click()
    await page.getByLabel('New name').fill('Pineapple Project (schools)')
    await fillDate('rename-date', '2026-11-03')
    await page.getByRole('button', { name: 'Rename' }).click()
    await verifyHeading(page, 'I7: Pineapple Project (schools)')
    expect(await page.locator('[data-qa="history"]').textContent()).toContain(
      'Renamed from "Pineapple Project" to "Pineapple Project (schools)"',
    )
    await page.getByRole('link', { name: 'Back to Serious Violence Duty interventions' }).click()
    await page.getByRole('link', { name: 'Change the statuses' }).click()
    await verifyHeading(page, 'Statuses')
    await expectAccessible(page)
    await page.locator('#progress-1').fill('75')
    await page.getByRole('button', { name: 'Save' }).click()
    expect(await page.locator('[data-qa="progress"] caption').textContent()).toContain(
      '75% along, the mean over 9 interventions',
    )
    await expectAccessible(page)
  })

  it("risks: adds a risk to the DHR risk register and finds it on that register's heat map", async () => {
    await openRegister('Risk register', 'Risk register')
    await page.getByRole('link', { name: 'Domestic Homicide Reviews risk register' }).click()
    await verifyHeading(page, 'Risk register: Domestic Homicide Reviews risk register')
    await page.getByRole('button', { name: 'Add a risk' }).click()
    await page.getByLabel('Title').fill('Recommendations on national practice not escalated')
    await fillDate('statusDate', '2026-11-04')
    expect(await page.getByLabel('Risk register').inputValue()).toBe('Domestic Homicide Reviews risk register')
    await page.getByLabel('Likelihood (1–5)').fill('4')
    await page.getByLabel('Impact (1–5)').fill('5')
    await page.getByLabel('Mitigations').fill("Escalate through the Domestic Abuse Commissioner's oversight mechanism")
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Add the risk' }).click()
    await verifyHeading(page, 'R1: Recommendations on national practice not escalated')
    expect(await page.locator('[data-qa="entry"]').textContent()).toContain('20 of 25')
    await page.goto(
      `${run.baseUrl}/registers/risks?book=${encodeURIComponent('Domestic Homicide Reviews risk register')}`,
    )
    const severe = page.locator('[data-qa="heat-map"] tbody tr').first().locator('td').nth(3)
    expect(await severe.textContent()).toMatch(/20 severe\s*R1/)
    await expectAccessible(page)
  })

  it("DHRs: records a review's recommendations and learning, and reads the two-year analysis", async () => {
    // Before any account there is nobody to restrict a review to: the page says so.
    await page.goto(`${run.baseUrl}/registers/dhr/new`)
    await verifyHeading(page, 'Domestic Homicide Reviews need accounts first')
    await expectAccessible(page)
    // The first administrator, then signed in, records reviews restricted to themselves.
    const p = await run.container.services.partnership.current()
    await run.container.services.users.add(
      p.id,
      {
        email: 'dhr.coordinator@example.org',
        name: 'Dee Coordinator',
        role: 'administrator',
        password: 'a long browser passphrase',
      },
      { name: 'system:e2e' },
    )
    await page.goto(`${run.baseUrl}/sign-in`)
    await page.getByLabel('Email address').fill('dhr.coordinator@example.org')
    await page.getByLabel('Password', { exact: true }).fill('a long browser passphrase')
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await openRegister('Domestic Homicide Reviews', 'Domestic Homicide Reviews')
    await page.getByRole('button', { name: 'Record a review' }).click()
    await page.getByLabel('Case reference').fill('DHR-2025-04')
    await page.getByLabel('Title').fill('DHR 2025/04')
    await fillDate('notifiedOn', '2025-04-01')
    await page.getByRole('button', { name: 'Record the review' }).click()
    await verifyHeading(page, 'DHR-2025-04: DHR 2025/04')

    await page.getByText('Add a recommendation').click()
    await page
      .getByLabel('Recommendation', { exact: true })
      .fill('Change national guidance on sharing health records with review panels')
    await page.getByLabel('National', { exact: true }).check()
    await page.getByLabel('Delivery status').selectOption('outside_local_control')
    await fillDate('recommendations-date', '2025-10-01')
    await page.getByRole('button', { name: 'Add the recommendation' }).click()
    expect(await page.locator('[data-qa="recommendations"]').textContent()).toContain(
      'Outside local control: national practice',
    )

    await page.getByText('Record why it was held, its learning themes and impact').click()
    await page.getByLabel('Why the review was held').selectOption('intimate_partner')
    await page.getByLabel('Learning themes').fill('Coercive control\nProfessional curiosity')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    expect(await page.locator('[data-qa="about"]').textContent()).toContain('Professional curiosity')
    await expectAccessible(page)

    await page.getByRole('link', { name: 'Back to the reviews' }).click()
    await page.getByRole('link', { name: 'Analysis of the past two years' }).click()
    await verifyHeading(page, /^Analysis, /)
    expect(await page.locator('[data-qa="reasons"]').textContent()).toContain(
      'Homicide by a current or former intimate partner',
    )
    expect(await page.locator('[data-qa="themes"]').textContent()).toMatch(/Coercive control\s*1/)
    expect(await page.locator('[data-qa="outside"]').textContent()).toContain(
      'Change national guidance on sharing health records',
    )
    await expectAccessible(page)
  })
})
