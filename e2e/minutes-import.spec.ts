// A coordinator imports old minutes from a Word file: reviews what was found, corrects a misspelt
// name, saves, and finds the actions and decisions in their logs.
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, HeadingLevel } from 'docx'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, verifyHeading, type Running } from './browser'

let run: Running
let page: Page

const row = (cells: string[], bold = false) =>
  new TableRow({
    children: cells.map(
      (c) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: c, bold })] })] }),
    ),
  })

/** Minutes as a council writes them in Word: a heading, an attendance table, typed numbers, an action line. */
async function minutesDocx(): Promise<Buffer> {
  const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] })
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            children: [new TextRun('Dorset Community Safety Partnership')],
          }),
          p('Minutes of the meeting held on 14 January 2025 at 2pm'),
          p('Venue: County Hall, Dorchester'),
          p('Present', true),
          new Table({
            rows: [
              row(['Name', 'Agency'], true),
              row(['Cllr Gill Taylor', 'Dorset Council (Chair)']),
              row(['Ian Dennes', 'Dorset Council (Community Safety, Adults and Housing)']),
              row(['Simon Hester', 'NHS Dorset']),
            ],
          }),
          p('Apologies', true),
          p('Katie Sorrell (Probation Service)'),
          p('1. Anti-social behaviour hotspots', true),
          p('1.1 Ian Dennes presented the hotspot analysis by police beat for the last quarter.'),
          p('AGREED: that the hotspots be mapped against partners’ localities each quarter.'),
          p('Action - Ian Dennes: map the hotspots against the localities by 1 March 2025'),
          p('2. Any other business', true),
          p('2.1 There was no other business.'),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}

beforeAll(async () => {
  run = await startApp()
  page = await (await run.browser.newContext()).newPage()
})
afterAll(async () => run?.stop())

describe('a coordinator imports old minutes', () => {
  const title = 'uploads a Word file, corrects a name on the review page, saves, and finds its actions and decisions'
  it(title, async () => {
    await page.goto(`${run.baseUrl}/meetings`)
    await page.getByRole('button', { name: 'Import old minutes' }).click()
    await verifyHeading(page, 'Import old minutes')
    await expectAccessible(page)
    await page.getByLabel('Files of minutes').setInputFiles({
      name: 'csp-minutes-2025-01-14.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await minutesDocx(),
    })
    await page.getByRole('button', { name: 'Read the minutes' }).click()
    await verifyHeading(page, 'Review csp-minutes-2025-01-14.docx')
    expect(await page.getByLabel('Date (YYYY-MM-DD)').inputValue()).toBe('2025-01-14')
    expect(await page.getByLabel('Time').inputValue()).toBe('14:00')
    expect(await page.getByLabel('Venue or platform').inputValue()).toBe('County Hall, Dorchester')
    const people = page.locator('[data-qa="found-people"]')
    expect(await people.textContent()).toMatch(/Ian Dennes[^]*New person/)
    expect(await page.getByLabel('Title of item 1').inputValue()).toBe('Anti-social behaviour hotspots')
    expect(await page.locator('[data-qa="source"]').textContent()).toContain(
      'Ian Dennes presented the hotspot analysis',
    )
    await expectAccessible(page)

    // The misspelt name corrected: it is matched to the person held.
    // An item's title made fuller too.
    await page.getByLabel('Name: Ian Dennes').fill('Ian Denness')
    await page.getByLabel('Title of item 1').fill('Anti-social behaviour hotspots by beat')
    await page.getByRole('button', { name: 'Save corrections' }).click()
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Saved your corrections')
    expect(await people.textContent()).not.toContain('New person')
    expect(await page.getByLabel('Owners of action 1').inputValue()).toBe('Ian Denness')
    expect(await page.getByLabel('What action 1 asks for').inputValue()).toMatch(/^map the hotspots/)
    expect(await page.getByLabel('Title of item 1').inputValue()).toBe('Anti-social behaviour hotspots by beat')

    // Someone the import missed, and an item whose heading it missed, added from the file.
    await page.getByText('Add people the import missed').click()
    await page.getByLabel('People, one per line').fill('Jo Bloggs (Dorset Police)')
    await page.getByText('Add an item the import missed').click()
    await page.getByLabel('Title', { exact: true }).fill('Hotspot mapping')
    await page.getByLabel('Where it starts').fill('Nowhere in the file')
    await page.getByRole('button', { name: 'Save corrections' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('No line of the minutes starts with')
    expect(await page.getByLabel('People, one per line').inputValue()).toBe('Jo Bloggs (Dorset Police)')
    await expectAccessible(page)
    await page.getByLabel('Where it starts').fill('AGREED: that the hotspots')
    await page.getByRole('button', { name: 'Save corrections' }).click()
    expect(await people.textContent()).toMatch(/Jo Bloggs[^]*Dorset Police[^]*New person/)
    expect(await page.getByLabel('Title of item 2').inputValue()).toBe('Hotspot mapping')
    expect(await page.getByLabel('Title of item 3').inputValue()).toBe('Any other business')
    await page.getByLabel('Add them, and their agencies, to the partnership').check()

    await page.getByRole('button', { name: 'Save as approved minutes' }).click()
    await verifyHeading(page, /14 January 2025/)
    expect(await page.locator('main').textContent()).toMatch(
      /Anti-social behaviour hotspots by beat[^]*Hotspot mapping/,
    )
    expect(await page.locator('main').textContent()).toContain('Jo Bloggs')
    expect(await page.locator('[data-qa="imported-from"]').textContent()).toContain(
      'Imported from csp-minutes-2025-01-14.docx',
    )
    await expectAccessible(page)

    await page.goto(`${run.baseUrl}/actions?status=all`)
    expect(await page.locator('main').textContent()).toMatch(
      /Map the hotspots against the localities by 1 March 2025[^]*Ian Denness/,
    )
    await page.goto(`${run.baseUrl}/decisions`)
    expect(await page.locator('main').textContent()).toContain(
      'that the hotspots be mapped against partners’ localities each quarter',
    )
    await expectAccessible(page)
  })
})
