import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, demoMeetings, type TestApp } from './test-app'
import { testEngine } from '../db/test-database'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

describe('health endpoints', () => {
  it('/health reports the database up and migrations current', async () => {
    const res = await t.app.inject('/health')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      status: 'UP',
      components: { database: { status: 'UP' }, migrations: { status: 'UP', pending: [] } },
    })
  })

  it('/ping and /info answer', async () => {
    expect((await t.app.inject('/ping')).json()).toEqual({ status: 'UP' })
    const info = (await t.app.inject('/info')).json()
    expect(info.name).toBe('csp-hub')
    expect(info.database.dialect).toBe(testEngine)
  })

  it('/health reports DOWN with 503 when the database is gone', async () => {
    const broken = await buildTestApp({ demo: false })
    await broken.container.database.close()
    const res = await broken.app.inject('/health')
    expect(res.statusCode).toBe(503)
    expect(res.json().status).toBe('DOWN')
    await broken.app.close()
  })
})

describe('pages and security', () => {
  it('every main page renders with security headers', async () => {
    for (const url of [
      '/',
      '/meetings',
      '/actions',
      '/decisions',
      '/forward-plan',
      '/people',
      '/meetings/new',
      '/forward-plan/new',
      '/accessibility',
    ]) {
      const res = await t.app.inject(url)
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'")
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-frame-options']).toBeDefined()
    }
  })

  it('an unknown page or id gets the 404 page, not a stack trace', async () => {
    for (const url of [
      '/nowhere',
      '/meetings/00000000-0000-0000-0000-000000000000',
      '/actions/nope',
      '/people/nope',
      '/meetings/nope/minutes.docx',
      '/meetings/nope/minutes/versions/1',
    ]) {
      const res = await t.app.inject(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.body).toContain('Page not found')
      expect(res.body).not.toMatch(/at .*\.ts:\d+/)
    }
  })

  it('refuses a form post without its CSRF token: nothing written but the audit event of the refusal', async () => {
    const { next } = await demoMeetings(t)
    const before = await t.container.database.db.selectFrom('audit_event').select(['action', 'details']).execute()
    const meetingBefore = await t.container.services.meetings.get(next.id)
    const res = await t.app.inject({
      method: 'POST',
      url: `/meetings/${next.id}/agenda`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    })
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('Your form has expired')
    const after = await t.container.database.db.selectFrom('audit_event').select(['action', 'details']).execute()
    expect(after.length).toBe(before.length + 1)
    expect(after.filter((e) => e.action === 'access.csrf_refused').map((e) => JSON.parse(e.details).url)).toContain(
      `/meetings/${next.id}/agenda`,
    )
    expect((await t.container.services.meetings.get(next.id)).minutes_version).toBe(meetingBefore.minutes_version)
  })

  it('refuses a token from another browser (cookie and token must match)', async () => {
    const { next } = await demoMeetings(t)
    const a = await t.formToken('/meetings/new')
    const b = await t.formToken('/meetings/new')
    const res = await t.app.inject({
      method: 'POST',
      url: `/meetings/${next.id}/agenda`,
      headers: { cookie: b.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(a.token)}`,
    })
    // Tokens are bound to the secret in their own cookie; a's token with b's cookie fails.
    expect(res.statusCode).toBe(403)
  })

  it('escapes what users type', async () => {
    const res = await t.submit('/meetings/new', '/meetings', {
      title: '<script>alert(1)</script>',
      'date-day': '',
      'date-month': '',
      'date-year': '',
      startTime: '',
      venue: '',
      onlinePlatform: '',
      status: 'scheduled',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).not.toContain('<script>alert(1)</script>')
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})
