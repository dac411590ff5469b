import { describe, expect, it } from 'vitest'
import { csvRecords } from './police-csv'
import { fieldNumber, fieldText, RecordScanner, type RecordView } from './record-scanner'

function scan(chunks: string[]) {
  const out: { line: number; fields: string[]; crlf: boolean }[] = []
  const s = new RecordScanner((r: RecordView) => out.push({ line: r.line, fields: Array.from({ length: r.n }, (_, i) => fieldText(r, i)), crlf: r.crlf }))
  for (const c of chunks) s.push(Buffer.from(c))
  s.end()
  return out
}

describe('record scanner', () => {
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
    const row = '8cf32fa2,2025-01,Dorset Police,Dorset Police,-1.966585,50.784170,On or near Seafox Place,E01015432,"Bournemouth, Christchurch and Poole 001B",Violence and sexual offences,Unable to prosecute suspect,\n'
    const slow: string[][] = []
    for await (const r of csvRecords((async function* () { yield row })(), 'x')) slow.push(r.fields)
    expect(scan([row]).map((r) => r.fields)).toEqual(slow)
  })

  it('reads coordinates exactly as Number() does', () => {
    const values = ['-1.966585', '50.784170', '0.000001', '-0.5', '12', '.5', '-180.000000', '1e5', 'abc', '', '1.2.3', '123456789.123456789']
    const got: (number | undefined)[] = []
    const s = new RecordScanner((r) => got.push(fieldNumber(r, 0)))
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
