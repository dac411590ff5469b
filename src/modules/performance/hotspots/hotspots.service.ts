import { groupAndRest, IN_GROUP } from '../crimes/crime-counts'
import { toCsv } from '../../../csv'
import { checkMonths, monthsBetween } from '../months'
import { RuleError } from '../../../errors'
import { classifyPersistence } from '../../../stats/persistence'
import { locationQuotients, lqAndFisher, LQ_BANDS, LQ_DEFAULTS, type LqBand, type LqOptions } from '../../../stats/lq'
import { adjustHolm } from '../../../stats/significance'
import type { BoundariesService } from '../boundaries/boundaries.service'
import { UNALLOCATED, type AreaDimension, type AreaLayer, type CrimesService } from '../crimes/crimes.service'
import type { CrimeGroup, GroupsService } from '../groups/groups.service'
import type { PartnershipService } from '../../governance/partnership/partnership.service'

export type HotspotDimension = AreaDimension

/** Band colours, light to dark; the map's legend names each, and the table carries every figure. */
export const BAND_COLOURS: Record<(typeof LQ_BANDS)[number], string> = {
  'markedly under': '#5694ca',
  'about average': '#f3f2f1',
  over: '#ffdd00',
  high: '#f47738',
  'very high': '#d4351c',
}

/** A band's cut-offs in words: below 0.8, 0.8 to under 1.2, … 2 or more. */
export function bandRange(i: number, cuts: readonly number[]): string {
  const f = (x: number) => String(x)
  if (i === 0) return `below ${f(cuts[0]!)}`
  if (i >= cuts.length) return `${f(cuts[cuts.length - 1]!)} or more`
  return `${f(cuts[i - 1]!)} to under ${f(cuts[i]!)}`
}

export interface HotspotQuery {
  group: string
  by: HotspotDimension
  /** YYYY-MM, inclusive; `to` defaults to the latest month held, `from` to `to`. */
  from?: string | undefined
  to?: string | undefined
}

/** One row of the hotspot table: the CSV columns users rely on, then what the page adds. */
export interface HotspotRow {
  area_code: string
  area_name: string
  /** Census 2021 residents (shared from LSOAs by area for imported boundaries), and the group's crimes per 1,000 of them. */
  population: number | null
  rate_per_1000: number | null
  type_count: number
  all_count: number
  share: number | null
  volume_rank: number
  lq: number | null
  lq_lower: number | null
  lq_upper: number | null
  p_adjusted: number | null
  lq_eb: number | null
  hotspot: boolean
  band: LqBand | null
  below_minimum: boolean
  /** Why there is no LQ, in words. */
  note: string | null
  /** Across the window's months (needs two or more): which months the area stood out in, in words. */
  persistence: string | null
  /** The LQ band in words, saying "slightly" over or under when the band is "about average" but the test is significant. */
  band_text: string | null
  /** For beats: the localities the beat lies in (share of its area at or above the partnership's threshold), or overlaps most. */
  localities: { code: string; name: string; share: number }[]
}

export interface HotspotResult {
  group: CrimeGroup
  by: HotspotDimension
  from: string
  to: string
  months: string[]
  set: { id: string; label: string; effectiveFrom: string } | null
  /** The areas compared, where they come from, and a note when they stand in for beats or localities not imported. */
  layer?: AreaLayer | null
  typeTotal: number
  allTotal: number
  proportion: number | null
  /** Crimes inside the partnership's area but in no beat (locality): reported, not in the district. */
  unallocated: { type: number; all: number }
  rows: HotspotRow[]
  /** Set when there is nothing to compute, in words for the page and the CLI. */
  message: string | null
  /** What the figures leave out or stand in for (months not held, a layer not imported), in words. */
  notes: string[]
  options: LqOptions
}

export const HOTSPOT_CSV_COLUMNS = [
  'area_code',
  'area_name',
  'type_count',
  'all_count',
  'share',
  'volume_rank',
  'lq',
  'lq_lower',
  'lq_upper',
  'p_adjusted',
  'lq_eb',
  'hotspot',
  'population',
  'rate_per_1000',
] as const

/** A count beside the residents it is among: per 1,000, to one decimal place's worth of precision kept. */
export function rates(
  count: number,
  population: number | null,
): { population: number | null; rate_per_1000: number | null } {
  if (population === null || population <= 0)
    return { population: population === null ? null : Math.round(population), rate_per_1000: null }
  return { population: Math.round(population), rate_per_1000: Math.round((count / population) * 1000 * 100) / 100 }
}

const NOTES: Record<string, string> = {
  no_crime_in_area: 'No crime recorded here in the window',
  type_absent_in_district: 'None of this group anywhere in the partnership in the window',
}

/**
 * The months' pattern in words about the months themselves, so it cannot contradict the window's
 * own verdict: a beat that is a hotspot over the year may have stood out "earlier, not lately";
 * it is never called a "former hotspot" beside the word Hotspot.
 */
export function monthlyPattern(label: string): string {
  const words: Record<string, string> = {
    'persistent hotspot': 'over-represented in most months',
    'emerging hotspot': 'over-represented in recent months',
    'former hotspot': 'over-represented earlier, not lately',
    'intermittent hotspot': 'over-represented in some months',
    'persistent coldspot': 'under-represented in most months',
    'emerging coldspot': 'under-represented in recent months',
    'former coldspot': 'under-represented earlier, not lately',
    'intermittent coldspot': 'under-represented in some months',
    'mixed hot/coldspot': 'over- and under-represented in different months',
    'no pattern': 'no month stands out',
  }
  return words[label] ?? label
}

/** The band in words; "about average" with a significant test is slightly over or under, as the test says. */
export function bandText(band: LqBand | null, lq: number | null, pAdjusted: number | null, q: number): string | null {
  if (!band) return null
  if (band === 'about average' && pAdjusted !== null && pAdjusted < q && lq !== null && lq !== 1)
    return lq > 1 ? 'slightly over (significant)' : 'slightly under (significant)'
  return band
}

export type HotspotsService = ReturnType<typeof hotspotsService>

export function hotspotsService(deps: {
  crimes: CrimesService
  boundaries: BoundariesService
  groups: GroupsService
  partnership: PartnershipService
}) {
  const { crimes, boundaries, groups } = deps

  /** The latest month of crime held for the partnership, or null. */
  async function latestMonth(partnershipId: string): Promise<string | null> {
    const units = await crimes.units(partnershipId)
    return units.reduce<string | null>((m, u) => (m === null || u.month > m ? u.month : m), null)
  }

  async function window(partnershipId: string, q: { from?: string | undefined; to?: string | undefined }) {
    checkMonths(q)
    const to = q.to ?? (await latestMonth(partnershipId))
    if (!to) return null
    const from = q.from ?? to
    if (from > to) throw new RuleError(`The window starts (${from}) after it ends (${to}).`, 'from')
    return { from, to, months: monthsBetween(from, to) }
  }

  return {
    latestMonth,

    async compute(
      partnershipId: string,
      query: HotspotQuery,
      options: Partial<LqOptions> = {},
    ): Promise<HotspotResult> {
      const o = { ...LQ_DEFAULTS, ...options }
      const group = await groups.resolve(partnershipId, query.group)
      const w = await window(partnershipId, query)
      const empty = (message: string, extra: Partial<HotspotResult> = {}): HotspotResult => ({
        group,
        by: query.by,
        from: w?.from ?? query.from ?? '',
        to: w?.to ?? query.to ?? '',
        months: w?.months ?? [],
        set: null,
        typeTotal: 0,
        allTotal: 0,
        proportion: null,
        unallocated: { type: 0, all: 0 },
        rows: [],
        message,
        notes: [],
        options: o,
        ...extra,
      })
      if (!w) return empty('No police.uk crime is held yet. Import some on the Data page.')
      // The group's types as one and all others as one: a location quotient needs no more.
      const layered = await crimes.layerCounts(
        partnershipId,
        query.by,
        { from: w.from, to: w.to },
        groupAndRest(new Set(group.types)),
      )
      const counts = layered.counts
      if (!counts.length || !layered.layer)
        return empty(`No crime is held for ${w.from === w.to ? w.from : `${w.from} to ${w.to}`}.`)
      if (layered.setIds.length > 1) {
        const labels = await Promise.all(layered.setIds.map(async (id) => (await boundaries.set(id)).label))
        throw new RuleError(
          `The months from ${w.from} to ${w.to} were counted on different ${query.by === 'beat' ? 'beat' : 'locality'} sets (${labels.join('; ')}). A location quotient compares areas of one set: choose a window inside one set's months.`,
          'from',
        )
      }
      const layer = layered.layer
      const areas = layer.areas
      const notes = await crimes.coverage(partnershipId, query.by, { from: w.from, to: w.to }, layer)
      // Per area, per month: group count and all-type count.
      const byArea = new Map<
        string,
        { type: number; all: number; monthly: Map<string, { type: number; all: number }> }
      >()
      for (const a of areas) byArea.set(a.code, { type: 0, all: 0, monthly: new Map() })
      const unallocated = { type: 0, all: 0 }
      for (const c of counts) {
        const isType = c.crime_type === IN_GROUP
        if (c.area_code === UNALLOCATED) {
          unallocated.all += c.count
          if (isType) unallocated.type += c.count
          continue
        }
        const a = byArea.get(c.area_code)
        if (!a) continue
        a.all += c.count
        if (isType) a.type += c.count
        const m = a.monthly.get(c.month) ?? { type: 0, all: 0 }
        m.all += c.count
        if (isType) m.type += c.count
        a.monthly.set(c.month, m)
      }
      const codes = areas.map((a) => a.code)
      const lq = locationQuotients(
        codes.map((code) => ({ code, typeCount: byArea.get(code)!.type, allCount: byArea.get(code)!.all })),
        o,
      )

      // Persistence: each month's Fisher p per area, Holm-adjusted across the months (methods.md §2.3.4).
      const persistence = new Map<string, string>()
      const monthsHeld = w.months.filter((m) => counts.some((c) => c.month === m))
      if (monthsHeld.length >= 2) {
        const perMonth = monthsHeld.map((m) =>
          lqAndFisher(
            codes.map((code) => ({
              code,
              typeCount: byArea.get(code)!.monthly.get(m)?.type ?? 0,
              allCount: byArea.get(code)!.monthly.get(m)?.all ?? 0,
            })),
          ),
        )
        codes.forEach((code, i) => {
          const ps = perMonth.map((r) => r[i]!.pFisher ?? 1)
          const adj = adjustHolm(ps)
          const hot = perMonth.map((r, k) => adj[k]! < o.fdrQ && (r[i]!.lq ?? 0) > 1)
          const cold = perMonth.map((r, k) => adj[k]! < o.fdrQ && r[i]!.lq !== null && r[i]!.lq < 1)
          persistence.set(code, monthlyPattern(classifyPersistence(hot, cold).label))
        })
      }

      // Beats under the localities they overlap.
      const localityOf = new Map<string, { code: string; name: string; share: number }[]>()
      if (query.by === 'beat' && layer.source === 'boundaries') {
        const partnership = await deps.partnership.current()
        const locSet = await boundaries.inEffect(partnershipId, 'localities', `${w.to}-01`)
        if (locSet) {
          const names = new Map((await boundaries.areaList(locSet.id)).map((a) => [a.code, a.name] as const))
          for (const ov of await boundaries.overlaps(layer.id, locSet.id)) {
            const list = localityOf.get(ov.beat_code) ?? []
            list.push({
              code: ov.locality_code,
              name: names.get(ov.locality_code) ?? ov.locality_code,
              share: ov.area_share,
            })
            localityOf.set(ov.beat_code, list)
          }
          for (const [beat, list] of localityOf) {
            list.sort((a, b) => b.share - a.share)
            const inside = list.filter((l) => l.share >= partnership.locality_share_threshold)
            localityOf.set(beat, inside.length ? inside : list.slice(0, 1))
          }
        }
      }

      const names = new Map(areas.map((a) => [a.code, a.name] as const))
      const population = new Map(areas.map((a) => [a.code, a.population] as const))
      const rows: HotspotRow[] = lq.rows.map((r) => ({
        area_code: r.code,
        area_name: names.get(r.code) ?? r.code,
        ...rates(r.typeCount, population.get(r.code) ?? null),
        type_count: r.typeCount,
        all_count: r.allCount,
        share: r.share,
        volume_rank: r.volumeRank,
        lq: r.lq,
        lq_lower: r.lqLower,
        lq_upper: r.lqUpper,
        p_adjusted: r.pAdjusted,
        lq_eb: r.lqEb,
        hotspot: r.hotspot,
        band: r.band,
        below_minimum: r.belowMinimum,
        band_text: bandText(r.band, r.lq, r.pAdjusted, o.fdrQ),
        note: r.reason ? NOTES[r.reason]! : null,
        persistence: persistence.get(r.code) ?? null,
        localities: localityOf.get(r.code) ?? [],
      }))
      const message =
        lq.typeTotal === 0
          ? `No ${group.label.toLowerCase()} is recorded in the partnership's area for ${w.from === w.to ? w.from : `${w.from} to ${w.to}`}: there is nothing to compare.`
          : null
      return {
        group,
        by: query.by,
        from: w.from,
        to: w.to,
        months: w.months,
        set: { id: layer.id, label: layer.label, effectiveFrom: layer.effectiveFrom ?? '' },
        layer,
        typeTotal: lq.typeTotal,
        allTotal: lq.allTotal,
        proportion: lq.proportion,
        unallocated,
        rows,
        message,
        notes,
        options: o,
      }
    },
  }
}

/** What the areas compared are called, one and many: beats, or the wards standing in for them. */
export function areaNoun(r: Pick<HotspotResult, 'by' | 'layer'>): { one: string; many: string; title: string } {
  const source = r.layer?.source ?? 'boundaries'
  const kind = source === 'boundaries' ? r.by : source === 'authority' ? 'authority' : source
  const nouns: Record<string, { one: string; many: string; title: string }> = {
    ward: { one: 'ward', many: 'wards', title: 'Ward' },
    authority: { one: 'local authority', many: 'local authorities', title: 'Local authority' },
    lsoa: { one: 'LSOA', many: 'LSOAs', title: 'LSOA' },
    locality: { one: 'locality', many: 'localities', title: 'Locality' },
    beat: { one: 'beat', many: 'beats', title: 'Beat' },
  }
  return nouns[kind]!
}

/** The hotspot table as CSV, with exactly the documented header. */
export function hotspotsCsv(result: HotspotResult): string {
  return toCsv(HOTSPOT_CSV_COLUMNS, result.rows)
}
