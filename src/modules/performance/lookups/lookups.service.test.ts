import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RuleError } from '../../../errors'
import { buildTestApp, demoMeetings, type TestApp } from '../../../web/test-app'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const lookupFile = join(root, 'demo/dorset/lookups/dorset_bcp_lookup_lsoa21_ward24_lad24.csv')
const actor = { name: 'system:test' }
let t: TestApp
let partnershipId: string

beforeAll(async () => {
  t = await buildTestApp({ now: '2026-01-15T09:00:00Z' })
  partnershipId = (await demoMeetings(t)).partnership.id
  await t.container.services.crimes.import(
    partnershipId,
    [join(root, 'demo/dorset/crime/2025-09-dorset-street.csv.gz')],
    actor,
  )
})
afterAll(() => t.close())

describe('LSOA lookups', () => {
  it('counts crime by local authority through the ONS LSOA lookup, matching a tally of the raw file', async () => {
    const r = await t.container.services.lookups.import(
      partnershipId,
      { name: 'lad.csv', bytes: readFileSync(lookupFile) },
      { codeField: 'ltla24_code', nameField: 'ltla24_name' },
      actor,
    )
    expect(r.rows).toBe(463)
    const rows = await t.container.services.crimes.countsViaLookup(
      partnershipId,
      await t.container.services.lookups.rows(r.id),
    )
    const byArea = new Map<string, number>()
    for (const x of rows) byArea.set(x.area_code, (byArea.get(x.area_code) ?? 0) + x.count)

    // The same figure another way: the lookup's LSOAs by authority, then the raw CSV's LSOA column.
    const lad = new Map<string, string>()
    for (const line of readFileSync(lookupFile, 'utf8').trim().split('\n').slice(1)) {
      const f = line.split('","').map((x) => x.replace(/"/g, ''))
      lad.set(f[1]!, f[5]!)
    }
    const want = new Map<string, number>()
    for (const line of gunzipSync(readFileSync(join(root, 'demo/dorset/crime/2025-09-dorset-street.csv.gz')))
      .toString()
      .trim()
      .split('\n')
      .slice(1)) {
      const m = /,(E0\d{7}),/.exec(line)
      if (!m) continue
      const code = lad.get(m[1]!) ?? 'unallocated'
      want.set(code, (want.get(code) ?? 0) + 1)
    }
    expect(byArea).toEqual(want)
    expect(byArea.get('E06000059')).toBeGreaterThan(1000)
    expect(rows.find((x) => x.area_code === 'E06000059')!.area_name).toBe('Dorset')
  })

  it('refuses a lookup that gives one LSOA two localities, naming both lines', async () => {
    const csv = 'lsoa21_code,ward\nE01000001,W1\nE01000002,W2\nE01000001,W3\n'
    const e = await t.container.services.lookups
      .import(partnershipId, { name: 'bad.csv', bytes: Buffer.from(csv) }, { codeField: 'ward' }, actor)
      .then(
        () => undefined,
        (x: unknown) => x,
      )
    expect(e).toBeInstanceOf(RuleError)
    expect((e as Error).message).toBe('bad.csv: LSOA E01000001 is given two localities, W1 (line 2) and W3 (line 4).')
  })

  it('names the columns when the code column is wrong', async () => {
    const e = await t.container.services.lookups
      .import(partnershipId, { name: 'x.csv', bytes: readFileSync(lookupFile) }, { codeField: 'LAD24CD' }, actor)
      .then(
        () => undefined,
        (x: unknown) => x,
      )
    expect((e as Error).message).toContain(
      'there is no code column "LAD24CD"; the columns are lsoa21_name, lsoa21_code, ward24_name, ward24_code, ltla24_name, ltla24_code.',
    )
  })
})
