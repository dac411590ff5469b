/**
 * Crime concentration across places (methods.md §3): the share of places holding X% of crime,
 * the Gini family, the random-allocation benchmark and the rule that says whether hotspots are
 * meaningful at all (§3.5, the check behind the minutes' decision to abandon rural hotspots).
 */
import { adjustBH, poissonUpperTail } from './significance'

/** k_X / N: the smallest share of places that together hold at least X of the crime (N counts zero places). */
export function pctPlaces(counts: readonly number[], x = 0.5, placesWithCrimeOnly = false): number | null {
  const places = placesWithCrimeOnly ? counts.filter((c) => c > 0) : counts
  const total = places.reduce((s, c) => s + c, 0)
  if (total === 0 || places.length === 0) return null
  const sorted = [...places].sort((a, b) => b - a)
  let sum = 0
  for (let k = 0; k < sorted.length; k++) {
    sum += sorted[k]!
    if (sum >= x * total - 1e-9) return (k + 1) / places.length
  }
  return 1
}

export interface Gini {
  standard: number
  unbiased: number | null
  generalized: number
  generalizedUnbiased: number | null
}

/** The Gini coefficients of lorenzgini (Bernasco & Steenbeek 2017); null when there is no crime. */
export function gini(counts: readonly number[]): Gini | null {
  const n = counts.length
  const C = counts.reduce((s, c) => s + c, 0)
  if (n === 0 || C === 0) return null
  return giniSorted(Float64Array.from(counts).sort(), C)
}

/** The Gini family from counts already in ascending order, and their total. */
function giniSorted(x: ArrayLike<number>, C: number): Gini {
  const n = x.length
  let acc = 0
  for (let i = 1; i <= n; i++) acc += (2 * i - n - 1) * x[i - 1]!
  const standard = acc / (n * C)
  const unbiased = n > 1 ? (standard * n) / (n - 1) : null
  const generalized = Math.max(1, n / C) * (standard - 1) + 1
  const m = Math.min(n, C)
  const generalizedUnbiased = m > 1 ? (generalized * m) / (m - 1) : null
  return { standard, unbiased, generalized, generalizedUnbiased }
}

/** Mulberry32: a small seeded generator, so a benchmark gives the same answer every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type ConcentrationStatistic = 'gini' | 'pct50'

/**
 * §3.4: the same number of crimes dropped on the same places at random (in proportion to
 * exposure when given), `draws` times. Returns the observed statistic, the median of the draws,
 * their difference (the concentration beyond chance) and the Monte-Carlo p-value.
 */
export function randomAllocation(
  counts: readonly number[],
  options: { statistic?: ConcentrationStatistic; draws?: number; seed?: number; exposure?: readonly number[] } = {},
) {
  const statistic = options.statistic ?? 'gini'
  const draws = options.draws ?? 999
  const observed = statistic === 'gini' ? (gini(counts)?.generalizedUnbiased ?? null) : pctPlaces(counts, 0.5)
  const C = counts.reduce((s, c) => s + c, 0)
  const n = counts.length
  if (observed === null || n < 2) return { observed, median: null, marginal: null, p: null }
  const rand = seededRandom(options.seed ?? 20250101)
  // Cumulative exposure shares for the draw; equal chances without exposure.
  const weights = options.exposure ?? counts.map(() => 1)
  const wTotal = weights.reduce((s, w) => s + w, 0)
  const cum = new Float64Array(n)
  let acc = 0
  weights.forEach((w, i) => (cum[i] = acc += w / wTotal))
  // Each crime goes to the first place whose cumulative share exceeds its random number (the
  // last place if rounding leaves none). A guide table finds it in a step or two, not a binary
  // search: the same place for the same number, so the same draws (tested against the search).
  const m = n
  const guide = new Int32Array(m)
  for (let k = 0, i = 0; k < m; k++) {
    while (i < n - 1 && !(cum[i]! > k / m)) i++
    guide[k] = i
  }
  const sims: number[] = []
  const sim = new Int32Array(n)
  for (let d = 0; d < draws; d++) {
    sim.fill(0)
    for (let k = 0; k < C; k++) {
      const r = rand()
      const g = Math.floor(r * m) - 1
      let i = g > 0 ? guide[g]! : 0
      while (i < n - 1 && !(cum[i]! > r)) i++
      sim[i]!++
    }
    const s =
      statistic === 'gini' ? giniSorted(sim.slice().sort(), C).generalizedUnbiased : pctPlaces(Array.from(sim), 0.5)
    if (s !== null) sims.push(s)
  }
  sims.sort((a, b) => a - b)
  const mid = sims.length >> 1
  const median = sims.length % 2 ? sims[mid]! : (sims[mid - 1]! + sims[mid]!) / 2
  // Larger Gini is more concentrated; a smaller share of places is.
  const extreme =
    statistic === 'gini' ? sims.filter((s) => s >= observed).length : sims.filter((s) => s <= observed).length
  return { observed, median, marginal: observed - median, p: (1 + extreme) / (sims.length + 1) }
}

export interface RareOptions {
  minVolume: number
  minUnitCount: number
  minRatio: number
  fdrQ: number
  draws: number
  seed: number
}
export const RARE_DEFAULTS: RareOptions = {
  minVolume: 50,
  minUnitCount: 5,
  minRatio: 1.5,
  fdrQ: 0.05,
  draws: 999,
  seed: 20250101,
}

export interface RareUnit {
  code: string
  count: number
  /** The unit's exposure: area by default (rural crime is land-based), or population. */
  exposure: number
}

/**
 * insufficient_volume: too little crime to say; no_hotspots: no place has more than its share;
 * hotspots: places with more than their share and crime more concentrated than chance;
 * concentrations_rare: places with more than their share, but crime no more concentrated than chance.
 */
export type RareDecision = 'insufficient_volume' | 'no_hotspots' | 'concentrations_rare' | 'hotspots'

/**
 * §3.5: whether concentration is common enough to define hotspots. Units are tested against
 * their exposure share (one-sided Poisson, BH across units); candidates need ≥ 5 crimes, q < 0.05
 * and at least 1.5 × expected. No candidate: no hotspots. Candidates and global concentration
 * above chance (p < 0.05): hotspots. Candidates but concentration no more than chance:
 * concentrations rare — never "hotspots exist" beside a Gini below random.
 */
export function rareConcentration(units: readonly RareUnit[], options: Partial<RareOptions> = {}) {
  const o = { ...RARE_DEFAULTS, ...options }
  const total = units.reduce((s, u) => s + u.count, 0)
  const exposure = units.reduce((s, u) => s + u.exposure, 0)
  const rows = units.map((u) => {
    const expected = exposure > 0 ? (total * u.exposure) / exposure : 0
    return {
      ...u,
      expected,
      ratio: expected > 0 ? u.count / expected : null,
      p: poissonUpperTail(u.count, expected),
      q: 1,
      candidate: false,
    }
  })
  adjustBH(rows.map((r) => r.p)).forEach((q, i) => (rows[i]!.q = q))
  for (const r of rows)
    r.candidate = r.count >= o.minUnitCount && r.q < o.fdrQ && r.ratio !== null && r.ratio >= o.minRatio
  const candidates = rows.filter((r) => r.candidate)
  if (total < o.minVolume)
    return { decision: 'insufficient_volume' as RareDecision, total, rows, candidates, global: null, options: o }
  const global = randomAllocation(
    units.map((u) => u.count),
    { statistic: 'gini', draws: o.draws, seed: o.seed, exposure: units.map((u) => u.exposure) },
  )
  const aboveChance = global.p !== null && global.p < 0.05
  const decision: RareDecision =
    candidates.length === 0 ? 'no_hotspots' : aboveChance ? 'hotspots' : 'concentrations_rare'
  return { decision, total, rows, candidates, global, options: o }
}
