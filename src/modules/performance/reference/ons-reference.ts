import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fromRoot } from '../../../paths'
import { gunzipSync } from 'node:zlib'
import { union, type Geom } from 'polyclip-ts'
import type { MultiPolygon } from '../../../geo/polygon-index'
import { splitQuoted } from '../../../csv-read'

/**
 * The national ONS reference shipped in reference/ons/ (see its PROVENANCE.md): the Community
 * Safety Partnership list, the LSOA → ward → local authority lookup, LSOA boundaries and Census
 * population. Each table is read the first time it is asked for and kept.
 */
const dir = () => fromRoot('reference', 'ons')

/** A reference file's text, gunzipped. */
export function referenceText(file: string): string {
  return gunzipSync(readFileSync(join(dir(), file))).toString('utf8')
}

/** One CSV line as R's write.csv writes it: fields quoted or bare, "" for a quote inside quotes. */
export function csvLine(line: string): string[] {
  const fields = splitQuoted(line)
  if (!fields) throw new Error(`an unclosed quote in a reference file: ${line.slice(0, 80)}`)
  return fields
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

const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

/**
 * Partnerships whose name, code, local authority or police force contains the text (case, accents
 * and punctuation ignored): names that start with it first.
 */
export function findCsps(text: string): CspEntry[] {
  const q = fold(text)
  if (!q) return []
  const hits = cspList().filter(
    (e) =>
      e.code.toLowerCase() === q ||
      [e.name, ...e.authorities.map((a) => a.name), ...e.forces.map((f) => f.name)].some((n) => fold(n).includes(q)),
  )
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
  for (const [lsoaName, lsoa, wardName, ward, authorityName, authority] of referenceRows(
    'lsoa21_ward24_ltla24_ew.csv.gz',
  )) {
    if (lsoa)
      m.set(lsoa, {
        lsoa,
        lsoaName: lsoaName!,
        ward: ward!,
        wardName: wardName!,
        authority: authority!,
        authorityName: authorityName!,
      })
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
export const wardNames = once(
  (): ReadonlyMap<string, string> => new Map([...lsoaPlaces()].map(([code, p]) => [code, p.wardName] as const)),
)

/**
 * The generalised (200 m) LSOA 2021 polygons of the given codes, WGS84: for drawing maps and
 * sharing population by area, never for deciding which LSOA a crime is in (police.uk says that).
 */
export function lsoaPolygons(
  want: ReadonlySet<string> | ((code: string, polygons: MultiPolygon) => boolean),
): Map<string, MultiPolygon> {
  const fc = JSON.parse(referenceText('lsoa21_bsc_ew.geojson.gz')) as {
    features: { properties: { lsoa21_code: string }; geometry: { type: string; coordinates: unknown } }[]
  }
  const keep = typeof want === 'function' ? want : (code: string) => want.has(code)
  const out = new Map<string, MultiPolygon>()
  for (const f of fc.features) {
    const code = f.properties.lsoa21_code
    const polygons =
      f.geometry.type === 'Polygon'
        ? [f.geometry.coordinates as number[][][]]
        : (f.geometry.coordinates as number[][][][])
    if (keep(code, polygons)) out.set(code, polygons)
  }
  return out
}

export { lsoaKey, lsoaKeyBytes } from '../../../crime-engine'

/** The ONS areas a partnership's LSOAs make: the layers hotspots, trends and counts use before any beats are imported. */
export type OnsDimension = 'ward' | 'authority' | 'lsoa'

export interface OnsArea {
  code: string
  name: string
  /** Census 2021 usual residents: the sum over its LSOAs. */
  population: number
}

export const onsLayerLabels: Record<OnsDimension, string> = {
  ward: 'Electoral wards, May 2024: the ONS best fit from LSOAs',
  authority: 'Local authorities, 2024',
  lsoa: 'LSOAs, 2021',
}

/** The area of a dimension an LSOA lies in, or undefined for a code the 2021 lookup does not hold. */
export function onsAreaOf(lsoa: string, by: OnsDimension): NamedCode | undefined {
  const p = lsoaPlaces().get(lsoa)
  if (!p) return undefined
  if (by === 'ward') return { code: p.ward, name: p.wardName }
  if (by === 'authority') return { code: p.authority, name: p.authorityName }
  return { code: p.lsoa, name: p.lsoaName }
}

/** The wards, authorities or LSOAs of a set of authorities, with their population, in code order. */
export function onsAreas(authorities: readonly string[], by: OnsDimension): OnsArea[] {
  const pop = populationTable()
  const areas = new Map<string, OnsArea>()
  for (const p of lsoasOf(authorities)) {
    const a = onsAreaOf(p.lsoa, by)!
    const e = areas.get(a.code) ?? { code: a.code, name: a.name, population: 0 }
    e.population += pop.get(p.lsoa) ?? 0
    areas.set(a.code, e)
  }
  return [...areas.values()].sort((a, b) => (a.code < b.code ? -1 : 1))
}

const dissolved = new Map<string, Map<string, MultiPolygon>>()

/**
 * Outlines of ONS areas for maps: the generalised LSOA polygons of each, dissolved into one
 * (polyclip-ts union); LSOAs as they are. Kept by layer and area list, as the reference never changes.
 */
export function onsGeometry(by: OnsDimension, codes: readonly string[]): Map<string, MultiPolygon> {
  const key = `${by}:${[...codes].sort().join(',')}`
  const cached = dissolved.get(key)
  if (cached) return cached
  const want = new Set(codes)
  const lsoasByArea = new Map<string, string[]>()
  for (const [lsoa] of lsoaPlaces()) {
    const a = onsAreaOf(lsoa, by)
    if (!a || !want.has(a.code)) continue
    const list = lsoasByArea.get(a.code) ?? []
    list.push(lsoa)
    lsoasByArea.set(a.code, list)
  }
  const polygons = lsoaPolygons(new Set([...lsoasByArea.values()].flat()))
  const out = new Map<string, MultiPolygon>()
  for (const [code, lsoas] of lsoasByArea) {
    const parts = lsoas.map((l) => polygons.get(l)).filter((p): p is MultiPolygon => !!p)
    if (!parts.length) continue
    if (by === 'lsoa' || parts.length === 1) {
      out.set(code, parts[0]!)
      continue
    }
    try {
      out.set(code, union(...(parts as [number, number][][][][] as [Geom, ...Geom[]])))
    } catch {
      // A union that fails on a degenerate piece still draws as its parts.
      out.set(code, parts.flat())
    }
  }
  dissolved.set(key, out)
  return out
}
