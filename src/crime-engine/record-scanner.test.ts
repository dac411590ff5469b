import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { csvRecords } from './police-csv'
import {
  fieldNumber,
  fieldText,
  RecordScanner,
  UnclosedQuoteError,
  type RecordView,
  type Scanner,
} from './record-scanner'
import { hashRange, RANGE_HASH } from './unit-store'
import { compileScanner, WasmRecordScanner } from './wasm-record-scanner'

// Compiled here whatever CSP_CRIME_SCANNER says: these tests are about both scanners.
const wasm = compileScanner()
type Make = (on: (r: RecordView) => void) => Scanner
const scanners: [string, Make][] = [
  ['JavaScript', (on) => new RecordScanner(on)],
  ['WebAssembly', (on) => new WasmRecordScanner(wasm, on)],
]

for (const [name, make] of scanners) {
  function scan(chunks: string[]) {
    const out: { line: number; fields: string[]; crlf: boolean }[] = []
    const s = make((r: RecordView) =>
      out.push({ line: r.line, fields: Array.from({ length: r.n }, (_, i) => fieldText(r, i)), crlf: r.crlf }),
    )
    for (const c of chunks) s.push(Buffer.from(c))
    s.end()
    return out
  }

  describe(`record scanner (${name})`, () => {
    it('reads plain, quoted, doubled-quote and multi-line fields, LF and CRLF', () => {
      expect(scan(['a,b,c\r\n1,"x, y",""\n"he said ""hi""",2,"two\nlines"\n3,,'])).toEqual([
        { line: 1, fields: ['a', 'b', 'c'], crlf: true },
        { line: 2, fields: ['1', 'x, y', ''], crlf: false },
        { line: 3, fields: ['he said "hi"', '2', 'two\nlines'], crlf: false },
        { line: 5, fields: ['3', '', ''], crlf: false },
      ])
    })

    it('gives the same records whatever the chunking', () => {
      const text = 'id,"name, with comma",x\r\n,2025-01,"q""q"\n"multi\r\nline",b,c\n'
      const whole = scan([text])
      for (let size = 1; size < text.length; size++) {
        const chunks: string[] = []
        for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size))
        expect(scan(chunks), `chunks of ${size}`).toEqual(whole)
      }
    })

    it('agrees with the string-level reader on a real police.uk row', async () => {
      const row =
        '8cf32fa2,2025-01,Dorset Police,Dorset Police,-1.966585,50.784170,On or near Seafox Place,E01015432,"Bournemouth, Christchurch and Poole 001B",Violence and sexual offences,Unable to prosecute suspect,\n'
      const slow: string[][] = []
      for await (const r of csvRecords(
        (async function* () {
          yield row
        })(),
        'x',
      ))
        slow.push(r.fields)
      expect(scan([row]).map((r) => r.fields)).toEqual(slow)
    })

    it('reads coordinates exactly as Number() does', () => {
      const values = [
        '-1.966585',
        '50.784170',
        '0.000001',
        '-0.5',
        '12',
        '.5',
        '-180.000000',
        '1e5',
        'abc',
        '',
        '1.2.3',
        '123456789.123456789',
      ]
      const got: (number | undefined)[] = []
      const s = make((r) => got.push(fieldNumber(r, 0)))
      s.push(Buffer.from(values.join('\n') + '\n'))
      s.end()
      expect(got.slice(0, 7)).toEqual(values.slice(0, 7).map(Number))
      expect(Number.isNaN(got[7])).toBe(true)
      expect(Number.isNaN(got[8])).toBe(true)
      expect(got[9]).toBeUndefined()
      expect(Number.isNaN(got[10])).toBe(true)
      expect(got[11]).toBe(Number('123456789.123456789'))
    })
  })
}

/** Everything a scanner says about each record, in terms that do not depend on where its buffer is. */
function records(make: Make, chunks: Buffer[]) {
  const out: unknown[] = []
  const s = make((r) => {
    const o: Record<string, unknown> = {
      line: r.line,
      n: r.n,
      quoted: r.quoted,
      crlf: r.crlf,
      raw: Buffer.from(r.buf.subarray(r.start, r.next)).toString('latin1'),
      len: r.end - r.start,
    }
    o.fields = Array.from({ length: Math.min(r.n, 32) }, (_, i) =>
      Buffer.from(r.buf.subarray(r.fs[i], r.fe[i])).toString('latin1'),
    )
    out.push(o)
  })
  for (const c of chunks) s.push(c)
  s.end()
  return out
}

function chunked(b: Buffer, size: number): Buffer[] {
  const out: Buffer[] = []
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size))
  return out
}

const ID = '0430184e01c92121a71343c48768263593b0777bbefdbf819df19f7483dbafa2'
const AWKWARD = [
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
  `${ID},2025-01,Dorset Police,Dorset Police,-1.966585,50.784170,On or near Seafox Place,E01015432,"Bournemouth, Christchurch and Poole 001B",Violence and sexual offences,Unable to prosecute suspect,`,
  `${ID.toUpperCase()},2025-01,Dorset Police,Dorset Police,,,No location,,,Burglary,,`,
  `"${ID}",2025-01,Dorset Police,Dorset Police,-2.1,50.7,"On or near ""The"" Square",E01,"A
B",Drugs,,"a, b"
`,
  `${ID.slice(0, 63)}g,2025-01,x,x,1,1,x,x,x,x,x,x`,
  `${ID}${ID},too long`,
  `${ID},only,three`,
  ',2025-01,Dorset Police,Dorset Police,-2.5,50.6,On or near a place with a much longer name than sixteen bytes,E01015432,Dorset 001A,Anti-social behaviour,,',
  Array.from({ length: 40 }, (_, i) => `f${i}`).join(','),
  Array.from({ length: 40 }, (_, i) => (i % 9 === 4 ? `"line\nbreak ${i}, and ""more"" text"` : `f${i}`)).join(','),
  '',
  `${ID},2025-01,a,b,c,d,e,f,g,h,i,"last"`,
].join('\n')

describe('WebAssembly record scanner', () => {
  it('is compiled here (this machine has WebAssembly SIMD)', () => {
    expect(wasm).not.toBeNull()
  })

  it("gives the JavaScript scanner's records on every awkward case, at every chunk size", () => {
    const bytes = Buffer.from(AWKWARD + '\r\n' + AWKWARD)
    const want = records(scanners[0]![1], [bytes])
    expect(want.length).toBeGreaterThan(20)
    for (let size = 1; size <= bytes.length; size += size < 80 ? 1 : 97)
      expect(records(scanners[1]![1], chunked(bytes, size)), `chunks of ${size}`).toEqual(want)
  })

  it('gives the same records as the JavaScript scanner on the real Dorset files', () => {
    for (const f of [
      'fixtures/crime/2024-01-dorset-street.csv.gz',
      'fixtures/crime/2021-02-dorset-street.csv.gz',
      'demo/dorset/crime/2025-06-dorset-street.csv.gz',
    ]) {
      const bytes = gunzipSync(readFileSync(f))
      const want = records(scanners[0]![1], [bytes])
      expect(want.length, f).toBeGreaterThan(4000)
      expect(records(scanners[1]![1], chunked(bytes, 65536 + 7)), f).toEqual(want)
    }
  })

  it('hashes each head, place and tail as hashRange() does, and decodes lowercase hex Crime IDs only', () => {
    const seen: { idOk: boolean; id: string; place: boolean; tail: boolean }[] = []
    const s = new WasmRecordScanner(wasm, (r) => {
      if (!r.hashed) return
      const q = (i: number) => (r.quoted >>> i) & 1
      hashRange(r.buf, r.fs[4]! - q(4), r.fe[8]! + q(8))
      const place = RANGE_HASH[0] === r.placeH1 && RANGE_HASH[1] === r.placeH2
      hashRange(r.buf, r.fs[9]! - q(9), r.fe[11]! + q(11))
      const tail = RANGE_HASH[0] === r.tailH1 && RANGE_HASH[1] === r.tailH2
      hashRange(r.buf, r.fs[1]! - q(1), r.fe[3]! + q(3))
      if (RANGE_HASH[0] !== r.headH1 || RANGE_HASH[1] !== r.headH2)
        throw new Error(`line ${r.line}: the head's hashes differ`)
      const id = r.idOff >= 0 ? Buffer.from(r.ids32.buffer, r.idOff, 32).toString('hex') : ''
      seen.push({ idOk: r.idOff >= 0, id, place, tail })
    })
    s.push(Buffer.from(AWKWARD))
    s.end()
    expect(seen.map((x) => x.place && x.tail)).toEqual(seen.map(() => true))
    // Header, good ID, upper-case ID, quoted ID, a 'g', an empty ID, the last row.
    expect(seen.map((x) => x.idOk)).toEqual([false, true, false, false, false, false, true])
    expect(seen[1]!.id).toBe(ID)
  })

  it('reads plain coordinates of up to six places as millionths, exactly as Number() reads them, and leaves the rest to JavaScript', () => {
    const cases = [
      '-1.966585',
      '50.784170',
      '0.000001',
      '-0.5',
      '12',
      '.5',
      '12.',
      '-180.000000',
      '179.9999999',
      '1e5',
      'abc',
      '',
      '-',
      '.',
      '1.2.3',
      '"1.5"',
      '123456789.123456',
      '9999.999999',
      '179.999999',
    ]
    const got: { ok: boolean; lon: number; text: string }[] = []
    const s = new WasmRecordScanner(wasm, (r) => {
      if (r.n === 12) got.push({ ok: r.coordsOk, lon: r.lonMicro, text: fieldText(r, 4) })
    })
    s.push(Buffer.from(cases.map((c) => `x,2025-01,a,a,${c},50.1,l,c,n,t,o,`).join('\n')))
    s.end()
    expect(got.map((g) => g.ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ])
    for (const g of got.filter((x) => x.ok)) expect(g.lon / 1e6, g.text).toBe(Number(g.text))
  })

  it('reads a record longer than its input area, and names the line of an unclosed quote', () => {
    const long = 'x'.repeat(3 << 20)
    const got = records(
      (on) => new WasmRecordScanner(wasm, on, 1 << 16, 8 << 20),
      chunked(Buffer.from(`a,"${long}",b\nc,d\n`), 1 << 20),
    )
    expect(got).toHaveLength(2)
    expect((got[0] as { fields: string[] }).fields[1]).toHaveLength(3 << 20)
    for (const [name, make] of scanners)
      expect(() => records(make, chunked(Buffer.from(`a,b\nc,"${long}",b\nc,d\n`), 1 << 20)), name).toThrow(
        /line 2: a record runs past 1024 KB/,
      )
    const bad = () => records(scanners[1]![1], [Buffer.from('a,b\n"c\nd,e\n')])
    expect(bad).toThrow(UnclosedQuoteError)
    expect(bad).toThrow(/line 2/)
  })

  it('is the compiled record-scanner.as.ts (npm run build:wasm after changing it)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'csp-wasm-')), 'scan.wasm')
    const script = JSON.parse(readFileSync('package.json', 'utf8')).scripts['build:wasm'] as string
    const args = script.split(' ').slice(1)
    args[args.indexOf('-o') + 1] = out
    execFileSync(join('node_modules', '.bin', 'asc'), args)
    expect(readFileSync(out).equals(readFileSync(new URL('./record-scanner.wasm', import.meta.url)))).toBe(true)
  }, 60000)
})
