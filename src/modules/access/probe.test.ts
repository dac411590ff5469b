import { describe, expect, it } from 'vitest'
import { signInAs, useDemoApp } from '../../web/test-app'
import { currentViewer, runAsEveryone } from './restriction'

/** What the security probe found, each kept from coming back. */
const app = useDemoApp()
const actor = { name: 'system:test' }
const PASS = 'a long test passphrase'

/** Spellings of one address that a router may decode to the same route, or that a careless check may miss. */
function variants(path: string): string[] {
  const [, first = '', rest = ''] = /^\/([^/]*)(.*)$/.exec(path) ?? []
  const c = first[0] ?? ''
  const enc = `%${c.charCodeAt(0).toString(16)}`
  return [
    path,
    `/${enc}${first.slice(1)}${rest}`,
    `/${enc.toUpperCase()}${first.slice(1)}${rest}`,
    `/${first.replace(/./g, (ch) => `%${ch.charCodeAt(0).toString(16)}`)}${rest}`,
    `//${first}${rest}`,
    `/${first}/${rest.replace(/^\//, '/')}`.replace(`/${first}//`, `/${first}//`),
    `/${first.toUpperCase()}${rest}`,
    `/${first}${rest}/`,
    `/${first}${rest.replace('/', '%2F')}`,
    `/${first}${rest}?x=1`,
    `/./${first}${rest}`,
    `/${first}/../${first}${rest}`,
    `/%2561${first.slice(1)}${rest}`,
  ]
}

describe('permissions are decided on the matched route, never on the address text', () => {
  it("hides every administrators' page from every other role and from anonymous visitors, however the address is spelled", async () => {
    const t = app.t
    await t.container.services.users.add(
      app.partnershipId,
      { email: 'boss@example.org', role: 'administrator', password: PASS },
      actor,
    )
    const adminPaths = t.app.routeList
      .filter((r) => r.method === 'GET' && r.access?.read === 'administrator' && !r.url.includes(':'))
      .map((r) => r.url)
    expect(adminPaths).toContain('/admin/audit.csv')
    expect(adminPaths).toContain('/admin/audit')
    const others = (['coordinator', 'analyst', 'member', 'viewer'] as const).map((role, n) => ({ role, n }))
    for (const { role } of others)
      await t.container.services.users.add(
        app.partnershipId,
        { email: `${role}@example.org`, role, password: PASS },
        actor,
      )
    const browsers = await Promise.all(
      others.map(({ role, n }) => signInAs(t, `${role}@example.org`, PASS, `10.7.0.${n + 1}`)),
    )
    const admin = await signInAs(t, 'boss@example.org', PASS, '10.7.0.9')
    expect((await admin.get('/admin/audit.csv')).statusCode).toBe(200)
    let tried = 0
    for (const path of adminPaths) {
      for (const url of variants(path)) {
        for (const [i, b] of browsers.entries()) {
          const res = await b.get(url)
          expect(res.statusCode, `${others[i]!.role} GET ${url}`).not.toBe(200)
          expect(res.body, `${others[i]!.role} GET ${url}`).not.toContain('boss@example.org')
          tried++
        }
        const anon = await t.app.inject({ method: 'GET', url, remoteAddress: '10.7.1.1' })
        expect(anon.statusCode, `anonymous GET ${url}`).not.toBe(200)
        expect(anon.body).not.toContain('boss@example.org')
      }
    }
    expect(tried).toBeGreaterThan(40)
  })

  it('refuses a change to a role not allowed it, however the address is spelled', async () => {
    const t = app.t
    const viewer = await signInAs(t, 'viewer@example.org', PASS, '10.7.0.40')
    const posts = [
      ...new Set(
        t.app.routeList
          .filter(
            (r) =>
              r.method === 'POST' &&
              r.access &&
              r.access.write !== 'anyone' &&
              r.access.write !== 'self' &&
              !r.access.ownAction,
          )
          .map((r) => r.url.replace(/:[a-zA-Z]+/g, 'no-such-id')),
      ),
    ]
    expect(posts.length).toBeGreaterThan(20)
    const home = await viewer.get('/')
    const token = /name="_csrf" value="([^"]+)"/.exec(home.body)![1]!
    const cookie = `${viewer.cookie}; ${home.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`
    let tried = 0
    for (const path of posts) {
      for (const url of variants(path)) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          remoteAddress: '10.7.0.40',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: `_csrf=${encodeURIComponent(token)}&givenName=Eve&familyName=Probe&title=Probe`,
        })
        expect([403, 404], `viewer POST ${url}`).toContain(res.statusCode)
        tried++
      }
    }
    expect(tried).toBeGreaterThan(200)
    expect(await t.container.services.partnership.resolveName(app.partnershipId, 'Eve Probe')).toBeFalsy()
  }, 60000)

  it('gives every route a rule, and serves the styles and scripts to a visitor who has not signed in', async () => {
    const missing = app.t.app.routeList.filter((r) => !r.access)
    expect(missing).toEqual([])
    for (const url of [
      '/stylesheets/govuk-frontend.min.css',
      '/stylesheets/app.css',
      '/javascripts/govuk-frontend.min.js',
      '/javascripts/init.js',
      '/assets/images/favicon.ico',
    ]) {
      const res = await app.t.app.inject({ method: 'GET', url, remoteAddress: '10.7.0.50' })
      expect(res.statusCode, url).toBe(200)
    }
  })

  it('lets a signed-in non-administrator switch account at the sign-in form', async () => {
    const viewer = await signInAs(app.t, 'viewer@example.org', PASS, '10.7.2.1')
    const res = await viewer.submit('/sign-in', '/sign-in', { email: 'analyst@example.org', password: PASS })
    expect(res.statusCode).toBe(303)
  })

  it('stays in accounts mode with every account disabled: anonymous visitors read and change nothing', async () => {
    const t = app.t
    const emails = (await t.container.services.users.list(app.partnershipId)).map((u) => u.email)
    for (const email of emails) await t.container.services.users.disable(email, actor)
    expect(await t.container.services.users.accountsOn()).toBe(true)
    for (const url of [
      '/',
      '/actions',
      '/registers/dhr',
      '/admin/audit.csv',
      '/api/v1/meetings',
      '/open-data/actions.csv',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, remoteAddress: '10.7.3.1' })
      expect(res.statusCode, url).not.toBe(200)
      expect(res.body, url).not.toContain('Sign out')
    }
    const post = await t.app.inject({
      method: 'POST',
      url: '/people/new',
      remoteAddress: '10.7.3.1',
      payload: { givenName: 'Eve', familyName: 'Mallory' },
    })
    expect(post.statusCode).toBe(401)
    expect(await t.container.services.partnership.resolveName(app.partnershipId, 'Eve Mallory')).toBeFalsy()
    for (const email of emails) await t.container.services.users.enable(email, actor)
  })
})

describe('restriction fails closed', () => {
  it('reads as an anonymous visitor wherever the viewer is unknown, and as everyone only when the operator says so', () => {
    expect(currentViewer()).toEqual({ kind: 'anonymous' })
    expect(runAsEveryone(() => currentViewer())).toEqual({ kind: 'all' })
  })
})

describe('sign-in tells nobody which addresses have accounts', () => {
  it('runs the same password hashing for an unknown address as for a real one, and locks both after five tries', async () => {
    const users = app.t.container.services.users
    await users.add(app.partnershipId, { email: 'real@example.org', role: 'viewer', password: PASS }, actor)
    const time = async (email: string) => {
      const start = process.hrtime.bigint()
      await users.signIn(email, 'not the password at all')
      return Number(process.hrtime.bigint() - start)
    }
    await time('warm-up@example.org')
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 3; i++) {
      known.push(await time('real@example.org'))
      unknown.push(await time(`nobody-${i}@example.org`))
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!
    // Both do one scrypt derivation (tens of milliseconds); without it an unknown address answered 10-40× faster.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5)
    const answers = async (email: string) => {
      const out: string[] = []
      for (let i = 0; i < 6; i++) out.push(((await users.signIn(email, `wrong ${i}`)) as { reason: string }).reason)
      return out
    }
    await users.add(app.partnershipId, { email: 'real2@example.org', role: 'viewer', password: PASS }, actor)
    expect(await answers('ghost@example.org')).toEqual(await answers('real2@example.org'))
    expect(await answers('ghost2@example.org')).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked', 'locked'])
  })
})

describe('the small things', () => {
  it('goes home after signing in when the return address points anywhere else', async () => {
    const { safeNext } = await import('./access.routes')
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      'https://evil.example',
      '/%0d%0aSet-Cookie:x',
      '/\tx',
      '\\\\evil.example',
      '',
    ])
      expect(safeNext(bad), bad).toBe(bad === '/%0d%0aSet-Cookie:x' ? '/%0d%0aSet-Cookie:x' : '/')
    expect(safeNext('/actions?status=open#top')).toBe('/actions?status=open#top')
    const res = await app.t.submit('/sign-in', '/sign-in', {
      email: 'real@example.org',
      password: PASS,
      next: '/\\evil.example',
    })
    expect(res.headers.location).toBe('/')
  })

  it('answers a repeated email or password field at sign-in as a form error, not a 500', async () => {
    const { token, cookie } = await app.t.formToken('/sign-in')
    const res = await app.t.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: '10.7.9.1',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}&email=a%40b.c&email=d%40e.f&password=x&password=y`,
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Enter your email address')
  })

  it('tells browsers and proxies to keep no copy of the DHR and audit CSVs, Word files and the API', async () => {
    const admin = await signInAs(app.t, 'boss@example.org', PASS, '10.7.9.2')
    const { demoMeetings } = await import('../../web/test-app')
    const { reference } = await demoMeetings(app.t)
    for (const url of [
      '/registers/dhr/export.csv',
      '/admin/audit.csv',
      `/meetings/${reference.id}/minutes.docx`,
      '/api/v1/meetings',
      '/open-data/actions.csv',
      '/calendar.ics',
    ]) {
      const res = await admin.get(url)
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['cache-control'], url).toBe('no-store')
    }
    expect((await admin.get('/stylesheets/app.css')).headers['cache-control']).toContain('max-age')
  })
})

describe('the audit trail records who changed what, never what a record says', () => {
  it('keeps ids and field names, not the titles, case references or reasons of the records changed', async () => {
    const t = app.t
    const admin = (
      await t.container.database.db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', 'boss@example.org')
        .executeTakeFirstOrThrow()
    ).id
    const dhr = await t.container.services.registers.createDhr(
      app.partnershipId,
      {
        ref: 'DHR-SECRET-REF-9',
        title: 'Secret title of a review',
        notifiedOn: '2025-11-01',
        leadAgencyId: null,
        visibility: 'restricted',
        userIds: [admin],
      },
      actor,
      admin,
    )
    void dhr
    const intervention = (
      await t.container.database.db
        .selectFrom('register_entry')
        .select('id')
        .where('register', '=', 'interventions')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).id
    await t.container.services.registers.rename(
      intervention,
      { title: 'A renamed secret title', date: '2025-11-02', reason: 'Secret reason for renaming' },
      actor,
    )
    await t.container.services.forwardPlan
      .create(
        app.partnershipId,
        {
          title: 'Secret forward plan title',
          targetMeetingId: null,
          targetMonth: '2026-03',
          lead: null,
          paragraphId: null,
        } as never,
        actor,
      )
      .catch(() => undefined)
    const details = (await t.container.database.db.selectFrom('audit_event').select('details').execute())
      .map((e) => e.details)
      .join('\n')
    for (const secret of ['DHR-SECRET-REF-9', 'Secret title', 'renamed secret', 'Secret reason', 'Secret forward plan'])
      expect(details, secret).not.toContain(secret)
    expect(details).toContain('"fields":["title"]')
  })
})

describe("the partnership's name", () => {
  it('shows a new name on the next page, renamed from the web or the command line', async () => {
    const t = app.t
    await t.container.database.db.updateTable('partnership').set({ name: 'Renamed Safety Partnership' }).execute()
    const page = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress: '10.7.8.1' })
    expect(page.body).toContain('<title>Sign in – Renamed Safety Partnership</title>')
  })
})

describe('an account for a person in the records', () => {
  it('takes the person\'s name when none is given (users add --person "Di Evans")', async () => {
    const u = await app.t.container.services.users.add(
      app.partnershipId,
      { email: 'di.evans@example.org', role: 'member', person: 'Di Evans', password: PASS },
      actor,
    )
    const row = await app.t.container.database.db
      .selectFrom('app_user')
      .select('name')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow()
    expect(row.name).toBe('Diane Evans')
  })
})

describe('the accessibility statement', () => {
  it('has the sections the regulations require: contact, reporting, enforcement, compliance, non-accessible content, preparation', async () => {
    const html = (await app.t.app.inject({ method: 'GET', url: '/accessibility', remoteAddress: '10.7.8.2' })).body
    for (const h of [
      'Feedback and contact information',
      'Reporting accessibility problems with this service',
      'Enforcement procedure',
      'Compliance status',
      'Non-accessible content',
      'Preparation of this accessibility statement',
    ])
      expect(html).toContain(h)
    expect(html).toContain('Equality Advisory and Support Service')
  })
})
