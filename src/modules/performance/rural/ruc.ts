import { referenceRows as rows } from '../reference/ons-reference'

export type Ruc = 'rural' | 'urban'

export interface RucEntry {
  ruc: Ruc
  /** The ONS class code: UN1…RSF1 (2021) or A1…E2 (2011). */
  code: string
  edition: 2021 | 2011
}

let table: Map<string, RucEntry> | undefined

/**
 * The ONS Rural-Urban Classification by LSOA code: 2021 first, then 2011 for older police.uk months
 * (reference/ons/PROVENANCE.md). Read once, about 70,000 codes.
 */
export function rucTable(): ReadonlyMap<string, RucEntry> {
  if (table) return table
  const t = new Map<string, RucEntry>()
  for (const [code, cls] of rows('ruc2011_lsoa2011_ew.csv.gz')) {
    if (!code || !cls) continue
    // ONS 2011: A1–C2 are urban, D1–E2 (and F at output-area level) rural.
    t.set(code, { ruc: /^[DEF]/.test(cls) ? 'rural' : 'urban', code: cls, edition: 2011 })
  }
  for (const [code, cls, , flag] of rows('ruc2021_lsoa2021_ew.csv.gz')) {
    if (!code || !cls) continue
    t.set(code, { ruc: flag === 'Rural' ? 'rural' : 'urban', code: cls, edition: 2021 })
  }
  table = t
  return t
}

export { populationTable, wardNames } from '../reference/ons-reference'
