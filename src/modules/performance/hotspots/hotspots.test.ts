import { describe, expect, it } from 'vitest'
import { RuleError } from '../../../errors'
import { usePerformanceApp } from '../../../web/test-app'
import { UNALLOCATED } from '../crimes/crimes.service'
import { HOTSPOT_CSV_COLUMNS, hotspotsCsv } from './hotspots.service'

const actor = { name: 'system:test' }
const app = usePerformanceApp()

describe('hotspots on the real Dorset data (stand-in beats)', () => {
  it('ASB over 2025: counts agree with the crime counts, and every LQ is (type/all) over the district proportion', async () => {
    const r = await app.t.container.services.hotspots.compute(app.partnershipId, {
      group: 'asb',
      by: 'beat',
      from: '2025-01',
      to: '2025-12',
    })
    expect(r.rows).toHaveLength(52)
    expect(r.message).toBeNull()
    // Computed another way: the beat counts the data page downloads.
    const counts = await app.t.container.services.crimes.counts(app.partnershipId, 'beat', {
      from: '2025-01',
      to: '2025-12',
    })
    const asb = counts.filter((c) => c.crime_type === 'Anti-social behaviour')
    expect(r.typeTotal + r.unallocated.type).toBe(asb.reduce((s, c) => s + c.count, 0))
    expect(r.unallocated.type).toBe(asb.filter((c) => c.area_code === UNALLOCATED).reduce((s, c) => s + c.count, 0))
    expect(r.allTotal + r.unallocated.all).toBe(counts.reduce((s, c) => s + c.count, 0))
    const P = r.typeTotal / r.allTotal
    for (const row of r.rows) {
      const mine = counts.filter((c) => c.area_code === row.area_code)
      expect(row.all_count, row.area_code).toBe(mine.reduce((s, c) => s + c.count, 0))
      expect(row.type_count, row.area_code).toBe(
        mine.filter((c) => c.crime_type === 'Anti-social behaviour').reduce((s, c) => s + c.count, 0),
      )
      if (row.all_count > 0) expect(row.lq!, row.area_code).toBeCloseTo(row.type_count / row.all_count / P, 12)
      // The flag is the §1.3 rule, all four conditions.
      const rule =
        row.all_count >= 20 && row.type_count >= 5 && row.lq! >= 1.2 && row.lq_lower! > 1 && row.p_adjusted! < 0.05
      expect(row.hotspot, row.area_code).toBe(rule)
    }
    // Dorset's ASB is concentrated in some beats: the year has hotspots, and not everywhere.
    const hot = r.rows.filter((x) => x.hotspot)
    expect(hot.length).toBeGreaterThan(0)
    expect(hot.length).toBeLessThan(26)
    // Volume rank 1 is the beat with the most ASB.
    const top = r.rows.find((x) => x.volume_rank === 1)!
    expect(top.type_count).toBe(Math.max(...r.rows.map((x) => x.type_count)))
  })

  it('lists each hotspot beat under the localities it lies in, and classifies persistence across months', async () => {
    const r = await app.t.container.services.hotspots.compute(app.partnershipId, {
      group: 'violence',
      by: 'beat',
      from: '2025-01',
      to: '2025-12',
    })
    for (const row of r.rows) {
      expect(row.localities.length, row.area_code).toBeGreaterThan(0)
      expect(row.persistence, row.area_code).toMatch(/represented|no month stands out/)
      // The months' words never contradict the window's flag.
      expect(row.persistence ?? '', row.area_code).not.toMatch(/hotspot|former/)
      if (row.band === 'about average' && row.p_adjusted !== null && row.p_adjusted < 0.05)
        expect(row.band_text).toMatch(/^slightly (over|under)/)
    }
    // Portland ward lies in the former borough of Weymouth and Portland.
    const portland = r.rows.find((x) => x.area_name === 'Portland')!
    expect(portland.localities[0]!.name).toBe('Weymouth and Portland')
    expect(portland.localities[0]!.share).toBeGreaterThan(0.9)
    expect(r.rows.filter((x) => x.persistence !== 'no month stands out').length).toBeGreaterThan(0)
  })

  it('gives each beat its residents, shared from LSOAs by area, and the share of them in each locality', async () => {
    const pid = app.partnershipId
    const beats = (await app.t.container.services.boundaries.inEffect(pid, 'beats', '2025-06-01'))!
    const localities = (await app.t.container.services.boundaries.inEffect(pid, 'localities', '2025-06-01'))!
    const residents = await app.t.container.services.boundaries.population(beats.id)
    const total = [...residents.values()].reduce((a, b) => a + b, 0)
    // Dorset Council's residents (Census 2021): 379,589 in its 223 LSOAs; generalised polygons lose a little at the coast.
    expect(total).toBeGreaterThan(379_589 * 0.97)
    expect(total).toBeLessThan(379_589 * 1.03)
    const shares = await app.t.container.services.boundaries.populationShares(beats.id, localities.id)
    // Portland lies in Weymouth and Portland (the 2011 district outline and the 2021 LSOAs differ a little at the edges).
    expect(Math.max(...shares.get('E05012709')!.values())).toBeGreaterThan(0.95)
    for (const [beat, m] of shares) {
      const sum = [...m.values()].reduce((a, b) => a + b, 0)
      expect(sum, beat).toBeGreaterThan(0.9)
      expect(sum, beat).toBeLessThanOrEqual(1.0001)
    }
  })

  it('writes the CSV with exactly the documented header, one row per area', async () => {
    const r = await app.t.container.services.hotspots.compute(app.partnershipId, {
      group: 'asb',
      by: 'locality',
      from: '2025-10',
      to: '2025-12',
    })
    const csv = hotspotsCsv(r).trimEnd().split('\n')
    expect(csv[0]).toBe(
      'area_code,area_name,type_count,all_count,share,volume_rank,lq,lq_lower,lq_upper,p_adjusted,lq_eb,hotspot,population,rate_per_1000',
    )
    expect(csv[0]!.split(',')).toEqual([...HOTSPOT_CSV_COLUMNS])
    expect(csv).toHaveLength(1 + 5)
    for (const line of csv.slice(1)) expect(line).toMatch(/,(true|false),\d+,[\d.]+$/)
  })

  it('answers in words for a group that matches nothing in the window, a window with no data, and bad input', async () => {
    const quiet = await app.t.container.services.hotspots.compute(app.partnershipId, {
      group: 'asb',
      by: 'beat',
      from: '2019-01',
      to: '2019-03',
    })
    expect(quiet.message).toMatch(/No crime is held for 2019-01 to 2019-03/)
    expect(quiet.rows).toEqual([])
    await app.t.container.services.groups.save(
      app.partnershipId,
      { key: 'none-here', label: 'Nothing', types: ['Possession of weapons'] },
      actor,
    )
    const none = await app.t.container.services.hotspots.compute(app.partnershipId, {
      group: 'none-here',
      by: 'beat',
      from: '2025-01',
      to: '2025-01',
    })
    if (none.typeTotal === 0) expect(none.message).toMatch(/nothing to compare/)
    for (const row of none.rows)
      for (const v of Object.values(row)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true)
    await expect(
      app.t.container.services.hotspots.compute(app.partnershipId, { group: 'nonsense', by: 'beat' }),
    ).rejects.toThrow(/no crime group "nonsense"/)
    await expect(
      app.t.container.services.hotspots.compute(app.partnershipId, { group: 'asb', by: 'beat', from: '2025-13' }),
    ).rejects.toBeInstanceOf(RuleError)
    await expect(
      app.t.container.services.hotspots.compute(app.partnershipId, {
        group: 'asb',
        by: 'beat',
        from: '2025-06',
        to: '2025-01',
      }),
    ).rejects.toThrow(/starts \(2025-06\) after it ends/)
  })

  it('defaults to the latest month held, and a type by its own name is a group', async () => {
    const r = await app.t.container.services.hotspots.compute(app.partnershipId, { group: 'vehicle crime', by: 'beat' })
    expect([r.from, r.to]).toEqual(['2025-12', '2025-12'])
    expect(r.group.types).toEqual(['Vehicle crime'])
  })
})

describe('the hotspots page and its downloads', () => {
  it('shows the table with the hotspots first, the beats by locality, and links to both downloads', async () => {
    const res = await app.t.app.inject({
      method: 'GET',
      url: '/hotspots?group=asb&by=beat&window=custom&from=2025-01&to=2025-12',
    })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Anti-social behaviour, January 2025 to December 2025, by beat')
    expect(res.body).toContain('Stand-in boundaries')
    const r = await app.t.container.services.hotspots.compute(app.partnershipId, {
      group: 'asb',
      by: 'beat',
      from: '2025-01',
      to: '2025-12',
    })
    const first = [...r.rows].filter((x) => x.hotspot).sort((a, b) => b.lq! - a.lq!)[0]!
    const table = res.body.slice(res.body.indexOf('data-qa="hotspot-table"'))
    expect(table.indexOf(first.area_name)).toBeLessThan(
      table.indexOf('Too few crimes to judge') === -1 ? Infinity : table.indexOf('Too few crimes to judge'),
    )
    expect(res.body).toContain('data-qa="hotspots-by-locality"')
    expect(res.body).toContain(
      'href="/hotspots.csv?group=asb&amp;by=beat&amp;window=custom&amp;from=2025-01&amp;to=2025-12"',
    )
  })

  it('downloads exactly what the page shows: CSV rows and GeoJSON features with the same figures', async () => {
    const q = 'group=violence&by=beat&window=custom&from=2025-04&to=2025-06'
    const csv = (await app.t.app.inject({ method: 'GET', url: `/hotspots.csv?${q}` })).body.trimEnd().split('\n')
    const geo = JSON.parse((await app.t.app.inject({ method: 'GET', url: `/hotspots.geojson?${q}` })).body) as {
      features: { properties: Record<string, unknown> }[]
    }
    const beats = geo.features.filter((f) => f.properties.layer === 'beat')
    expect(beats).toHaveLength(csv.length - 1)
    expect(geo.features.filter((f) => f.properties.layer === 'locality')).toHaveLength(5)
    for (const line of csv.slice(1)) {
      const [code, , typeCount, allCount] = line.split(',')
      const f = beats.find((b) => b.properties.area_code === code)!
      expect([f.properties.type_count, f.properties.all_count]).toEqual([Number(typeCount), Number(allCount)])
      const cells = line.split(',')
      expect(String(f.properties.hotspot)).toBe(cells[11])
      // Rates per 1,000 residents: the same on the map as in the table, and the count over the population.
      expect(f.properties.population).toBe(Number(cells[12]))
      expect(Number(cells[13])).toBeCloseTo((1000 * Number(typeCount)) / Number(cells[12]), 1)
    }
  })

  it('refuses a custom window with a bad month, saying where, and a window ending before it starts', async () => {
    const bad = await app.t.app.inject({
      method: 'GET',
      url: '/hotspots?group=asb&window=custom&from=2025-13&to=2025-12',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('From month &quot;2025-13&quot; is not a month written YYYY-MM.')
    const backwards = await app.t.app.inject({
      method: 'GET',
      url: '/hotspots?group=asb&window=custom&from=2025-06&to=2025-01',
    })
    expect(backwards.statusCode).toBe(400)
    expect(backwards.body).toContain('starts (2025-06) after it ends (2025-01)')
  })
})

describe('hotspots kept by the data they were made from', () => {
  it('computes once while the data stays the same, and afresh when a group, the boundaries or the crime change', async () => {
    const h = app.t.container.services.hotspots
    const q = { group: 'asb', by: 'beat' as const, from: '2025-01', to: '2025-12' }
    const first = await h.compute(app.partnershipId, q)
    expect(await h.compute(app.partnershipId, { ...q })).toBe(first)
    await app.t.container.services.groups.save(
      app.partnershipId,
      { key: 'asb', label: 'ASB and public order', types: ['Anti-social behaviour', 'Public order'] },
      actor,
    )
    const redefined = await h.compute(app.partnershipId, q)
    expect(redefined).not.toBe(first)
    expect(redefined.typeTotal).toBeGreaterThan(first.typeTotal)
    await app.t.container.services.groups.remove(app.partnershipId, 'asb', actor)
    expect((await h.compute(app.partnershipId, q)).typeTotal).toBe(first.typeTotal)
    // A change made by another process (a CLI import) shows through the database: simulated by a row count changing.
    const before = await h.compute(app.partnershipId, q)
    const unit = await app.t.container.database.db
      .selectFrom('crime_unit')
      .select(['id', 'rows'])
      .limit(1)
      .executeTakeFirstOrThrow()
    await app.t.container.database.db
      .updateTable('crime_unit')
      .set({ rows: unit.rows + 1 })
      .where('id', '=', unit.id)
      .execute()
    expect(await h.compute(app.partnershipId, q)).not.toBe(before)
    await app.t.container.database.db
      .updateTable('crime_unit')
      .set({ rows: unit.rows })
      .where('id', '=', unit.id)
      .execute()
  })
})

describe('one figure on every page', () => {
  it("ASB in the partnership's area over 2025 is the same on the hotspot, trend and rural pages, and the hotspot page says why its own count is smaller", async () => {
    const s = app.t.container.services
    const h = await s.hotspots.compute(app.partnershipId, { group: 'asb', by: 'beat', from: '2025-01', to: '2025-12' })
    const tr = await s.trends.compute(app.partnershipId, { group: 'asb', from: '2025-01', to: '2025-12' })
    const ru = await s.rural.compute(app.partnershipId, { group: 'asb', from: '2025-01', to: '2025-12' })
    const inArea = h.typeTotal + h.unallocated.type
    expect(tr.rows.reduce((a, x) => a + x.value, 0)).toBe(inArea)
    expect(ru.totals.rural + ru.totals.urban + ru.totals.unclassified).toBe(inArea)
    const page = await app.t.app.inject('/hotspots?group=asb&by=beat&window=custom&from=2025-01&to=2025-12')
    expect(page.body).toContain(
      `so the area holds ${inArea.toLocaleString('en-GB')} of this group in all, the figure the Trends and Rural pages count`,
    )
  })
})

describe('hotspot beats where no localities are imported', () => {
  it('lists no "by locality" summary (it would say no beat is a hotspot beside the count of them)', async () => {
    const { readFileSync } = await import('node:fs')
    const { fileURLToPath } = await import('node:url')
    const { buildTestApp } = await import('../../../web/test-app')
    const root = fileURLToPath(new URL('../../../../', import.meta.url))
    const t = await buildTestApp({ demo: false, now: '2026-01-15T09:00:00Z' })
    try {
      const actor = { name: 'system:test' }
      const pid = (await t.container.services.partnership.create({ name: 'Beats only' }, actor)).id
      const beats = 'demo/dorset/boundaries/beats-wards2022-as-beats.geojson.gz'
      await t.container.services.boundaries.import(
        pid,
        { name: beats, bytes: readFileSync(`${root}${beats}`) },
        { layer: 'beats', effectiveFrom: '2022-12-01' },
        actor,
      )
      await t.container.services.crimes.import(pid, [`${root}demo/dorset/crime`], actor)
      const r = await t.container.services.hotspots.compute(pid, {
        group: 'asb',
        by: 'beat',
        from: '2025-01',
        to: '2025-12',
      })
      expect(r.rows.filter((x) => x.hotspot).length).toBeGreaterThan(0)
      const res = await t.app.inject({
        method: 'GET',
        url: '/hotspots?group=asb&by=beat&window=custom&from=2025-01&to=2025-12',
      })
      expect(res.statusCode).toBe(200)
      expect(res.body).not.toContain('Hotspot beats by locality')
      expect(res.body).not.toContain('No beat is a hotspot in this window')
      // Shares of a group under 0.1% keep two decimals rather than reading 0.0%.
      expect(res.body).not.toMatch(/>0\.0%</)
    } finally {
      await t.close()
    }
  }, 60000)
})
