import { unzipSync, strFromU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { demoMeetings, signInAs, useDemoApp, type Browser } from '../../web/test-app'
import { roles } from './access.table'

const app = useDemoApp()
const actor = { name: 'system:test' }
const PASS = 'a long test passphrase'

/** Words only a restricted record holds: each surface is searched for them. */
const SECRET_7_2 = 'analysis of domestic homicide reviews over the past two years'
const SECRET_ITEM_7 = 'Domestic Homicide Reviews (DHR) Update'

async function setup() {
  const t = app.t
  const { reference, previous, next } = await demoMeetings(t)
  const doc = await t.container.services.minutes.document(reference.id)
  const item7 = doc.items.find((i) => i.number === 7)!
  const p72 = item7.paragraphs.find((p) => p.seq === 2)!
  const p12 = doc.items.find((i) => i.number === 1)!.paragraphs.find((p) => p.seq === 2)!
  const users: Record<string, string> = {}
  for (const role of roles)
    users[role] = (
      await t.container.services.users.add(
        app.partnershipId,
        { email: `${role}@example.org`, role, password: PASS },
        actor,
      )
    ).id
  users.di = (
    await t.container.services.users.add(
      app.partnershipId,
      { email: 'di@example.org', name: 'Di Evans', role: 'coordinator', password: PASS, person: 'Di Evans' },
      actor,
    )
  ).id
  const browsers: Record<string, Browser> = {}
  for (const [n, who] of [...roles, 'di'].entries())
    browsers[who] = await signInAs(t, `${who}@example.org`, PASS, `10.7.0.${n + 1}`)
  return { t, reference, previous, next, item7, p72, p12, users, browsers }
}

let s: Awaited<ReturnType<typeof setup>>
const anonymous = () => ({ get: (url: string) => app.t.app.inject({ method: 'GET', url, remoteAddress: '10.7.1.1' }) })

/** Every place a record could show, for one reader: what each gives back, as text. */
async function surfaces(b: { get(url: string): Promise<{ statusCode: number; body: string; rawPayload: Buffer }> }) {
  const m = s.reference.id
  const out: Record<string, string> = {}
  for (const url of [
    `/meetings/${m}`,
    `/meetings/${m}/minutes.txt`,
    '/decisions',
    '/actions?status=all',
    '/open-data/decisions.csv',
    '/open-data/actions.csv',
    '/api/v1/decisions',
    '/api/v1/actions',
    `/meetings/${m}/minutes/versions/1`,
    `/meetings/${s.next.id}`,
  ]) {
    const r = await b.get(url)
    out[url] = `${r.statusCode} ${r.body}`
  }
  const docx = await b.get(`/meetings/${m}/minutes.docx`)
  out.docx =
    docx.statusCode === 200
      ? strFromU8(unzipSync(new Uint8Array(docx.rawPayload))['word/document.xml']!)
      : String(docx.statusCode)
  return out
}

describe('record-level restriction', () => {
  it('restricts a DHR paragraph to the people named: invisible to everyone else on every page, list, export and the API', async () => {
    s = await setup()
    const { t, reference, p72, users, browsers } = s
    // Di records a decision from 7.2, then restricts the paragraph to herself and the viewer.
    const dec = await browsers.di!.submit(
      `/meetings/${reference.id}/paragraphs/${p72.id}/decisions/new`,
      `/meetings/${reference.id}/paragraphs/${p72.id}/decisions/new`,
      { topic: 'DHR two-year analysis', wording: 'The DHR analysis to be shared with the safeguarding partnerships.' },
    )
    expect(dec.statusCode).toBe(303)
    const set = await browsers.di!.submit(
      `/meetings/${reference.id}/access/paragraph/${p72.id}`,
      `/meetings/${reference.id}/access/paragraph/${p72.id}`,
      { visibility: 'restricted', users: [users.viewer!] },
    )
    expect(set.statusCode, set.body).toBe(303)

    // Named: Di (added as the one restricting it) and the viewer see it, marked restricted, with who may.
    for (const who of ['di', 'viewer']) {
      const page = await browsers[who]!.get(`/meetings/${reference.id}`)
      expect(page.body).toContain(SECRET_7_2)
      expect(page.body).toMatch(/Restricted<\/strong> Seen only by (Di Evans, viewer|viewer, Di Evans)/)
      expect((await browsers[who]!.get('/decisions')).body).toContain('DHR two-year analysis')
    }
    // Not named: not the other coordinator, not even the administrator — nowhere.
    for (const who of ['administrator', 'coordinator', 'analyst', 'member']) {
      const seen = await surfaces(browsers[who]!)
      for (const [where, text] of Object.entries(seen)) {
        expect(text, `${who}: ${where}`).not.toContain(SECRET_7_2)
        expect(text, `${who}: ${where}`).not.toContain('DHR two-year analysis')
        expect(text, `${who}: ${where}`).not.toContain(p72.id)
      }
      expect(seen[`/meetings/${reference.id}`]).toMatch(/^200 /)
      expect(seen[`/meetings/${reference.id}`]).toContain('Di explained that some recommendations')
    }
    // Guessing its address gives exactly what an id that never existed gives.
    const other = browsers.coordinator!
    for (const [real, fake] of [
      [
        `/meetings/${reference.id}/paragraphs/${p72.id}/edit`,
        `/meetings/${reference.id}/paragraphs/00000000-0000-4000-8000-000000000000/edit`,
      ],
      [
        `/meetings/${reference.id}/access/paragraph/${p72.id}`,
        `/meetings/${reference.id}/access/paragraph/00000000-0000-4000-8000-000000000000`,
      ],
      [
        `/meetings/${reference.id}/paragraphs/${p72.id}/decisions/new`,
        `/meetings/${reference.id}/paragraphs/00000000-0000-4000-8000-000000000000/decisions/new`,
      ],
    ]) {
      const [a, b] = [await other.get(real!), await other.get(fake!)]
      expect(a.statusCode, real).toBe(404)
      // The same page but for the per-response nonce and form token.
      const same = (body: string, id: string) =>
        body
          .replaceAll(id, 'ID')
          .replace(/nonce="[^"]+"/g, '')
          .replace(/name="_csrf" value="[^"]+"/g, '')
      expect(same(a.body, p72.id)).toBe(same(b.body, '00000000-0000-4000-8000-000000000000'))
    }
    // The guesses leave one trace: audit events naming who tried which restricted record.
    const denied = await t.container.database.db
      .selectFrom('audit_event')
      .select(['actor', 'subject_id'])
      .where('action', '=', 'restricted.denied')
      .execute()
    expect(denied.filter((e) => e.subject_id === p72.id && e.actor === 'coordinator@example.org')).toHaveLength(3)
    // Nor can they change it, or record against it.
    const edit = await t.app.inject({ method: 'GET', url: `/meetings/${reference.id}/paragraphs/${p72.id}/edit` })
    expect(edit.statusCode).toBe(303)
    const names = await t.container.database.db
      .selectFrom('audit_event')
      .select(['actor', 'action', 'subject_id'])
      .where('action', '=', 'restricted.view')
      .execute()
    // Every view by a named person is in the audit trail; nobody else's, since nobody else saw it.
    expect(
      names
        .filter((e) => e.subject_id === p72.id)
        .map((e) => e.actor)
        .sort(),
    ).toEqual(expect.arrayContaining(['di@example.org', 'viewer@example.org']))
    expect(names.every((e) => e.actor === 'di@example.org' || e.actor === 'viewer@example.org')).toBe(true)
    const change = await t.container.database.db
      .selectFrom('audit_event')
      .select(['details'])
      .where('action', '=', 'restriction.change')
      .where('subject_id', '=', p72.id)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(change.details)).toMatchObject({
      before: { visibility: 'public', named: [] },
      after: { visibility: 'restricted', named: expect.arrayContaining(['di@example.org', 'viewer@example.org']) },
    })
  })

  it('hides an action raised in a restricted paragraph, and the matters arising it becomes at the next meeting', async () => {
    const { reference, next, p12, browsers } = s
    const before = await browsers.coordinator!.get('/actions?status=all')
    const action = (await app.t.container.services.actions.list(app.partnershipId, { status: 'all' })).find(
      (a) => a.paragraph_id === p12.id,
    )!
    expect(before.body).toContain(`/actions/${action.id}`)
    expect(
      (
        await browsers.di!.submit(
          `/meetings/${reference.id}/access/paragraph/${p12.id}`,
          `/meetings/${reference.id}/access/paragraph/${p12.id}`,
          { visibility: 'restricted' },
        )
      ).statusCode,
    ).toBe(303)
    expect((await browsers.coordinator!.get('/actions?status=all')).body).not.toContain(`/actions/${action.id}`)
    expect((await browsers.coordinator!.get(`/actions/${action.id}`)).statusCode).toBe(404)
    expect((await browsers.di!.get(`/actions/${action.id}`)).statusCode).toBe(200)
    // The next meeting's agenda carries the action under matters arising, as restricted as its source.
    expect((await browsers.di!.submit(`/meetings/${next.id}`, `/meetings/${next.id}/agenda`, {})).statusCode).toBe(303)
    expect((await browsers.di!.get(`/meetings/${next.id}`)).body).toContain(`/actions/${action.id}`)
    expect((await browsers.coordinator!.get(`/meetings/${next.id}`)).body).not.toContain(`/actions/${action.id}`)
    // Its text as matters arising ("<title>."), though the agenda item the forward plan put there
    // before the restriction is a record of its own, and stays as it was.
    expect((await browsers.di!.get(`/meetings/${next.id}`)).body).toContain(`${action.title}.`)
    expect((await browsers.coordinator!.get(`/meetings/${next.id}`)).body).not.toContain(`${action.title}.`)
  })

  it('leaves a partners-only item out of the published minutes, and shows it to anyone signed in', async () => {
    const { t, reference, next, item7, browsers } = s
    expect(
      (
        await browsers.coordinator!.submit(
          `/meetings/${reference.id}/access/item/${item7.id}`,
          `/meetings/${reference.id}/access/item/${item7.id}`,
          { visibility: 'partners' },
        )
      ).statusCode,
    ).toBe(303)
    const m = await t.container.services.meetings.get(reference.id)
    await t.container.services.minutes.transition(
      reference.id,
      { to: 'approved', approvedAtMeetingId: next.id, version: m.minutes_version },
      actor,
    )
    await t.container.services.minutes.transition(
      reference.id,
      { to: 'published', approvedAtMeetingId: null, version: m.minutes_version + 1 },
      actor,
    )
    for (const url of [`/published/${reference.id}`, `/published/${reference.id}/minutes.txt`]) {
      for (const b of [anonymous(), browsers.administrator!]) {
        const r = await b.get(url)
        expect(r.statusCode, url).toBe(200)
        expect(r.body, url).toContain('Conversations were being lead by the Home Office')
        expect(r.body, url).not.toContain(SECRET_ITEM_7)
        expect(r.body, url).not.toContain('Di explained that some recommendations')
      }
    }
    for (const who of ['viewer', 'member', 'analyst']) {
      const page = (await browsers[who]!.get(`/meetings/${reference.id}`)).body
      expect(page).toContain(SECRET_ITEM_7)
      expect(page).toContain('Partners only')
      expect(page).toContain('Di explained that some recommendations')
    }
  })

  it('refuses a bad restriction with the reason at its field, and changes nothing', async () => {
    const { reference, item7, browsers } = s
    const url = `/meetings/${reference.id}/access/item/${item7.id}`
    const bogus = await browsers.coordinator!.submit(url, url, { visibility: 'secret' })
    expect(bogus.statusCode).toBe(400)
    expect(bogus.body).toContain('Select who can see it')
    const ghost = await browsers.coordinator!.submit(url, url, { visibility: 'restricted', users: ['no-such-account'] })
    expect(ghost.statusCode).toBe(400)
    expect(ghost.body).toContain('is not an active account')
    expect((await browsers.member!.get(`/meetings/${reference.id}`)).body).toContain(SECRET_ITEM_7)
    // A viewer may look at who can see it, but not change it.
    expect((await browsers.viewer!.submit(url, url, { visibility: 'restricted' })).statusCode).toBe(403)
  })
})
