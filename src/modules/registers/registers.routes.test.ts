import { describe, expect, it } from 'vitest'
import { useDemoApp } from '../../web/test-app'

// Single-user (no accounts yet), the clock at 15 January 2026.
const app = useDemoApp('2026-01-15T09:00:00Z')
const dates = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! }
}
const entryId = async (kind: 'priorities' | 'assessments' | 'interventions' | 'risks', ref: string) => (await app.t.container.services.registers.list(app.partnershipId, kind)).find((e) => e.ref === ref)!.id

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
    expect(found).toMatch(/I1: The Bystander Project<\/a><\/td><td class="govuk-table__cell">Serious Violence Duty interventions/)
    expect((await app.t.app.inject('/registers?q=zzz')).body).toContain('0 entries matching')
    const csv = await app.t.app.inject('/registers/priorities/export.csv')
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.trimEnd().split('\n')
    expect(lines[0]).toBe('ref,title,status,status_since,lead_agency,owner,level,trendGroup')
    expect(lines).toContain('P1,Fraud,removed,2024-10-03,,,strategic,')
    expect(lines).toContain('L4,Boy racers in West Bay,active,2024-10-02,Dorset Police,,local,')
    expect((await app.t.app.inject('/registers/interventions/export.csv')).body).toContain('I1,The Bystander Project,active,2024-10-02,,Diane Evans,Serious Violence Duty,2025-03-31,true')
    expect((await app.t.app.inject('/registers/elsewhere/export.csv')).statusCode).toBe(404)
  })

  it('keeps why a priority closed, and refuses to close one without a reason or before its current status began', async () => {
    const id = await entryId('priorities', 'L2')
    const url = `/registers/priorities/${id}`
    const noReason = await app.t.submit(url, `${url}/status`, { to: 'achieved', reason: '', ...dates('date', '2025-12-01') })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toContain('Say why it is now &quot;Achieved&quot;: the register keeps the reason.')
    const early = await app.t.submit(url, `${url}/status`, { to: 'under_review', reason: '', ...dates('date', '2024-01-01') })
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('would come before 2024-10-02')
    const unknown = await app.t.submit(url, `${url}/status`, { to: 'abolished', reason: 'x', ...dates('date', '2025-12-01') })
    expect(unknown.body).toContain('&quot;abolished&quot; is not a status of the priorities register')
    const ok = await app.t.submit(url, `${url}/status`, { to: 'achieved', reason: 'Shared enforcement resource in place', ...dates('date', '2025-12-01') })
    expect(ok.statusCode).toBe(303)
    const page = (await app.t.app.inject(url)).body
    expect(page).toContain('Achieved, since 1 December 2025')
    expect(page).toContain('Active → <strong>Achieved</strong>: Shared enforcement resource in place')
  })

  it('refuses a crime group that does not exist for a priority\'s trend', async () => {
    const id = await entryId('priorities', 'P2')
    const url = `/registers/priorities/${id}`
    const bad = await app.t.submit(url, `${url}/fields`, { level: 'strategic', trendGroup: 'domestic-abuse', ...dates('date', '2025-06-01') })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('there is no crime group &quot;domestic-abuse&quot;')
    expect((await app.t.submit(url, `${url}/fields`, { level: 'strategic', trendGroup: 'violence', ...dates('date', '2025-06-01') })).statusCode).toBe(303)
    expect((await app.t.app.inject(url)).body).toContain('Crime group that tracks it: not set → violence')
  })

  it('renames an intervention keeping the old name in its history, and records changed details with before and after', async () => {
    const id = await entryId('interventions', 'I7')
    const url = `/registers/interventions/${id}`
    expect((await app.t.submit(url, `${url}/rename`, { title: 'Pineapple Project (schools)', ...dates('date', '2025-06-01') })).statusCode).toBe(303)
    const fields = await app.t.submit(url, `${url}/fields`, { fundingSource: 'Serious Violence Duty', fundingEnds: '2026-03-31', designedForBau: 'yes', ...dates('date', '2025-06-02') })
    expect(fields.statusCode).toBe(303)
    const page = (await app.t.app.inject(url)).body
    expect(page).toContain('I7: Pineapple Project (schools)')
    expect(page).toContain('Renamed from &quot;Pineapple Project&quot; to &quot;Pineapple Project (schools)&quot;')
    expect(page).toContain('Funding period ends: 2025-03-31 → 2026-03-31')
    const bad = await app.t.submit(url, `${url}/fields`, { fundingSource: 'x', fundingEnds: '31/03/2026', designedForBau: 'maybe', ...dates('date', '2025-06-03') })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Funding period ends must be a date written YYYY-MM-DD')
  })

  it('adds a risk scored likelihood × impact, and refuses a score outside 1–5', async () => {
    const form = { title: 'DHR action plans not delivered', status: 'open', ...dates('statusDate', '2025-11-01'), leadAgencyId: '', ownerPersonId: '', visibility: 'partners', mitigations: 'Quarterly review at the CSP', reviewDate: '2026-03-13' }
    const bad = await app.t.submit('/registers/risks/new', '/registers/risks/new', { ...form, likelihood: '6', impact: '4' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Likelihood must be a whole number from 1 to 5')
    const ok = await app.t.submit('/registers/risks/new', '/registers/risks/new', { ...form, likelihood: '3', impact: '4' })
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
})
