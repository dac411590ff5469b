import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'

export type Ruc = 'rural' | 'urban'

export interface RucEntry {
  ruc: Ruc
  /** The ONS class code: UN1…RSF1 (2021) or A1…E2 (2011). */
  code: string
  edition: 2021 | 2011
}

const dir = fileURLToPath(new URL('../../../../reference/ons/', import.meta.url))

function rows(file: string): string[][] {
  const text = gunzipSync(readFileSync(`${dir}${file}`)).toString('utf8')
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(',').map((f) => f.replace(/^"|"$/g, '')))
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

/** A two-column reference table (code, value) from reference/ons/, read the first time it is asked for. */
function codeTable<T>(file: string, value: (text: string) => T): () => ReadonlyMap<string, T> {
  let table: Map<string, T> | undefined
  return () => {
    if (!table) {
      table = new Map<string, T>()
      for (const [code, text] of rows(file)) if (code && text) table.set(code, value(text))
    }
    return table
  }
}

/** Census 2021 usual residents by 2021 LSOA code (reference/ons/PROVENANCE.md). */
export const populationTable = codeTable('population_census21_lsoa21_ew.csv.gz', Number)

/** The electoral ward (May 2024) of each 2021 LSOA, by name (reference/ons/PROVENANCE.md). */
export const wardNames = codeTable('lsoa21_ward24_ew.csv.gz', (name) => name)
