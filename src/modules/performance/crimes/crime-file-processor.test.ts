import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { afterEach, describe, expect, it } from 'vitest'
import { PolygonIndex } from '../../../geo/polygon-index'
import { CoordMemo } from './coord-memo'
import { CrimeFileProcessor, type AssignContext } from './crime-file-processor'
import { segmentsToCsv } from './unit-store'
import { scannerModule, setScannerModule } from './wasm-record-scanner'

function layer(file: string, field: string): PolygonIndex {
  const fc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as FeatureCollection<Polygon | MultiPolygon>
  return PolygonIndex.build(fc.features.map((f) => ({ code: String(f.properties![field]), polygons: f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates })))
}
const beats = layer('demo/dorset/boundaries/beats-wards2022-as-beats.geojson.gz', 'code')
const localities = layer('demo/dorset/boundaries/localities-former-districts.geojson.gz', 'code')

/** Everything a user sees of a file's import: totals, quirks, counts, and the stored bytes. */
function importFile(bytes: Buffer, segmentRows = 1000) {
  const ctx: AssignContext = { beats, localities, memo: new CoordMemo() }
  const p = new CrimeFileProcessor('2024-01-dorset-street.csv', () => ctx, 50, segmentRows)
  const stored: Buffer[] = []
  for (let i = 0; i < bytes.length; i += 40000) {
    p.push(bytes.subarray(i, i + 40000))
    for (const d of p.drain()) stored.push(d.bytes)
  }
  p.end()
  for (const d of p.drainAll()) stored.push(d.bytes)
  const units = [...p.units.values()].map((u) => {
    CrimeFileProcessor.finish(u)
    const { ctx: _c, pending: _p, seg: _s, cells: _cells, rowHashes: _r, idRows: _i, idFirst: _f, ...shown } = u
    return { ...shown, beatCounts: [...u.beatCounts].sort(), localityCounts: [...u.localityCounts].sort(), crossCounts: [...u.crossCounts].sort() }
  })
  return { units, types: p.types, rejected: p.rejectedRows, csv: segmentsToCsv(stored) }
}

describe('crime file processor', () => {
  const wasm = scannerModule()
  afterEach(() => setScannerModule(wasm))

  it('imports a real Dorset month the same with the WebAssembly and the JavaScript scanner, and gives back the file byte for byte', () => {
    const bytes = gunzipSync(readFileSync('fixtures/crime/2024-01-dorset-street.csv.gz'))
    expect(wasm).not.toBeNull()
    const fast = importFile(bytes)
    setScannerModule(null)
    const plain = importFile(bytes)
    expect(fast.csv.equals(bytes)).toBe(true)
    expect(plain.csv.equals(bytes)).toBe(true)
    expect({ ...fast, csv: null }).toEqual({ ...plain, csv: null })
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
    const lines = ['Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context']
    for (let i = 0; i < 140000; i++) {
      const lon = (-2.5 + (i % 1000) * 0.001).toFixed(6)
      const lat = (50.5 + Math.floor(i / 1000) * 0.001).toFixed(6)
      lines.push(`,2024-01,Dorset Police,Dorset Police,${lon},${lat},On or near Place Number ${i} In A Long Street Name,E0101${i % 10000},Dorset ${i % 500}A,${i % 3 ? 'Burglary' : 'Anti-social behaviour'},,`)
    }
    lines.push(lines[5]!, lines[5]!)
    const bytes = Buffer.from(lines.join('\n') + '\n')
    const fast = importFile(bytes, 1 << 16)
    setScannerModule(null)
    const plain = importFile(bytes, 1 << 16)
    expect(fast.csv.equals(bytes)).toBe(true)
    expect({ ...fast, csv: null }).toEqual({ ...plain, csv: null })
    expect(fast.units[0]!.rows).toBe(140002)
    expect(fast.units[0]!.quirks.exactDuplicateRows).toBe(2)
  }, 60000)
})
