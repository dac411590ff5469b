/**
 * Statistical process control as NHS "Making Data Count" does it (methods.md §5): XmR limits, the
 * four special-cause rules in precedence order, variation and assurance, the plateau status, and
 * the period comparisons. Pure functions; the rule helpers mirror NHSRplotthedots so its test
 * vectors apply unchanged.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'

export const LIMIT_CONSTANT = 2.66
export const MR_SCREEN_CONSTANT = 3.267
const NEAR = (2 / 3) * LIMIT_CONSTANT

export interface XmrLimits {
  mean: number
  /** Mean moving range (after screening, when asked). */
  mrBar: number
  upper: number
  lower: number
  /** The 2σ lines. */
  upperNear: number
  lowerNear: number
}

/** XmR limits over a baseline; null with fewer than two points. LPL is not clipped at zero. */
export function xmrLimits(y: readonly number[], screenOutliers = false): XmrLimits | null {
  if (y.length < 2) return null
  const mean = y.reduce((s, v) => s + v, 0) / y.length
  const mr = y.slice(1).map((v, i) => Math.abs(v - y[i]!))
  let mrBar = mr.reduce((s, v) => s + v, 0) / mr.length
  if (screenOutliers) {
    const kept = mr.filter((m) => m < MR_SCREEN_CONSTANT * mrBar)
    if (kept.length) mrBar = kept.reduce((s, v) => s + v, 0) / kept.length
  }
  return {
    mean,
    mrBar,
    upper: mean + LIMIT_CONSTANT * mrBar,
    lower: mean - LIMIT_CONSTANT * mrBar,
    upperNear: mean + NEAR * mrBar,
    lowerNear: mean - NEAR * mrBar,
  }
}

/** End-of-run markers: 1 where the last `run` signs relative to the mean are all +1 or all −1 (0 breaks a run). */
export function sevenPointOneSideMean(sides: readonly number[], run = 7): number[] {
  return sides.map((_, i) => {
    if (i + 1 < run) return 0
    let s = 0
    for (let k = i - run + 1; k <= i; k++) s += sides[k]!
    return Math.abs(s) === run ? 1 : 0
  })
}

/** End-of-run markers for a trend: ±1 where the last `run` points rise (fall) strictly; a tie breaks it. */
export function sevenPointTrend(y: readonly number[], run = 7): number[] {
  return y.map((_, i) => {
    if (i + 1 < run) return 0
    let up = true
    let down = true
    for (let k = i - run + 2; k <= i; k++) {
      if (!(y[k]! > y[k - 1]!)) up = false
      if (!(y[k]! < y[k - 1]!)) down = false
    }
    return up ? 1 : down ? -1 : 0
  })
}

/** Expands end-of-run markers back over their whole run: 1 for every point in a run. */
export function partOfSevenTrend(markers: readonly number[], run = 7): number[] {
  return markers.map((_, i) => {
    for (let k = i; k < Math.min(markers.length, i + run); k++) if (markers[k] !== 0) return 1
    return 0
  })
}

/** 1 for every point of a window of three with at least two close to the limits, all on one side of the mean. */
export function twoInThree(close: readonly number[], sides: readonly number[]): number[] {
  const out = close.map(() => 0)
  for (let i = 0; i + 2 < close.length; i++) {
    const n = close[i]! + close[i + 1]! + close[i + 2]!
    const s = sides[i]!
    if (n >= 2 && s !== 0 && sides[i + 1] === s && sides[i + 2] === s) out[i] = out[i + 1] = out[i + 2] = 1
  }
  return out
}

/** Of the points in a two-in-three window, only those close to the limits are flagged. */
export function partOfTwoInThree(windows: readonly number[], close: readonly number[]): number[] {
  return windows.map((w, i) => (w && close[i] ? 1 : 0))
}

export type Signal =
  | 'above_upper'
  | 'below_lower'
  | 'trend_up'
  | 'trend_down'
  | 'two_in_three_high'
  | 'two_in_three_low'
  | 'shift_high'
  | 'shift_low'
  | null
export type Direction = 'increase' | 'decrease' | 'neutral'
export type Variation =
  | 'common_cause'
  | 'special_cause_improvement'
  | 'special_cause_concern'
  | 'special_cause_neutral_high'
  | 'special_cause_neutral_low'

export interface SpcOptions {
  /** 6 or 7 points for the shift and trend rules. */
  runLength: 6 | 7
  /** MDC's current rule counts every point beyond 2σ; the older code only those between 2σ and 3σ. */
  twoSigmaMode: 'beyond2' | 'between2and3'
  screenOutliers: boolean
  direction: Direction
  target?: number | undefined
}

export const SPC_DEFAULTS: SpcOptions = {
  runLength: 7,
  twoSigmaMode: 'beyond2',
  screenOutliers: false,
  direction: 'decrease',
}

export interface SpcPoint {
  index: number
  value: number
  signal: Signal
  variation: Variation
}

export interface SpcResult {
  limits: XmrLimits | null
  points: SpcPoint[]
  /** Fewer than 13 points: the limits are trial limits (MDC says "n < 12"). */
  trialLimits: boolean
  assurance: 'consistent_pass' | 'consistent_fail' | 'inconsistent' | null
}

function signOf(v: number): number {
  return v > 0 ? 1 : v < 0 ? -1 : 0
}

/** Labels every point by the first rule that holds (astronomical, trend, two-in-three, shift). */
export function spc(y: readonly number[], options: Partial<SpcOptions> = {}): SpcResult {
  const o = { ...SPC_DEFAULTS, ...options }
  const limits = xmrLimits(y, o.screenOutliers)
  if (!limits)
    return {
      limits,
      points: y.map((value, index) => ({ index, value, signal: null, variation: 'common_cause' })),
      trialLimits: true,
      assurance: null,
    }
  const sides = y.map((v) => signOf(v - limits.mean))
  const outside = y.map((v) => v > limits.upper || v < limits.lower)
  const beyond2 = y.map((v) => v > limits.upperNear || v < limits.lowerNear)
  const close = y.map((_, i) => (beyond2[i] && (o.twoSigmaMode === 'beyond2' || !outside[i]) ? 1 : 0))
  const shift = partOfSevenTrend(sevenPointOneSideMean(sides, o.runLength), o.runLength)
  const trendMarks = sevenPointTrend(y, o.runLength)
  const trend = partOfSevenTrend(trendMarks, o.runLength)
  // A trend point's direction: that of the run's end marker at or after it.
  const trendDir = y.map((_, i) => {
    for (let k = i; k < Math.min(y.length, i + o.runLength); k++) if (trendMarks[k] !== 0) return trendMarks[k]!
    return 0
  })
  const two = partOfTwoInThree(twoInThree(close, sides), close)
  const points = y.map((value, index): SpcPoint => {
    let signal: Signal = null
    if (value > limits.upper) signal = 'above_upper'
    else if (value < limits.lower) signal = 'below_lower'
    else if (trend[index]) signal = trendDir[index]! > 0 ? 'trend_up' : 'trend_down'
    else if (two[index]) signal = sides[index]! > 0 ? 'two_in_three_high' : 'two_in_three_low'
    else if (shift[index]) signal = sides[index]! > 0 ? 'shift_high' : 'shift_low'
    return { index, value, signal, variation: variationOf(signal, o.direction) }
  })
  let assurance: SpcResult['assurance'] = null
  if (o.target !== undefined && o.direction !== 'neutral') {
    const t = o.target
    if (t > limits.upper) assurance = o.direction === 'increase' ? 'consistent_fail' : 'consistent_pass'
    else if (t < limits.lower) assurance = o.direction === 'increase' ? 'consistent_pass' : 'consistent_fail'
    else assurance = 'inconsistent'
  }
  return { limits, points, trialLimits: y.length < 13, assurance }
}

export function variationOf(signal: Signal, direction: Direction): Variation {
  if (!signal) return 'common_cause'
  const up =
    signal === 'above_upper' || signal === 'trend_up' || signal === 'two_in_three_high' || signal === 'shift_high'
  if (direction === 'neutral') return up ? 'special_cause_neutral_high' : 'special_cause_neutral_low'
  return up === (direction === 'increase') ? 'special_cause_improvement' : 'special_cause_concern'
}

/** Mann–Kendall trend test with the tie correction and the continuity-corrected z (two-sided p). */
export function mannKendall(y: readonly number[]): { s: number; variance: number; z: number; p: number } {
  const n = y.length
  let s = 0
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += signOf(y[j]! - y[i]!)
  const ties = new Map<number, number>()
  for (const v of y) ties.set(v, (ties.get(v) ?? 0) + 1)
  let tieTerm = 0
  for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5)
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18
  const z = variance === 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0
  return { s, variance, z, p: 2 * (1 - normalCdf(Math.abs(z), 0, 1)) }
}

/** Theil–Sen slope: the median of the slopes between every pair of points (per step). */
export function theilSen(y: readonly number[]): number {
  const slopes: number[] = []
  for (let i = 0; i < y.length - 1; i++) for (let j = i + 1; j < y.length; j++) slopes.push((y[j]! - y[i]!) / (j - i))
  if (!slopes.length) return 0
  slopes.sort((a, b) => a - b)
  const m = slopes.length >> 1
  return slopes.length % 2 ? slopes[m]! : (slopes[m - 1]! + slopes[m]!) / 2
}

export type PlateauStatus = 'insufficient_data' | 'changing' | 'stable' | 'plateau'

export interface PlateauOptions {
  minPoints: number
  alpha: number
  /** Largest yearly slope, as a percentage of the mean, that still counts as flat. */
  slopeTolerancePctPerYear: number
}
export const PLATEAU_DEFAULTS: PlateauOptions = { minPoints: 12, alpha: 0.05, slopeTolerancePctPerYear: 10 }

/**
 * §5.4: a monthly series has plateaued when its latest segment has enough points, no special
 * cause lately, and no trend (Mann–Kendall) nor slope beyond the tolerance — after an earlier
 * signal; with no earlier signal it is "stable".
 */
export function plateauStatus(
  y: readonly number[],
  options: Partial<PlateauOptions & SpcOptions> = {},
  earlierSignal = false,
): { status: PlateauStatus; mk: ReturnType<typeof mannKendall> | null; slopePerYear: number | null } {
  const o = { ...PLATEAU_DEFAULTS, ...options }
  if (y.length < o.minPoints) return { status: 'insufficient_data', mk: null, slopePerYear: null }
  const chart = spc(y, options)
  const last = chart.points.slice(-12)
  const recentSpecial =
    last.some((p) => p.signal && p.signal !== 'above_upper' && p.signal !== 'below_lower') ||
    chart.points.slice(-3).some((p) => p.signal === 'above_upper' || p.signal === 'below_lower')
  const window = y.slice(-12)
  const mk = mannKendall(window)
  const slopePerYear = theilSen(window) * 12
  const mean = window.reduce((s, v) => s + v, 0) / window.length
  const flat = mk.p >= o.alpha && Math.abs(slopePerYear) < (o.slopeTolerancePctPerYear / 100) * Math.abs(mean)
  if (recentSpecial || !flat) return { status: 'changing', mk, slopePerYear }
  return { status: earlierSignal ? 'plateau' : 'stable', mk, slopePerYear }
}

/** Rolling 12-month sums; null until twelve months are in. */
export function rolling12(y: readonly number[]): (number | null)[] {
  return y.map((_, i) => (i < 11 ? null : y.slice(i - 11, i + 1).reduce((s, v) => s + v, 0)))
}
