import { describe, expect, it } from 'vitest'
import { xmrLimits } from '../../../stats/spc'
import { usePerformanceApp } from '../../../web/test-app'
import { trendsCsv } from './trends.service'

const app = usePerformanceApp()

describe('trends on the real Dorset data', () => {
  it('ASB for the partnership by month: the counts summed another way, limits as XmR gives them, July 2025 above the limit', async () => {
    const r = await app.t.container.services.trends.compute(app.partnershipId, { group: 'asb' })
    expect(r.rows.map((x) => x.month)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
    ])
    expect(r.missing).toEqual([])
    const counts = await app.t.container.services.crimes.counts(app.partnershipId, 'beat', {
      from: '2025-01',
      to: '2025-12',
    })
    for (const row of r.rows)
      expect(row.value, row.month).toBe(
        counts
          .filter((c) => c.month === row.month && c.crime_type === 'Anti-social behaviour')
          .reduce((s, c) => s + c.count, 0),
      )
    const l = xmrLimits(r.rows.map((x) => x.value))!
    expect(r.rows[0]!.mean).toBeCloseTo(l.mean, 9)
    expect(r.rows[0]!.upper_limit).toBeCloseTo(l.upper, 9)
    const july = r.rows.find((x) => x.month === '2025-07')!
    expect(july.value).toBeGreaterThan(july.upper_limit!)
    expect(july.signal).toBe('above_upper')
    expect(july.variation).toBe('special_cause_concern')
    expect(r.chart.trialLimits).toBe(true)
    expect(r.rows[11]!.rolling_12).toBe(r.rows.reduce((s, x) => s + x.value, 0))
    expect(r.comparisons.sameMonth).toBeNull()
  })

  it('a beat by its code, the CSV header the issue fixes, and clear refusals', async () => {
    const r = await app.t.container.services.trends.compute(app.partnershipId, {
      group: 'violence',
      area: 'E05012709',
      from: '2025-01',
      to: '2025-12',
    })
    expect(r.area).toEqual({ code: 'E05012709', name: 'Portland', dimension: 'beat' })
    expect(trendsCsv(r).split('\n')[0]!.startsWith('month,value,mean,lower_limit,upper_limit,signal')).toBe(true)
    const loc = await app.t.container.services.trends.compute(app.partnershipId, { group: 'asb', area: 'E07000053' })
    expect(loc.area.dimension).toBe('locality')
    await expect(
      app.t.container.services.trends.compute(app.partnershipId, { group: 'asb', area: 'X999' }),
    ).rejects.toThrow(/No area has the code "X999"/)
    await expect(
      app.t.container.services.trends.compute(app.partnershipId, { group: 'asb', from: '2025-7' }),
    ).rejects.toThrow(/From month "2025-7" is not a month written YYYY-MM/)
    const before = await app.t.container.services.trends.compute(app.partnershipId, {
      group: 'asb',
      from: '2023-01',
      to: '2023-06',
    })
    expect(before.message).toMatch(/No crime is held for 2023-01 to 2023-06/)
    expect(before.rows).toEqual([])
  })

  it('shows the chart and table on the page, and the CSV download matches', async () => {
    const page = await app.t.app.inject({ method: 'GET', url: '/trends?group=asb' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<svg class="csp-chart"')
    expect(page.body).toContain('12 months. Mean')
    expect(page.body).toMatch(/above upper \(concern\)/)
    const csv = await app.t.app.inject({ method: 'GET', url: '/trends.csv?group=asb' })
    const lines = csv.body.trimEnd().split('\n')
    expect(lines).toHaveLength(13)
    expect(lines.find((l) => l.startsWith('2025-07,'))).toMatch(/,above_upper,special_cause_concern,/)
    const bad = await app.t.app.inject({ method: 'GET', url: '/trends?group=asb&area=nowhere' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('govuk-error-summary')
  })
})

describe('a priority tracked by a crime group', () => {
  it("shows the group's live trend on the priority's page, the same series as the trends page", async () => {
    const asb = (await app.t.container.services.registers.list(app.partnershipId, 'priorities')).find(
      (e) => e.title === 'Anti-social behaviour',
    )!
    expect(asb.details.trendGroup).toBe('asb')
    const page = (await app.t.app.inject(`/registers/priorities/${asb.id}`)).body
    expect(page).toContain('How it is going: Anti-social behaviour')
    expect(page).toContain('data-qa="priority-chart"')
    const trend = await app.t.container.services.trends.compute(app.partnershipId, { group: 'asb' })
    // Every month's count is in the chart's accessible table, as on the trends page.
    for (const r of trend.rows) expect(page).toContain(`>${r.value}<`)
    const fraud = (await app.t.container.services.registers.list(app.partnershipId, 'priorities')).find(
      (e) => e.title === 'Fraud',
    )!
    expect((await app.t.app.inject(`/registers/priorities/${fraud.id}`)).body).not.toContain('How it is going')
  })
})
