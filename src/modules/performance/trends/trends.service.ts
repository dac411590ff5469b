import { onlyTypes } from '../crimes/crime-counts'
import { toCsv } from '../../../csv'
import { RuleError } from '../../../errors'
import { compareCounts } from '../../../stats/significance'
import {
  plateauStatus,
  rolling12,
  spc,
  SPC_DEFAULTS,
  type Direction,
  type SpcOptions,
  type SpcResult,
} from '../../../stats/spc'
import { areaDimensions, UNALLOCATED, type AreaDimension, type CrimesService } from '../crimes/crimes.service'
import type { CrimeGroup, GroupsService } from '../groups/groups.service'
import { checkMonths, monthsBetween, shiftMonth, twoYearsOrHeld } from '../months'

export interface TrendQuery {
  group: string
  from?: string | undefined
  to?: string | undefined
  /** A beat or locality code; the partnership's whole area when absent. */
  area?: string | undefined
}

export interface TrendRow {
  month: string
  value: number
  mean: number | null
  lower_limit: number | null
  upper_limit: number | null
  signal: string
  variation: string
  same_month_last_year: number | null
  change_pct: number | null
  rolling_12: number | null
  rolling_12_change_pct: number | null
}

export const TREND_CSV_COLUMNS = [
  'month',
  'value',
  'mean',
  'lower_limit',
  'upper_limit',
  'signal',
  'variation',
  'same_month_last_year',
  'change_pct',
  'rolling_12',
  'rolling_12_change_pct',
] as const

export interface TrendResult {
  group: CrimeGroup
  area: { code: string; name: string; dimension: 'partnership' | AreaDimension }
  /** Census 2021 usual residents of the area, for rates per 1,000; null where unknown. */
  residents?: number | null
  from: string
  to: string
  direction: Direction
  rows: TrendRow[]
  /** Months in the window with no crime data held: left out of the chart and the limits. */
  missing: string[]
  chart: SpcResult
  plateau: ReturnType<typeof plateauStatus>
  /** The latest month against the same month a year before, and the latest 12 months against the 12 before (§5.5). */
  comparisons: {
    sameMonth: (ReturnType<typeof compareCounts> & { month: string; previous: string; a: number; b: number }) | null
    rolling: (ReturnType<typeof compareCounts> & { a: number; b: number }) | null
  }
  message: string | null
  options: SpcOptions
}

/** Crime and ASB counts should fall; a group of the partnership's own may say otherwise later. */
function directionFor(_group: CrimeGroup): Direction {
  return 'decrease'
}

export type TrendsService = ReturnType<typeof trendsService>

export function trendsService(deps: { crimes: CrimesService; groups: GroupsService }) {
  const { crimes, groups } = deps

  return {
    async compute(partnershipId: string, query: TrendQuery, options: Partial<SpcOptions> = {}): Promise<TrendResult> {
      checkMonths(query)
      const group = await groups.resolve(partnershipId, query.group)
      const held = [...new Set((await crimes.units(partnershipId)).map((u) => u.month))].sort()
      const to = query.to ?? held[held.length - 1]
      // Two years by default, or from the first month held if that is later.
      const from = query.from ?? (to ? twoYearsOrHeld(to, held[0]!) : undefined)
      const o: SpcOptions = { ...SPC_DEFAULTS, direction: directionFor(group), ...options }
      const blank = {
        group,
        from: from ?? '',
        to: to ?? '',
        direction: o.direction,
        rows: [],
        missing: [],
        chart: spc([]),
        plateau: plateauStatus([]),
        comparisons: { sameMonth: null, rolling: null },
        options: o,
      }
      const everywhere: TrendResult['area'] = {
        code: 'all',
        name: "The partnership's whole area",
        dimension: 'partnership',
      }
      if (!to || !from)
        return { ...blank, area: everywhere, message: 'No police.uk crime is held yet. Import some on the Data page.' }
      if (from > to) throw new RuleError(`The window starts (${from}) after it ends (${to}).`, 'from')
      // A year before the window too, for the same-month and rolling comparisons.
      const lookback = shiftMonth(from, -23)
      const inGroup = new Set(group.types)
      let area: TrendResult['area'] = everywhere
      let residents: number | null = null
      let counts
      if (!query.area || query.area === 'all') {
        // Every crime in the area, whichever layer it falls in: beats, or the wards standing in for them.
        const layered = await crimes.layerCounts(partnershipId, 'beat', { from: lookback, to }, onlyTypes(inGroup))
        counts = layered.counts
        // The area's residents: every area of the layer covering it (null when any is unknown).
        const pops = layered.layer?.areas.map((a) => a.population) ?? []
        residents = pops.length && pops.every((p) => p !== null) ? Math.round(pops.reduce((s, p) => s + p, 0)) : null
      } else {
        for (const dimension of areaDimensions) {
          const layered = await crimes.layerCounts(partnershipId, dimension, { from: lookback, to }, onlyTypes(inGroup))
          const known = layered.layer?.areas.find((a) => a.code === query.area)
          const mine = layered.counts.filter((c) => c.area_code === query.area && c.area_code !== UNALLOCATED)
          if (known || mine.length) {
            residents = known?.population != null ? Math.round(known.population) : null
            area = {
              code: query.area,
              name: known?.name ?? mine[0]!.area_name,
              dimension:
                !layered.layer || layered.layer.source === 'boundaries'
                  ? dimension
                  : layered.layer.source === 'authority'
                    ? 'locality'
                    : layered.layer.source,
            }
            counts = mine.filter((c) => inGroup.has(c.crime_type))
            break
          }
        }
        if (!counts)
          throw new RuleError(
            `No area has the code "${query.area}", and no crime is recorded in one between ${lookback} and ${to}. Give a beat, locality, ward or LSOA code (csp crimes counts --by ward lists them).`,
            'area',
          )
      }
      const byMonth = new Map<string, number>()
      for (const c of counts) byMonth.set(c.month, (byMonth.get(c.month) ?? 0) + c.count)
      const heldSet = new Set(held)
      const value = (m: string) => (heldSet.has(m) ? (byMonth.get(m) ?? 0) : null)
      const window = monthsBetween(from, to)
      const present = window.filter((m) => heldSet.has(m))
      const missing = window.filter((m) => !heldSet.has(m))
      if (!present.length) return { ...blank, area, missing, message: `No crime is held for ${from} to ${to}.` }
      const y = present.map((m) => value(m)!)
      const chart = spc(y, o)
      const rows: TrendRow[] = present.map((m, i) => {
        const last = value(shiftMonth(m, -12))
        const r12 = rolling12Of(m, value)
        const r12Before = rolling12Of(shiftMonth(m, -12), value)
        const point = chart.points[i]!
        return {
          month: m,
          value: y[i]!,
          mean: chart.limits?.mean ?? null,
          lower_limit: chart.limits?.lower ?? null,
          upper_limit: chart.limits?.upper ?? null,
          signal: point.signal ?? '',
          variation: point.variation,
          same_month_last_year: last,
          change_pct: last ? (100 * (y[i]! - last)) / last : null,
          rolling_12: r12,
          rolling_12_change_pct: r12 !== null && r12Before ? (100 * (r12 - r12Before)) / r12Before : null,
        }
      })
      const latest = present[present.length - 1]!
      const lastYear = value(shiftMonth(latest, -12))
      const a = value(latest)!
      const r12 = rolling12Of(latest, value)
      const r12Before = rolling12Of(shiftMonth(latest, -12), value)
      const earlier = y.slice(0, -12)
      const earlierSignal = earlier.length > 0 && spc(earlier, o).points.some((p) => p.signal !== null)
      return {
        group,
        area,
        residents,
        from,
        to,
        direction: o.direction,
        rows,
        missing,
        chart,
        plateau: plateauStatus(y, o, earlierSignal),
        comparisons: {
          sameMonth:
            lastYear === null
              ? null
              : { ...compareCounts(a, lastYear), month: latest, previous: shiftMonth(latest, -12), a, b: lastYear },
          rolling:
            r12 === null || r12Before === null ? null : { ...compareCounts(r12, r12Before), a: r12, b: r12Before },
        },
        message: y.every((v) => v === 0)
          ? `No ${group.label.toLowerCase()} is recorded here from ${from} to ${to}.`
          : null,
        options: o,
      }
    },
  }
}

/** The 12 months to `month`, or null unless all twelve are held. */
function rolling12Of(month: string, value: (m: string) => number | null): number | null {
  const vals = Array.from({ length: 12 }, (_, k) => value(shiftMonth(month, -k)))
  if (vals.some((v) => v === null)) return null
  return rolling12(vals.reverse() as number[])[11]!
}

export function trendsCsv(r: TrendResult): string {
  return toCsv(TREND_CSV_COLUMNS, r.rows)
}

/** What a trend's plateau status means, in words for the page. */
export const plateauStatusLabels: Record<string, string> = {
  insufficient_data: 'Too few months to judge (fewer than 12): monitor for longer',
  changing: 'Changing: a recent signal or a trend',
  stable: 'Stable: no signal and no trend over the last 12 months',
  plateau: 'Plateau: flat over the last 12 months after an earlier change',
}
