import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RuleError } from '../../../errors'
import { buildTestApp, type TestApp } from '../../../web/test-app'
import { cspList, findCsps } from '../../performance/reference/ons-reference'
import { planPartnership } from './partnership-setup'
import { rucTable } from '../../performance/rural/ruc'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const actor = { name: 'system:test' }
const WILTSHIRE = 'E22000361'
const wiltshireFiles = ['01', '02', '03'].map((m) => `${root}fixtures/crime/2025-${m}-wiltshire-street.csv.gz`)

describe('the ONS list of Community Safety Partnerships', () => {
  it('holds every partnership code of England and Wales (April 2024) with its authorities and police force', () => {
    const list = cspList()
    // 314 codes: Bournemouth (E22000063) and Poole (E22000067) hold only BCP, which Dorset's code holds too.
    expect(list).toHaveLength(314)
    expect(list.filter((e) => e.code.startsWith('W14')).length).toBeGreaterThan(0)
    const arun = list.find((e) => e.name === 'Arun')!
    expect(arun).toMatchObject({
      code: 'E22000291',
      authorities: [{ code: 'E07000224', name: 'Arun' }],
      forces: [{ name: 'Sussex' }],
    })
  })

  it('finds a partnership by part of its name, its council, its force or its code; names that start with the text first', () => {
    expect(findCsps('wilts').map((e) => e.name)).toEqual(['Wiltshire', 'Swindon'])
    expect(findCsps('BARNET')[0]!.code).toBe('E22000187')
    expect(findCsps(WILTSHIRE).map((e) => e.name)).toEqual(['Wiltshire'])
    expect(
      findCsps('christchurch')
        .map((e) => e.name)
        .sort(),
    ).toEqual(['Bournemouth', 'Dorset', 'Poole'])
    expect(findCsps('   ')).toEqual([])
  })
})

describe('planning a partnership', () => {
  it('takes the ONS name and authorities from the code, and pre-fills the councils and the police force', () => {
    const p = planPartnership({ onsCode: WILTSHIRE })
    expect(p).toMatchObject({
      name: 'Wiltshire Community Safety Partnership',
      areaName: 'Wiltshire',
      onsCode: WILTSHIRE,
      authorities: [{ code: 'E06000054', name: 'Wiltshire' }],
      notes: [],
    })
    expect(p.agencies).toEqual([
      { name: 'Wiltshire Council', sector: 'local_authority', statutory: true },
      { name: 'Wiltshire Police', sector: 'police', statutory: true },
    ])
    expect(planPartnership({ onsCode: 'E22000187' }).agencies.map((a) => a.name)).toEqual([
      'Barnet Council',
      'Metropolitan Police',
    ])
  })

  it('says where the ONS list puts an authority under more than one partnership, and takes the authorities the person confirms', () => {
    const all = planPartnership({ onsCode: 'E22000367' })
    expect(all.authorities.map((a) => a.code)).toEqual(['E06000058', 'E06000059'])
    expect(all.notes.join(' ')).toMatch(
      /also puts Bournemouth, Christchurch and Poole \(E06000058\) under Bournemouth \(E22000063\) and Poole \(E22000067\).*--authorities E06000059/,
    )
    const mine = planPartnership({
      onsCode: 'E22000367',
      authorities: ['e06000059'],
      name: 'Dorset Community Safety Partnership',
    })
    expect(mine.authorities).toEqual([{ code: 'E06000059', name: 'Dorset' }])
    expect(mine.notes).toEqual([])
  })

  it('sets up a partnership that is not on the list by name alone, with no area', () => {
    expect(planPartnership({ name: 'Safer Somewhere' })).toMatchObject({
      name: 'Safer Somewhere',
      onsCode: null,
      authorities: [],
      agencies: [],
    })
  })

  it('refuses what it cannot use, saying what to do', () => {
    expect(() => planPartnership({})).toThrow(/--name.*--ons-code.*csp partnership find/)
    expect(() => planPartnership({ onsCode: 'E22999999' })).toThrow(
      /not a Community Safety Partnership code on the ONS list/,
    )
    expect(() => planPartnership({ name: 'X', authorities: ['E0600005X'] })).toThrow(RuleError)
    expect(() =>
      planPartnership({
        name: 'X',
        agencies: [
          { name: 'A', sector: 'other', statutory: false },
          { name: 'a', sector: 'other', statutory: false },
        ],
      }),
    ).toThrow(/given twice/)
  })
})

/** The police.uk rows of the Wiltshire files, read here with a plain split (no quoted fields in these columns). */
function wiltshireRows() {
  const rows: { month: string; lsoa: string; type: string; located: boolean }[] = []
  for (const f of wiltshireFiles) {
    const lines = gunzipSync(readFileSync(f)).toString('utf8').trim().split('\n').slice(1)
    for (const line of lines) {
      // Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,…: the
      // Location field may hold a comma inside quotes, so the LSOA code is found by its shape.
      const fields = line.split(',')
      const lsoa = fields.find((x) => /^[EW]0[01]\d{6}$/.test(x)) ?? ''
      const type = fields[fields.indexOf(lsoa) + 2] ?? ''
      rows.push({ month: fields[1]!, lsoa, type, located: fields[4] !== '' && fields[5] !== '' })
    }
  }
  return rows
}

/** Wiltshire's LSOAs from the shipped lookup, read with a regular expression rather than the product's parser. */
function wiltshireLsoas(): Set<string> {
  const text = gunzipSync(readFileSync(`${root}reference/ons/lsoa21_ward24_ltla24_ew.csv.gz`)).toString('utf8')
  return new Set([...text.matchAll(/"(E01\d{6})",[^\n]*"E06000054"$/gm)].map((m) => m[1]!))
}

describe('a partnership from the ONS list, on its own police.uk data (Wiltshire, 2025-01..03)', () => {
  let t: TestApp
  let pid: string
  beforeAll(async () => {
    t = await buildTestApp({ now: '2025-06-01T09:00:00Z', demo: false })
    pid = (await t.container.services.partnership.create({ onsCode: WILTSHIRE }, actor)).id
    await t.container.services.crimes.import(pid, wiltshireFiles, actor)
  }, 60_000)
  afterAll(() => t.close())

  it('refuses a second partnership in the same database', async () => {
    await expect(t.container.services.partnership.create({ onsCode: 'E22000291' }, actor)).rejects.toThrow(
      /already holds a partnership/,
    )
  })

  it('counts by LSOA exactly the rows whose police.uk LSOA lies in the partnership (computed another way)', async () => {
    const lsoas = wiltshireLsoas()
    expect(lsoas.size).toBe(307)
    const expected = new Map<string, number>()
    for (const r of wiltshireRows()) {
      if (!r.located || !r.type || !lsoas.has(r.lsoa)) continue
      const k = `${r.lsoa}|${r.month}|${r.type}`
      expected.set(k, (expected.get(k) ?? 0) + 1)
    }
    const counts = await t.container.services.crimes.counts(pid, 'lsoa')
    expect(new Map(counts.map((c) => [`${c.area_code}|${c.month}|${c.crime_type}`, c.count]))).toEqual(expected)
    // Swindon's crime is in the same files: kept, not counted.
    const units = await t.container.services.crimes.units(pid)
    expect(units.reduce((s, u) => s + u.outside_area, 0)).toBe(
      wiltshireRows().filter((r) => r.located && !lsoas.has(r.lsoa)).length,
    )
  })

  it('has hotspots by ward and by beat before any boundary is imported, with rates per 1,000 residents', async () => {
    const byWard = await t.container.services.hotspots.compute(pid, {
      group: 'asb',
      by: 'ward',
      from: '2025-01',
      to: '2025-03',
    })
    expect(byWard.layer).toMatchObject({ source: 'ward', note: null })
    expect(byWard.rows).toHaveLength(98)
    const lsoaCounts = await t.container.services.crimes.counts(pid, 'lsoa')
    expect(byWard.typeTotal).toBe(
      lsoaCounts.filter((c) => c.crime_type === 'Anti-social behaviour').reduce((s, c) => s + c.count, 0),
    )
    expect(byWard.allTotal).toBe(lsoaCounts.reduce((s, c) => s + c.count, 0))
    // Every resident of Wiltshire is in exactly one ward (Census 2021).
    const residents = byWard.rows.reduce((s, r) => s + r.population!, 0)
    expect(residents).toBeGreaterThan(500_000)
    expect(residents).toBeLessThan(530_000)
    for (const r of byWard.rows)
      expect(r.rate_per_1000!, r.area_code).toBeCloseTo((1000 * r.type_count) / r.population!, 1)
    expect(byWard.rows.some((r) => r.hotspot)).toBe(true)
    // By beat: no beats yet, so the wards, and the result says so.
    const byBeat = await t.container.services.hotspots.compute(pid, {
      group: 'asb',
      by: 'beat',
      from: '2025-01',
      to: '2025-03',
    })
    expect(byBeat.rows.map((r) => r.area_code)).toEqual(byWard.rows.map((r) => r.area_code))
    expect(byBeat.notes[0]).toMatch(/No police beats are imported yet: the figures are by electoral ward/)
  })

  it('gives trends for the whole area and for a ward, and counts by beat that are not empty', async () => {
    const all = await t.container.services.trends.compute(pid, { group: 'asb' })
    const ward = await t.container.services.trends.compute(pid, { group: 'asb', area: 'E05013478' })
    expect(all.rows.map((r) => r.month)).toEqual(['2025-01', '2025-02', '2025-03'])
    expect(ward.area).toMatchObject({ name: 'Trowbridge Central', dimension: 'ward' })
    // Rates need residents: the whole area's and the ward's, as the hotspot table gives them.
    expect(all.residents).toBeGreaterThan(500_000)
    const byWard = await t.container.services.hotspots.compute(pid, {
      group: 'asb',
      by: 'ward',
      from: '2025-01',
      to: '2025-03',
    })
    expect(ward.residents).toBe(byWard.rows.find((r) => r.area_code === 'E05013478')!.population)
    expect(all.residents).toBe(Math.round(byWard.rows.reduce((s, r) => s + r.population!, 0)))
    expect(ward.rows.reduce((s, r) => s + r.value, 0)).toBeGreaterThan(0)
    const byBeat = await t.container.services.crimes.counts(pid, 'beat')
    expect(byBeat.length).toBeGreaterThan(0)
    expect(byBeat.reduce((s, c) => s + c.count, 0)).toBe(
      all.rows.length ? (await t.container.services.crimes.counts(pid, 'lsoa')).reduce((s, c) => s + c.count, 0) : -1,
    )
  })

  it('judges rural crime across every rural LSOA of the area, zero-crime places too, by residents, and maps them', async () => {
    const r = await t.container.services.rural.compute(pid, { group: 'asb' })
    const rural = [...wiltshireLsoas()].filter((c) => rucTable().get(c)?.ruc === 'rural')
    expect(r.concentration).toMatchObject({
      places: rural.length,
      source: 'every rural LSOA of the area',
      exposure: 'population',
    })
    expect(r.concentration!.crimes).toBe(r.totals.rural)
    const geo = JSON.parse((await t.app.inject({ method: 'GET', url: '/rural.geojson?group=asb' })).body) as {
      features: unknown[]
    }
    expect(geo.features).toHaveLength(rural.length)
  })

  it('says what figures leave out: a window reaching outside the months held, and months missing inside it', async () => {
    const notes = await t.container.services.crimes.coverage(pid, 'ward', { from: '2024-12', to: '2025-05' })
    expect(notes).toEqual([
      'The window starts at 2024-12, before the first month held (2025-01): the figures start at 2025-01.',
      'The window ends at 2025-05, after the latest month held (2025-03): the figures stop at 2025-03.',
    ])
  })
})

describe('boundaries imported after the crime they describe', () => {
  let t: TestApp
  let pid: string
  beforeAll(async () => {
    t = await buildTestApp({ now: '2026-12-07T09:00:00Z', demo: false })
    pid = (await t.container.services.partnership.create({ name: 'Dorset test partnership' }, actor)).id
    await t.container.services.crimes.import(pid, [`${root}fixtures/crime/2024-01-dorset-street.csv.gz`], actor)
  }, 60_000)
  afterAll(() => t.close())

  it('count every month before them that no other set covers: the same counts as dating them 2000-01-01', async () => {
    const beats = {
      name: 'beats.geojson.gz',
      bytes: readFileSync(`${root}demo/dorset/boundaries/beats-wards2022-as-beats.geojson.gz`),
    }
    const report = await t.container.services.crimes.import(
      pid,
      [`${root}fixtures/crime/2024-01-dorset-street.csv.gz`],
      actor,
    )
    expect(report.notes.join(' ')).toMatch(/No partnership area is set, so every located crime counts/)
    await t.container.services.boundaries.import(
      pid,
      beats,
      { layer: 'beats', codeField: 'code', nameField: 'name' },
      actor,
    )
    const undated = await t.container.services.crimes.counts(pid, 'beat')
    expect(undated.length).toBeGreaterThan(0)
    expect(undated.reduce((s, c) => s + c.count, 0)).toBeGreaterThan(1000)
    await t.container.services.boundaries.import(
      pid,
      beats,
      { layer: 'beats', codeField: 'code', nameField: 'name', effectiveFrom: '2000-01-01' },
      actor,
    )
    const dated = await t.container.services.crimes.counts(pid, 'beat')
    expect(dated).toEqual(undated)
    const sets = await t.container.services.boundaries.sets(pid, 'beats')
    expect(sets.map((s) => [s.effective_from, s.backdated])).toEqual([
      ['2026-12-07', 1],
      ['2000-01-01', 0],
    ])
  })
})
