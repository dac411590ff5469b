import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import type { MultiPolygon } from '../../../geo/polygon-index'

/**
 * The national ONS reference shipped in reference/ons/ (see its PROVENANCE.md): the Community
 * Safety Partnership list, the LSOA → ward → local authority lookup, LSOA boundaries and Census
 * population. Each table is read the first time it is asked for and kept.
 */
const dir = fileURLToPath(new URL('../../../../reference/ons/', import.meta.url))

/** A reference file's text, gunzipped. */
export function referenceText(file: string): string {
  return gunzipSync(readFileSync(`${dir}${file}`)).toString('utf8')
}

/** One CSV line as R's write.csv writes it: fields quoted or bare, "" for a quote inside quotes. */
export function csvLine(line: string): string[] {
  const out: string[] = []
  let i = 0
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = ''
      i++
      for (;;) {
        const q = line.indexOf('"', i)
        if (q === -1) throw new Error(`an unclosed quote in a reference file: ${line.slice(0, 80)}`)
        s += line.slice(i, q)
        if (line[q + 1] === '"') {
          s += '"'
          i = q + 2
        } else {
          i = q + 1
          break
        }
      }
      out.push(s)
      i++ // the comma
    } else {
      const c = line.indexOf(',', i)
      const end = c === -1 ? line.length : c
      out.push(line.slice(i, end))
      i = end + 1
    }
  }
  return out
}

/** A reference CSV's rows without its header. */
export function referenceRows(file: string): string[][] {
  return referenceText(file).trim().split(/\r?\n/).slice(1).map(csvLine)
}

function once<T>(make: () => T): () => T {
  let value: T | undefined
  let made = false
  return () => {
    if (!made) {
      value = make()
      made = true
    }
    return value as T
  }
}

/** A two-column reference table (code, value), read the first time it is asked for. */
export function codeTable<T>(file: string, value: (text: string) => T, valueColumn = 1): () => ReadonlyMap<string, T> {
  return once(() => {
    const table = new Map<string, T>()
    for (const row of referenceRows(file)) {
      const code = row[0]
      const text = row[valueColumn]
      if (code && text) table.set(code, value(text))
    }
    return table
  })
}

export interface NamedCode {
  code: string
  name: string
}

/** A Community Safety Partnership as the ONS lists it (April 2024): its local authorities and police force areas. */
export interface CspEntry extends NamedCode {
  authorities: NamedCode[]
  forces: NamedCode[]
}

/** The ONS list of Community Safety Partnerships (LAD24_CSP24_PFA24_EW_LU), by CSP code, sorted by name. */
export const cspList = once((): readonly CspEntry[] => {
  const byCode = new Map<string, CspEntry>()
  for (const [ltla, ltlaName, csp, cspName, pfa, pfaName] of referenceRows('lad24_csp24_pfa24_ew.csv.gz')) {
    if (!ltla || !csp) continue
    let e = byCode.get(csp)
    if (!e) byCode.set(csp, (e = { code: csp, name: cspName!, authorities: [], forces: [] }))
    if (!e.authorities.some((a) => a.code === ltla)) e.authorities.push({ code: ltla, name: ltlaName! })
    if (pfa && !e.forces.some((f) => f.code === pfa)) e.forces.push({ code: pfa, name: pfaName! })
  }
  return [...byCode.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
})

export function cspByCode(code: string): CspEntry | undefined {
  const c = code.trim().toUpperCase()
  return cspList().find((e) => e.code === c)
}

const fold = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/&/g, 'and').replace(/[^a-z0-9]+/g, ' ').trim()

/**
 * Partnerships whose name, code, local authority or police force contains the text (case, accents
 * and punctuation ignored): names that start with it first.
 */
export function findCsps(text: string): CspEntry[] {
  const q = fold(text)
  if (!q) return []
  const hits = cspList().filter((e) => e.code.toLowerCase() === q || [e.name, ...e.authorities.map((a) => a.name), ...e.forces.map((f) => f.name)].some((n) => fold(n).includes(q)))
  const starts = (e: CspEntry) => (fold(e.name).startsWith(q) ? 0 : fold(e.name).includes(q) ? 1 : 2)
  return hits.sort((a, b) => starts(a) - starts(b) || a.name.localeCompare(b.name, 'en-GB'))
}

/** An LSOA (2021) with its best-fit electoral ward (May 2024) and local authority (2024). */
export interface LsoaPlace {
  lsoa: string
  lsoaName: string
  ward: string
  wardName: string
  authority: string
  authorityName: string
}

/** ONS LSOA21 → WD24 → LTLA24 (best fit), by LSOA code: 35,672 LSOAs of England and Wales. */
export const lsoaPlaces = once((): ReadonlyMap<string, LsoaPlace> => {
  const m = new Map<string, LsoaPlace>()
  for (const [lsoaName, lsoa, wardName, ward, authorityName, authority] of referenceRows('lsoa21_ward24_ltla24_ew.csv.gz')) {
    if (lsoa) m.set(lsoa, { lsoa, lsoaName: lsoaName!, ward: ward!, wardName: wardName!, authority: authority!, authorityName: authorityName! })
  }
  return m
})

/** The LSOAs of the given local authorities, in code order. */
export function lsoasOf(authorities: readonly string[]): LsoaPlace[] {
  const want = new Set(authorities)
  return [...lsoaPlaces().values()].filter((p) => want.has(p.authority)).sort((a, b) => (a.lsoa < b.lsoa ? -1 : 1))
}

/** Census 2021 usual residents by 2021 LSOA code. */
export const populationTable = codeTable('population_census21_lsoa21_ew.csv.gz', Number)

/** The electoral ward (May 2024) of each 2021 LSOA, by name. */
export const wardNames = once((): ReadonlyMap<string, string> => new Map([...lsoaPlaces()].map(([code, p]) => [code, p.wardName] as const)))

/**
 * The generalised (200 m) LSOA 2021 polygons of the given codes, WGS84: for drawing maps and
 * sharing population by area, never for deciding which LSOA a crime is in (police.uk says that).
 */
export function lsoaPolygons(codes: ReadonlySet<string>): Map<string, MultiPolygon> {
  const fc = JSON.parse(referenceText('lsoa21_bsc_ew.geojson.gz')) as { features: { properties: { lsoa21_code: string }; geometry: { type: string; coordinates: unknown } }[] }
  const out = new Map<string, MultiPolygon>()
  for (const f of fc.features) {
    const code = f.properties.lsoa21_code
    if (!codes.has(code)) continue
    out.set(code, f.geometry.type === 'Polygon' ? [f.geometry.coordinates as number[][][]] : (f.geometry.coordinates as number[][][][]))
  }
  return out
}

/**
 * An LSOA code as a number, for fast set lookups in the crime engine: a letter and eight digits
 * (E01012345) become letter × 10⁸ + digits; anything else is -1.
 */
export function lsoaKey(code: string): number {
  if (code.length !== 9) return -1
  const letter = code.charCodeAt(0)
  if (letter < 65 || letter > 90) return -1
  let n = 0
  for (let i = 1; i < 9; i++) {
    const d = code.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return letter * 1e8 + n
}

/** lsoaKey() of bytes buf[s, e). */
export function lsoaKeyBytes(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 9) return -1
  const letter = buf[s]!
  if (letter < 65 || letter > 90) return -1
  let n = 0
  for (let i = s + 1; i < e; i++) {
    const d = buf[i]! - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return letter * 1e8 + n
}
