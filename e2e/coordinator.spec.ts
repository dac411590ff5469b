import { readFileSync } from 'node:fs'
import JSZip from 'jszip'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, verifyHeading, type Running } from './browser'

let run: Running
let page: Page

beforeAll(async () => {
  run = await startApp()
  const context = await run.browser.newContext({ acceptDownloads: true, timezoneId: 'Europe/London' })
  page = await context.newPage()
})
afterAll(() => run?.stop())

describe('a coordinator runs the meeting cycle on the demo partnership', () => {
  it('opens the partnership home page', async () => {
    await page.goto(run.baseUrl)
    await verifyHeading(page, 'Dorset Community Safety Partnership')
    await expectAccessible(page)
  })

  it('opens the reference meeting and reads the attendance, apologies and quorum', async () => {
    await page.getByRole('link', { name: 'Meetings', exact: true }).click()
    await verifyHeading(page, 'Meetings')
    await expectAccessible(page)
    await page.getByRole('link', { name: /Community Safety Partnership\s*, Date not recorded/ }).click()
    await verifyHeading(page, /Community Safety Partnership: Date not recorded/)
    await expect.poll(() => page.locator('[data-qa="attendance-core"] tbody tr').count()).toBe(5)
    expect(await page.locator('[data-qa="attendance-attendee"] tbody tr').count()).toBe(3)
    expect(await page.locator('[data-qa="attendance-support"] tbody tr').count()).toBe(11)
    expect(await page.locator('[data-qa="attendance-core"] tbody tr').first().textContent()).toContain(
      'Dorset Council (Chair)',
    )
    const apologies = await page.locator('[data-qa="apologies"] li').allTextContents()
    expect(apologies.map((s) => s.trim().split(' (')[0])).toEqual([
      'Sunita Khattra-Hall',
      'Stewart Dipple',
      'Rachel Young',
    ])
    expect(await page.locator('[data-qa="quorum"]').textContent()).toContain('Quorate')
    expect(await page.locator('[data-qa="paragraph-2.1"]').textContent()).toContain('Action - Ian Denness')
    await expectAccessible(page)
  })

  it('marks an action done with an update, after correcting a mistake', async () => {
    await page.getByRole('link', { name: 'Actions', exact: true }).click()
    await verifyHeading(page, 'Actions')
    await expectAccessible(page)
    await page.getByRole('link', { name: /Monthly operational performance reports/ }).click()
    await verifyHeading(page, /Monthly operational performance reports/)
    await expectAccessible(page)

    await page.getByLabel('Done').check()
    await page.getByRole('button', { name: 'Save update' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter what has happened')
    expect(await page.title()).toMatch(/^Error: /)
    await expectAccessible(page)

    await page.getByLabel('Done').check()
    await page
      .getByLabel('What has happened')
      .fill('Monthly reports go to the operational group; the quarterly update is on the March agenda.')
    await page.getByRole('button', { name: 'Save update' }).click()
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('updated: done')
    expect(await page.locator('[data-qa="action-status"]').textContent()).toBe('Done')
    expect(await page.locator('[data-qa="updates"]').textContent()).toContain(
      'the quarterly update is on the March agenda',
    )
    await expectAccessible(page)
  })

  it("generates the next meeting's agenda and sees matters arising by original paragraph number", async () => {
    await page.getByRole('link', { name: 'Meetings', exact: true }).click()
    await page.getByRole('link', { name: /Community Safety Partnership\s*, 13 March 2025/ }).click()
    await verifyHeading(page, 'Community Safety Partnership: 13 March 2025')
    await page.locator('[data-qa="generate-agenda"]').click()
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      '3 open actions under matters arising',
    )
    expect(await page.locator('#item-1').textContent()).toContain(
      'No 1. Minutes of the previous meeting and Matters Arising',
    )
    const mattersArising = await Promise.all(
      ['1.1', '1.2', '1.3'].map((n) => page.locator(`[data-qa="paragraph-${n}"]`).innerText()),
    )
    expect(mattersArising[0]).toMatch(
      /^1\.1\s+1\.1\s*Managing individuals who have a disproportionately high impact on anti-social behaviour\./,
    )
    expect(mattersArising[1]).toMatch(/^1\.2\s+1\.2\s*Domestic Homicide Reviews Risk Register\./)
    expect(mattersArising[2]).toMatch(/^1\.3\s+2\.1\s*Identify ASB and violent crime hotspots/)
    expect(await page.locator('[data-qa="paragraph-1.4"]').count()).toBe(0)
    expect(await page.locator('#items').locator('..').textContent()).not.toContain(
      'Monthly operational performance reports and quarterly updates to the Community',
    )
    await expectAccessible(page)
  })

  it('downloads the agenda as DOCX and the meeting as .ics', async () => {
    const [docx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-qa="download-docx"]').click()])
    expect(docx.suggestedFilename()).toBe('csp-2025-03-13-agenda.docx')
    const zip = await JSZip.loadAsync(readFileSync(await docx.path()))
    const xml = await zip.file('word/document.xml')!.async('string')
    expect(xml).toContain('No 1. Minutes of the previous meeting and Matters Arising')
    expect(xml).toContain('Action - John Newcombe / Andy Frost')

    const [ics] = await Promise.all([page.waitForEvent('download'), page.locator('[data-qa="download-ics"]').click()])
    expect(ics.suggestedFilename()).toBe('csp-meeting-2025-03-13.ics')
    const text = readFileSync(await ics.path(), 'utf8')
    expect(text).toContain('BEGIN:VCALENDAR')
    expect(text).toContain('DTSTART;TZID=Europe/London:20250313T140000')
    expect(text).toContain('LOCATION:Online: Microsoft Teams')
  })

  it("reads the decisions log, the forward plan and a person's history", async () => {
    await page.getByRole('link', { name: 'Decisions', exact: true }).click()
    await verifyHeading(page, 'Decisions log')
    expect(await page.locator('[data-qa="decisions"]').textContent()).toContain('Fraud removed from the priorities')
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Forward plan', exact: true }).click()
    await verifyHeading(page, 'Forward plan')
    await expectAccessible(page)
    await page.getByRole('link', { name: 'People', exact: true }).click()
    await verifyHeading(page, 'People and agencies')
    expect(await page.locator('[data-qa="people"]').textContent()).toContain('Di Evans')
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Diane Evans' }).click()
    await verifyHeading(page, 'Diane Evans')
    await expectAccessible(page)
  })

  it('schedules a meeting through the form, errors first', async () => {
    await page.goto(`${run.baseUrl}/meetings/new`)
    await verifyHeading(page, 'Schedule a meeting')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Save' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the date of the meeting')
    await expectAccessible(page)
    await page.getByLabel('Day').fill('12')
    await page.getByLabel('Month').fill('6')
    await page.getByLabel('Year').fill('2025')
    await page.getByLabel('Start time').fill('10am')
    await page.getByRole('button', { name: 'Save' }).click()
    await verifyHeading(page, 'Community Safety Partnership: 12 June 2025')
    await expectAccessible(page)
  })
})
