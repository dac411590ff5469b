import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../web/test-app'

// One big file read by several workers at once must import exactly as when read whole: the same
// force-months, figures, quirks, rejected rows (numbered by their line in the whole file), stored
// bytes, and errors.
const root = fileURLToPath(new URL('../../../../', import.meta.url))
const tmp = mkdtempSync(join(tmpdir(), 'csp-split-'))
const actor = { name: 'system:test' }
const WILTSHIRE = 'E22000361'

const lines = (path: string) =>
  gunzipSync(readFileSync(join(root, path)))
    .toString('utf8')
    .split(/(?<=\n)/)
const dorset = (m: string) => lines(`demo/dorset/crime/2025-${m}-dorset-street.csv.gz`)
const wiltshire = (m: string) => lines(`fixtures/crime/2025-${m}-wiltshire-street.csv.gz`)
const header = dorset('01')[0]!
const body = (ls: string[]) => ls.slice(1).map((l) => (l.endsWith('\n') ? l : `${l}\n`))

function file(name: string, rows: string[]): string {
  const path = join(tmp, name)
  writeFileSync(path, header + rows.join(''))
  return path
}

let whole: TestApp
let split: TestApp
let wholeId: string
let splitId: string

beforeAll(async () => {
  whole = await buildTestApp({ demo: false })
  split = await buildTestApp({ demo: false })
  wholeId = (await whole.container.services.partnership.create({ onsCode: WILTSHIRE }, actor)).id
  splitId = (await split.container.services.partnership.create({ onsCode: WILTSHIRE }, actor)).id
}, 60000)
afterAll(async () => {
  await whole.close()
  await split.close()
})

async function both(path: string) {
  const a = await whole.container.services.crimes.import(wholeId, [path], actor, undefined, { workers: 0 })
  const parts = new Set<number>()
  const b = await split.container.services.crimes.import(splitId, [path], actor, (p) => parts.add(p.part), {
    workers: 3,
    splitFrom: 1,
    replaceSmaller: true,
  })
  const units = async (t: TestApp, pid: string) =>
    Promise.all(
      (await t.container.services.crimes.units(pid)).map(async (u) => ({
        force: u.force,
        month: u.month,
        rows: u.rows,
        located: u.located,
        quirks: u.quirksData,
        csv: (await t.container.services.crimes.unitCsv(u.id)).toString('utf8'),
      })),
    )
  return { a, b, parts: parts.size, unitsA: await units(whole, wholeId), unitsB: await units(split, splitId) }
}

const strip = (r: { importId: string }) => ({ ...r, importId: '' })

describe('one big file read by several workers', () => {
  it('imports a file sorted by force-month exactly as when it is read whole', async () => {
    // Two forces, nine force-months, a short row (rejected, kept) near the end.
    const rows = [...body(wiltshire('01')), ...body(wiltshire('02')), ...body(wiltshire('03'))]
    for (const m of ['01', '02', '03', '04', '05', '06']) rows.push(...body(dorset(m)))
    const at = rows.length - 100
    rows.splice(at, 0, ',2025-06,Dorset Police,Dorset Police,-2.0,50.7\n')
    const r = await both(file('sorted.csv', rows))
    expect(r.parts).toBe(3)
    expect(r.b.units.length).toBe(9)
    expect(strip(r.b)).toEqual(strip(r.a))
    expect(r.b.rejectedRows[0]).toMatchObject({ line: at + 2, reason: `Row ${at + 2} has 6 fields, not 12` })
    expect(r.unitsB).toEqual(r.unitsA)
    expect(r.unitsB[0]!.csv).toBe(header + body(dorset('01')).join(''))
  })

  it('reads a file whose force-months are interleaved whole, with the same result', async () => {
    const a = body(dorset('07'))
    const b = body(dorset('08'))
    const rows: string[] = []
    for (let i = 0; i < Math.max(a.length, b.length); i++) rows.push(...(a[i] ? [a[i]!] : []), ...(b[i] ? [b[i]!] : []))
    const r = await both(file('interleaved.csv', rows))
    expect(strip(r.b)).toEqual(strip(r.a))
    expect(r.unitsB).toEqual(r.unitsA)
  })

  it('is not fooled by a quoted line break that looks like the start of another force-month', async () => {
    const first = body(dorset('09'))
    const next = body(dorset('10')).slice(0, 500)
    // A Context holding a line break followed by what looks like a row of the next month, placed
    // where the cut between the two workers' halves is looked for.
    const fake = next[0]!.replace(/\n$/, '')
    const tricky = first[0]!.replace(/,\n$/, `,"see below\n${fake.replace(/"/g, "'")}"\n`)
    const rows = [
      ...first.slice(0, Math.floor(first.length * 0.7)),
      tricky,
      ...first.slice(Math.floor(first.length * 0.7)),
      ...next,
    ]
    const r = await both(file('tricky.csv', rows))
    expect(strip(r.b)).toEqual(strip(r.a))
    expect(r.unitsB).toEqual(r.unitsA)
    expect(r.unitsB.find((u) => u.month === '2025-09')!.csv).toContain('"see below\n')
  })

  it('stops at the first bad row with its line in the whole file, whichever worker met it', async () => {
    const rows = [...body(dorset('11')), ...body(dorset('12'))]
    const at = rows.length - 50
    rows[at] = rows[at]!.replace(/^([^,]*,[^,]*,[^,]*,[^,]*,)[^,]*/, '$1east')
    const path = file('bad.csv', rows)
    const want = `row ${at + 2}: Longitude "east" is not a number`
    await expect(
      whole.container.services.crimes.import(wholeId, [path], actor, undefined, { workers: 0 }),
    ).rejects.toThrow(want)
    await expect(
      split.container.services.crimes.import(splitId, [path], actor, undefined, { workers: 3, splitFrom: 1 }),
    ).rejects.toThrow(want)
  })
})
