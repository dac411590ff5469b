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
    await t.container.services.users.add(
      app.partnershipId,
      { email: 'di@example.org', name: 'Di Evans', role: 'coordinator', password: PASS },
      actor,
    )
    await t.container.services.users.add(
      app.partnershipId,
      { email: 'sam@example.org', name: 'Sam Other', role: 'coordinator', password: PASS },
      actor,
    )
    di = await signInAs(t, 'di@example.org', PASS, '10.5.0.1')
    sam = await signInAs(t, 'sam@example.org', PASS, '10.5.0.2')
    const form = await di.get('/registers/dhr/new')
    // Restricted, always: no choice of visibility on the form, only who is named.
    expect(form.body).toContain('<input type="hidden" name="visibility" value="restricted">')
    expect(form.body).not.toContain('value="partners"')
    const res = await di.submit('/registers/dhr/new', '/registers/dhr/new', {
      ref: 'DHR-2025-01',
      title: 'DHR 2025/01',
      visibility: 'restricted',
      ...dates('notifiedOn', '2025-11-01'),
    })
    expect(res.statusCode, res.body).toBe(303)
    id = res.headers.location!.split('/').pop()!
    const page = await di.get(`/registers/dhr/${id}`)
    expect(page.body).toContain('Notification received, since 1 November 2025 (75 days)')
    expect(page.body).toContain(
      'Due 1 December 2025 <strong class="govuk-tag govuk-tag--red">Overdue by 45 days</strong>',
    )
    expect(page.body).toMatch(/Restricted<\/strong> Only Di Evans/)
  })

  it('refuses bad input with the reason at its field and writes nothing: a duplicate case reference, a future date, stages out of order', async () => {
    const dup = await di.submit('/registers/dhr/new', '/registers/dhr/new', {
      ref: 'DHR-2025-01',
      title: 'Again',
      visibility: 'restricted',
      ...dates('notifiedOn', '2025-12-01'),
    })
    expect(dup.statusCode).toBe(400)
    expect(dup.body).toContain('There is already a review with the case reference DHR-2025-01')
    // Sam is not named on DHR-2025-01: nothing Sam does may reveal that it exists, so Sam's own
    // review under the same reference is recorded as any other (unique among the reviews Sam sees).
    const samsOwn = await sam.submit('/registers/dhr/new', '/registers/dhr/new', {
      ref: 'DHR-2025-01',
      title: "Sam's review",
      visibility: 'restricted',
      ...dates('notifiedOn', '2025-12-01'),
    })
    expect(samsOwn.statusCode, samsOwn.body).toBe(303)
    expect(
      (
        await sam.submit('/registers/dhr/new', '/registers/dhr/new', {
          ref: 'DHR-2025-01',
          title: 'Again',
          visibility: 'restricted',
          ...dates('notifiedOn', '2025-12-01'),
        })
      ).body,
    ).toContain('There is already a review with the case reference DHR-2025-01')
    await app.t.container.database.db
      .deleteFrom('register_entry')
      .where('id', '=', samsOwn.headers.location!.split('/').pop()!)
      .execute()
    const future = await di.submit('/registers/dhr/new', '/registers/dhr/new', {
      ref: 'DHR-2026-09',
      title: 'Future',
      visibility: 'restricted',
      ...dates('notifiedOn', '2026-02-01'),
    })
    expect(future.statusCode).toBe(400)
    expect(future.body).toContain('2026-02-01 is in the future')
    const skip = await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/stage`, {
      to: 'published',
      reason: '',
      ...dates('date', '2025-12-01'),
    })
    expect(skip.statusCode).toBe(400)
    expect(skip.body).toContain('cannot become &quot;Published&quot;')
    const early = await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/stage`, {
      to: 'ongoing',
      reason: '',
      ...dates('date', '2025-10-01'),
    })
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('on 2025-10-01 would come before &quot;Notification received&quot; on 2025-11-01')
    const noDate = await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/stage`, { to: 'ongoing', reason: '' })
    expect(noDate.statusCode).toBe(400)
    expect(noDate.body).toContain('Enter the date it happened')
    const count = await app.t.container.database.db
      .selectFrom('register_event')
      .select('id')
      .where('entry_id', '=', id)
      .execute()
    expect(count).toHaveLength(1)
  })

  it('runs the clock through the stages: decided, paused for criminal proceedings, resumed, extended', async () => {
    for (const [to, date, reason] of [
      ['decision_pending', '2025-11-20', ''],
      ['ongoing', '2025-11-25', 'Criteria met'],
      ['paused', '2025-12-01', 'Trial listed'],
      ['ongoing', '2026-01-01', 'Trial concluded'],
    ] as const) {
      const r = await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/stage`, {
        to,
        reason,
        ...dates('date', date),
      })
      expect(r.statusCode, r.body).toBe(303)
    }
    let page = (await di.get(`/registers/dhr/${id}`)).body
    expect(page).toContain('Done 25 November 2025 (due 1 December 2025)')
    // Six months from 25 November, plus the 31 days paused.
    expect(page).toContain('Due 25 June 2026')
    expect(page).toContain('31 days paused for criminal proceedings')
    expect(page).toContain('Paused for criminal proceedings → <strong>Review ongoing</strong>: Trial concluded')
    expect(
      (
        await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/extensions`, {
          months: '2',
          reason: 'Family asked for time',
          ...dates('date', '2026-01-10'),
        })
      ).statusCode,
    ).toBe(303)
    page = (await di.get(`/registers/dhr/${id}`)).body
    expect(page).toContain('Due 25 August 2026')
    expect(page).toContain('Completion extended by 2 months: Family asked for time')
    // The partnership's own timescales: nine months to complete.
    expect(
      (
        await di.submit('/registers/dhr/settings', '/registers/dhr/settings', {
          decisionDueMonths: '1',
          completionDueMonths: '9',
          publicationDueDays: '30',
          pauseStopsClock: 'yes',
        })
      ).statusCode,
    ).toBe(303)
    expect((await di.get(`/registers/dhr/${id}`)).body).toContain('Due 25 November 2026')
  })

  it('links to the minute paragraph that discussed it, both ways, for those who may see it', async () => {
    const { reference } = await demoMeetings(app.t)
    const doc = await app.t.container.services.minutes.document(reference.id)
    const p72 = doc.items.find((i) => i.number === 7)!.paragraphs.find((p) => p.seq === 2)!
    expect(
      (await di.submit(`/registers/dhr/${id}`, `/registers/dhr/${id}/links`, { paragraphId: p72.id })).statusCode,
    ).toBe(303)
    expect((await di.get(`/registers/dhr/${id}`)).body).toMatch(
      /href="\/meetings\/[^"]+#p-7-2">Paragraph 7.2<\/a>, Domestic Homicide Reviews \(DHR\) Update/,
    )
    expect((await di.get(`/meetings/${reference.id}`)).body).toContain(
      `In the register: <a class="govuk-link" href="/registers/dhr/${id}">DHR-2025-01 DHR 2025/01</a>`,
    )
    expect((await sam.get(`/meetings/${reference.id}`)).body).not.toContain('DHR-2025-01')
  })

  it('keeps the recommendations with owner, due date and delivery, national practice outside local control, and overdue flagged', async () => {
    const url = `/registers/dhr/${id}`
    const add = (body: Record<string, string>) =>
      di.submit(url, `${url}/recommendations`, {
        level: 'local',
        status: 'not_started',
        agencyId: '',
        owner: '',
        ref: '',
        ...dates('date', '2025-12-10'),
        ...body,
      })
    expect(
      (
        await add({
          text: 'GPs to ask about abuse at every contact',
          owner: 'ICB safeguarding lead',
          status: 'in_progress',
          ...dates('dueDate', '2025-12-31'),
        })
      ).statusCode,
    ).toBe(303)
    expect(
      (
        await add({
          text: 'Change national guidance on sharing health records',
          level: 'national',
          status: 'outside_local_control',
        })
      ).statusCode,
    ).toBe(303)
    expect(
      (await add({ text: 'Train housing staff in coercive control', ...dates('dueDate', '2026-06-30') })).statusCode,
    ).toBe(303)
    // Bad input: a number already used, no text, a due date that is not a date.
    const dup = await add({ ref: '2', text: 'Again' })
    expect(dup.statusCode).toBe(400)
    expect(dup.body).toContain('This review already has a recommendation 2')
    const bad = await add({ text: '', 'dueDate-day': '31', 'dueDate-month': '2', 'dueDate-year': '2026' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter the recommendation')
    expect(bad.body).toContain('The due date must be a real date')
    let page = (await di.get(url)).body
    expect(page).toContain(
      '0 of 3 complete (0%), <strong>1 overdue</strong>, 1 outside local control (national practice).',
    )
    expect(page).toContain('In progress <strong class="govuk-tag govuk-tag--red">Overdue by 15 days</strong>')
    expect(page).toContain('Outside local control: national practice')

    const recs = await app.t.container.database.db
      .selectFrom('register_recommendation')
      .select(['id', 'ref'])
      .where('entry_id', '=', id)
      .orderBy('ref')
      .execute()
    expect(recs.map((r) => r.ref)).toEqual(['1', '2', '3'])
    const r1 = `${url}/recommendations/${recs[0]!.id}`
    // Complete with evidence needs the evidence.
    const noEvidence = await di.submit(r1, r1, {
      status: 'complete_evidenced',
      owner: 'ICB safeguarding lead',
      evidence: '',
      ...dates('date', '2026-01-12'),
      ...dates('dueDate', '2025-12-31'),
    })
    expect(noEvidence.statusCode).toBe(400)
    expect(noEvidence.body).toContain('Say what evidence shows the change')
    const done = await di.submit(r1, r1, {
      status: 'complete_evidenced',
      owner: 'ICB safeguarding lead',
      evidence: 'Audit of 40 GP records, January 2026',
      ...dates('date', '2026-01-12'),
      ...dates('dueDate', '2025-12-31'),
    })
    expect(done.statusCode, done.body).toBe(303)
    page = (await di.get(url)).body
    expect(page).toContain('1 of 3 complete (33.3%), 1 outside local control (national practice).')
    expect(page).toContain(
      'Recommendation 1: In progress → Complete, with evidence of change; evidence: Audit of 40 GP records, January 2026',
    )
  })

  it('records why the review was held, its learning themes and impact, and generates the two-year analysis from them', async () => {
    const url = `/registers/dhr/${id}`
    const bad = await di.submit(url, `${url}/about`, { reason: 'bad luck', themes: '', impact: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Select why the review was held')
    const ok = await di.submit(url, `${url}/about`, {
      reason: 'intimate_partner',
      themes: 'Coercive control\r\nInformation sharing\r\ncoercive  control\r\n',
      impact: 'GP practices now ask about abuse at every contact.',
    })
    expect(ok.statusCode, ok.body).toBe(303)
    const page = (await di.get(url)).body
    expect(page).toContain('Homicide by a current or former intimate partner')
    expect(page).toMatch(/<li>Coercive control<\/li><li>Information sharing<\/li><\/ul>/)

    const a = (await di.get('/registers/dhr/analysis')).body
    expect(a).toContain('Analysis, 15 January 2024 to 15 January 2026')
    expect(a).toMatch(
      /Homicide by a current or former intimate partner<\/td><td class="govuk-table__cell"><svg class="csp-bar"[^>]*><rect class="csp-bar__fill" x="0" y="0" width="200" height="16"><\/rect><\/svg>1 <span class="govuk-body-s">\(DHR-2025-01\)/,
    )
    expect(a).toContain(
      '3 recommendations: 1 complete (33.3% of the 3 that count, superseded ones left out), 0 overdue, 1 outside local control.',
    )
    expect(a).toContain('recommendation 2</a>: Change national guidance on sharing health records')
    expect(a).toContain('DHR-2025-01</a>, review: GP practices now ask about abuse at every contact.')
    expect(a).toContain('DHR-2025-01</a>, recommendation 1: Audit of 40 GP records, January 2026')
    // A window before the review existed holds nothing; a bad window says what to fix.
    expect((await di.get('/registers/dhr/analysis?months=12&to-day=1&to-month=1&to-year=2025')).body).toContain(
      '0 reviews live in the period',
    )
    const wrong = await di.get('/registers/dhr/analysis?months=0')
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('Enter at least 1 month')
    // Sam, not named, gets an analysis of nothing.
    expect((await sam.get('/registers/dhr/analysis')).body).toContain('0 reviews live in the period')
  })

  it('is invisible to anyone not named: not in the list or its counts, and its address is not found', async () => {
    const list = (await sam.get('/registers/dhr')).body
    expect(list).not.toContain('DHR-2025-01')
    expect(list).toContain('0 reviews you can see, 0 open')
    expect((await sam.get('/registers')).body).toMatch(/Domestic Homicide Reviews<\/a> — 0 entries you can see/)
    expect((await sam.get('/registers?q=DHR-2025')).body).toContain('0 entries matching')
    expect((await sam.get('/registers/dhr/export.csv')).body.trimEnd().split('\n')).toHaveLength(1)
    expect((await di.get('/registers?q=DHR-2025')).body).toContain('DHR-2025-01: DHR 2025/01')
    const csv = (await di.get('/registers/dhr/export.csv')).body
    expect(csv.split('\n')[0]).toBe(
      'ref,title,status,status_since,lead_agency,notified_on,decision_pending_on,ongoing_on,submitted_qa_on,approved_on,not_published_on,published_on,not_met_on,transferred_on,reason,themes,impact,decision_due,completion_due,publication_due,days_overdue',
    )
    expect(csv).toContain(
      '\nDHR-2025-01,DHR 2025/01,ongoing,2026-01-01,,2025-11-01,2025-11-20,2025-11-25,,,,,,,intimate_partner,Coercive control; Information sharing,GP practices now ask about abuse at every contact.,,2026-11-25,,\n',
    )
    // The export reads back in: the same review under another case reference, restricted to Di.
    const back = await di.upload('/registers/dhr/import', '/registers/dhr/import', {}, [
      { field: 'file', name: 'dhr.csv', content: csv.replace('DHR-2025-01,', 'DHR-2025-99,') },
    ])
    expect(back.statusCode, back.body).toBe(303)
    const copy = (await app.t.container.services.registers.listDhr(app.partnershipId)).find(
      (r) => r.ref === 'DHR-2025-99',
    )!
    expect(copy).toMatchObject({
      status: 'ongoing',
      status_since: '2025-11-25',
      visibility: 'restricted',
      clock: { decidedOn: '2025-11-25' },
    })
    expect(copy.details.themes).toEqual(['Coercive control', 'Information sharing'])
    expect((await sam.get('/registers/dhr')).body).not.toContain('DHR-2025-99')
    const same = (body: string, x: string) =>
      body
        .replaceAll(x, 'ID')
        .replace(/nonce="[^"]+"/g, '')
        .replace(/name="_csrf" value="[^"]+"/g, '')
    const fake = '00000000-0000-4000-8000-000000000000'
    for (const path of ['', '/access']) {
      const [a, b] = [await sam.get(`/registers/dhr/${id}${path}`), await sam.get(`/registers/dhr/${fake}${path}`)]
      expect(a.statusCode).toBe(404)
      expect(same(a.body, id)).toBe(same(b.body, fake))
    }
    expect(
      (
        await sam.submit('/registers/dhr', `/registers/dhr/${id}/updates`, {
          text: 'Guess',
          ...dates('date', '2026-01-14'),
        })
      ).statusCode,
    ).toBe(404)
    // Di, named, sees it and each look is audited.
    expect((await di.get('/registers/dhr')).body).toContain('2 reviews you can see, 2 open')
    const views = await app.t.container.database.db
      .selectFrom('audit_event')
      .select('actor')
      .where('action', '=', 'restricted.view')
      .where('subject_id', '=', id)
      .execute()
    expect(new Set(views.map((v) => v.actor))).toEqual(new Set(['di@example.org']))
    const denied = await app.t.container.database.db
      .selectFrom('audit_event')
      .select('actor')
      .where('action', '=', 'restricted.denied')
      .where('subject_id', '=', id)
      .execute()
    expect(denied.map((d) => d.actor)).toContain('sam@example.org')
  })
  it('imports reviews with their stage dates, refusing stages out of order, each restricted to the person importing', async () => {
    const post = (csv: string) =>
      di.upload('/registers/dhr/import', '/registers/dhr/import', {}, [
        { field: 'file', name: 'dhr.csv', content: csv },
      ])
    const header = 'ref,title,notified_on,ongoing_on,submitted_qa_on,approved_on,published_on,reason,themes'
    const bad = await post(
      `${header}\nDHR-22-1,DHR 2022/01,2022-03-01,2022-03-20,2023-02-01,2023-04-01,2023-01-15,intimate_partner,Coercive control\nDHR-22-2,DHR 2022/02,,,,,,,\nDHR-22-3,DHR 2022/03,2022-05-01,,,,,jealousy,\n`,
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain(
      'Row 2, column published_on: &quot;Published&quot; on 2023-01-15 would come before &quot;Approved by the Quality Assurance Panel&quot; on 2023-04-01',
    )
    expect(bad.body).toContain('Row 3, column notified_on: it is empty')
    expect(bad.body).toContain('Row 4, column reason: &quot;jealousy&quot; is not a reason for review')
    expect(
      (await app.t.container.services.registers.listDhr(app.partnershipId)).filter((r) => r.ref.startsWith('DHR-22-')),
    ).toHaveLength(0)
    const ok = await post(
      `${header}\nDHR-22-1,DHR 2022/01,2022-03-01,2022-03-20,2023-02-01,2023-04-01,2023-05-01,intimate_partner,Coercive control; Information sharing\n`,
    )
    expect(ok.statusCode, ok.body).toBe(303)
    const r = (await app.t.container.services.registers.listDhr(app.partnershipId)).find((x) => x.ref === 'DHR-22-1')
    expect(r).toMatchObject({
      ref: 'DHR-22-1',
      status: 'published',
      visibility: 'restricted',
      clock: { decidedOn: '2022-03-20', completedOn: '2023-02-01', approvedOn: '2023-04-01' },
    })
    expect(r!.details.themes).toEqual(['Coercive control', 'Information sharing'])
  })
})
