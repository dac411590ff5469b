import { describe, expect, it } from 'vitest'
import { demoMeetings, signInAs, useDemoApp, type Browser } from '../../web/test-app'

// The app's clock reads 15 January 2026.
const app = useDemoApp('2026-01-15T09:00:00Z')
const actor = { name: 'system:test' }
const PASS = 'a long test passphrase'
let di: Browser
let sam: Browser
let id: string

const dates = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! }
}

describe('the DHR register', () => {
  it('records a review from its notification, restricted to the person recording it, with the decision already overdue', async () => {
    const t = app.t
    await t.container.services.users.add(app.partnershipId, { email: 'di@example.org', name: 'Di Evans', role: 'coordinator', password: PASS }, actor)
    await t.container.services.users.add(app.partnershipId, { email: 'sam@example.org', name: 'Sam Other', role: 'coordinator', password: PASS }, actor)
    di = await signInAs(t, 'di@example.org', PASS, '10.5.0.1')
    sam = await signInAs(t, 'sam@example.org', PASS, '10.5.0.2')
    const form = await di.get('/registers/dhr/new')
    expect(form.body).toMatch(/value="restricted" checked/)
    const res = await di.submit('/registers/dhr/new', '/registers/dhr/new', { ref: 'DHR-2025-01', title: 'DHR 2025/01', visibility: 'restricted', ...dates('notifiedOn', '2025-11-01') })
    expect(res.statusCode, res.body).toBe(303)
    id = res.headers.location!.split('/').pop()!
    const page = await di.get(`/registers/dhr/${id}`)
    expect(page.body).toContain('Notification received, since 1 November 2025 (75 days)')
    expect(page.body).toContain('Due 1 December 2025 <strong class="govuk-tag govuk-tag--red">Overdue by 45 days</strong>')
    expect(page.body).toMatch(/Restricted<\/strong> Only Di Evans/)
  })

  it('refuses bad input with the reason at its field and writes nothing: a duplicate case reference, a future date, stages out of order', async () => {
    const dup = await di.submit('/registers/dhr/new', '/registers/dhr/new', { ref: 'DHR-2025-01', title: 'Again', visibility: 'restricted', ...dates('notifiedOn', '2025-12-01') })
    expect(dup.statusCode).toBe(400)
    expect(dup.body).toContain('There is already a review with the case reference DHR-2025-01')
    const future = await di.submit('/registers/dhr/new', '/registers/dhr/new', { ref: 'DHR-2026-09', title: 'Future', visibility: 'restricted', ...dates('notifiedOn', '2026-02-01') })
    expect(future.statusCode).toBe(400)
    expect(future.body).toContain('2026-02-01 is in the future')
    const skip = await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/stage`, { to: 'published', reason: '', ...dates('date', '2025-12-01') })
    expect(skip.statusCode).toBe(400)
    expect(skip.body).toContain('cannot become &quot;Published&quot;')
    const early = await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/stage`, { to: 'ongoing', reason: '', ...dates('date', '2025-10-01') })
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('on 2025-10-01 would come before &quot;Notification received&quot; on 2025-11-01')
    const noDate = await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/stage`, { to: 'ongoing', reason: '' })
    expect(noDate.statusCode).toBe(400)
    expect(noDate.body).toContain('Enter the date it happened')
    const count = await app.t.container.database.db.selectFrom('register_event').select('id').where('entry_id', '=', id).execute()
    expect(count).toHaveLength(1)
  })

  it('runs the clock through the stages: decided, paused for criminal proceedings, resumed, extended', async () => {
    for (const [to, date, reason] of [['decision_pending', '2025-11-20', ''], ['ongoing', '2025-11-25', 'Criteria met'], ['paused', '2025-12-01', 'Trial listed'], ['ongoing', '2026-01-01', 'Trial concluded']] as const) {
      const r = await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/stage`, { to, reason, ...dates('date', date) })
      expect(r.statusCode, r.body).toBe(303)
    }
    let page = (await di.get(`/registers/dhr/${id}`)).body
    expect(page).toContain('Done 25 November 2025 (due 1 December 2025)')
    // Six months from 25 November, plus the 31 days paused.
    expect(page).toContain('Due 25 June 2026')
    expect(page).toContain('31 days paused for criminal proceedings')
    expect(page).toContain('Paused for criminal proceedings → <strong>Review ongoing</strong>: Trial concluded')
    expect((await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/extensions`, { months: '2', reason: 'Family asked for time', ...dates('date', '2026-01-10') })).statusCode).toBe(303)
    page = (await di.get(`/registers/dhr/${id}`)).body
    expect(page).toContain('Due 25 August 2026')
    expect(page).toContain('Completion extended by 2 months: Family asked for time')
    // The partnership's own timescales: nine months to complete.
    expect((await di.submit('/registers/dhr/settings', '/registers/dhr/settings', { decisionDueMonths: '1', completionDueMonths: '9', publicationDueDays: '30', pauseStopsClock: 'yes' })).statusCode).toBe(303)
    expect((await di.get(`/registers/dhr/${id}`)).body).toContain('Due 25 November 2026')
  })

  it('links to the minute paragraph that discussed it, both ways, for those who may see it', async () => {
    const { reference } = await demoMeetings(app.t)
    const doc = await app.t.container.services.minutes.document(reference.id)
    const p72 = doc.items.find((i) => i.number === 7)!.paragraphs.find((p) => p.seq === 2)!
    expect((await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/links`, { paragraphId: p72.id })).statusCode).toBe(303)
    expect((await di.get(`/registers/dhr/${id}`)).body).toMatch(/href="\/meetings\/[^"]+#p-7-2">Paragraph 7.2<\/a>, Domestic Homicide Reviews \(DHR\) Update/)
    expect((await di.get(`/meetings/${reference.id}`)).body).toContain(`In the register: <a class="govuk-link" href="/registers/dhr/${id}">DHR-2025-01 DHR 2025/01</a>`)
    expect((await sam.get(`/meetings/${reference.id}`)).body).not.toContain('DHR-2025-01')
  })

  it('is invisible to anyone not named: not in the list or its counts, and its address is not found', async () => {
    const list = (await sam.get('/registers/dhr')).body
    expect(list).not.toContain('DHR-2025-01')
    expect(list).toContain('0 reviews you can see, 0 open')
    expect((await sam.get('/registers')).body).toMatch(/Domestic Homicide Reviews<\/a> — 0 entries you can see/)
    expect((await sam.get('/registers?q=DHR-2025')).body).toContain('0 entries matching')
    expect((await sam.get('/registers/dhr/export.csv')).body.trimEnd().split('\n')).toHaveLength(1)
    expect((await di.get('/registers?q=DHR-2025')).body).toContain('DHR-2025-01: DHR 2025/01')
    expect((await di.get('/registers/dhr/export.csv')).body).toMatch(/\nDHR-2025-01,DHR 2025\/01,ongoing,2026-01-01,,2025-11-01,2025-12-01,2025-11-25,2026-11-25,,,\n/)
    const same = (body: string, x: string) => body.replaceAll(x, 'ID').replace(/nonce="[^"]+"/g, '').replace(/name="_csrf" value="[^"]+"/g, '')
    const fake = '00000000-0000-4000-8000-000000000000'
    for (const path of ['', '/access']) {
      const [a, b] = [await sam.get(`/registers/dhr/${id}${path}`), await sam.get(`/registers/dhr/${fake}${path}`)]
      expect(a.statusCode).toBe(404)
      expect(same(a.body, id)).toBe(same(b.body, fake))
    }
    expect((await sam.submit('/registers/dhr', `/registers/dhr/${id}/updates`, { text: 'Guess', ...dates('date', '2026-01-14') })).statusCode).toBe(404)
    // Di, named, sees it and each look is audited.
    expect((await di.get('/registers/dhr')).body).toContain('1 review you can see, 1 open')
    const views = await app.t.container.database.db.selectFrom('audit_event').select('actor').where('action', '=', 'restricted.view').where('subject_id', '=', id).execute()
    expect(new Set(views.map((v) => v.actor))).toEqual(new Set(['di@example.org']))
    const denied = await app.t.container.database.db.selectFrom('audit_event').select('actor').where('action', '=', 'restricted.denied').where('subject_id', '=', id).execute()
    expect(denied.map((d) => d.actor)).toContain('sam@example.org')
  })
})
