import { describe, expect, it } from 'vitest'
import { signInAs, useDemoApp } from '../../web/test-app'

const app = useDemoApp()
const PASS = 'a long test passphrase'

/** The link in the latest queued message of a kind to an address. */
async function linkIn(kind: string, to: string): Promise<string> {
  const m = await app.t.container.database.db
    .selectFrom('outbox_message')
    .select(['body', 'created_at'])
    .where('kind', '=', kind)
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow()
  return new URL(/https?:\/\/\S+\/account\/link\/[A-Za-z0-9_-]{43}/.exec(m.body)![0]).pathname
}

describe('accounts in the browser', () => {
  it('invites someone by email; the link sets their password once; they sign in', async () => {
    const t = app.t
    // Before any account, the first invited must be an administrator.
    const first = await t.submit('/admin/accounts', '/admin/accounts', { email: 'early@example.org', role: 'viewer' })
    expect(first.statusCode).toBe(400)
    expect(first.body).toContain('The first account must be an administrator')
    await t.container.services.users.add(
      app.partnershipId,
      { email: 'boss@example.org', role: 'administrator', password: PASS },
      { name: 'system:test' },
    )
    const admin = await signInAs(t, 'boss@example.org', PASS)
    const invited = await admin.submit('/admin/accounts', '/admin/accounts', {
      email: 'Ian@Example.org',
      role: 'member',
      person: (await t.container.services.partnership.people(app.partnershipId)).find(
        (p) => p.displayName === 'Ian Denness',
      )!.id,
    })
    expect(invited.statusCode).toBe(303)
    const list = (await admin.get('/admin/accounts')).body
    expect(list).toContain('ian@example.org')
    const link = await linkIn('account.invite', 'ian@example.org')
    const form = await t.app.inject(link)
    expect(form.body).toContain('Choose your password')
    expect(form.body).toContain('For ian@example.org.')
    const mismatch = await t.submit(link, link, { password: 'ian new passphrase', confirm: 'something else' })
    expect(mismatch.statusCode).toBe(400)
    expect(mismatch.body).toContain('The two passwords are not the same')
    const short = await t.submit(link, link, { password: 'short', confirm: 'short' })
    expect(short.statusCode).toBe(400)
    const set = await t.submit(link, link, { password: 'ian new passphrase', confirm: 'ian new passphrase' })
    expect(set.statusCode).toBe(303)
    expect(set.headers.location).toBe('/sign-in')
    const ian = await signInAs(t, 'ian@example.org', 'ian new passphrase', '10.9.0.7')
    expect((await ian.get('/actions')).statusCode).toBe(200)
    // Once only.
    expect((await t.app.inject(link)).body).toContain('This link does not work')
    const account = (await t.container.services.users.list(app.partnershipId)).find(
      (a) => a.email === 'ian@example.org',
    )!
    expect(account.person_id).not.toBeNull()
  })

  it('changes a role (audited, before and after), never leaving no administrator, disables and enables', async () => {
    const t = app.t
    const admin = await signInAs(t, 'boss@example.org', PASS, '10.9.0.8')
    const accounts = await t.container.services.users.list(app.partnershipId)
    const ian = accounts.find((a) => a.email === 'ian@example.org')!
    const boss = accounts.find((a) => a.email === 'boss@example.org')!
    expect(
      (
        await admin.submit('/admin/accounts', `/admin/accounts/${ian.id}`, {
          action: 'save',
          role: 'viewer',
          person: '',
        })
      ).statusCode,
    ).toBe(303)
    const after = (await t.container.services.users.list(app.partnershipId)).find((a) => a.id === ian.id)!
    expect([after.role, after.person_id]).toEqual(['viewer', null])
    const alone = await admin.submit('/admin/accounts', `/admin/accounts/${boss.id}`, {
      action: 'save',
      role: 'member',
      person: '',
    })
    expect(alone.statusCode).toBe(400)
    expect(alone.body).toContain('This is the only administrator')
    const self = await admin.submit('/admin/accounts', `/admin/accounts/${boss.id}`, { action: 'disable' })
    expect(self.statusCode).toBe(400)
    expect(self.body).toContain('boss@example.org is the only active administrator')
    await admin.submit('/admin/accounts', `/admin/accounts/${ian.id}`, { action: 'disable' })
    // A disabled account is sent no link.
    const link = await admin.submit('/admin/accounts', `/admin/accounts/${ian.id}`, { action: 'reset' })
    expect(link.statusCode).toBe(400)
    expect(link.body).toContain('ian@example.org is disabled')
    await expect(signInAs(t, 'ian@example.org', 'ian new passphrase', '10.9.0.9')).rejects.toThrow(/could not sign in/)
    await admin.submit('/admin/accounts', `/admin/accounts/${ian.id}`, { action: 'enable' })
    await signInAs(t, 'ian@example.org', 'ian new passphrase', '10.9.0.10')
    const audit = await t.container.database.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('subject_id', '=', ian.id)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['user.add', 'user.link.invite', 'user.update', 'user.disable', 'user.enable']),
    )
    expect(audit.find((a) => a.action === 'user.update')!.details).toContain('"before":{"role":"member"')
    // A member cannot reach the page at all.
    const member = await signInAs(t, 'ian@example.org', 'ian new passphrase', '10.9.0.11')
    expect((await member.get('/admin/accounts')).statusCode).toBe(404)
  })

  it('sends a reset link to an address with an account, and says the same for one without', async () => {
    const t = app.t
    const known = await t.submit('/account/forgot', '/account/forgot', { email: 'ian@example.org' })
    const unknown = await t.submit('/account/forgot', '/account/forgot', { email: 'nobody@example.org' })
    const flash = (r: typeof known) =>
      decodeURIComponent(r.cookies.find((c) => c.name === 'flash')!.value).replace(
        /ian@example.org|nobody@example.org/,
        'X',
      )
    expect(flash(known).split('.')[0]).toBe(flash(unknown).split('.')[0])
    const link = await linkIn('account.reset', 'ian@example.org')
    const set = await t.submit(link, link, { password: 'ian reset passphrase', confirm: 'ian reset passphrase' })
    expect(set.statusCode).toBe(303)
    await signInAs(t, 'ian@example.org', 'ian reset passphrase', '10.9.0.12')
    const messages = await t.container.database.db
      .selectFrom('outbox_message')
      .select('to_address')
      .where('kind', '=', 'account.reset')
      .execute()
    expect(messages.map((m) => m.to_address)).toEqual(['ian@example.org'])
  })
})
