/**
 * Location quotients with their small-count safeguards and the hotspot rule (methods.md §1).
 * Pure: counts in, figures out.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import { adjustBH, binomialUpperTail, clopperPearson, fisherTwoSided } from './significance'

export interface LqOptions {
  /** Minimum crimes of all types in an area before its LQ can flag a hotspot (§1.2). */
  minTotal: number
  /** Minimum crimes of the type in an area. */
  minType: number
  /** LQ at or above which an area can be a hotspot. */
  threshold: number
  confidence: number
  /** Benjamini–Hochberg false discovery rate across areas. */
  fdrQ: number
  ebFamily: 'binomial' | 'poisson'
  /** Upper edges of the bands below "very high": markedly under, about average, over, high. */
  bands: readonly [number, number, number, number]
}

export const LQ_DEFAULTS: LqOptions = {
  minTotal: 20,
  minType: 5,
  threshold: 1.2,
  confidence: 0.95,
  fdrQ: 0.05,
  ebFamily: 'binomial',
  bands: [0.8, 1.2, 1.5, 2.0],
}

export const LQ_BANDS = ['markedly under', 'about average', 'over', 'high', 'very high'] as const
export type LqBand = (typeof LQ_BANDS)[number]

export interface AreaCounts {
  code: string
  /** C_in: crimes of the type (group) in the area. */
  typeCount: number
  /** C_tn: crimes of every type, ASB included, in the area. */
  allCount: number
}

export type LqReason = 'no_crime_in_area' | 'type_absent_in_district'

export interface LqRow extends AreaCounts {
  /** s_in: the area's share of the district's crimes of the type. */
  share: number | null
  /** Rank by volume of the type, 1 = most (ties share the higher rank). */
  volumeRank: number
  lq: number | null
  /** Why lq is null. */
  reason: LqReason | null
  /** Exact (Clopper–Pearson) interval on the area's proportion, over P (method A). */
  lqLower: number | null
  lqUpper: number | null
  /** Delta-method interval, independent samples (method B); null when C_in = 0. */
  deltaLower: number | null
  deltaUpper: number | null
  /** Delta-method interval, nested (method C); null when C_in = 0. */
  nestedLower: number | null
  nestedUpper: number | null
  /** Fisher's exact test of the area against the rest of the district, two-sided (method D). */
  pFisher: number | null
  /** One-sided binomial test of H0 "the area's proportion is no more than P" (method A). */
  pBinomial: number | null
  /** pFisher adjusted by Benjamini–Hochberg across the areas. */
  pAdjusted: number | null
  /** Empirical-Bayes smoothed LQ (Marshall's global estimator). */
  lqEb: number | null
  band: LqBand | null
  /** Below the minimum counts: the LQ is shown greyed and cannot flag a hotspot. */
  belowMinimum: boolean
  hotspot: boolean
}

export interface LqResult {
  /** C_iN and C_tN: sums over the areas given (unallocated crimes are not part of the district). */
  typeTotal: number
  allTotal: number
  /** P = C_iN / C_tN, null when there is no crime at all. */
  proportion: number | null
  rows: LqRow[]
}

export function bandOf(lq: number, bands: LqOptions['bands']): LqBand {
  for (let i = 0; i < bands.length; i++) if (lq < bands[i]!) return LQ_BANDS[i]!
  return LQ_BANDS[4]
}

/**
 * Empirical-Bayes shrinkage of each area's proportion towards the district's, as spdep's EBest:
 * the moment estimator over the areas with any crime (an area with none has no proportion).
 */
export function empiricalBayes(
  typeCounts: readonly number[],
  allCounts: readonly number[],
  family: 'binomial' | 'poisson',
): (number | null)[] {
  const idx = allCounts.map((x, i) => (x > 0 ? i : -1)).filter((i) => i >= 0)
  const X = idx.reduce((s, i) => s + allCounts[i]!, 0)
  if (X === 0) return allCounts.map(() => null)
  const b = idx.reduce((s, i) => s + typeCounts[i]!, 0) / X
  const xbar = X / idx.length
  const s2 = idx.reduce((s, i) => s + allCounts[i]! * (typeCounts[i]! / allCounts[i]! - b) ** 2, 0) / X
  return allCounts.map((x, i) => {
    if (x === 0) return null
    const p = typeCounts[i]! / x
    if (family === 'poisson') {
      const a = Math.max(0, s2 - b / xbar)
      return a + b / x === 0 ? b : b + (a * (p - b)) / (a + b / x)
    }
    const bb = b * (1 - b)
    const den = (x - 1) * s2 + ((xbar - x) / xbar) * bb
    const rho = den === 0 ? 0 : (x * s2 - (x / xbar) * bb) / den
    return rho * p + (1 - rho) * b
  })
}

/**
 * Each area's LQ and Fisher p alone (as locationQuotients() gives them, without intervals or
 * shrinkage): what the month-by-month persistence test needs, twelve times over.
 */
export function lqAndFisher(areas: readonly AreaCounts[]): { lq: number | null; pFisher: number | null }[] {
  const typeTotal = areas.reduce((s, a) => s + a.typeCount, 0)
  const allTotal = areas.reduce((s, a) => s + a.allCount, 0)
  const P = allTotal > 0 ? typeTotal / allTotal : null
  return areas.map((a) => {
    if (a.allCount === 0 || !P || typeTotal === 0) return { lq: null, pFisher: null }
    const restType = typeTotal - a.typeCount
    return {
      lq: a.typeCount / a.allCount / P,
      pFisher: fisherTwoSided(a.typeCount, a.allCount - a.typeCount, restType, allTotal - a.allCount - restType),
    }
  })
}

/**
 * The LQ of a crime type (or group) in each area against the district the areas make up, with
 * everything §1.3's hotspot rule needs, side by side with share and volume rank.
 */
export function locationQuotients(areas: readonly AreaCounts[], options: Partial<LqOptions> = {}): LqResult {
  const o = { ...LQ_DEFAULTS, ...options }
  const typeTotal = areas.reduce((s, a) => s + a.typeCount, 0)
  const allTotal = areas.reduce((s, a) => s + a.allCount, 0)
  const P = allTotal > 0 ? typeTotal / allTotal : null
  // The delta intervals use z to two decimals (1.96 at 95%), as methods.md's vectors were computed.
  const z = Math.round(normalQuantile(1 - (1 - o.confidence) / 2, 0, 1) * 100) / 100
  const eb = empiricalBayes(
    areas.map((a) => a.typeCount),
    areas.map((a) => a.allCount),
    o.ebFamily,
  )
  // Volume rank: 1 + how many areas have more (ties share the best rank), looked up, not searched.
  const rankOf = new Map<number, number>()
  areas
    .map((a) => a.typeCount)
    .sort((x, y) => y - x)
    .forEach((c, i) => {
      if (!rankOf.has(c)) rankOf.set(c, i + 1)
    })
  const rows: LqRow[] = areas.map((a, i) => {
    const volumeRank = rankOf.get(a.typeCount)!
    const row: LqRow = {
      ...a,
      share: typeTotal > 0 ? a.typeCount / typeTotal : null,
      volumeRank,
      lq: null,
      reason: null,
      lqLower: null,
      lqUpper: null,
      deltaLower: null,
      deltaUpper: null,
      nestedLower: null,
      nestedUpper: null,
      pFisher: null,
      pBinomial: null,
      pAdjusted: null,
      lqEb: null,
      band: null,
      belowMinimum: a.allCount < o.minTotal || a.typeCount < o.minType,
      hotspot: false,
    }
    if (a.allCount === 0) return { ...row, reason: 'no_crime_in_area' }
    if (!P || typeTotal === 0) return { ...row, reason: 'type_absent_in_district' }
    const lq = a.typeCount / a.allCount / P
    const [pL, pU] = clopperPearson(a.typeCount, a.allCount, o.confidence)
    row.lq = lq
    row.band = bandOf(lq, o.bands)
    row.lqLower = pL / P
    row.lqUpper = pU / P
    if (a.typeCount > 0) {
      const inv = 1 / a.typeCount - 1 / a.allCount
      const invDistrict = 1 / typeTotal - 1 / allTotal
      const se = Math.sqrt(inv + invDistrict)
      row.deltaLower = Math.exp(Math.log(lq) - z * se)
      row.deltaUpper = Math.exp(Math.log(lq) + z * se)
      const nested = inv - invDistrict
      if (nested >= 0) {
        const seN = Math.sqrt(nested)
        row.nestedLower = Math.exp(Math.log(lq) - z * seN)
        row.nestedUpper = Math.exp(Math.log(lq) + z * seN)
      }
    }
    const restType = typeTotal - a.typeCount
    const restOther = allTotal - a.allCount - restType
    row.pFisher = fisherTwoSided(a.typeCount, a.allCount - a.typeCount, restType, restOther)
    row.pBinomial = binomialUpperTail(a.typeCount, a.allCount, P)
    const e = eb[i]
    row.lqEb = e === null || e === undefined ? null : e / P
    return row
  })
  // BH across the areas that have a test.
  const tested = rows.filter((r) => r.pFisher !== null)
  adjustBH(tested.map((r) => r.pFisher!)).forEach((p, i) => (tested[i]!.pAdjusted = p))
  for (const r of rows) {
    r.hotspot =
      !r.belowMinimum &&
      r.lq !== null &&
      r.lq >= o.threshold &&
      r.lqLower !== null &&
      r.lqLower > 1 &&
      r.pAdjusted !== null &&
      r.pAdjusted < o.fdrQ
  }
  return { typeTotal, allTotal, proportion: P, rows }
}
