/**
 * Significance tests and multiple-testing adjustments, as R computes them (methods.md §1.2, §3.5,
 * §5.5). Pure: numbers in, numbers out. Distribution functions come from stdlib-js.
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile'
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf'
import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf'
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf'
import gammaln from '@stdlib/math-base-special-gammaln'

/** R's tolerance when comparing probabilities of tables "as or less likely" than the one observed. */
const REL_ERR = 1 + 1e-7

function lchoose(n: number, k: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
}

/**
 * Fisher's exact test, two-sided, on the 2×2 table [[a, b], [c, d]] — R's `fisher.test(...)$p.value`:
 * the probability, given the margins, of every table no more likely than the one observed.
 */
export function fisherTwoSided(a: number, b: number, c: number, d: number): number {
  const m = a + c
  const n = b + d
  const k = a + b
  const lo = Math.max(0, k - n)
  const hi = Math.min(k, m)
  if (hi === lo) return 1
  // The hypergeometric density is unimodal: walk out from the mode on each side with the ratio of
  // neighbouring densities (no log-gamma per term), densities relative to the mode's, summing
  // those no more likely than the observed table. A side stops once its terms are all in the tail
  // and too small to change the tail's sum in double precision; the observed table's density is
  // taken once from log-gammas. Agrees with summing the whole support to 1e-8 (lq.test.ts).
  const mode = Math.min(hi, Math.max(lo, Math.floor(((k + 1) * (m + 1)) / (m + n + 2))))
  const logd = (x: number) => lchoose(m, x) + lchoose(n, k - x)
  const observed = Math.exp(logd(a) - logd(mode)) * REL_ERR
  let total = 1
  let tail = 1 <= observed ? 1 : 0
  // Upwards: d(x + 1) / d(x) = (m - x)(k - x) / ((x + 1)(n - k + x + 1)).
  for (let x = mode, r = 1; x < hi; x++) {
    r *= ((m - x) * (k - x)) / ((x + 1) * (n - k + x + 1))
    total += r
    if (r <= observed) tail += r
    if (r <= observed && r < tail * 1e-17) break
  }
  // Downwards: d(x - 1) / d(x) = x (n - k + x) / ((m - x + 1)(k - x + 1)).
  for (let x = mode, r = 1; x > lo; x--) {
    r *= (x * (n - k + x)) / ((m - x + 1) * (k - x + 1))
    total += r
    if (r <= observed) tail += r
    if (r <= observed && r < tail * 1e-17) break
  }
  return Math.min(1, tail / total)
}

/** P(X ≥ x) for X ~ Binomial(n, p): the one-sided test of H0 "no more than p". */
export function binomialUpperTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1
  return Math.max(0, 1 - binomialCdf(x - 1, n, p))
}

/** Two-sided exact binomial test, R's `binom.test(x, n, p)$p.value`. */
export function binomialTwoSided(x: number, n: number, p: number): number {
  if (n === 0) return 1
  const observed = binomialPmf(x, n, p) * REL_ERR
  let total = 0
  for (let k = 0; k <= n; k++) {
    const d = binomialPmf(k, n, p)
    if (d <= observed) total += d
  }
  return Math.min(1, total)
}

/** P(X ≥ x) for X ~ Poisson(lambda): the one-sided test of H0 "no more than expected". */
export function poissonUpperTail(x: number, lambda: number): number {
  if (x <= 0) return 1
  if (lambda <= 0) return 0
  return Math.max(0, 1 - poissonCdf(x - 1, lambda))
}

/** Clopper–Pearson exact interval for x successes in n trials. */
export function clopperPearson(x: number, n: number, confidence = 0.95): [number, number] {
  const alpha = 1 - confidence
  const lower = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1)
  const upper = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x)
  return [lower, upper]
}

/** Benjamini–Hochberg adjusted p-values, R's `p.adjust(p, "BH")`, in the input order. */
export function adjustBH(p: readonly number[]): number[] {
  const n = p.length
  const order = p.map((_, i) => i).sort((i, j) => p[j]! - p[i]!)
  const out = new Array<number>(n)
  let min = 1
  order.forEach((i, rank) => {
    min = Math.min(min, (n / (n - rank)) * p[i]!)
    out[i] = Math.min(1, min)
  })
  return out
}

/** Holm adjusted p-values, R's `p.adjust(p, "holm")`, in the input order. */
export function adjustHolm(p: readonly number[]): number[] {
  const n = p.length
  const order = p.map((_, i) => i).sort((i, j) => p[i]! - p[j]!)
  const out = new Array<number>(n)
  let max = 0
  order.forEach((i, rank) => {
    max = Math.max(max, (n - rank) * p[i]!)
    out[i] = Math.min(1, max)
  })
  return out
}

/**
 * Change between two counts with equal exposure (methods.md §5.5): the exact conditional test
 * (R's `poisson.test(c(a, b))`), the rate ratio and its 95% interval on the log scale.
 */
export function compareCounts(
  a: number,
  b: number,
): { changePct: number | null; rateRatio: number | null; lower: number | null; upper: number | null; p: number } {
  const p = binomialTwoSided(a, a + b, 0.5)
  if (b === 0) return { changePct: null, rateRatio: null, lower: null, upper: null, p }
  const rr = a / b
  if (a === 0) return { changePct: -100, rateRatio: 0, lower: null, upper: null, p }
  const se = Math.sqrt(1 / a + 1 / b)
  return {
    changePct: (100 * (a - b)) / b,
    rateRatio: rr,
    lower: Math.exp(Math.log(rr) - 1.96 * se),
    upper: Math.exp(Math.log(rr) + 1.96 * se),
    p,
  }
}
