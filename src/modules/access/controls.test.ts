import { describe, expect, it } from 'vitest'
import { asOperator, signInAs, useDemoApp } from '../../web/test-app'
import { FORM_PAGE } from './access.routes'

const app = useDemoApp()
const PASS = 'a long test passphrase'

describe('controls a role cannot use are not offered to it', () => {
  const title = 'shows a viewer no forms for groups and refuses form pages before anything is typed, with the reason'
  it(title, async () => {
    const t = app.t
    const add = (email: string, role: string) =>
      t.container.services.users.add(app.partnershipId, { email, role, password: PASS }, { name: 'system:test' })
    await add('admin@example.org', 'administrator')
    await add('viewer@example.org', 'viewer')
    await add('analyst@example.org', 'analyst')
    const viewer = await signInAs(t, 'viewer@example.org', PASS, '10.8.0.1')
    const analyst = await signInAs(t, 'analyst@example.org', PASS, '10.8.0.2')
    expect((await viewer.get('/groups')).body).not.toContain('<form method="post" action="/groups"')
    expect((await analyst.get('/groups')).body).toContain('<form method="post" action="/groups"')
    for (const url of ['/meetings/new', '/forward-plan/new']) {
      const refused = await viewer.get(url)
      expect(refused.statusCode, url).toBe(403)
      expect(refused.body, url).toContain('You cannot make this change')
    }
    const coordinatorOnly = await analyst.get('/meetings/new')
    expect(coordinatorOnly.statusCode).toBe(403)
  })
})

describe('a viewer walking the pages', () => {
  it('is offered no form it cannot send and no link to a form page it would be refused', async () => {
    const t = app.t
    const viewer = await signInAs(t, 'viewer@example.org', PASS, '10.8.0.3')
    const meetings = await t.container.services.meetings.list(app.partnershipId)
    const pages = [
      '/',
      '/meetings',
      ...meetings.map((m) => `/meetings/${m.id}`),
      '/actions',
      '/decisions',
      '/forward-plan',
      '/people',
      '/registers',
      '/registers/priorities',
      '/registers/risks',
      '/registers/dhr',
      '/data',
      '/measures',
      '/reports',
      '/groups',
      '/account',
    ]
    // And the pages of single records: an action, a register entry, a person.
    const ops = asOperator(t.container.services)
    const action = (await ops.actions.list(app.partnershipId, { status: 'all' }))[0]!
    const entry = (await ops.registers.list(app.partnershipId, 'priorities'))[0]!
    const person = (await ops.partnership.people(app.partnershipId))[0]!
    pages.push(`/actions/${action.id}`, `/registers/priorities/${entry.id}`, `/people/${person.id}`)
    const posts = new Set<string>()
    const formLinks = new Set<string>()
    for (const url of pages) {
      const res = await viewer.get(url)
      expect(res.statusCode, url).toBe(200)
      for (const m of res.body.matchAll(/<form method="post" action="([^"]+)"/g)) posts.add(m[1]!)
      for (const m of res.body.matchAll(/href="(\/[^"#?]+)"/g)) if (FORM_PAGE.test(m[1]!)) formLinks.add(m[1]!)
    }
    // The walk finds forms and form links where there are some: an administrator sees them.
    const admin = await signInAs(t, 'admin@example.org', PASS, '10.8.0.4')
    const adminPage = (await admin.get(`/meetings/${meetings.find((m) => m.date === null)!.id}`)).body
    expect(adminPage).toMatch(/<form method="post" action="\/meetings\//)
    expect(adminPage).toMatch(/href="\/meetings\/[^"]+\/access\/item\//)
    // Their own account (password, calendar, email) and signing out are theirs to use.
    expect([...posts].filter((a) => !/^\/(sign-out|account)(\/|$)/.test(a))).toEqual([])
    expect([...formLinks]).toEqual([])
    // And a form page reached by its address is refused before anything is typed.
    const withItems = meetings.find((m) => m.date === null)!
    const item = (await t.container.services.minutes.document(withItems.id)).items[0]!
    for (const url of [
      `/meetings/${withItems.id}/access/item/${item.id}`,
      `/meetings/${withItems.id}/attendance`,
      '/data/crimes/upload',
      '/settings',
    ])
      expect((await viewer.get(url)).statusCode, url).toBe(403)
  })
})
