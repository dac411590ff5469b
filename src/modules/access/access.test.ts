import { describe, expect, it } from 'vitest'
import { useDemoApp } from '../../web/test-app'
import { hashPassword, verifyPassword, generatePassword } from './passwords'
import { SESSION_COOKIE } from './access.routes'
import { mayWrite as writeRule, ruleFor } from '../../web/route-access'
import type { Role } from './access.table'

const actor = { name: 'system:test' }
const app = useDemoApp()

/** Signs in through the form and returns the session cookie to send with later requests. */
async function signIn(email: string, password: string) {
  const res = await app.t.submit('/sign-in', '/sign-in', { email, password, next: '/actions' })
  const session = res.cookies.find((c) => c.name === SESSION_COOKIE)
  return { res, cookie: session ? `${SESSION_COOKIE}=${session.value}` : undefined }
}

describe('passwords', () => {
  it('hashes with scrypt and a salt, verifies, and refuses a wrong one', async () => {
    const a = await hashPassword('correct horse battery')
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(a).not.toBe(await hashPassword('correct horse battery'))
    expect(await verifyPassword('correct horse battery', a)).toBe(true)
    expect(await verifyPassword('correct horse batterz', a)).toBe(false)
    expect(generatePassword()).toMatch(/^[a-zA-Z2-9]{20}$/)
  })
})

describe('accounts', () => {
  it('runs single-user until the first account, then asks everyone to sign in', async () => {
    expect((await app.t.app.inject({ method: 'GET', url: '/actions' })).statusCode).toBe(200)
    await app.t.container.services.users.add(
      app.partnershipId,
      { email: 'Admin@Example.org', role: 'administrator', password: 'a long enough passphrase' },
      actor,
    )
    const anon = await app.t.app.inject({ method: 'GET', url: '/actions' })
    expect(anon.statusCode).toBe(303)
    expect(anon.headers.location).toBe('/sign-in?next=%2Factions')
    expect((await app.t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
    expect((await app.t.app.inject({ method: 'GET', url: '/sign-in' })).statusCode).toBe(200)
  })

  it('signs in with the right password (email in any case), lands where it was going, and signs out', async () => {
    const wrong = await signIn('admin@example.org', 'not the passphrase')
    expect(wrong.res.statusCode).toBe(401)
    expect(wrong.res.body).toContain('The email address or password is not right')
    const unknown = await signIn('nobody@example.org', 'not the passphrase')
    expect(unknown.res.body).toContain('The email address or password is not right')
    const ok = await signIn('ADMIN@example.org', 'a long enough passphrase')
    expect(ok.res.statusCode).toBe(303)
    expect(ok.res.headers.location).toBe('/actions')
    const page = await app.t.app.inject({ method: 'GET', url: '/actions', headers: { cookie: ok.cookie! } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Signed in as admin@example.org (administrator)')
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
    const csrf = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const out = await app.t.app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { cookie: `${ok.cookie}; ${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}`,
    })
    expect(out.statusCode).toBe(303)
    expect(out.headers.location).toBe('/sign-in')
    // The old cookie no longer opens anything.
    expect(
      (await app.t.app.inject({ method: 'GET', url: '/actions', headers: { cookie: ok.cookie! } })).statusCode,
    ).toBe(303)
  })

  it('locks an account after five wrong passwords, refusing even the right one until the time passes', async () => {
    await app.t.container.services.users.add(
      app.partnershipId,
      { email: 'analyst@example.org', role: 'analyst', password: 'another passphrase here' },
      actor,
    )
    for (let i = 0; i < 4; i++) expect((await signIn('analyst@example.org', `wrong ${i}`)).res.statusCode).toBe(401)
    const fifth = await signIn('analyst@example.org', 'wrong 5')
    expect(fifth.res.statusCode).toBe(429)
    expect(fifth.res.body).toContain('locked until')
    expect((await signIn('analyst@example.org', 'another passphrase here')).res.statusCode).toBe(429)
    const events = await app.t.container.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'user.%')
      .execute()
    expect(events.map((e) => e.action)).toContain('user.locked')
  })

  it('sends someone whose session has expired back to sign in', async () => {
    const ok = await signIn('admin@example.org', 'a long enough passphrase')
    expect(
      (await app.t.app.inject({ method: 'GET', url: '/meetings', headers: { cookie: ok.cookie! } })).statusCode,
    ).toBe(200)
    // Twelve hours on: the session's expiry has passed.
    await app.t.container.database.db
      .updateTable('app_session')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .execute()
    const later = await app.t.app.inject({ method: 'GET', url: '/meetings', headers: { cookie: ok.cookie! } })
    expect(later.statusCode).toBe(303)
    expect(later.headers.location).toBe('/sign-in?next=%2Fmeetings')
  })

  it('lets a viewer read but not change, and a disabled account not sign in', async () => {
    await app.t.container.services.users.add(
      app.partnershipId,
      { email: 'viewer@example.org', role: 'viewer', agency: 'Dorset Police', password: 'viewer passphrase 1' },
      actor,
    )
    const v = await signIn('viewer@example.org', 'viewer passphrase 1')
    expect(
      (await app.t.app.inject({ method: 'GET', url: '/meetings', headers: { cookie: v.cookie! } })).statusCode,
    ).toBe(200)
    const form = await app.t.app.inject({ method: 'GET', url: '/people/new', headers: { cookie: v.cookie! } })
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!
    const csrf = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const post = await app.t.app.inject({
      method: 'POST',
      url: '/people/new',
      headers: { cookie: `${v.cookie}; ${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, givenName: 'Eve' }).toString(),
    })
    expect(post.statusCode).toBe(403)
    expect(post.body).toContain('You cannot make this change')
    const refused = await app.t.container.database.db
      .selectFrom('audit_event')
      .select(['actor', 'details'])
      .where('action', '=', 'access.refused')
      .execute()
    expect(refused.map((e) => ({ actor: e.actor, ...JSON.parse(e.details) }))).toContainEqual({
      actor: 'viewer@example.org',
      method: 'POST',
      url: '/people/new',
      role: 'viewer',
    })
    await app.t.container.services.users.disable('viewer@example.org', actor)
    expect(
      (await app.t.app.inject({ method: 'GET', url: '/meetings', headers: { cookie: v.cookie! } })).statusCode,
    ).toBe(303)
    expect((await signIn('viewer@example.org', 'viewer passphrase 1')).res.body).toContain('This account is disabled')
  })

  it("changes one's own password (ending other sessions), and an administrator resets a locked account", async () => {
    await app.t.container.services.users.add(
      app.partnershipId,
      { email: 'coord@example.org', role: 'coordinator', password: 'coordinator pass 1' },
      actor,
    )
    const first = await signIn('coord@example.org', 'coordinator pass 1')
    const second = await signIn('coord@example.org', 'coordinator pass 1')
    const form = await app.t.app.inject({ method: 'GET', url: '/account/password', headers: { cookie: first.cookie! } })
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!
    const cookie = `${first.cookie}; ${form.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`
    const post = (fields: Record<string, string>) =>
      app.t.app.inject({
        method: 'POST',
        url: '/account/password',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
      })
    const bad = await post({ current: 'wrong one here', password: 'coordinator pass 2', confirm: 'coordinator pass 2' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Your current password is not right')
    expect(
      (await post({ current: 'coordinator pass 1', password: 'coordinator pass 2', confirm: 'different pass 2' })).body,
    ).toContain('The two new passwords are not the same')
    const ok = await post({
      current: 'coordinator pass 1',
      password: 'coordinator pass 2',
      confirm: 'coordinator pass 2',
    })
    expect(ok.statusCode).toBe(303)
    expect(
      (await app.t.app.inject({ method: 'GET', url: '/meetings', headers: { cookie: second.cookie! } })).statusCode,
    ).toBe(303)
    for (let i = 0; i < 5; i++) await signIn('coord@example.org', `nope ${i}`)
    expect((await signIn('coord@example.org', 'coordinator pass 2')).res.statusCode).toBe(429)
    await app.t.container.services.users.resetPassword('coord@example.org', 'coordinator pass 3', actor)
    expect((await signIn('coord@example.org', 'coordinator pass 3')).res.statusCode).toBe(303)
  })

  it('shows the audit trail to administrators only, with an export; passwords and session values never in it', async () => {
    const admin = await signIn('admin@example.org', 'a long enough passphrase')
    const page = await app.t.app.inject({
      method: 'GET',
      url: '/admin/audit?action=user.',
      headers: { cookie: admin.cookie! },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('user.sign_in')
    expect(page.body).toContain('user.locked')
    const csv = await app.t.app.inject({
      method: 'GET',
      url: '/admin/audit.csv?action=user.',
      headers: { cookie: admin.cookie! },
    })
    expect(csv.body.split('\n')[0]).toBe('at,actor,action,subject_type,subject_id,request_id,details')
    expect(csv.body).not.toContain('passphrase')
    expect(csv.body).not.toContain('coordinator pass')
    const coord = await signIn('coord@example.org', 'coordinator pass 3')
    const refused = await app.t.app.inject({ method: 'GET', url: '/admin/audit', headers: { cookie: coord.cookie! } })
    expect(refused.statusCode).toBe(404)
    expect(refused.body).toContain('Page not found')
  })

  it("lets a member update the actions they own, and no one else's", async () => {
    const actions = await app.t.container.services.actions.list(app.partnershipId, { status: 'all' })
    const mine = actions.find((a) => a.owners.length === 1)!
    const others = actions.find((a) => !a.owners.some((o) => o.id === mine.owners[0]!.id))!
    await app.t.container.services.users.add(
      app.partnershipId,
      { email: 'owner@example.org', role: 'member', person: mine.owners[0]!.name, password: 'member passphrase 1' },
      actor,
    )
    const m = await signIn('owner@example.org', 'member passphrase 1')
    const update = async (id: string) => {
      const page = await app.t.app.inject({ method: 'GET', url: `/actions/${id}`, headers: { cookie: m.cookie! } })
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
      const cookie = `${m.cookie}; ${page.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`
      return app.t.app.inject({
        method: 'POST',
        url: `/actions/${id}/updates`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: token,
          status: 'in_progress',
          note: 'Started on it.',
          'updateDate-day': '10',
          'updateDate-month': '1',
          'updateDate-year': '2026',
        }).toString(),
      })
    }
    expect((await update(mine.id)).statusCode).toBe(303)
    expect((await app.t.container.services.actions.get(mine.id)).updates.at(-1)).toMatchObject({
      note: 'Started on it.',
    })
    expect((await update(others.id)).statusCode).toBe(403)
    // The change is recorded against the member who made it.
    const audit = await app.t.container.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', mine.id)
      .where('actor', '=', 'owner@example.org')
      .execute()
    expect(audit.length).toBe(1)
    await expect(
      app.t.container.services.users.add(
        app.partnershipId,
        { email: 'ghost@example.org', role: 'member', person: 'Nobody Atall', password: 'member passphrase 1' },
        actor,
      ),
    ).rejects.toThrow(/No one called "Nobody Atall"/)
  })

  it('maps roles to what they may change, by the rule each route was declared with', () => {
    const mayWrite = (role: Role, url: string) => {
      const rule = ruleFor(app.t.app.routeList, 'POST', url) ?? {
        read: 'signed-in' as const,
        write: ['administrator' as const],
      }
      return writeRule(role, rule)
    }
    expect(mayWrite('analyst', '/data/crimes/upload')).toBe(true)
    expect(mayWrite('analyst', '/meetings/1/edit')).toBe(false)
    expect(mayWrite('coordinator', '/meetings/1/edit')).toBe(true)
    expect(mayWrite('coordinator', '/measures')).toBe(false)
    expect(mayWrite('member', '/actions/1')).toBe(false)
    expect(mayWrite('administrator', '/anything')).toBe(true)
  })

  it('refuses a short password and an unknown agency with the reason', async () => {
    await expect(
      app.t.container.services.users.add(
        app.partnershipId,
        { email: 'x@example.org', role: 'member', password: 'short' },
        actor,
      ),
    ).rejects.toThrow(/at least 12 characters/)
    await expect(
      app.t.container.services.users.add(
        app.partnershipId,
        { email: 'x@example.org', role: 'member', agency: 'Ministry of Magic', password: 'a fine long password' },
        actor,
      ),
    ).rejects.toThrow(/No single agency matches "Ministry of Magic"/)
    await expect(
      app.t.container.services.users.add(
        app.partnershipId,
        { email: 'x@example.org', role: 'wizard', password: 'a fine long password' },
        actor,
      ),
    ).rejects.toThrow(/Role must be one of/)
  })
})

describe('published minutes', () => {
  it('are open to anyone once published, and "not found" before, exactly like an absent meeting', async () => {
    const meetings = await app.t.container.services.meetings.list(app.partnershipId)
    const approved = meetings.find((m) => m.minutes_status === 'approved')!
    const other = meetings.find((m) => m.minutes_status !== 'approved' && m.minutes_status !== 'published')!
    const before = await app.t.app.inject({ method: 'GET', url: `/published/${approved.id}` })
    expect(before.statusCode).toBe(404)
    const absent = await app.t.app.inject({ method: 'GET', url: '/published/no-such-meeting' })
    expect(absent.statusCode).toBe(404)
    const main = (html: string, id: string) =>
      html.slice(html.indexOf('<main'), html.indexOf('</main>')).replace(id, 'X')
    expect(main(before.body, approved.id)).toBe(main(absent.body, 'no-such-meeting'))
    await app.t.container.services.minutes.transition(
      approved.id,
      { to: 'published', approvedAtMeetingId: null, version: approved.minutes_version },
      actor,
    )
    const list = await app.t.app.inject({ method: 'GET', url: '/published' })
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(`/published/${approved.id}`)
    expect(list.body).not.toContain(`/published/${other.id}`)
    const page = await app.t.app.inject({ method: 'GET', url: `/published/${approved.id}` })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Published minutes')
    // No way into the private pages from the public one: no edit links, no links to actions or people.
    expect(page.body).not.toMatch(/href="\/(actions|people|meetings)\//)
    expect((await app.t.app.inject({ method: 'GET', url: `/published/${approved.id}/minutes.txt` })).statusCode).toBe(
      200,
    )
    expect((await app.t.app.inject({ method: 'GET', url: `/meetings/${approved.id}` })).statusCode).toBe(303)
  })
})
