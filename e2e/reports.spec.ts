import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, verifyHeading, type Running } from './browser'

let run: Running
let page: Page
let reportUrl = ''

beforeAll(async () => {
  run = await startApp()
  page = await (await run.browser.newContext({ acceptDownloads: true })).newPage()
})
afterAll(() => run?.stop())

describe('an analyst prepares the quarterly report for the board', () => {
  it('builds the quarterly partnership report from the Evidence pages, following its progress', async () => {
    await page.goto(run.baseUrl)
    await page.getByRole('link', { name: 'Evidence', exact: true }).click()
    await page.getByRole('link', { name: 'Board reports', exact: true }).first().click()
    await verifyHeading(page, 'Board reports')
    await expectAccessible(page)
    await page.getByLabel('Quarterly partnership report (the board)').check()
    await page.getByLabel('Period').fill('2025-Q1')
    await page.getByLabel('Public version').check()
    await page.getByRole('button', { name: 'Build the report' }).click()
    // The progress page moves on by itself once the report is built.
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/, { timeout: 60000 })
    await verifyHeading(page, 'Quarterly partnership report: January to March 2025')
    reportUrl = page.url()
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('(version 1, a draft)')
    // The hotspot maps draw, with their scale bar and attribution, from the stored snapshot.
    const map = page.locator('figure.csp-report-map svg').first()
    expect(await map.getAttribute('aria-labelledby')).toBe('map-asb-title map-asb-desc')
    expect(await map.locator('text').allTextContents()).toContain(
      'Boundaries: police.uk and ONS. Crime: police.uk. Open Government Licence v3.0.',
    )
    await expectAccessible(page)
  })

  it('edits a headline, keeping the drafted wording beside it', async () => {
    const box = page.getByLabel('Headline 1', { exact: true })
    const drafted = (await box.inputValue()).trim()
    expect(drafted.length).toBeGreaterThan(20)
    await box.fill(
      'Anti-social behaviour in January to March 2025 was within normal variation (edited by the analyst).',
    )
    await page.getByRole('button', { name: 'Save headline 1' }).click()
    await verifyHeading(page, 'Quarterly partnership report: January to March 2025')
    expect(await page.getByLabel('Headline 1', { exact: true }).inputValue()).toBe(
      'Anti-social behaviour in January to March 2025 was within normal variation (edited by the analyst).',
    )
    expect(await page.locator('#text-' + (await headlineId(page)) + '-hint').textContent()).toContain(
      `Drafted: ${drafted.slice(0, 40)}`,
    )
    // The report's own text carries the edited bullet.
    expect(await page.locator('.csp-report').textContent()).toContain('(edited by the analyst)')
    await expectAccessible(page)
  })

  it('issues the report, which locks it, and attaches it to the next meeting as its paper', async () => {
    await page.getByRole('button', { name: 'Issue the report' }).click()
    expect(await page.locator('[data-qa="report-status"]').textContent()).toContain('Issued')
    expect(await page.getByLabel('Headline 1', { exact: true }).count()).toBe(0)
    const select = page.getByLabel('Attach it to an agenda item as its paper')
    const option = (await select.locator('option').allTextContents()).find((t) =>
      /13 March 2025: No \d+\. Performance Measures/.test(t),
    )!
    expect(option).toBeTruthy()
    // The meetings still to come are listed first.
    expect((await select.locator('option').allTextContents())[1]).toContain('13 March 2025')
    await select.selectOption({ label: option })
    await page.getByRole('button', { name: 'Attach' }).click()
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Attached to the agenda item')
    await expectAccessible(page)
  })

  it('downloads the PDF: tagged, with bookmarks, holding the edited headline', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^PDF/ }).click(),
    ])
    const pdf = readFileSync(await download.path())
    expect(execFileSync('pdfinfo', ['-'], { input: pdf }).toString()).toMatch(/Tagged:\s+yes/)
    expect(pdf.toString('latin1')).toContain('/Outlines')
    expect(execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString().replace(/\s+/g, ' ')).toContain(
      '(edited by the analyst)',
    )
  })

  it('finds the report on the agenda item of the meeting, and the forward plan says its promise is kept', async () => {
    await page.getByRole('link', { name: 'Meetings', exact: true }).click()
    await page.getByRole('link', { name: /Community Safety Partnership\s*, 13 March 2025/ }).click()
    await verifyHeading(page, 'Community Safety Partnership: 13 March 2025')
    const paper = page.locator('[data-qa="papers"]')
    expect(await paper.count()).toBe(1)
    expect(await paper.textContent()).toContain(
      'Paper: Quarterly partnership report: January to March 2025 (version 1)',
    )
    expect(await paper.locator('xpath=preceding::h3[starts-with(@id, "item-")][1]').textContent()).toContain(
      'Performance Measures',
    )
    await expectAccessible(page)
    await paper.getByRole('link').click()
    expect(page.url()).toBe(reportUrl)
    await page.getByRole('link', { name: 'Forward plan', exact: true }).first().click()
    await verifyHeading(page, 'Forward plan')
    expect(await page.locator('[data-qa="promised-report"]').textContent()).toContain(
      'Quarterly partnership report – issued and attached to the agenda.',
    )
    await expectAccessible(page)
  })
})

/** The first headline's id, from its form's address. */
async function headlineId(page: Page): Promise<string> {
  const action = await page.locator('form[action*="/headlines/"]').first().getAttribute('action')
  return action!.split('/').pop()!
}
