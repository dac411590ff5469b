import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { CoordMemo } from './coord-memo'
import { CrimeFileProcessor } from './crime-file-processor'
import { segmentsToCsv } from './unit-store'

const root = fileURLToPath(new URL('../../', import.meta.url))
const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'
const ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90'

/** Reads a CSV through the importer and gives back each force-month's stored segments, decoded. */
function roundTrip(csv: Buffer, segmentRows: number): Map<string, Buffer> {
  const proc = new CrimeFileProcessor('test.csv', noBoundaries, 50, segmentRows)
  // Odd chunk sizes: rows split across pushes must store the same.
  for (let i = 0; i < csv.length; i += 7919) {
    proc.push(csv.subarray(i, i + 7919))
    for (const d of proc.drain()) pieces(d.unit.month).push(d.bytes)
  }
  proc.end()
  for (const d of proc.drainAll()) pieces(d.unit.month).push(d.bytes)
  return new Map([...byMonth].map(([m, segs]) => [m, segmentsToCsv(segs)]))

  function pieces(month: string) {
    let p = byMonth.get(month)
    if (!p) byMonth.set(month, (p = []))
    return p
  }
}
const byMonth = new Map<string, Buffer[]>()
const context = { memo: new CoordMemo() }
const noBoundaries = () => context

describe('compact unit storage', () => {
  it('gives back every awkward row byte for byte, across segment boundaries', () => {
    byMonth.clear()
    const rows = [
      `${ID},2025-01,Dorset Police,Dorset Police,-2.435010,50.711163,On or near Park,E01020480,Dorset 011A,Burglary,Under investigation,`,
      `,2025-01,Dorset Police,Dorset Police,-2.435010,50.711163,On or near Park,E01020480,Dorset 011A,Anti-social behaviour,,`,
      `${ID.toUpperCase()},2025-01,Dorset Police,Dorset Police,,,No location,,,Drugs,Local resolution,`,
      `"${ID}",2025-01,Dorset Police,Dorset Police,-1.9,50.7,"On or near ""The"" Quay","E01015432","Bournemouth, Christchurch and Poole 001B",Robbery,"Awaiting court outcome","two\r\nlines, quoted"\r`,
      `short-id,2025-01,Dorset Police,Dorset Police,-2.435010,50.711163,On or near Park,E01020480,Dorset 011A,Burglary,Under investigation,`,
      `${ID},2025-01,Dorset Police,Dorset Police,-2.435010,50.711163,On or near Park,E01020480,Dorset 011A,Burglary,Under investigation,`,
      `${ID},2025-01,Dorset Police,Dorset Police,-2.4,50.7,eleven fields,E01020480,Dorset 011A,Burglary,Under investigation`,
      `${ID},2025-01,Dorset Police,Dorset Police,-2.4,50.7,thirteen,E01020480,Dorset 011A,Burglary,Under investigation,,extra\r`,
      `${ID.slice(0, 63)}g,2025-01,Dorset Police,Dorset Police,-2.4,50.7,On or near X,E01020480,Dorset 011A,,Under investigation,`,
    ]
    const csv = Buffer.from(`\uFEFF${HEADER}\r\n${rows.join('\n')}\n${rows[0]}`)
    for (const segmentRows of [1, 2, 3, 65536]) {
      byMonth.clear()
      const out = roundTrip(csv, segmentRows)
      expect(out.get('2025-01')?.toString('latin1'), `segments of ${segmentRows} rows`).toBe(csv.toString('latin1'))
    }
  })

  it('keeps interleaved months apart, each with the header and its own rows in order', () => {
    byMonth.clear()
    const row = (m: string, i: number) =>
      `${ID},${m},Dorset Police,Dorset Police,-2.4${i},50.7,On or near ${i},E01020480,Dorset 011A,Burglary,,`
    const lines = [HEADER]
    for (let i = 0; i < 10; i++) lines.push(row(i % 3 === 0 ? '2025-02' : '2025-01', i))
    const out = roundTrip(Buffer.from(`${lines.join('\n')}\n`), 4)
    const expected = (m: string) => `${[HEADER, ...lines.slice(1).filter((l) => l.includes(`,${m},`))].join('\n')}\n`
    expect(out.get('2025-01')?.toString()).toBe(expected('2025-01'))
    expect(out.get('2025-02')?.toString()).toBe(expected('2025-02'))
  })

  it('stores a real Dorset month in a fraction of its size and gives it back exactly', () => {
    byMonth.clear()
    const csv = gunzipSync(readFileSync(join(root, 'demo/dorset/crime/2025-07-dorset-street.csv.gz')))
    const proc = new CrimeFileProcessor('july.csv', noBoundaries, 50, 1000)
    proc.push(csv)
    proc.end()
    const segments = proc.drainAll().map((d) => d.bytes)
    expect(segments).toHaveLength(6)
    const stored = segments.reduce((s, b) => s + b.length, 0)
    expect(stored).toBeLessThan(csv.length / 3)
    expect(segmentsToCsv(segments).equals(csv)).toBe(true)
  })

  it('refuses damaged storage rather than giving back wrong rows', () => {
    byMonth.clear()
    const out = new CrimeFileProcessor('x.csv', noBoundaries)
    out.push(Buffer.from(`${HEADER}\n${ID},2025-01,A,A,-2.4,50.7,P,E0,N,Burglary,,\n`))
    out.end()
    const [seg] = out.drainAll().map((d) => d.bytes)
    expect(() => segmentsToCsv([seg!.subarray(0, seg!.length - 1)])).toThrow(/damaged/)
    const bad = Buffer.from(seg!)
    bad[0] = 0
    expect(() => segmentsToCsv([bad])).toThrow(/damaged/)
  })
})
