import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, type Running } from './browser'

let run: Running
let page: Page

beforeAll(async () => {
  run = await startApp()
  page = await (await run.browser.newContext()).newPage()
})
afterAll(() => run?.stop())

/** Every page a user can reach, found from the demo's own records, checked with axe. */
async function everyPage(): Promise<string[]> {
  const s = run.container.services
  const p = await s.partnership.current()
  const meetings = await s.meetings.list(p.id)
  const reference = meetings.find((m) => !m.date)!
  const doc = await s.minutes.document(reference.id)
  const paragraph = doc.items[1]!.paragraphs[0]!
  const actions = await s.actions.list(p.id, { status: 'all' })
  const people = await s.partnership.people(p.id)
  const sets = await s.boundaries.sets(p.id)
  const fly = await s.measures.create(
    p.id,
    { key: 'fly-tipping', label: 'Fly-tipping incidents', kind: 'series', direction: 'decrease', target: 40 },
    { name: 'system:e2e' },
  )
  await s.measures.upload(
    fly.id,
    {
      name: 'fly.csv',
      bytes: Buffer.from(
        `month,value\n${[41, 38, 45, 39, 44, 40, 72, 43, 37, 42, 40, 39, 41].map((v, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${v}`).join('\n')}\n`,
      ),
    },
    { name: 'system:e2e' },
  )
  const da = await s.measures.create(
    p.id,
    { key: 'da-repeats', label: 'Domestic abuse repeat victims', kind: 'da_cases', direction: 'neutral' },
    { name: 'system:e2e' },
  )
  await s.measures.upload(
    da.id,
    {
      name: 'da.csv',
      bytes: Buffer.from(
        'date,victim_id,perpetrator_id\n2024-01-10,V1,P1\n2024-06-01,V1,P1\n2024-05-01,V2,P2\n2024-08-01,V4,P3\n2024-09-15,V4,P3\n',
      ),
    },
    { name: 'system:e2e' },
  )
  const measurePages = [`/measures/${fly.id}`, `/measures/${da.id}`]
  // Reviews need accounts: the sweep runs as the first administrator, signed in, who is named on the review.
  const admin = await s.users.add(
    p.id,
    { email: 'sweep@example.org', name: 'Sweep Admin', role: 'administrator', password: 'a long sweep passphrase' },
    { name: 'system:e2e' },
  )
  await page.goto(`${run.baseUrl}/sign-in`)
  await page.getByLabel('Email address').fill('sweep@example.org')
  await page.getByLabel('Password', { exact: true }).fill('a long sweep passphrase')
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
  const dhr = await s.registers.createDhr(
    p.id,
    {
      ref: 'DHR-E2E',
      title: 'DHR for the sweep',
      notifiedOn: '2025-01-06',
      leadAgencyId: null,
      visibility: 'restricted',
      userIds: [admin.id],
    },
    { name: 'system:e2e' },
    admin.id,
  )
  const rid = await s.registers.addRecommendation(
    dhr,
    {
      ref: null,
      text: 'Change national guidance',
      level: 'national',
      agencyId: null,
      owner: '',
      dueDate: '2025-06-30',
      status: 'outside_local_control',
      date: '2025-03-01',
    },
    { name: 'system:e2e' },
  )
  await s.registers.editDhrAbout(
    dhr,
    { reason: 'intimate_partner', themes: ['Coercive control'], impact: 'Training for GPs' },
    { name: 'system:e2e' },
  )
  const flyTipping = (await s.registers.list(p.id, 'priorities')).find((e) => e.ref === 'L2')!.id
  await s.registers.editFields(flyTipping, { level: 'local', measures: ['fly-tipping'] }, '2025-06-01', {
    name: 'system:e2e',
  })
  const planned = (await s.forwardPlan.list(p.id)).find((i) => i.status === 'planned' || i.status === 'on_agenda')!
  const entryOf = async (kind: 'priorities' | 'assessments' | 'interventions') =>
    (await s.registers.list(p.id, kind))[0]!.id
  const registerPages = [
    '/registers',
    '/registers?q=project',
    '/registers/dhr',
    '/registers/dhr/new',
    '/registers/dhr/settings',
    `/registers/dhr/${dhr}`,
    `/registers/dhr/${dhr}/access`,
    ...(
      await Promise.all(
        (['priorities', 'assessments', 'interventions'] as const).map(async (k) => [
          `/registers/${k}`,
          `/registers/${k}/${await entryOf(k)}`,
        ]),
      )
    ).flat(),
    '/registers/risks',
    '/registers/risks/new',
    `/registers/interventions/${await entryOf('interventions')}/access`,
    '/registers/dhr/analysis',
    '/registers/dhr/import',
    `/registers/dhr/${dhr}/recommendations/${rid}`,
    `/registers/priorities/${flyTipping}`,
    '/registers/priorities/settings',
    '/registers/risks/settings',
    '/registers/assessments/import',
    `/registers/risks?book=${encodeURIComponent('Domestic Homicide Reviews risk register')}`,
  ]
  return [
    '/',
    '/accessibility',
    '/meetings',
    '/meetings/new',
    `/meetings/${reference.id}`,
    `/meetings/${reference.id}/edit`,
    `/meetings/${reference.id}/attendance`,
    `/meetings/${reference.id}/paragraphs/${paragraph.id}/edit`,
    `/meetings/${reference.id}/items/${doc.items[1]!.id}/paragraphs/new`,
    `/meetings/${reference.id}/items/new`,
    `/meetings/${reference.id}/minutes/versions`,
    `/meetings/${reference.id}/minutes/versions/1`,
    `/meetings/${reference.id}/paragraphs/${paragraph.id}/decisions/new`,
    '/actions',
    `/actions/${actions[0]!.id}`,
    `/actions/${actions[0]!.id}/edit`,
    '/decisions',
    '/forward-plan',
    '/forward-plan/new',
    `/forward-plan/${planned.id}/withdraw`,
    '/people',
    '/people/new',
    `/people/${people[0]!.id}`,
    `/people/${people[0]!.id}/aliases/new`,
    `/people/${people[0]!.id}/memberships/new`,
    '/settings',
    '/agencies/new',
    '/evidence',
    '/methods',
    '/hotspots',
    '/hotspots?group=violence&by=locality&window=3',
    '/trends',
    '/trends?group=violence&area=E05012709&runLength=6',
    '/rural',
    '/rural?group=asb&exposure=equal',
    '/measures',
    '/measures/new',
    '/groups',
    '/sign-in',
    '/admin/audit',
    '/published',
    ...measurePages,
    ...registerPages,
    '/data',
    '/data/crimes/upload',
    '/data/boundaries/upload',
    ...sets.map((x) => `/data/boundaries/${x.id}`),
    '/no-such-page',
  ]
}

/** Words glued from parts: a consonant + "ys" plural, "1 …s", "a" before a vowel. */
const GLUED = [
  /\b(?!Powys\b)\w+[^aeiou\s]ys\b/,
  /\b1 (versions|entries|items|actions|decisions|people|days|months|reviews|priorities|localities|beats|rows|risks|assessments|interventions|recommendations)\b/,
  /\b[Aa] (intervention|assessment|update|agenda|action|entry|item|analyst|administrator|error|import|overlap|LSOA|area)\b/,
]

describe('every page', () => {
  it('meets WCAG 2.2 AA as axe-core checks it, with a clean console and no glued words', async () => {
    const urls = await everyPage()
    expect(urls.length).toBeGreaterThan(30)
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${page.url()}: ${m.type()}: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`))
    for (const url of urls) {
      const res = await page.goto(`${run.baseUrl}${url}`)
      expect(res?.status(), url).toBe(url === '/no-such-page' ? 404 : 200)
      await expectAccessible(page)
      const text = await page.locator('body').innerText()
      for (const pattern of GLUED) expect(text.match(pattern)?.[0], `${url}: ${pattern}`).toBeUndefined()
    }
    // The one expected console line: the browser reporting the 404 of /no-such-page itself.
    expect(
      problems.filter(
        (p) => !/no-such-page: error: Failed to load resource: the server responded with a status of 404/.test(p),
      ),
    ).toEqual([])
  }, 300000)
})

describe('a phone screen', () => {
  it('fits every main page in 320 px: no page scrolls sideways (wide tables scroll in their own box)', async () => {
    const phone = await (
      await run.browser.newContext({
        viewport: { width: 320, height: 700 },
        storageState: await page.context().storageState(),
      })
    ).newPage()
    for (const url of [
      '/',
      '/meetings',
      '/actions',
      '/decisions',
      '/forward-plan',
      '/registers',
      '/registers/priorities',
      '/registers/dhr',
      '/people',
      '/hotspots',
      '/trends',
      '/rural',
      '/measures',
      '/data',
      '/sign-in',
      '/accessibility',
    ]) {
      await phone.goto(`${run.baseUrl}${url}`)
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(320)
    }
    await expectAccessible(phone)
  }, 120000)
})
