import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, verifyHeading, type Running } from './browser'

let run: Running
let page: Page

beforeAll(async () => {
  run = await startApp({ demo: false })
  page = await (await run.browser.newContext()).newPage()
})
afterAll(() => run?.stop())

describe('a coordinator at Arun sets up their partnership on an empty csp-hub', () => {
  it('is met by set-up, not an error, at the home page', async () => {
    await page.goto(run.baseUrl)
    expect(new URL(page.url()).pathname).toBe('/setup')
    await verifyHeading(page, 'Set up your partnership')
    // Nothing to navigate to yet: no section links.
    expect(await page.getByRole('link', { name: 'Meetings', exact: true }).count()).toBe(0)
    expect(await page.getByRole('link', { name: /calendar/ }).count()).toBe(0)
    await expectAccessible(page)
  })

  it('finds the partnership on the ONS list by typing part of its name, after being told what was missing', async () => {
    await page.getByRole('button', { name: 'Start now' }).click()
    await verifyHeading(page, 'Which partnership is this?')
    await page.getByRole('button', { name: 'Search the ONS list' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain("Enter part of your partnership's name")
    await expectAccessible(page)
    await page.getByLabel('Which partnership is this?').fill('arun')
    await page.getByRole('button', { name: 'Search the ONS list' }).click()
    await verifyHeading(page, 'Partnerships matching “arun”')
    await page.getByRole('button', { name: 'Continue' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select your partnership')
    await expectAccessible(page)
    await page.getByLabel('Arun', { exact: true }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
  })

  it('confirms the name as the minutes write it', async () => {
    await verifyHeading(page, 'What is the partnership called?')
    expect(await page.getByLabel('What is the partnership called?').inputValue()).toBe(
      'Arun Community Safety Partnership',
    )
    await page.getByLabel('What is the partnership called?').fill('Safer Arun Partnership')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Continue' }).click()
  })

  it('finds the council and police force filled in, and types the others', async () => {
    await verifyHeading(page, 'Which agencies are in the partnership?')
    expect(await page.getByLabel('Council', { exact: true }).inputValue()).toBe('Arun Council')
    expect(await page.getByLabel('Police force').inputValue()).toBe('Sussex Police')
    await page.getByLabel('Council', { exact: true }).fill('Arun District Council')
    await page.getByLabel('Fire and rescue service (optional)').fill('West Sussex Fire and Rescue Service')
    await page
      .getByLabel('Other agencies (optional)')
      .fill('Office of the Sussex Police and Crime Commissioner\nSafe in Sussex')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Continue' }).click()
  })

  it('creates the first administrator, checks the answers and creates the partnership, signed in', async () => {
    await verifyHeading(page, "Create the administrator's account")
    await page.getByLabel('Your name').fill('Sam Coordinator')
    await page.getByLabel('Email address').fill('sam@arun.example.org')
    await page.getByRole('textbox', { name: 'Password' }).fill('short')
    await page.getByRole('button', { name: 'Continue' }).click()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('at least 12 characters')
    await expectAccessible(page)
    await page.getByRole('textbox', { name: 'Password' }).fill('arun partnership board 2026')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyHeading(page, 'Check your answers before creating the partnership')
    const answers = (await page.locator('[data-qa="setup-answers"]').textContent())!.replace(/\s+/g, ' ')
    expect(answers).toContain('Arun (E22000291)')
    expect(answers).toMatch(/\d+ LSOAs of Arun \(E07000224\)/)
    expect(answers).toContain('Safer Arun Partnership')
    expect(answers).toContain('West Sussex Fire and Rescue Service')
    expect(answers).toContain('Sam Coordinator (sam@arun.example.org)')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Create the partnership' }).click()
    expect(new URL(page.url()).pathname).toBe('/')
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Safer Arun Partnership is set up')
    expect(await page.locator('.csp-account').textContent()).toContain('Signed in as Sam Coordinator (administrator)')
    expect(await page.locator('.govuk-service-navigation__service-name').textContent()).toContain(
      'Safer Arun Partnership',
    )
    await expectAccessible(page)
    const p = await run.container.services.partnership.current()
    expect(p).toMatchObject({ name: 'Safer Arun Partnership', ons_code: 'E22000291', area_name: 'Arun' })
    const agencies = await run.container.services.partnership.agencies(p.id)
    expect(agencies.map((a) => [a.name, a.statutory]).sort()).toEqual([
      ['Arun District Council', 1],
      ['Office of the Sussex Police and Crime Commissioner', 0],
      ['Safe in Sussex', 0],
      ['Sussex Police', 1],
      ['West Sussex Fire and Rescue Service', 1],
    ])
  })

  it('closes set-up once the partnership exists, and the records to anyone not signed in', async () => {
    await page.goto(`${run.baseUrl}/setup/find`)
    expect(new URL(page.url()).pathname).toBe('/')
    const stranger = await (await run.browser.newContext()).newPage()
    await stranger.goto(`${run.baseUrl}/setup`)
    await stranger.goto(`${run.baseUrl}/meetings`)
    expect(new URL(stranger.url()).pathname).toBe('/sign-in')
  })
})
