/**
 * Getis–Ord Gi* (methods.md §2.1, as spdep localG computes it) and kernel density helpers (§2.2).
 * Pure. Neighbours include the unit itself; binary weights.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'
import { adjustBH } from './significance'

/** Queen neighbours plus self on a rows × cols grid, from integer indices (never float distances). */
export function gridQueen(rows: number, cols: number): number[][] {
  const out: number[][] = []
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const nb: number[] = []
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++)
          if (r + dr >= 0 && r + dr < rows && c + dc >= 0 && c + dc < cols) nb.push((r + dr) * cols + c + dc)
      out.push(nb)
    }
  }
  return out
}

export interface GiResult {
  z: number | null
  p: number | null
  /** BH-adjusted over the units with a z. */
  pAdjusted: number | null
  /** ±3 (99%), ±2 (95%), ±1 (90%) on the adjusted p, 0 otherwise; null when degenerate. */
  bin: number | null
  /** Why z is null: the neighbourhood is the whole area, or every value is equal. */
  reason: 'whole_area' | 'no_variance' | null
}

export function getisOrdStar(x: readonly number[], neighbours: readonly (readonly number[])[]): GiResult[] {
  const n = x.length
  const mean = x.reduce((s, v) => s + v, 0) / n
  const s2 = x.reduce((s, v) => s + (v - mean) ** 2, 0) / n
  const raw = x.map((_, i): GiResult => {
    const nb = neighbours[i]!
    const W = nb.length
    const S1 = nb.length
    const L = nb.reduce((s, j) => s + x[j]!, 0)
    const denom = s2 * (n * S1 - W * W)
    if (n * S1 - W * W === 0) return { z: null, p: null, pAdjusted: null, bin: null, reason: 'whole_area' }
    if (denom <= 0) return { z: null, p: null, pAdjusted: null, bin: null, reason: 'no_variance' }
    const z = (L - W * mean) / Math.sqrt(denom / (n - 1))
    return { z, p: 2 * normalCdf(-Math.abs(z), 0, 1), pAdjusted: null, bin: null, reason: null }
  })
  const tested = raw.filter((r) => r.p !== null)
  adjustBH(tested.map((r) => r.p!)).forEach((q, k) => {
    const r = tested[k]!
    r.pAdjusted = q
    const level = q < 0.01 ? 3 : q < 0.05 ? 2 : q < 0.1 ? 1 : 0
    r.bin = level * Math.sign(r.z!)
  })
  return raw
}

export type Kernel = 'quartic' | 'uniform' | 'triweight' | 'epanechnikov' | 'triangular'

/** The unscaled kernel weight at distance d for bandwidth h (SpatialKDE, as QGIS Heatmap). */
export function kernel(d: number, h: number, k: Kernel = 'quartic', decay = 1): number {
  if (d > h) return 0
  const u = d / h
  switch (k) {
    case 'uniform':
      return 1
    case 'triweight':
      return (1 - u * u) ** 3
    case 'epanechnikov':
      return 1 - u * u
    case 'triangular':
      return 1 - (1 - decay) * u
    default:
      return (1 - u * u) ** 2
  }
}

function quantile7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!)
}

/** MASS::bandwidth.nrd: 4 · 1.06 · min(sd, IQR/1.34) · n^(−1/5). */
export function bandwidthNrd(x: readonly number[]): number {
  const n = x.length
  const mean = x.reduce((s, v) => s + v, 0) / n
  const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1))
  const sorted = [...x].sort((a, b) => a - b)
  const iqr = quantile7(sorted, 0.75) - quantile7(sorted, 0.25)
  return 4 * 1.06 * Math.min(sd, iqr / 1.34) * n ** -0.2
}

/** The bandwidth for points: the mean of the x and y rules, or x's alone as sfhotspot (by accident) uses. */
export function pointBandwidth(x: readonly number[], y: readonly number[], sfhotspotCompat = false): number {
  return sfhotspotCompat ? bandwidthNrd(x) : (bandwidthNrd(x) + bandwidthNrd(y)) / 2
}
