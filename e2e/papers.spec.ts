import { execFileSync } from 'node:child_process'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, verifyHeading, type Running } from './browser'
import { close, listen, smtpServer, type Received } from '../src/modules/notify/test-smtp'
import { samplePdf } from '../src/modules/governance/papers/test-pdf'

let run: Running
let page: Page
let meetingUrl = ''
const received: Received[] = []
const smtp = smtpServer(received)
const pdf = samplePdf
const pdfText = (b: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: b }).toString().replace(/\s+/g, ' ')

async function signIn(on: Page, email: string, password: string) {
  await on.getByLabel('Email address').fill(email)
  await on.getByLabel('Password', { exact: true }).fill(password)
  await Promise.all([on.waitForURL(/./), on.getByRole('button', { name: 'Sign in' }).click()])
}

beforeAll(async () => {
  const port = await listen(smtp)
  run = await startApp({ env: { CSP_SMTP_URL: `smtp://127.0.0.1:${port}`, CSP_MAIL_FROM: 'CSP <csp@example.org>' } })
  const p = await run.container.services.partnership.current()
  const users = run.container.services.users
  await users.add(
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
  await users.add(
    p.id,
    {
      email: 'ian@example.org',
      name: 'Ian Denness',
      role: 'member',
      person: 'Ian Denness',
      password: 'ian browser passphrase',
    },
    { name: 'system:e2e' },
  )
  page = await (await run.browser.newContext({ acceptDownloads: true })).newPage()
})
afterAll(async () => {
  await run?.stop()
  await close(smtp)
})

describe('a coordinator sends out the agenda and papers', () => {
  it('attaches two PDF papers to the next meeting, one not for publication', async () => {
    await page.goto(`${run.baseUrl}/meetings`)
    await signIn(page, 'di@example.org', 'di browser passphrase')
    await page.getByRole('link', { name: /Community Safety Partnership\s*, 13 March 2025/ }).click()
    await verifyHeading(page, 'Community Safety Partnership: 13 March 2025')
    meetingUrl = page.url()
    const add = async (n: number, title: string, file: Buffer, exempt?: string) => {
      await page.getByRole('link', { name: `Add a paper to item ${n}` }).click()
      await verifyHeading(page, `Add a paper to item ${n}`)
      await page.getByLabel('Title of the paper').fill(title)
      await page.getByLabel('File').setInputFiles({ name: `${title}.pdf`, mimeType: 'application/pdf', buffer: file })
      if (exempt) {
        await page.getByRole('checkbox', { name: 'Not for publication' }).check()
        await page.getByLabel('Why it is not for publication').fill(exempt)
      }
      await page.getByRole('button', { name: 'Add the paper' }).click()
      expect(await page.locator('.govuk-notification-banner').textContent()).toContain(`Added the paper “${title}”`)
    }
    // A mistake is shown at its field, with what was typed kept.
    await page.getByRole('link', { name: 'Add a paper to item 3' }).click()
    await page.getByLabel('Title of the paper').fill('DHR risk register')
    await page.getByRole('checkbox', { name: 'Not for publication' }).check()
    await page.getByRole('button', { name: 'Add the paper' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Choose the paper’s file')
    expect(await page.locator('#file-error').textContent()).toContain('Choose the paper’s file')
    expect(await page.getByLabel('Title of the paper').inputValue()).toBe('DHR risk register')
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Back to the meeting' }).click()
    await add(2, 'ASB impact update', await pdf('Public ASB paper', 2))
    await add(
      3,
      'DHR risk register',
      await pdf('Confidential DHR paper', 3),
      'Local Government Act 1972, Schedule 12A, paragraph 2',
    )
    const listed = await page.locator('[data-qa="item-papers"]').allTextContents()
    expect(listed.join(' ')).toContain('ASB impact update (PDF, 2 pages)')
    expect(listed.join(' ')).toMatch(
      /DHR risk register \(PDF, 3 pages\)\s*Not for publication\s*Local Government Act 1972/,
    )
    await expectAccessible(page)
  })

  it('publishes the agenda, and each member is emailed the link', async () => {
    await page.getByRole('button', { name: 'Publish the agenda and papers' }).click()
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'Published the agenda: 2 members will be emailed',
    )
    for (let i = 0; i < 100 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 100))
    expect(received.flatMap((m) => m.to).sort()).toEqual(['di@example.org', 'ian@example.org'])
    const ian = received.find((m) => m.to.includes('ian@example.org'))!.data.replace(/=\r?\n/g, '')
    expect(ian).toContain('Subject: Agenda and papers: Community Safety Partnership, 13 March 2025')
    expect(ian).toContain(`${new URL(meetingUrl).pathname}`)
    expect(await page.locator('[data-qa="agenda-published"]').textContent()).toContain('published to the members')
    await expectAccessible(page)
  })

  it('gives a partner the pack with both papers, numbered through, and the public only the public paper', async () => {
    const member = await (await run.browser.newContext({ acceptDownloads: true })).newPage()
    await member.goto(meetingUrl)
    await signIn(member, 'ian@example.org', 'ian browser passphrase')
    await verifyHeading(member, 'Community Safety Partnership: 13 March 2025')
    const [download] = await Promise.all([
      member.waitForEvent('download'),
      member.getByRole('button', { name: 'Agenda pack (PDF)' }).click(),
    ])
    const { readFileSync } = await import('node:fs')
    const pack = readFileSync(await download.path())
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: pack }).toString())![1])
    const text = pdfText(pack)
    expect(text).toContain('Public ASB paper, page 2')
    expect(text).toContain('Confidential DHR paper, page 3')
    expect(text).toContain(`Page ${pages} of ${pages}`)

    const visitor = await (await run.browser.newContext()).newPage()
    await visitor.goto(`${run.baseUrl}/published`)
    await visitor.getByRole('link', { name: /13 March 2025/ }).click()
    expect(await visitor.locator('h1').textContent()).toContain('13 March 2025')
    expect(await visitor.locator('main').textContent()).toContain('ASB impact update')
    expect(await visitor.locator('main').textContent()).not.toContain('DHR risk register')
    await expectAccessible(visitor)
    const published = await visitor.request.get(
      `${run.baseUrl}${new URL(meetingUrl).pathname.replace('/meetings/', '/published/')}/pack.pdf`,
    )
    expect(published.status()).toBe(200)
    const open = pdfText(await published.body())
    expect(open).toContain('Public ASB paper, page 1')
    expect(open).not.toContain('Confidential DHR paper')
  })
})
