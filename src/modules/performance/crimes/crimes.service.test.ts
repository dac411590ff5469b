import { readFileSync } from 'node:fs'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, demoMeetings, type TestApp } from '../../../web/test-app'
import { COUNTS_CSV_HEADER, formatCounts } from './counts-format'
import { memoCapacity } from '../../../crime-engine'
import { CrimeFileError } from '../../../crime-engine'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const demoCrime = join(root, 'demo/dorset/crime')
const actor = { name: 'system:test' }
const tmp = mkdtempSync(join(tmpdir(), 'csp-crimes-'))

let t: TestApp
let partnershipId: string

/** Dorset 2025 counts by type and month, from shared/data/PROVENANCE.md (computed there with other tools). */
const published: Record<string, number[]> = {
  'Anti-social behaviour': [795, 826, 1041, 1212, 1364, 1349, 1723, 1446, 1069, 1138, 945, 829],
  'Bicycle theft': [28, 43, 52, 59, 66, 48, 58, 82, 34, 47, 29, 46],
  Burglary: [137, 151, 188, 178, 180, 166, 208, 186, 161, 188, 149, 162],
  'Criminal damage and arson': [331, 365, 365, 396, 396, 336, 399, 349, 293, 310, 295, 345],
  Drugs: [57, 62, 67, 92, 81, 84, 130, 76, 99, 100, 104, 72],
  'Other crime': [64, 50, 57, 58, 49, 28, 52, 34, 48, 38, 51, 49],
  'Other theft': [301, 308, 299, 291, 328, 304, 340, 319, 237, 301, 256, 345],
  'Possession of weapons': [23, 32, 32, 26, 30, 33, 46, 32, 18, 21, 22, 29],
  'Public order': [249, 217, 291, 258, 288, 257, 284, 272, 181, 193, 182, 187],
  Robbery: [21, 17, 18, 35, 43, 43, 38, 30, 28, 25, 31, 33],
  Shoplifting: [352, 423, 441, 378, 419, 528, 463, 333, 395, 304, 373, 314],
  'Theft from the person': [18, 15, 20, 19, 34, 23, 27, 20, 21, 18, 23, 15],
  'Vehicle crime': [208, 239, 252, 234, 210, 181, 225, 276, 193, 246, 212, 309],
  'Violence and sexual offences': [1572, 1398, 1636, 1637, 1765, 1605, 1938, 1554, 1438, 1487, 1376, 1497],
}

async function importBoundary(file: string, layer: 'beats' | 'localities' | 'area', effectiveFrom: string) {
  return t.container.services.boundaries.import(
    partnershipId,
    { name: file, bytes: readFileSync(join(root, 'demo/dorset/boundaries', file)) },
    { layer, effectiveFrom },
    actor,
  )
}

async function snapshot() {
  const db = t.container.database.db
  const units = await db.selectFrom('crime_unit').select(['id', 'force', 'month', 'rows']).orderBy('month').execute()
  const counts = await db
    .selectFrom('crime_count')
    .select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.sum<number>('total').as('n')])
    .executeTakeFirstOrThrow()
  return { units, counts: { rows: Number(counts.rows), n: Number(counts.n) } }
}

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-01-15T09:00:00Z' })
  partnershipId = (await demoMeetings(t)).partnership.id
  await importBoundary('beats-wards2022-as-beats.geojson.gz', 'beats', '2022-12-01')
  await importBoundary('localities-former-districts.geojson.gz', 'localities', '2019-04-01')
  await importBoundary('area-dorset-council-lad2024.geojson.gz', 'area', '2019-04-01')
  await t.container.services.crimes.import(partnershipId, [demoCrime], actor)
}, 60000)
afterAll(() => t.close())

describe('importing real Dorset crime', () => {
  it('keeps every row as police.uk published it: counts by type and month match the published tally', async () => {
    const units = await t.container.services.crimes.units(partnershipId)
    expect(units.map((u) => u.month)).toEqual([
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
    for (const [m, unit] of units.entries()) {
      const rows = await t.container.services.crimes.unitRows(unit.id)
      const byType = new Map<string, number>()
      for (const r of rows) byType.set(r.crimeType, (byType.get(r.crimeType) ?? 0) + 1)
      for (const [type, months] of Object.entries(published))
        expect(byType.get(type) ?? 0, `${type} ${unit.month}`).toBe(months[m])
    }
  })

  it('stores each force-month byte for byte as police.uk published it', async () => {
    const july = (await t.container.services.crimes.units(partnershipId)).find((u) => u.month === '2025-07')!
    const stored = await t.container.services.crimes.unitCsv(july.id)
    expect(stored.equals(gunzipSync(readFileSync(join(demoCrime, '2025-07-dorset-street.csv.gz'))))).toBe(true)
  })

  it('counts the real quirks of July 2025 and keeps the rows', async () => {
    const july = (await t.container.services.crimes.units(partnershipId)).find((u) => u.month === '2025-07')!
    expect([july.rows, july.located, july.unlocated, july.rejected]).toEqual([5931, 5914, 17, 0])
    expect(july.quirksData).toMatchObject({
      asbWithoutCrimeId: 1723,
      otherWithoutCrimeId: 0,
      exactDuplicateRows: 661,
      repeatedCrimeIds: 174,
      repeatedCrimeIdsDiffering: 172,
      lfLines: 5931,
      crlfLines: 0,
    })
  })

  it('puts every located crime on the same beat as a brute-force point-in-polygon check (Turf)', async () => {
    const beats = JSON.parse(
      gunzipSync(readFileSync(join(root, 'demo/dorset/boundaries/beats-wards2022-as-beats.geojson.gz'))).toString(),
    ).features as { properties: { code: string }; geometry: never }[]
    const area = JSON.parse(
      gunzipSync(readFileSync(join(root, 'demo/dorset/boundaries/area-dorset-council-lad2024.geojson.gz'))).toString(),
    ).features[0].geometry
    beats.sort((a, b) => a.properties.code.localeCompare(b.properties.code))
    const lines = gunzipSync(readFileSync(join(demoCrime, '2025-03-dorset-street.csv.gz')))
      .toString('utf8')
      .trim()
      .split('\n')
      .slice(1)
    const expected = new Map<string, number>()
    for (const line of lines) {
      const m =
        /^[^,]*,2025-03,[^,]*,[^,]*,(-?[\d.]+),(-?[\d.]+),.*,([A-Za-z][^,]*),[^,]*,$/.exec(line) ??
        /^[^,]*,2025-03,[^,]*,[^,]*,(-?[\d.]+),(-?[\d.]+),.*,([A-Za-z][^,]*),,$/.exec(line)
      if (!m) continue
      const pt = [Number(m[1]), Number(m[2])]
      if (!booleanPointInPolygon(pt, area)) continue
      const beat = beats.find((b) => booleanPointInPolygon(pt, b.geometry))
      const key = `${beat ? beat.properties.code : 'unallocated'}|${m[3]}`
      expected.set(key, (expected.get(key) ?? 0) + 1)
    }
    const got = new Map(
      (await t.container.services.crimes.counts(partnershipId, 'beat', { from: '2025-03', to: '2025-03' })).map((r) => [
        `${r.area_code}|${r.crime_type}`,
        r.count,
      ]),
    )
    expect(got).toEqual(expected)
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(1500)
  }, 30000)
})

describe('beats in localities, weighted by crime', () => {
  it('gives each beat the share of its located crimes that lies in each locality', async () => {
    const beats = (await t.container.services.boundaries.inEffect(partnershipId, 'beats', '2025-06-01'))!
    const localities = (await t.container.services.boundaries.inEffect(partnershipId, 'localities', '2025-06-01'))!
    const shares = await t.container.services.crimes.crimeShares(beats.id, localities.id)
    const portland = shares.get('E05012709')!
    expect(portland.total).toBeGreaterThan(500)
    expect(portland.shares.get('E07000053')).toBe(1)
    for (const [beat, s] of shares)
      expect(
        [...s.shares.values()].reduce((a, b) => a + b, 0),
        beat,
      ).toBeCloseTo(1, 9)
  })
})

describe('the counts users rely on', () => {
  it('writes CSV with exactly the documented header, one row per non-zero cell, unallocated included', async () => {
    const rows = await t.container.services.crimes.counts(partnershipId, 'beat', { from: '2025-01', to: '2025-12' })
    const csv = formatCounts(rows, 'csv').split('\n')
    expect(csv[0]).toBe(COUNTS_CSV_HEADER)
    expect(csv[0]).toBe('area_code,area_name,month,crime_type,count')
    expect(rows.every((r) => r.count > 0)).toBe(true)
    expect(rows.some((r) => r.area_code === 'unallocated')).toBe(true)
    const units = await t.container.services.crimes.units(partnershipId)
    const inArea = units.reduce((s, u) => s + u.located - u.outside_area, 0)
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(inArea)
    const byLocality = await t.container.services.crimes.counts(partnershipId, 'locality')
    expect(byLocality.reduce((s, r) => s + r.count, 0)).toBe(inArea)
    const byLsoa = await t.container.services.crimes.counts(partnershipId, 'lsoa', { from: '2025-07', to: '2025-07' })
    expect(byLsoa.some((r) => /^Dorset \d{3}[A-Z]$/.test(r.area_name))).toBe(true)
  })

  it('replaces a force-month when it is imported again, without doubling it', async () => {
    const before = await snapshot()
    const r = await t.container.services.crimes.import(
      partnershipId,
      [join(demoCrime, '2025-03-dorset-street.csv.gz')],
      actor,
    )
    expect(r.units).toMatchObject([{ month: '2025-03', replaced: true, rows: 4759 }])
    const after = await snapshot()
    expect(after.counts).toEqual(before.counts)
    expect(after.units.map((u) => u.month)).toEqual(before.units.map((u) => u.month))
  })
})

describe('other real files', () => {
  it('reads the CRLF file of January 2024 and the LSOA 2011 file of February 2021', async () => {
    const r = await t.container.services.crimes.import(
      partnershipId,
      [
        join(root, 'fixtures/crime/2024-01-dorset-street.csv.gz'),
        join(root, 'fixtures/crime/2021-02-dorset-street.csv.gz'),
      ],
      actor,
    )
    const jan = r.units.find((u) => u.month === '2024-01')!
    const feb = r.units.find((u) => u.month === '2021-02')!
    expect([jan.rows, jan.unlocated, jan.quirks.crlfLines > 4000]).toEqual([4802, 14, true])
    expect([feb.rows, feb.unlocated]).toEqual([4841, 52])
    const units = await t.container.services.crimes.units(partnershipId)
    // The stand-in beats start in December 2022: older months have no beat figures, and say so.
    expect(units.find((u) => u.month === '2021-02')!.beat_set_id).toBeNull()
    expect(units.find((u) => u.month === '2024-01')!.beat_set_id).not.toBeNull()
  })

  it('reads a folder of plain CSVs one after another with the same results as the gzipped files', async () => {
    const dir = join(tmp, 'plain')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(dir, { recursive: true })
    for (const m of ['10', '11', '12'])
      writeFileSync(
        join(dir, `2025-${m}-dorset-street.csv`),
        gunzipSync(readFileSync(join(demoCrime, `2025-${m}-dorset-street.csv.gz`))),
      )
    const before = (await t.container.services.crimes.units(partnershipId))
      .filter((u) => u.month >= '2025-10')
      .map((u) => [u.month, u.rows, u.located, u.outside_area, u.quirks])
    const r = await t.container.services.crimes.import(partnershipId, [dir], actor)
    expect(r.units.map((u) => [u.month, u.rows])).toEqual([
      ['2025-10', 4416],
      ['2025-11', 4048],
      ['2025-12', 4232],
    ])
    const after = (await t.container.services.crimes.units(partnershipId))
      .filter((u) => u.month >= '2025-10')
      .map((u) => [u.month, u.rows, u.located, u.outside_area, u.quirks])
    expect(after).toEqual(before)
  })

  it('reads a police.uk bulk zip with YYYY-MM folders, skipping outcomes files', async () => {
    const zip = new JSZip()
    zip.file(
      '2025-01/2025-01-dorset-street.csv',
      gunzipSync(readFileSync(join(demoCrime, '2025-01-dorset-street.csv.gz'))),
    )
    zip.file(
      '2025-01/2025-01-dorset-outcomes.csv',
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n',
    )
    const path = join(tmp, 'latest.zip')
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))
    const r = await t.container.services.crimes.import(partnershipId, [path], actor)
    expect(r.units).toMatchObject([{ force: 'Dorset Police', month: '2025-01', rows: 4156, replaced: true }])
    expect(r.skipped).toEqual(['latest.zip: 2025-01/2025-01-dorset-outcomes.csv'])
  })
})

describe('bad input: a located error and nothing written', () => {
  const good = gunzipSync(readFileSync(join(demoCrime, '2025-02-dorset-street.csv.gz'))).toString()
  const lines = good.split('\n')

  async function refused(name: string, content: string | Buffer, alsoFirst?: string) {
    const path = join(tmp, name)
    writeFileSync(path, content)
    const before = await snapshot()
    const paths = alsoFirst ? [alsoFirst, path] : [path]
    const e = await t.container.services.crimes.import(partnershipId, paths, actor).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(e).toBeInstanceOf(CrimeFileError)
    expect(await snapshot()).toEqual(before)
    return (e as Error).message
  }

  it('a wrong header', async () => {
    const msg = await refused(
      '2025-02-x-street.csv',
      ['Crime ID,Month,Force,Longitude,Latitude', ...lines.slice(1)].join('\n'),
    )
    expect(msg).toMatch(
      /2025-02-x-street\.csv: the header is not police\.uk's street-level header\. Expected "Crime ID,Month,Reported by/,
    )
  })

  it('a non-numeric coordinate, naming the row and the column', async () => {
    const bad = [...lines]
    bad[3000] = bad[3000]!.replace(/,-?\d+\.\d+,(\d+\.\d+),/, ',abc,$1,')
    const msg = await refused('2025-02-y-street.csv', bad.join('\n'))
    expect(msg).toMatch(/2025-02-y-street\.csv, row 3001: Longitude "abc" is not a number\./)
  })

  it('a month that is not YYYY-MM', async () => {
    const bad = [...lines]
    bad[10] = bad[10]!.replace(',2025-02,', ',2025-13,')
    expect(await refused('2025-02-z-street.csv', bad.join('\n'))).toContain(
      'row 11: Month "2025-13" is not a month written YYYY-MM.',
    )
  })

  it('a quote that never closes, without reading the rest of the file as one field', async () => {
    const bad = [...lines]
    bad[20] = bad[20]!.replace('On or near', '"On or near')
    expect(await refused('2025-02-u-street.csv', bad.join('\n'))).toMatch(/line 21: a quoted field is not closed/)
  })

  it('a file that is not CSV', async () => {
    expect(
      await refused('2025-02-w-street.csv', readFileSync(join(demoCrime, '2025-02-dorset-street.csv.gz'))),
    ).toContain('is not a CSV file')
  })

  it('a good file before a bad one: the whole import is refused, the good one too', async () => {
    await refused('2025-02-v-street.csv', 'not,a,header\n1,2,3', join(demoCrime, '2025-04-dorset-street.csv.gz'))
  })

  it('lists rejected rows with their line and reason, and still imports the rest', async () => {
    const some = [...lines]
    some[5] = ',2025-02,Dorset Police,Dorset Police,-2.0,50.7,On or near Somewhere,E01020500,Dorset 001A'
    const path = join(tmp, '2025-02-dorset-street.csv')
    writeFileSync(path, some.join('\n'))
    const r = await t.container.services.crimes.import(partnershipId, [path], actor)
    expect(r.totals.rejected).toBe(1)
    expect(r.rejectedRows).toEqual([{ source: path, line: 6, reason: 'Row 6 has 9 fields, not 12' }])
    expect(r.units[0]!.rows).toBe(4146)
  })
})

describe('reading in worker threads', () => {
  it('gives the same units, counts and quirks as reading in one thread', async () => {
    const inThread = await t.container.services.crimes.import(
      partnershipId,
      [join(demoCrime, '2025-05-dorset-street.csv.gz'), join(demoCrime, '2025-06-dorset-street.csv.gz')],
      actor,
    )
    const countsBefore = await t.container.services.crimes.counts(partnershipId, 'beat', {
      from: '2025-05',
      to: '2025-06',
    })
    const inWorkers = await t.container.services.crimes.import(
      partnershipId,
      [join(demoCrime, '2025-05-dorset-street.csv.gz'), join(demoCrime, '2025-06-dorset-street.csv.gz')],
      actor,
      undefined,
      { workers: 2 },
    )
    const strip = (r: typeof inThread) =>
      r.units.map(({ replaced: _r, ...u }) => u).sort((a, b) => a.month.localeCompare(b.month))
    expect(strip(inWorkers)).toEqual(strip(inThread))
    expect(inWorkers.totals).toEqual(inThread.totals)
    expect(await t.container.services.crimes.counts(partnershipId, 'beat', { from: '2025-05', to: '2025-06' })).toEqual(
      countsBefore,
    )
  }, 60000)

  it('refuses a bad file read in a worker, and writes nothing', async () => {
    const path = join(tmp, '2025-05-bad-street.csv')
    writeFileSync(path, 'Crime ID,Month\n')
    const before = await snapshot()
    const e = await t.container.services.crimes
      .import(partnershipId, [join(demoCrime, '2025-07-dorset-street.csv.gz'), path], actor, undefined, { workers: 2 })
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    expect(e).toBeInstanceOf(CrimeFileError)
    expect((e as Error).message).toContain("the header is not police.uk's street-level header")
    expect(await snapshot()).toEqual(before)
  }, 60000)
})

describe('boundary changes', () => {
  it('recounts the months a new beat set applies to, and leaves older months on the old set', async () => {
    const before = await t.container.services.crimes.counts(partnershipId, 'beat', { from: '2025-01', to: '2025-05' })
    const square = [
      [
        [-2.5, 50.5],
        [-2.3, 50.5],
        [-2.3, 50.7],
        [-2.5, 50.7],
        [-2.5, 50.5],
      ],
    ]
    await t.container.services.boundaries.import(
      partnershipId,
      {
        name: 'new-beats.geojson',
        bytes: Buffer.from(
          JSON.stringify({
            type: 'FeatureCollection',
            features: [
              {
                type: 'Feature',
                properties: { code: 'NEW1', name: 'New beat' },
                geometry: { type: 'Polygon', coordinates: square },
              },
            ],
          }),
        ),
      },
      { layer: 'beats', effectiveFrom: '2025-06-01' },
      actor,
    )
    expect(await t.container.services.crimes.counts(partnershipId, 'beat', { from: '2025-01', to: '2025-05' })).toEqual(
      before,
    )
    const after = await t.container.services.crimes.counts(partnershipId, 'beat', { from: '2025-06', to: '2025-12' })
    expect([...new Set(after.map((r) => r.area_code))].sort()).toEqual(['NEW1', 'unallocated'])
  })
})

describe("the workers' coordinate memo", () => {
  it('starts small for a month or two and at a million slots for a national import, never more', () => {
    expect(memoCapacity(3_000_000)).toBe(1 << 16)
    expect(memoCapacity(100_000_000)).toBe(1 << 17)
    expect(memoCapacity(1_280_000_000)).toBe(1 << 20)
    expect(memoCapacity(50_000_000_000)).toBe(1 << 20)
  })
})
