import { formatP } from '../../../figures'
import { toCsv } from '../../../csv'
import { RuleError } from '../../../errors'
import type { MultiPolygon } from '../../../geo/polygon-index'
import { gini, pctPlaces, rareConcentration, RARE_DEFAULTS, type RareOptions } from '../../../stats/concentration'
import type { BoundariesService } from '../boundaries/boundaries.service'
import { UNALLOCATED, type CrimesService } from '../crimes/crimes.service'
import type { CrimeGroup, GroupsService } from '../groups/groups.service'
import { checkMonths, monthsBetween, twoYearsOrHeld } from '../months'
import { populationTable, rucTable, wardNames } from './ruc'
import { lsoaPolygons, lsoasOf } from '../reference/ons-reference'
import { planarArea } from '../../../geo/area'
import { mapPositions, wgs84ToBng } from '../../../geo/projection'

export interface RuralQuery {
  group?: string | undefined
  from?: string | undefined
  to?: string | undefined
  /** What each place's expected share follows: its area (methods.md §3.5 default: rural crime is land-based) or equal shares (LSOAs hold similar populations). */
  /** What each place's share of crime is expected to follow: residents (the default), equal shares, or land area. */
  exposure?: RuralExposure | undefined
}

export interface RuralMonth {
  month: string
  rural: number
  urban: number
  /** Crimes whose LSOA is in neither RUC table, or that have none. */
  unclassified: number
  /** Rural over rural + urban; null when neither. */
  rural_share: number | null
}

export const RURAL_CSV_COLUMNS = ['month', 'rural', 'urban', 'unclassified', 'rural_share'] as const

/** A point inside (usually) a polygon: the area-weighted centroid of its largest outer ring. */
function labelPoint(polys: MultiPolygon): [number, number] {
  let best: [number, number] = [0, 0]
  let bestArea = -1
  for (const p of polys) {
    const ring = p[0]!
    let a = 0
    let cx = 0
    let cy = 0
    for (let k = 0; k < ring.length - 1; k++) {
      const [x0, y0] = [ring[k]![0]!, ring[k]![1]!]
      const [x1, y1] = [ring[k + 1]![0]!, ring[k + 1]![1]!]
      const f = x0 * y1 - x1 * y0
      a += f
      cx += (x0 + x1) * f
      cy += (y0 + y1) * f
    }
    if (Math.abs(a) > bestArea && a !== 0) {
      bestArea = Math.abs(a)
      best = [cx / (3 * a), cy / (3 * a)]
    }
  }
  return best
}

export type RuralService = ReturnType<typeof ruralService>

export function ruralService(deps: {
  crimes: CrimesService
  boundaries: BoundariesService
  groups: GroupsService
  authorities: (partnershipId: string) => Promise<{ code: string; name: string }[]>
}) {
  const { crimes, boundaries, groups } = deps

  /**
   * The rural LSOAs of the partnership's area, with their areas: from the LSOA layer in effect, or,
   * for a partnership set up from the ONS list, its authorities' LSOAs (areas from the generalised polygons).
   */
  async function ruralPlaces(partnershipId: string, day: string) {
    const lsoaSet = await boundaries.inEffect(partnershipId, 'lsoas', day)
    if (!lsoaSet) {
      const authorities = await deps.authorities(partnershipId)
      if (!authorities.length) return null
      const ruc = rucTable()
      const rural = lsoasOf(authorities.map((a) => a.code)).filter((p) => ruc.get(p.lsoa)?.ruc === 'rural')
      const shapes = lsoaPolygons(new Set(rural.map((p) => p.lsoa)))
      const places = rural.map((p) => ({
        code: p.lsoa,
        name: p.lsoaName,
        area: planarArea(mapPositions(shapes.get(p.lsoa) ?? [], (x, y) => wgs84ToBng(x, y))),
      }))
      return {
        set: {
          id: 'ons:lsoa',
          label: `LSOAs (2021) of ${authorities.map((a) => a.name).join(', ')}, from the ONS list`,
        },
        places,
      }
    }
    const areaSet = await boundaries.inEffect(partnershipId, 'area', day)
    const areaIndex = areaSet ? await boundaries.index(areaSet.id) : undefined
    const ruc = rucTable()
    const places: { code: string; name: string; area: number }[] = []
    for (const a of await boundaries.areas(lsoaSet.id)) {
      if (ruc.get(a.code)?.ruc !== 'rural') continue
      const [x, y] = labelPoint(JSON.parse(a.geometry) as MultiPolygon)
      if (areaIndex && areaIndex.locate(x, y) === -1) continue
      places.push({ code: a.code, name: a.name, area: a.area_m2 })
    }
    return { set: lsoaSet, places }
  }

  return {
    async compute(partnershipId: string, query: RuralQuery, options: Partial<RareOptions> = {}) {
      checkMonths(query)
      const group: CrimeGroup = await groups.resolve(partnershipId, query.group ?? 'all')
      const held = [...new Set((await crimes.units(partnershipId)).map((u) => u.month))].sort()
      const o = { ...RARE_DEFAULTS, ...options }
      const to = query.to ?? held[held.length - 1]
      // The §3.5 window: 24 months by default, or from the first month held.
      const from = query.from ?? (to ? twoYearsOrHeld(to, held[0]!) : undefined)
      if (!to || !from)
        return {
          group,
          from: '',
          to: '',
          months: [] as RuralMonth[],
          totals: { rural: 0, urban: 0, unclassified: 0 },
          places: null,
          concentration: null,
          message: 'No police.uk crime is held yet. Import some on the Data page.',
        }
      if (from > to) throw new RuleError(`The window starts (${from}) after it ends (${to}).`, 'from')
      const ruc = rucTable()
      const inGroup = new Set(group.types)
      const counts = (await crimes.counts(partnershipId, 'lsoa', { from, to })).filter((c) => inGroup.has(c.crime_type))
      const heldSet = new Set(held)
      const months = monthsBetween(from, to).filter((m) => heldSet.has(m))
      const byMonth = new Map(
        months.map((m) => [m, { month: m, rural: 0, urban: 0, unclassified: 0, rural_share: null as number | null }]),
      )
      const byLsoa = new Map<string, number>()
      for (const c of counts) {
        const row = byMonth.get(c.month)
        if (!row) continue
        const r = c.area_code === UNALLOCATED ? undefined : ruc.get(c.area_code)
        if (!r) row.unclassified += c.count
        else row[r.ruc] += c.count
        if (r?.ruc === 'rural') byLsoa.set(c.area_code, (byLsoa.get(c.area_code) ?? 0) + c.count)
      }
      for (const row of byMonth.values())
        row.rural_share = row.rural + row.urban > 0 ? row.rural / (row.rural + row.urban) : null
      const monthRows = [...byMonth.values()]
      const totals = monthRows.reduce(
        (t, r) => ({
          rural: t.rural + r.rural,
          urban: t.urban + r.urban,
          unclassified: t.unclassified + r.unclassified,
        }),
        { rural: 0, urban: 0, unclassified: 0 },
      )

      // Concentration across the rural places: every rural LSOA of the area when the LSOA layer is
      // loaded (zero-crime places count), else only those crime was recorded in, said plainly.
      const layer = await ruralPlaces(partnershipId, `${to}-01`)
      const names = new Map(counts.map((c) => [c.area_code, c.area_name] as const))
      const places = layer
        ? layer.places
        : [...byLsoa.keys()].sort().map((code) => ({ code, name: names.get(code) ?? code, area: 0 }))
      // Residents by default: crime in villages follows people, and area exposure would flag every
      // village against the fields around it. Area only when chosen (land-based crime), and only
      // with the LSOA layer; equal shares when chosen or when a place's population is unknown.
      const population = populationTable()
      const wanted: RuralExposure = query.exposure ?? 'population'
      const exposure: RuralExposure =
        wanted === 'area'
          ? layer
            ? 'area'
            : 'equal'
          : wanted === 'population' && places.every((p) => population.has(p.code))
            ? 'population'
            : 'equal'
      const weight = (p: { code: string; area: number }) =>
        exposure === 'area' ? p.area : exposure === 'population' ? population.get(p.code)! : 1
      const units = places.map((p) => ({ code: p.code, count: byLsoa.get(p.code) ?? 0, exposure: weight(p) }))
      const placeCounts = units.map((u) => u.count)
      const rare = units.length ? rareConcentration(units, o) : null
      const concentration = rare && {
        places: units.length,
        source: layer ? ('every rural LSOA of the area' as const) : ('rural LSOAs with crime only' as const),
        exposure,
        exposureText: exposureWords[exposure],
        crimes: units.reduce((s, u) => s + u.count, 0),
        gini: gini(placeCounts),
        pct50: pctPlaces(placeCounts, 0.5),
        pct50WithCrime: pctPlaces(placeCounts, 0.5, true),
        decision: rare.decision,
        global: rare.global,
        candidates: rare.candidates.map((c) => ({
          code: c.code,
          name: places.find((p) => p.code === c.code)?.name ?? c.code,
          count: c.count,
          expected: c.expected,
          ratio: c.ratio,
          q: c.q,
        })),
        /** Every place with its test, for the places CSV: the evidence behind the verdict. */
        rows: rare.rows.map((r) => ({
          code: r.code,
          name: places.find((p) => p.code === r.code)?.name ?? r.code,
          count: r.count,
          expected: r.expected,
          ratio: r.ratio,
          q: r.q,
          candidate: r.candidate,
        })),
        options: rare.options,
      }
      // Places by the names people use: the electoral ward, before the LSOA's own code-like name.
      if (concentration) {
        const ward = wardNames()
        for (const c of concentration.candidates) {
          const w = ward.get(c.code)
          if (w) c.name = `${w} (${c.name})`
        }
      }
      const verdict = concentration ? ruralVerdict(concentration) : null
      const message = months.length === 0 ? `No crime is held for ${from} to ${to}.` : null
      return {
        group,
        from,
        to,
        months: monthRows,
        totals,
        places: layer ? { set: layer.set.label, rural: layer.places.length } : null,
        concentration,
        verdict,
        message,
      }
    },
  }
}

export type RuralExposure = 'population' | 'equal' | 'area'

/** The exposure in words, as the page, the CLI and the CSV name it. */
export const exposureWords: Record<RuralExposure, string> = {
  population: 'resident population (Census 2021)',
  equal: 'equal shares',
  area: 'land area',
}

/**
 * The rural decision in the set words (methods: the rural decision), one place for the page, the
 * CLI and the CSV: too little volume, no rural hotspots, rural hotspots, or concentrations rare.
 */
export function ruralVerdict(k: {
  decision: string
  crimes: number
  options: { minVolume: number }
  candidates: { name: string; code: string; count: number; ratio: number | null }[]
  global: { p: number | null } | null
  exposure: RuralExposure
}): { headline: string; detail: string } {
  const places = k.candidates
    .map((c) => `${c.name} (${c.count} crimes, ${c.ratio === null ? '–' : c.ratio.toFixed(1)} times its share)`)
    .join('; ')
  const n = k.candidates.length
  const p = formatP(k.global?.p)
  switch (k.decision) {
    case 'insufficient_volume':
      return {
        headline: 'Too little rural crime to say',
        detail: `${k.crimes.toLocaleString('en-GB')} crimes in rural places, under the minimum of ${k.options.minVolume}: no hotspots can be defined.`,
      }
    case 'no_hotspots':
      return {
        headline: 'No rural hotspots',
        detail: `No place has significantly more crime than its share (shares by ${exposureWords[k.exposure]}).`,
      }
    case 'hotspots':
      return {
        headline: `Rural hotspots: ${n === 1 ? '1 place' : `${n} places`}`,
        detail: `${places}. Rural crime is more concentrated than chance would give (p = ${p}).`,
      }
    default:
      return {
        headline: 'Concentrations rare',
        detail: `Rural crime is no more concentrated than chance would give (p = ${p}); ${n === 1 ? '1 place has' : `${n} places have`} more than ${n === 1 ? 'its' : 'their'} share and ${n === 1 ? 'is' : 'are'} worth a look one by one, not as a hotspot pattern: ${places}.`,
      }
  }
}

export const RURAL_PLACES_CSV_COLUMNS = [
  'lsoa_code',
  'lsoa_name',
  'ward',
  'crimes',
  'expected',
  'times_its_share',
  'q_value',
  'more_than_its_share',
  'exposure',
  'verdict',
] as const

/** Every rural place with its test, the exposure and the verdict in the page's words: the CSV says what the page and the CLI say. */
export function ruralPlacesCsv(r: {
  concentration: {
    rows: {
      code: string
      name: string
      count: number
      expected: number
      ratio: number | null
      q: number
      candidate: boolean
    }[]
    exposureText: string
  } | null
  verdict?: { headline: string } | null | undefined
}): string {
  const ward = wardNames()
  const k = r.concentration
  const rows = (k?.rows ?? []).map((x) => ({
    lsoa_code: x.code,
    lsoa_name: x.name,
    ward: ward.get(x.code) ?? '',
    crimes: x.count,
    expected: x.expected,
    times_its_share: x.ratio,
    q_value: x.q,
    more_than_its_share: x.candidate,
    exposure: k!.exposureText,
    verdict: r.verdict?.headline ?? '',
  }))
  return toCsv(RURAL_PLACES_CSV_COLUMNS, rows)
}

export function ruralCsv(r: { months: RuralMonth[] }): string {
  return toCsv(RURAL_CSV_COLUMNS, r.months)
}
