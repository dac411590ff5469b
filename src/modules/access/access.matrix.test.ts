import { describe, expect, it } from 'vitest'
import { demoMeetings, signInAs, useDemoApp } from '../../web/test-app'
import { FORM_PAGE, SESSION_COOKIE } from './access.routes'
import { mayRead as readRule, mayWrite as writeRule, ruleFor } from '../../web/route-access'
import type { Role } from './access.table'
import { roles } from './access.table'

const app = useDemoApp()
/** The rule of the route an address reaches, from the routes as registered (each declared with its plugin). */
const rule = (method: string, url: string) => {
  const r = ruleFor(app.t.app.routeList, method, url)
  if (!r) throw new Error(`no route for ${method} ${url}`)
  return r
}
const mayRead = (role: Role, url: string) => readRule(role, rule('GET', url))
const mayWrite = (role: Role, url: string) => writeRule(role, rule('POST', url))
/** Whether a role may send the form a …/new or …/edit page holds (its own address, or the one above it). */
const formAllowed = (role: Role, url: string) => {
  const path = url.split('?')[0]!
  const post =
    ruleFor(app.t.app.routeList, 'POST', path) ?? ruleFor(app.t.app.routeList, 'POST', path.replace(/\/new$/, ''))
  return !post || writeRule(role, post)
}
/** A form page (the access hook's own test, on the route's pattern). */
const formPage = (url: string) => FORM_PAGE.test(url.split('?')[0]!)
const isPublic = (url: string) => rule('GET', url).read === 'public'
const actor = { name: 'system:test' }

/** Routes tested elsewhere (signing in and out, one's own password, reset links) or that only serve files. */
const SKIP = new RegExp(
  '^/(sign-in|sign-out|account/password|account/forgot|account/link/:token)$' +
    '|^/(assets|stylesheets|javascripts|vendor)/',
)

function routes(method: string) {
  const seen = new Set<string>()
  return app.t.app.routeList
    .filter((r) => r.method === method && !SKIP.test(r.url) && !r.url.includes('*'))
    .map((r) => r.url.replace(/:[a-zA-Z]+/g, 'no-such-id'))
    .filter((u) => !seen.has(u) && seen.add(u))
}

describe('every route × every role', () => {
  const refuses =
    'refuses each change to the roles not allowed it (403), lets the others through, and hides admin pages (404)'
  it(
    refuses,
    async () => {
      const t = app.t
      const posts = routes('POST')
      const gets = routes('GET').filter((u) => !/^\/(health|ping|info)$/.test(u))
      expect(posts.length).toBeGreaterThanOrEqual(20)
      expect(gets.length).toBeGreaterThan(35)
      let checked = 0
      for (const [n, role] of roles.entries()) {
        const email = `${role}@example.org`
        await t.container.services.users.add(
          app.partnershipId,
          { email, role, password: 'a long test passphrase' },
          actor,
        )
        const remoteAddress = `10.0.0.${n + 1}`
        const login = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress })
        const token0 = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!
        const csrf0 = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
        const signed = await t.app.inject({
          method: 'POST',
          url: '/sign-in',
          remoteAddress,
          headers: { cookie: csrf0, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: token0, email, password: 'a long test passphrase' }).toString(),
        })
        expect(signed.statusCode, role).toBe(303)
        const session = `${SESSION_COOKIE}=${signed.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`
        const home = await t.app.inject({ method: 'GET', url: '/', remoteAddress, headers: { cookie: session } })
        const token = /name="_csrf" value="([^"]+)"/.exec(home.body)![1]!
        const cookie = `${session}; ${home.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`
        for (const url of gets) {
          const res = await t.app.inject({ method: 'GET', url, remoteAddress, headers: { cookie } })
          if (!mayRead(role, url)) expect(res.statusCode, `${role} GET ${url}`).toBe(404)
          // A form page is refused to a role that cannot send its form.
          else if (formPage(url) && !formAllowed(role, url)) expect(res.statusCode, `${role} GET ${url}`).toBe(403)
          else expect([401, 403], `${role} GET ${url}`).not.toContain(res.statusCode)
          expect(res.headers.location ?? '', `${role} GET ${url}`).not.toMatch(/^\/sign-in/)
          checked++
        }
        for (const url of posts) {
          const res = await t.app.inject({
            method: 'POST',
            url,
            remoteAddress,
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
            payload: `_csrf=${encodeURIComponent(token)}`,
          })
          if (mayWrite(role, url)) expect([401, 403], `${role} POST ${url}`).not.toContain(res.statusCode)
          // An administrator's page is hidden from everyone else, its forms too.
          else
            expect(res.statusCode, `${role} POST ${url}`).toBe(rule('POST', url).read === 'administrator' ? 404 : 403)
          checked++
        }
      }
      expect(checked).toBe(roles.length * (gets.length + posts.length))
    },
    120000,
  )

  it('sends an anonymous visitor to sign in for every page but the public ones, and refuses every change', async () => {
    const t = app.t
    if (!(await t.container.services.users.accountsOn()))
      await t.container.services.users.add(
        app.partnershipId,
        { email: 'first@example.org', role: 'administrator', password: 'a long test passphrase' },
        actor,
      )
    for (const url of routes('GET')) {
      const res = await t.app.inject({ method: 'GET', url, remoteAddress: '10.0.1.1' })
      if (isPublic(url)) expect(res.statusCode, url).not.toBe(303)
      else if (url.startsWith('/api/')) expect(res.statusCode, url).toBe(401)
      else expect(res.headers.location, url).toBe(`/sign-in?next=${encodeURIComponent(url)}`)
    }
    for (const url of routes('POST'))
      expect(
        (await t.app.inject({ method: 'POST', url, remoteAddress: '10.0.1.2', payload: {} })).statusCode,
        url,
      ).toBe(401)
  })
})

describe('every record route × every role × every restriction level', () => {
  it('shows a paragraph to whom its level allows, and to anyone else answers as if it did not exist', async () => {
    const t = app.t
    const { reference: meeting, next } = await demoMeetings(t)
    // The reference minutes approved at the next meeting and published, so the public view is in the table too.
    const m = await t.container.services.meetings.get(meeting.id)
    await t.container.services.minutes.transition(
      meeting.id,
      { to: 'approved', approvedAtMeetingId: next.id, version: m.minutes_version },
      actor,
    )
    await t.container.services.minutes.transition(
      meeting.id,
      { to: 'published', approvedAtMeetingId: null, version: m.minutes_version + 1 },
      actor,
    )
    const doc = await t.container.services.minutes.document(meeting.id)
    const paragraph = doc.items.flatMap((i) => i.paragraphs).find((p) => p.source === 'written' && p.body.length > 80)!
    const words = paragraph.body.slice(0, 60)
    const fill = (url: string) =>
      url
        .replace(':id', meeting.id)
        .replace(':kind', 'paragraph')
        .replace(/:(pid|sid)/, paragraph.id)
    const recordRoutes = (method: string) => [
      ...new Set(
        t.app.routeList.filter((r) => r.method === method && /:(pid|sid)\b/.test(r.url)).map((r) => fill(r.url)),
      ),
    ]
    const gets = recordRoutes('GET')
    const posts = recordRoutes('POST')
    expect(gets.length).toBeGreaterThanOrEqual(3)
    expect(posts.length).toBeGreaterThanOrEqual(3)

    for (const role of roles)
      if (
        !(await t.container.database.db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', `${role}@example.org`)
          .executeTakeFirst())
      )
        await t.container.services.users.add(
          app.partnershipId,
          { email: `${role}@example.org`, role, password: 'a long test passphrase' },
          actor,
        )
    const browsers = await Promise.all(
      roles.map((role, n) => signInAs(t, `${role}@example.org`, 'a long test passphrase', `10.0.2.${n + 1}`)),
    )
    const coordinatorId = (
      await t.container.database.db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', 'coordinator@example.org')
        .executeTakeFirstOrThrow()
    ).id
    const levels = ['public', 'partners', 'restricted'] as const
    let checked = 0
    for (const level of levels) {
      await t.container.services.minutes.setVisibility(
        meeting.id,
        { type: 'minute_paragraph', id: paragraph.id },
        { visibility: level, userIds: [coordinatorId] },
        actor,
      )
      const anon = await t.app.inject({ method: 'GET', url: `/published/${meeting.id}`, remoteAddress: '10.0.2.99' })
      expect(anon.body.includes(words), `anonymous, ${level}`).toBe(level === 'public')
      checked++
      for (const [n, role] of roles.entries()) {
        const b = browsers[n]!
        const sees = level !== 'restricted' || role === 'coordinator'
        expect((await b.get(`/meetings/${meeting.id}`)).body.includes(words), `${role}, ${level}: meeting page`).toBe(
          sees,
        )
        expect(
          (await b.get(`/meetings/${meeting.id}/minutes.txt`)).body.includes(words),
          `${role}, ${level}: minutes.txt`,
        ).toBe(sees)
        expect(
          (await b.get(`/published/${meeting.id}`)).body.includes(words),
          `${role}, ${level}: published page`,
        ).toBe(level === 'public')
        for (const url of gets) {
          const res = await b.get(url)
          // A form page a role cannot send is refused first, the same for any record or none: no leak.
          const refused = formPage(url) && !formAllowed(role, url)
          if (refused) expect(res.statusCode, `${role}, ${level}: GET ${url}`).toBe(403)
          else if (sees) expect(res.statusCode, `${role}, ${level}: GET ${url}`).not.toBe(404)
          else expect(res.statusCode, `${role}, ${level}: GET ${url}`).toBe(404)
          checked++
        }
        for (const url of posts) {
          const res = await b.submit(`/meetings/${meeting.id}`, url, {})
          if (!mayWrite(role, url)) expect(res.statusCode, `${role}, ${level}: POST ${url}`).toBe(403)
          else if (sees) expect(res.statusCode, `${role}, ${level}: POST ${url}`).not.toBe(404)
          else expect(res.statusCode, `${role}, ${level}: POST ${url}`).toBe(404)
          checked++
        }
      }
    }
    expect(checked).toBe(levels.length * (1 + roles.length * (gets.length + posts.length)))
  }, 120000)
})

describe('every DHR register route × every role × who is named', () => {
  const review =
    'shows a review to the people named on it, to anyone else answers as if it did not exist, and never opens it wider'
  it(
    review,
    async () => {
      const t = app.t
      for (const role of roles)
        if (
          !(await t.container.database.db
            .selectFrom('app_user')
            .select('id')
            .where('email', '=', `${role}@example.org`)
            .executeTakeFirst())
        )
          await t.container.services.users.add(
            app.partnershipId,
            { email: `${role}@example.org`, role, password: 'a long test passphrase' },
            actor,
          )
      const coordinatorId = (
        await t.container.database.db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', 'coordinator@example.org')
          .executeTakeFirstOrThrow()
      ).id
      const id = await t.container.services.registers.createDhr(
        app.partnershipId,
        {
          ref: 'DHR-MATRIX',
          title: 'Matrix review',
          notifiedOn: '2025-06-01',
          leadAgencyId: null,
          visibility: 'restricted',
          userIds: [coordinatorId],
        },
        actor,
      )
      const rid = await t.container.services.registers.addRecommendation(
        id,
        {
          ref: null,
          text: 'Matrix recommendation',
          level: 'local',
          agencyId: null,
          owner: '',
          dueDate: null,
          status: 'not_started',
          date: '2025-07-01',
        },
        actor,
      )
      const fill = (url: string) => url.replace(':kind', 'dhr').replace(':id', id).replace(':rid', rid)
      const entryRoutes = (method: string) => [
        ...new Set(
          t.app.routeList
            .filter((r) => r.method === method && /^\/registers\/(:kind|dhr)\/:id/.test(r.url))
            .map((r) => fill(r.url)),
        ),
      ]
      const gets = entryRoutes('GET')
      const posts = entryRoutes('POST')
      expect(gets.length).toBeGreaterThanOrEqual(2)
      expect(posts.length).toBeGreaterThanOrEqual(8)
      const browsers = await Promise.all(
        roles.map((role, n) => signInAs(t, `${role}@example.org`, 'a long test passphrase', `10.0.3.${n + 1}`)),
      )
      // A review is restricted, always: opening it to partners or the public is refused.
      for (const wider of ['public', 'partners'] as const)
        await expect(
          t.container.services.registers.setVisibility(id, { visibility: wider, userIds: [] }, actor),
        ).rejects.toThrow('stays restricted')
      const viewerId = (
        await t.container.database.db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', 'viewer@example.org')
          .executeTakeFirstOrThrow()
      ).id
      const levels = [['coordinator'], ['coordinator', 'viewer']] as const
      let checked = 0
      for (const named of levels) {
        const level = named.join(' and ')
        await t.container.services.registers.setVisibility(
          id,
          { visibility: 'restricted', userIds: named.map((r) => (r === 'viewer' ? viewerId : coordinatorId)) },
          actor,
        )
        for (const [n, role] of roles.entries()) {
          const b = browsers[n]!
          const sees = (named as readonly string[]).includes(role)
          expect((await b.get('/registers/dhr')).body.includes('DHR-MATRIX'), `${role}, ${level}: the list`).toBe(sees)
          for (const url of gets) {
            const res = await b.get(url)
            // A form page the role could never send is refused as such, whether or not the review exists.
            if (formPage(url) && !formAllowed(role, url)) expect(res.statusCode, `${role}: GET ${url}`).toBe(403)
            else expect(res.statusCode === 404, `${role}, ${level}: GET ${url} (${res.statusCode})`).toBe(!sees)
            checked++
          }
          for (const url of posts) {
            const res = await b.submit('/registers/dhr', url, {})
            if (!mayWrite(role, url)) expect(res.statusCode, `${role}, ${level}: POST ${url}`).toBe(403)
            else expect(res.statusCode === 404, `${role}, ${level}: POST ${url} (${res.statusCode})`).toBe(!sees)
            checked++
          }
        }
      }
      expect(checked).toBe(levels.length * roles.length * (gets.length + posts.length))
    },
    120000,
  )
})
