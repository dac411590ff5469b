import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PolygonIndex } from '../geo/polygon-index'
import { CoordMemo } from './coord-memo'
import { CrimeFileProcessor } from './crime-file-processor'
import type { AssignContext } from './assign'
import { finishUnit } from './unit-build'
import { segmentsToCsv } from './unit-store'
import { compileScanner, setScannerModule } from './wasm-record-scanner'

function layer(file: string, field: string): PolygonIndex {
  const fc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as FeatureCollection<Polygon | MultiPolygon>
  return PolygonIndex.build(
    fc.features.map((f) => ({
      code: String(f.properties![field]),
      polygons: f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
    })),
  )
}
const beats = layer('demo/dorset/boundaries/beats-wards2022-as-beats.geojson.gz', 'code')
const localities = layer('demo/dorset/boundaries/localities-former-districts.geojson.gz', 'code')

/** Everything a user sees of a file's import: totals, quirks, counts, and the stored bytes. */
function importFile(bytes: Buffer, segmentRows = 1000, maxRecord?: number) {
  const ctx: AssignContext = { beats, localities, memo: new CoordMemo() }
  const p = new CrimeFileProcessor('2024-01-dorset-street.csv', () => ctx, 50, segmentRows, maxRecord)
  const stored: Buffer[] = []
  const byUnit = new Map<string, Buffer[]>()
  const keep = (d: { unit: { month: string }; bytes: Buffer }) => {
    stored.push(d.bytes)
    byUnit.set(d.unit.month, [...(byUnit.get(d.unit.month) ?? []), d.bytes])
  }
  for (let i = 0; i < bytes.length; i += 40000) {
    p.push(bytes.subarray(i, i + 40000))
    for (const d of p.drain()) keep(d)
  }
  p.end()
  for (const d of p.drainAll()) keep(d)
  const units = [...p.units.values()].map((u) => {
    finishUnit(u)
    const { ctx: _c, pending: _p, seg: _s, cells: _cells, rowHashes: _r, idRows: _i, idFirst: _f, ...shown } = u
    return {
      ...shown,
      beatCounts: [...u.beatCounts].sort(),
      localityCounts: [...u.localityCounts].sort(),
      crossCounts: [...u.crossCounts].sort(),
    }
  })
  const unitCsv = Object.fromEntries(
    [...byUnit].map(([month, segs]) => [month, segmentsToCsv(segs).toString('latin1')]),
  )
  return { units, types: p.types, rejected: p.rejectedRows, csv: segmentsToCsv(stored), unitCsv }
}

// Compiled here whatever CSP_CRIME_SCANNER says: these tests are about both scanners.
const wasm = compileScanner()

/** The file imported with the WebAssembly scanner, after checking the JavaScript scanner gives the same. */
function withEitherScanner(bytes: Buffer, segmentRows = 1 << 16, maxRecord?: number) {
  const fast = importFile(bytes, segmentRows, maxRecord)
  setScannerModule(null)
  const plain = importFile(bytes, segmentRows, maxRecord)
  setScannerModule(wasm)
  expect({ ...fast, csv: null }).toEqual({ ...plain, csv: null })
  expect(fast.csv.equals(plain.csv)).toBe(true)
  return fast
}

describe('crime file processor', () => {
  beforeEach(() => setScannerModule(wasm))
  afterEach(() => setScannerModule(undefined))

  it('imports a real Dorset month the same with the WebAssembly and the JavaScript scanner, and gives back the file byte for byte', () => {
    const bytes = gunzipSync(readFileSync('fixtures/crime/2024-01-dorset-street.csv.gz'))
    expect(wasm).not.toBeNull()
    const fast = withEitherScanner(bytes, 1000)
    expect(fast.csv.equals(bytes)).toBe(true)
    const u = fast.units[0]!
    expect(u.rows).toBe(4802)
    expect(u.located + u.unlocated + u.rejected).toBe(u.rows)
    expect(u.beatCounts.reduce((s, [, n]) => s + n, 0)).toBe(u.located)
    expect(u.localityCounts.reduce((s, [, n]) => s + n, 0)).toBe(u.located)
    expect(u.quirks.asbWithoutCrimeId).toBeGreaterThan(0)
  })

  it('imports a file with more distinct places than the scanner numbers at once, the same with either scanner', () => {
    // 140,000 rows, each at its own place (about 9 MB of places): the WebAssembly scanner's place
    // dictionary fills (65,536 entries or 4 MB) and is emptied part-way through a segment.
    const lines = [
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
    ]
    for (let i = 0; i < 140000; i++) {
      const lon = (-2.5 + (i % 1000) * 0.001).toFixed(6)
      const lat = (50.5 + Math.floor(i / 1000) * 0.001).toFixed(6)
      lines.push(
        `,2024-01,Dorset Police,Dorset Police,${lon},${lat},On or near Place Number ${i} In A Long Street Name,E0101${i % 10000},Dorset ${i % 500}A,${i % 3 ? 'Burglary' : 'Anti-social behaviour'},,`,
      )
    }
    lines.push(lines[5]!, lines[5]!)
    const bytes = Buffer.from(lines.join('\n') + '\n')
    const fast = withEitherScanner(bytes)
    expect(fast.csv.equals(bytes)).toBe(true)
    expect(fast.units[0]!.rows).toBe(140002)
    expect(fast.units[0]!.quirks.exactDuplicateRows).toBe(2)
  }, 60000)

  it("imports a file of several months, with odd rows of another month between a month's rows, the same with either scanner", () => {
    const real = gunzipSync(readFileSync('fixtures/crime/2024-01-dorset-street.csv.gz')).toString('utf8').split('\n')
    const [header, ...rows] = real.filter((l) => l.length > 0)
    const feb = rows.slice(0, 300).map((l) => l.replace(',2024-01,', ',2024-02,'))
    const odd = (i: number) => `odd,2024-03,Dorset Police,Dorset Police,${i},x,y,z,w,v,u,t,s`
    // January, an odd March row, more January, February, January again, odd rows, February again.
    const lines = [
      header!,
      ...rows.slice(0, 500),
      odd(1),
      ...rows.slice(500, 1500),
      ...feb.slice(0, 200),
      ...rows.slice(1500, 1600),
      odd(2),
      odd(3),
      ...feb.slice(200),
      ...rows.slice(1600),
    ]
    const bytes = Buffer.from(lines.join('\r\n'))
    for (const segmentRows of [1 << 16, 700]) {
      const fast = withEitherScanner(bytes, segmentRows)
      // Each month's stored CSV is the header and that month's rows, in the file's order.
      const want = (re: RegExp) => [header, ...lines.slice(1).filter((l) => re.test(l))].join('\r\n')
      expect(fast.unitCsv, `segments of ${segmentRows}`).toEqual({
        '2024-01': want(/^[^,]*,2024-01,/),
        '2024-02': `${want(/^[^,]*,2024-02,/)}\r\n`,
        '2024-03': `${want(/^odd,/)}\r\n`,
      })
      expect(fast.units.map((u) => [u.month, u.rows])).toEqual([
        ['2024-01', 4802],
        ['2024-03', 3],
        ['2024-02', 300],
      ])
    }
  })

  it("keeps a row whose place is longer than the scanner's dictionaries hold, the same with either scanner", () => {
    const real = gunzipSync(readFileSync('fixtures/crime/2024-01-dorset-street.csv.gz'))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0)
    const long = `,2024-01,Dorset Police,Dorset Police,-2.1,50.7,"On or near ${'a very long street, '.repeat(250000)}",E01015431,Dorset 001A,Burglary,,`
    const bytes = Buffer.from(
      [...real.slice(0, 300), long, ...real.slice(300, 600), long, ...real.slice(600)].join('\n'),
    )
    const fast = withEitherScanner(bytes, 1 << 16, 16 << 20)
    expect(fast.csv.equals(bytes)).toBe(true)
    expect(fast.units[0]!.rows).toBe(4804)
    // Under the default limit (1 MB a row) the same rows are refused, at their line, by either scanner.
    expect(() => importFile(bytes)).toThrow(/line 301: a row runs past 1,024 KB/)
    setScannerModule(null)
    expect(() => importFile(bytes)).toThrow(/line 301: a row runs past 1,024 KB/)
  }, 60000)
})
