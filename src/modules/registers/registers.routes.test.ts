import { describe, expect, it } from 'vitest'
import { useDemoApp } from '../../web/test-app'

// Single-user (no accounts yet), the clock at 15 January 2026.
const app = useDemoApp('2026-01-15T09:00:00Z')
const dates = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! }
}
const entryId = async (kind: 'priorities' | 'assessments' | 'interventions' | 'risks', ref: string) =>
  (await app.t.container.services.registers.list(app.partnershipId, kind)).find((e) => e.ref === ref)!.id

describe('the general registers', () => {
  it('lists each register from the demo, current and closed apart, and the index counts them', async () => {
    const index = (await app.t.app.inject('/registers')).body
    expect(index).toContain('Priorities</a> — 8 entries you can see')
    expect(index).toContain('Serious Violence Duty interventions</a> — 9 entries you can see')
    const priorities = (await app.t.app.inject('/registers/priorities')).body
    expect(priorities).toContain('Current: 7')
    expect(priorities).toContain('Closed: 1')
    expect(priorities).toMatch(/Fraud<\/a><\/td>\s*<td class="govuk-table__cell">Removed/)
    expect((await app.t.app.inject('/registers/no-such-register')).statusCode).toBe(404)
  })

  it('searches every register by reference or title, and exports each as CSV with its own fields', async () => {
    const found = (await app.t.app.inject('/registers?q=bystander')).body
    expect(found).toContain('1 entry matching “bystander”')
    expect(found).toMatch(
      /I1: The Bystander Project<\/a><\/td><td class="govuk-table__cell">Serious Violence Duty interventions/,
    )
    expect((await app.t.app.inject('/registers?q=zzz')).body).toContain('0 entries matching')
    const csv = await app.t.app.inject('/registers/priorities/export.csv')
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.trimEnd().split('\n')
    expect(lines[0]).toBe('ref,title,status,status_since,lead_agency,owner,level,trendGroup,measures')
    expect(lines).toContain('P1,Fraud,removed,2024-10-03,,,strategic,,')
    expect(lines).toContain('L4,Boy racers in West Bay,active,2024-10-02,Dorset Police,,local,,')
    expect((await app.t.app.inject('/registers/interventions/export.csv')).body).toContain(
      'I1,The Bystander Project,active,2024-10-02,,Diane Evans,Serious Violence Duty,2025-03-31,true',
    )
    expect((await app.t.app.inject('/registers/elsewhere/export.csv')).statusCode).toBe(404)
  })

  it('keeps why a priority closed, and refuses to close one without a reason or before its current status began', async () => {
    const id = await entryId('priorities', 'L2')
    const url = `/registers/priorities/${id}`
    const noReason = await app.t.submit(url, `${url}/status`, {
      to: 'achieved',
      reason: '',
      ...dates('date', '2025-12-01'),
    })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toContain('Say why it is now &quot;Achieved&quot;: the register keeps the reason.')
    const early = await app.t.submit(url, `${url}/status`, {
      to: 'under_review',
      reason: '',
      ...dates('date', '2024-01-01'),
    })
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('would come before 2024-10-02')
    const unknown = await app.t.submit(url, `${url}/status`, {
      to: 'abolished',
      reason: 'x',
      ...dates('date', '2025-12-01'),
    })
    expect(unknown.body).toContain('&quot;abolished&quot; is not a status of the priorities register')
    const ok = await app.t.submit(url, `${url}/status`, {
      to: 'achieved',
      reason: 'Shared enforcement resource in place',
      ...dates('date', '2025-12-01'),
    })
    expect(ok.statusCode).toBe(303)
    const page = (await app.t.app.inject(url)).body
    expect(page).toContain('Achieved, since 1 December 2025')
    expect(page).toContain('Active → <strong>Achieved</strong>: Shared enforcement resource in place')
  })

  it("refuses a crime group that does not exist for a priority's trend", async () => {
    const id = await entryId('priorities', 'P2')
    const url = `/registers/priorities/${id}`
    const bad = await app.t.submit(url, `${url}/fields`, {
      level: 'strategic',
      trendGroup: 'domestic-abuse',
      ...dates('date', '2025-06-01'),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('there is no crime group &quot;domestic-abuse&quot;')
    expect(
      (
        await app.t.submit(url, `${url}/fields`, {
          level: 'strategic',
          trendGroup: 'violence',
          ...dates('date', '2025-06-01'),
        })
      ).statusCode,
    ).toBe(303)
    expect((await app.t.app.inject(url)).body).toContain('Crime group that tracks it: not set → violence')
  })

  it('renames an intervention keeping the old name in its history, and records changed details with before and after', async () => {
    const id = await entryId('interventions', 'I7')
    const url = `/registers/interventions/${id}`
    expect(
      (
        await app.t.submit(url, `${url}/rename`, {
          title: 'Pineapple Project (schools)',
          ...dates('date', '2025-06-01'),
        })
      ).statusCode,
    ).toBe(303)
    const fields = await app.t.submit(url, `${url}/fields`, {
      fundingSource: 'Serious Violence Duty',
      fundingEnds: '2026-03-31',
      designedForBau: 'yes',
      ...dates('date', '2025-06-02'),
    })
    expect(fields.statusCode).toBe(303)
    const page = (await app.t.app.inject(url)).body
    expect(page).toContain('I7: Pineapple Project (schools)')
    expect(page).toContain('Renamed from &quot;Pineapple Project&quot; to &quot;Pineapple Project (schools)&quot;')
    expect(page).toContain('Funding period ends: 2025-03-31 → 2026-03-31')
    const bad = await app.t.submit(url, `${url}/fields`, {
      fundingSource: 'x',
      fundingEnds: '31/03/2026',
      designedForBau: 'maybe',
      ...dates('date', '2025-06-03'),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Funding period ends must be a date written YYYY-MM-DD')
  })

  it('adds a risk scored likelihood × impact, and refuses a score outside 1–5', async () => {
    const form = {
      title: 'DHR action plans not delivered',
      status: 'open',
      ...dates('statusDate', '2025-11-01'),
      leadAgencyId: '',
      ownerPersonId: '',
      visibility: 'partners',
      mitigations: 'Quarterly review at the CSP',
      reviewDate: '2026-03-13',
    }
    const bad = await app.t.submit('/registers/risks/new', '/registers/risks/new', {
      ...form,
      likelihood: '6',
      impact: '4',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Likelihood must be a whole number from 1 to 5')
    const ok = await app.t.submit('/registers/risks/new', '/registers/risks/new', {
      ...form,
      likelihood: '3',
      impact: '4',
    })
    expect(ok.statusCode).toBe(303)
    const page = (await app.t.app.inject(ok.headers.location!)).body
    expect(page).toContain('R1: DHR action plans not delivered')
    expect(page).toContain('12 of 25')
    const list = (await app.t.app.inject('/registers/risks')).body
    expect(list).toMatch(/DHR action plans not delivered[\s\S]*?govuk-table__cell--numeric">12</)
    // The heat map puts it at impact 4 (second row from the top), likelihood 3, in the "high" band.
    const rows = list.split('data-qa="heat-map"')[1]!.split('</table>')[0]!.split('<th scope="row"').slice(1)
    expect(rows).toHaveLength(5)
    const cells = rows[1]!.split('<td').slice(1)
    expect(rows[1]).toContain('Impact 4')
    expect(cells[2]).toMatch(/12 high<\/span><br><a class="govuk-link" href="\/registers\/risks\/[^"]+">R1<\/a>/)
    expect(cells.filter((c) => c.includes('>R1<'))).toHaveLength(1)
  })

  it("lets the partnership set a register's statuses and what progress each stands for, and rolls the register up", async () => {
    let list = (await app.t.app.inject('/registers/interventions')).body
    // Nine interventions "Being delivered" (50%): 50% along.
    expect(list).toContain('50% along, the mean over 9 interventions by the progress each status stands for')
    const form = (await app.t.app.inject('/registers/interventions/settings')).body
    expect(form).toContain('name="code-1" value="active"')
    const body = {
      'code-0': 'planned',
      'label-0': 'Planned',
      'progress-0': '0',
      'code-1': 'active',
      'label-1': 'Being delivered',
      'progress-1': '60',
      'code-2': 'business_as_usual',
      'label-2': 'Mainstreamed',
      'progress-2': '100',
      'closed-2': 'yes',
      'code-3': 'ended',
      'label-3': 'Ended',
      'progress-3': '100',
      'closed-3': 'yes',
      'label-4': 'Evaluated',
      'progress-4': '80',
      'label-5': '',
      'label-6': '',
    }
    // Removing a status an entry has (all nine are "Being delivered") is refused, naming them.
    const inUse = await app.t.submit('/registers/interventions/settings', '/registers/interventions/settings', {
      ...body,
      'label-1': '',
      'progress-1': '',
    })
    expect(inUse.statusCode).toBe(400)
    expect(inUse.body).toContain(
      '&quot;Being delivered&quot; cannot be removed: I1, I2, I3, I4, I5, I6, I7, I8, I9 have it',
    )
    const twice = await app.t.submit('/registers/interventions/settings', '/registers/interventions/settings', {
      ...body,
      'label-4': 'planned',
    })
    expect(twice.statusCode).toBe(400)
    expect(twice.body).toContain('&quot;planned&quot; is listed twice')
    const pct = await app.t.submit('/registers/interventions/settings', '/registers/interventions/settings', {
      ...body,
      'progress-4': '180',
    })
    expect(pct.statusCode).toBe(400)
    expect(pct.body).toContain('The progress of &quot;Evaluated&quot; must be a whole number from 0 to 100')
    const ok = await app.t.submit('/registers/interventions/settings', '/registers/interventions/settings', body)
    expect(ok.statusCode, ok.body).toBe(303)
    list = (await app.t.app.inject('/registers/interventions')).body
    expect(list).toContain('60% along, the mean over 9 interventions')
    expect(list).toContain('Mainstreamed <span class="govuk-body-s">(ends the entry)</span>')
    // The new status can be used, and an entry's history shows the renamed label.
    const url = `/registers/interventions/${await entryId('interventions', 'I2')}`
    expect(
      (await app.t.submit(url, `${url}/status`, { to: 'evaluated', reason: '', ...dates('date', '2025-12-01') }))
        .statusCode,
    ).toBe(303)
    expect((await app.t.app.inject(url)).body).toContain('Being delivered → <strong>Evaluated</strong>')
    list = (await app.t.app.inject('/registers/interventions')).body
    expect(list).toContain('62% along, the mean over 9 interventions')
  })

  it('keeps named risk registers (the DHR risk register among them) and lists each on its own', async () => {
    const settings = (await app.t.app.inject('/registers/risks/settings')).body
    // The demo names the DHR risk register the minutes say was drafted, beside the partnership's own.
    expect(settings).toMatch(/Partnership risk register\s+Domestic Homicide Reviews risk register<\/textarea>/)
    const saved = await app.t.submit('/registers/risks/settings', '/registers/risks/settings', {
      'code-0': 'open',
      'label-0': 'Open',
      'code-1': 'mitigated',
      'label-1': 'Mitigated',
      'code-2': 'closed',
      'label-2': 'Closed',
      'closed-2': 'yes',
      books: 'Partnership risk register\r\nDomestic Homicide Reviews risk register',
    })
    expect(saved.statusCode, saved.body).toBe(303)
    const book = 'Domestic Homicide Reviews risk register'
    const add = await app.t.submit('/registers/risks/new', '/registers/risks/new', {
      title: 'Recommendations outside local control not escalated',
      status: 'open',
      ...dates('statusDate', '2025-12-01'),
      leadAgencyId: '',
      ownerPersonId: '',
      visibility: 'partners',
      book,
      likelihood: '2',
      impact: '3',
    })
    expect(add.statusCode, add.body).toBe(303)
    const wrong = await app.t.submit('/registers/risks/new', '/registers/risks/new', {
      title: 'X',
      status: 'open',
      ...dates('statusDate', '2025-12-01'),
      visibility: 'partners',
      book: 'Elsewhere',
    })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain(
      'Risk register must be one of: Partnership risk register, Domestic Homicide Reviews risk register',
    )
    const dhrBook = (await app.t.app.inject(`/registers/risks?book=${encodeURIComponent(book)}`)).body
    expect(dhrBook).toContain('Risk register: Domestic Homicide Reviews risk register</h1>')
    expect(dhrBook).toContain('Recommendations outside local control not escalated')
    expect(dhrBook).not.toContain('DHR action plans not delivered')
    expect(dhrBook).toContain('Domestic Homicide Reviews risk register</strong> (1 risk you can see)')
    // A risk register with risks in it cannot be removed.
    const drop = await app.t.submit('/registers/risks/settings', '/registers/risks/settings', {
      'code-0': 'open',
      'label-0': 'Open',
      'code-1': 'mitigated',
      'label-1': 'Mitigated',
      'code-2': 'closed',
      'label-2': 'Closed',
      'closed-2': 'yes',
      books: 'Partnership risk register',
    })
    expect(drop.statusCode).toBe(400)
    expect(drop.body).toContain(
      '&quot;Domestic Homicide Reviews risk register&quot; cannot be removed: R2 belongs to it',
    )
  })

  it('tracks a priority by partner measures: their charts on its page', async () => {
    const s = app.t.container.services.measures
    const m = await s.create(
      app.partnershipId,
      { key: 'fly-tipping', label: 'Fly-tipping incidents', kind: 'series', direction: 'decrease' },
      { name: 'system:test' },
    )
    await s.upload(
      m.id,
      {
        name: 'f.csv',
        bytes: Buffer.from(
          `month,value\n${Array.from({ length: 14 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${40 + (i % 5)}`).join('\n')}\n`,
        ),
      },
      { name: 'system:test' },
    )
    const url = `/registers/priorities/${await entryId('priorities', 'L2')}`
    expect((await app.t.app.inject(url)).body).toContain('value="fly-tipping"')
    const bad = await app.t.submit(url, `${url}/fields`, {
      level: 'local',
      trendGroup: '',
      measures: 'litter',
      ...dates('date', '2025-06-01'),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('there is no partner measure &quot;litter&quot;')
    expect(
      (
        await app.t.submit(url, `${url}/fields`, {
          level: 'local',
          trendGroup: '',
          measures: 'fly-tipping',
          ...dates('date', '2025-06-01'),
        })
      ).statusCode,
    ).toBe(303)
    const page = (await app.t.app.inject(url)).body
    expect(page).toContain('Partner measure: Fly-tipping incidents')
    expect(page).toContain('(14 months)')
    expect(page).toContain('data-qa="measure-chart"')
    expect(page).toContain('Partner measures that track it: not set → fly-tipping')
  })

  it('imports a register from CSV: every problem located by row and column, nothing written unless all is well', async () => {
    const count = async () => (await app.t.container.services.registers.list(app.partnershipId, 'assessments')).length
    const before = await count()
    const post = (csv: string) =>
      app.t.upload('/registers/assessments/import', '/registers/assessments/import', {}, [
        { field: 'file', name: 'assessments.csv', content: csv },
      ])
    expect((await app.t.app.inject('/registers/assessments/import')).body).toContain(
      'Needed: <strong>title, status, status_since</strong>',
    )
    const noColumn = await post('ref,title,status\nA9,Youth Justice Needs Assessment,planned\n')
    expect(noColumn.statusCode).toBe(400)
    expect(noColumn.body).toContain('The header (row 1) has no &quot;status_since&quot; column')
    const bad = await post(
      [
        'ref,title,status,status_since,owner,duedate,feeds',
        'A9,Youth Justice Needs Assessment,planned,2025-11-01,,2026-03-31,Youth Justice Plan',
        'A9,Again,planned,2025-11-01,,,',
        'A1,Clash with the demo,planned,2025-11-01,,,',
        'A10,Unknown status,drafting,2025-11-01,,,',
        'A11,Short row,planned,2025-11-01',
        'A12,Bad date,planned,01/11/2025,,2026-02-30,',
        'A13,Nobody,planned,2025-11-01,Nobody Known,,',
      ].join('\n'),
    )
    expect(bad.statusCode).toBe(400)
    for (const text of [
      '7 problems in the file: nothing was imported',
      'Row 3, column ref: The reference A9 is also on row 2',
      'Row 4, column ref: The reference A1 is already in the register',
      'Row 5, column status: &quot;drafting&quot; is not a status of this register',
      'Row 6 has 4 fields but the header has 7: it is missing &quot;owner&quot;, &quot;duedate&quot;, &quot;feeds&quot;',
      'Row 7, column status_since: &quot;01/11/2025&quot; is not a date written YYYY-MM-DD',
      'Row 8, column owner: there is no person called &quot;Nobody Known&quot;',
    ])
      expect(bad.body).toContain(text)
    expect(await count()).toBe(before)
    const binary = await app.t.upload('/registers/assessments/import', '/registers/assessments/import', {}, [
      { field: 'file', name: 'book.xlsx', content: Buffer.from([80, 75, 3, 4, 0, 0, 1]) },
    ])
    expect(binary.body).toContain('book.xlsx is not a CSV file')
    const ok = await post(
      'ref,title,status,status_since,lead_agency,dueDate,feeds\nA9,Youth Justice Needs Assessment,In progress,2025-11-01,Dorset Police,2026-03-31,"Youth Justice Plan, Serious Violence Strategy"\nA10,Hate Crime Needs Assessment,planned,2025-12-01,,,\n',
    )
    expect(ok.statusCode, ok.body).toBe(303)
    expect(await count()).toBe(before + 2)
    const page = (await app.t.app.inject(`/registers/assessments/${await entryId('assessments', 'A9')}`)).body
    expect(page).toContain('In progress, since 1 November 2025')
    expect(page).toContain('Youth Justice Plan, Serious Violence Strategy')
    expect(page).toContain('Imported from assessments.csv')
  })

  it('refuses reviews for the DHR register before accounts exist: a review is restricted to named accounts from the start', async () => {
    const header = 'ref,title,notified_on,ongoing_on,submitted_qa_on,approved_on,published_on,reason,themes'
    const refused = await app.t.upload('/registers/dhr/import', '/registers/dhr/import', {}, [
      {
        field: 'file',
        name: 'dhr.csv',
        content: `${header}\nDHR-22-1,DHR 2022/01,2022-03-01,2022-03-20,2023-02-01,2023-04-01,2023-05-01,intimate_partner,Coercive control\n`,
      },
    ])
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('cannot be recorded until the first administrator is made')
    const form = await app.t.app.inject('/registers/dhr/new')
    expect(form.body).toContain('Domestic Homicide Reviews need accounts first')
    expect(form.body).not.toContain('name="ref"')
    expect((await app.t.container.services.registers.listDhr(app.partnershipId)).length).toBe(0)
  })

  it('links an entry to the actions and decisions that concern it, shown on both sides, and takes a wrong link away', async () => {
    const url = `/registers/priorities/${await entryId('priorities', 'P1')}`
    let page = (await app.t.app.inject(url)).body
    expect(page).toMatch(
      /Decision <a class="govuk-link" href="\/decisions#decision-\d+">\d+: Fraud removed from the priorities<\/a>/,
    )
    expect((await app.t.app.inject('/decisions')).body).toMatch(
      /Fraud removed from the priorities<\/strong><br><span class="govuk-body-s">In the register: <a class="govuk-link" href="\/registers\/priorities\/[^"]+">P1 Fraud<\/a>/,
    )
    const actions = await app.t.container.services.actions.list(app.partnershipId, { status: 'all' })
    const perf = actions.find((a) => a.title.startsWith('Monthly operational performance reports'))!
    const none = await app.t.submit(url, `${url}/action-links`, { actionId: '' })
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('Choose an action')
    const wrong = await app.t.submit(url, `${url}/action-links`, { actionId: '00000000-0000-4000-8000-000000000000' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('Choose an action from the list')
    expect((await app.t.submit(url, `${url}/action-links`, { actionId: perf.id })).statusCode).toBe(303)
    page = (await app.t.app.inject(url)).body
    expect(page).toContain(`Action <a class="govuk-link" href="/actions/${perf.id}">`)
    expect((await app.t.app.inject(`/actions/${perf.id}`)).body).toMatch(
      /In the register: <a class="govuk-link" href="\/registers\/priorities\/[^"]+">P1 Fraud<\/a>/,
    )
    expect(
      (await app.t.submit(url, `${url}/links/remove`, { targetType: 'action', targetId: perf.id })).statusCode,
    ).toBe(303)
    expect((await app.t.app.inject(`/actions/${perf.id}`)).body).not.toContain('P1 Fraud')
    const again = await app.t.submit(url, `${url}/links/remove`, { targetType: 'action', targetId: perf.id })
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('That link is not there')
  })
})
