import { describe, expect, it } from 'vitest'
import { signInAs, useDemoApp } from '../../web/test-app'

const app = useDemoApp()
const PASS = 'a long test passphrase'

async function accounts() {
  const s = app.t.container.services
  const add = (email: string, name: string, role: 'administrator' | 'coordinator' | 'member') =>
    s.users.add(app.partnershipId, { email, name, role, password: PASS }, { name: 'system:test' })
  if (!(await s.users.list(app.partnershipId)).length) {
    await add('boss@example.org', 'Bea Boss', 'administrator')
    await add('dhr@example.org', 'Dee Coordinator', 'coordinator')
    await add('panel1@example.org', 'Pat Panel', 'member')
    await add('panel2@example.org', 'Quin Panel', 'member')
  }
  const list = await s.users.list(app.partnershipId)
  const id = (email: string) => list.find((a) => a.email === email)!.id
  return { id }
}

const audit = (action: string) =>
  app.t.container.database.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('at').execute()

describe('named groups and break-glass access', () => {
  it('a review shown to the DHR panel follows the panel’s members, each change audited', async () => {
    const t = app.t
    const { id } = await accounts()
    const admin = await signInAs(t, 'boss@example.org', PASS, '10.8.0.1')
    const made = await admin.submit('/admin/groups', '/admin/groups', { name: 'DHR panel', purpose: 'Reviews' })
    expect(made.statusCode).toBe(303)
    const again = await admin.submit('/admin/groups', '/admin/groups', { name: 'DHR panel', purpose: '' })
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('There is already a group called DHR panel')
    const group = (await t.container.services.accessGroups.list(app.partnershipId))[0]!
    const saved = await admin.submit('/admin/groups', `/admin/groups/${group.id}`, {
      action: 'save',
      users: [id('panel1@example.org')],
    })
    expect(saved.statusCode).toBe(303)

    // The coordinator records a review shown to the panel (and, always, to themselves).
    const dee = await signInAs(t, 'dhr@example.org', PASS, '10.8.0.2')
    const form = await dee.get('/registers/dhr/new')
    expect(form.body).toContain('Groups who may see it')
    expect(form.body).toContain('DHR panel')
    const recorded = await dee.submit('/registers/dhr/new', '/registers/dhr/new', {
      ref: 'DHR-2026-01',
      title: 'DHR 2026/01',
      'notifiedOn-day': '5',
      'notifiedOn-month': '1',
      'notifiedOn-year': '2026',
      leadAgencyId: '',
      visibility: 'restricted',
      groups: [group.id],
    })
    expect(recorded.statusCode).toBe(303)
    const href = recorded.headers.location as string

    const pat = await signInAs(t, 'panel1@example.org', PASS, '10.8.0.3')
    const quin = await signInAs(t, 'panel2@example.org', PASS, '10.8.0.4')
    const shown = await pat.get(href)
    expect(shown.statusCode).toBe(200)
    expect(shown.body).toMatch(/Only Dee Coordinator, Pat Panel \(through DHR panel\)/)
    expect((await quin.get(href)).statusCode).toBe(404)
    expect((await quin.get('/registers/dhr')).body).not.toContain('DHR-2026-01')

    // Pat leaves the panel and Quin joins: the review moves with the panel.
    await admin.submit('/admin/groups', `/admin/groups/${group.id}`, {
      action: 'save',
      users: [id('panel2@example.org')],
    })
    expect((await pat.get(href)).statusCode).toBe(404)
    expect((await quin.get(href)).statusCode).toBe(200)
    const changes = await audit('group.members')
    expect(JSON.parse(changes.at(-1)!.details)).toEqual({
      group: 'DHR panel',
      added: ['panel2@example.org'],
      removed: ['panel1@example.org'],
    })
    expect(changes.at(-1)!.actor).toBe('boss@example.org')

    // A group named on a record cannot be removed.
    const remove = await admin.submit('/admin/groups', `/admin/groups/${group.id}`, { action: 'remove' })
    expect(remove.statusCode).toBe(400)
    expect(remove.body).toContain('DHR panel is named on a restricted record')

    // The access form shows the group ticked; unticking it (keeping Dee) is audited before and after.
    const access = await dee.get(`${href}/access`)
    expect(access.body).toMatch(new RegExp(`value="${group.id}" checked`))
    await dee.submit(`${href}/access`, `${href}/access`, { visibility: 'restricted', groups: [] })
    expect((await quin.get(href)).statusCode).toBe(404)
    const change = JSON.parse((await audit('restriction.change')).at(-1)!.details)
    expect(change.before.groups).toEqual(['DHR panel'])
    expect(change.after.groups).toEqual([])
    await dee.submit(`${href}/access`, `${href}/access`, { visibility: 'restricted', groups: [group.id] })
  })

  const breakGlass =
    'break-glass: an administrator not named sees where the record is, opens it with a reason, for a time, ' +
    'and the named are told'
  it(breakGlass, async () => {
    const t = app.t
    await accounts()
    const admin = await signInAs(t, 'boss@example.org', PASS, '10.8.0.5')
    const review = await t.container.database.db
      .selectFrom('register_entry')
      .select(['id', 'title'])
      .where('ref', '=', 'DHR-2026-01')
      .executeTakeFirstOrThrow()
    const href = `/registers/dhr/${review.id}`
    expect((await admin.get(href)).statusCode).toBe(404)

    const list = await admin.get('/admin/restricted')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Domestic Homicide Review DHR-2026-01')
    expect(list.body).not.toContain(review.title)
    const form = `/admin/restricted/register_entry/${review.id}`
    const short = await admin.submit(form, form, { reason: 'need it' })
    expect(short.statusCode).toBe(400)
    expect(short.body).toContain('Say why you need to see it')
    const reason = 'The chair asked for the review’s deadlines while its panel is away'
    const opened = await admin.submit(form, form, { reason })
    expect(opened.statusCode).toBe(303)
    expect(opened.headers.location).toBe(href)
    expect((await admin.get(href)).statusCode).toBe(200)
    // Break-glass opens a record to read, not to change who sees it (that would name them on it for good):
    // the page offers no such change, and the form refuses it.
    expect((await admin.get(href)).body).not.toContain(`href="${href}/access"`)
    const widen = await admin.submit(`${href}/access`, `${href}/access`, { visibility: 'restricted' })
    expect(widen.statusCode).toBe(400)
    expect(widen.body).toContain('You see this record through break-glass access')

    const [event] = await audit('restricted.break-glass')
    expect(event!.actor).toBe('boss@example.org')
    expect(JSON.parse(event!.details)).toMatchObject({ reason, until: '2026-01-15T17:00:00.000Z' })
    const told = await t.container.database.db
      .selectFrom('outbox_message')
      .select(['to_address', 'body'])
      .where('kind', '=', 'restricted.break-glass')
      .orderBy('to_address')
      .execute()
    // Dee (named) and Quin (through the panel); not the administrator themselves.
    expect(told.map((m) => m.to_address)).toEqual(['dhr@example.org', 'panel2@example.org'])
    expect(told[0]!.body).toContain(reason)
    expect(told[0]!.body).toContain('Bea Boss (boss@example.org)')
    expect(told[0]!.body).not.toContain(review.title)

    // When the grant ends, the record is gone again.
    await t.container.database.db.updateTable('break_glass').set({ expires_at: '2026-01-15T08:00:00.000Z' }).execute()
    expect((await admin.get(href)).statusCode).toBe(404)
    // Nobody else may ask.
    const dee = await signInAs(t, 'dhr@example.org', PASS, '10.8.0.6')
    expect((await dee.get('/admin/restricted')).statusCode).toBe(404)
  })
})
