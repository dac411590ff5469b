import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { usePerformanceApp } from '../../../web/test-app'
import { rucTable } from './ruc'

const shared = fileURLToPath(new URL('../../../../../shared/data/lookups/', import.meta.url))
const app = usePerformanceApp()

describe('the Rural-Urban Classification shipped with the product', () => {
  it('classifies 2021 codes by the ONS flag and 2011 codes by class (D and E rural)', () => {
    const ruc = rucTable()
    // methods.md §6.1: 35,672 LSOAs in England and Wales, 6,115 of them rural.
    const edition2021 = [...ruc.entries()].filter(([, v]) => v.edition === 2021)
    expect(edition2021).toHaveLength(35672)
    expect(edition2021.filter(([, v]) => v.ruc === 'rural')).toHaveLength(6115)
    expect(ruc.get('E01000001')).toEqual({ ruc: 'urban', code: 'UN1', edition: 2021 })
    const e1 = [...ruc.entries()].find(([, v]) => v.edition === 2011 && v.code === 'E1')!
    expect(e1[1].ruc).toBe('rural')
    const c2 = [...ruc.entries()].find(([, v]) => v.edition === 2011 && v.code === 'C2')!
    expect(c2[1].ruc).toBe('urban')
  })
})

describe('rural crime on the real Dorset data', () => {
  it('splits every in-area crime into rural and urban by month, agreeing with the LSOA counts and the RUC file read another way', async () => {
    const r = await app.t.container.services.rural.compute(app.partnershipId, { group: 'all' })
    expect(r.months).toHaveLength(12)
    // The RUC file, parsed here independently of the product's reader (when ../shared is beside the repo).
    let rural: Set<string> | undefined
    try {
      rural = new Set(
        readFileSync(join(shared, 'ruc2021_lsoa2021_ew.csv'), 'utf8')
          .split('\n')
          .slice(1)
          .filter((l) => l.endsWith('"Rural"'))
          .map((l) => l.split(',')[0]!.replace(/"/g, '')),
      )
    } catch {
      rural = undefined
    }
    const lsoa = await app.t.container.services.crimes.counts(app.partnershipId, 'lsoa', { from: r.from, to: r.to })
    expect(r.totals.rural + r.totals.urban + r.totals.unclassified).toBe(lsoa.reduce((s, c) => s + c.count, 0))
    if (rural) expect(r.totals.rural).toBe(lsoa.filter((c) => rural.has(c.area_code)).reduce((s, c) => s + c.count, 0))
    for (const m of r.months) expect(m.rural_share).toBeCloseTo(m.rural / (m.rural + m.urban), 12)
    // Dorset Council has 100 rural LSOAs; 99 have their label point inside the generalised area outline.
    expect(r.concentration!.source).toBe('every rural LSOA of the area')
    expect(r.concentration!.places).toBe(99)
  })

  it('applies the §3.5 rule: too little volume in a quiet month, and a verdict with its evidence otherwise', async () => {
    const quiet = await app.t.container.services.rural.compute(app.partnershipId, {
      group: 'Theft from the person',
      from: '2025-06',
      to: '2025-06',
    })
    expect(quiet.concentration!.decision).toBe('insufficient_volume')
    const year = await app.t.container.services.rural.compute(app.partnershipId, { group: 'asb', exposure: 'equal' })
    expect(['no_hotspots', 'concentrations_rare', 'hotspots']).toContain(year.concentration!.decision)
    // Residents are the default exposure, named with the verdict; "hotspots" only with concentration above chance.
    const people = await app.t.container.services.rural.compute(app.partnershipId, { group: 'all' })
    expect(people.concentration!.exposure).toBe('population')
    expect(people.concentration!.exposureText).toBe('resident population (Census 2021)')
    if (people.concentration!.decision === 'hotspots') expect(people.concentration!.global!.p).toBeLessThan(0.05)
    if (people.concentration!.global && people.concentration!.global.p! >= 0.05)
      expect(people.verdict!.headline).not.toMatch(/^Rural hotspots/)
    expect(people.verdict!.headline).toMatch(
      /^(Too little rural crime to say|No rural hotspots|Rural hotspots: \d+ places?|Concentrations rare)$/,
    )
    expect(year.concentration!.global!.p).toBeGreaterThan(0)
    for (const c of year.concentration!.candidates) expect(c.count).toBeGreaterThanOrEqual(5)
  })

  it('shows the page and downloads the monthly CSV', async () => {
    const page = await app.t.app.inject({ method: 'GET', url: '/rural?group=all' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="rural-decision"')
    expect(page.body).toContain('99 (every rural LSOA of the area)')
    const csv = (await app.t.app.inject({ method: 'GET', url: '/rural.csv?group=asb' })).body.trimEnd().split('\n')
    expect(csv[0]).toBe('month,rural,urban,unclassified,rural_share')
    expect(csv).toHaveLength(13)
    const bad = await app.t.app.inject({ method: 'GET', url: '/rural?from=2025-00' })
    expect(bad.statusCode).toBe(400)
  })
})

describe('the rural places on a map', () => {
  it('draws every rural LSOA and marks the places with more than their share, named by ward as on the page', async () => {
    const r = await app.t.container.services.rural.compute(app.partnershipId, { group: 'all' })
    const geo = (await app.t.app.inject('/rural.geojson?group=all')).json<{
      features: { properties: { candidate: boolean; area_name: string } }[]
    }>()
    expect(geo.features.length).toBeGreaterThanOrEqual(r.concentration!.places)
    const marked = geo.features
      .filter((f) => f.properties.candidate)
      .map((f) => f.properties.area_name)
      .sort()
    expect(marked).toEqual(r.concentration!.candidates.map((c) => c.name).sort())
    for (const name of marked) expect(name).toMatch(/^[A-Z][^()]+ \(Dorset \d{3}[A-Z]\)$/)
    const page = await app.t.app.inject('/rural?group=all')
    expect(page.body).toContain('id="rural-map"')
    expect(page.body).toContain(r.verdict!.headline)
  })
})

describe('the rural places CSV', () => {
  it('lists every place with its test, and says the same verdict and exposure as the page and the CLI', async () => {
    const r = await app.t.container.services.rural.compute(app.partnershipId, { group: 'all' })
    const csv = (await app.t.app.inject('/rural-places.csv?group=all')).body.trimEnd().split('\n')
    expect(csv[0]).toBe(
      'lsoa_code,lsoa_name,ward,crimes,expected,times_its_share,q_value,more_than_its_share,exposure,verdict',
    )
    expect(csv).toHaveLength(r.concentration!.places + 1)
    expect(csv.filter((l) => l.includes(',true,'))).toHaveLength(r.concentration!.candidates.length)
    for (const line of csv.slice(1))
      expect(line.endsWith(`,resident population (Census 2021),${r.verdict!.headline}`)).toBe(true)
  })
})
