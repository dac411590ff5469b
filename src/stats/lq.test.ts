import { describe, expect, it } from 'vitest'
import { locationQuotients } from './lq'
import gammaln from '@stdlib/math-base-special-gammaln'
import { adjustBH, adjustHolm, compareCounts, fisherTwoSided } from './significance'

/** Relative tolerance 1e-6, as methods.md asks of every floating-point vector. */
function close(actual: number | null | undefined, expected: number, label: string) {
  expect(actual, label).not.toBeNull()
  expect(Math.abs(actual! - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    Math.max(1e-6 * Math.abs(expected), 1e-9),
  )
}

describe('location quotient (methods.md §1.6)', () => {
  it('TV-LQ-1: REAT locq(1714, 79006, 879213, 15593224) = 0.3847623', () => {
    // One area against a district whose other areas hold the rest.
    const r = locationQuotients([
      { code: 'n', typeCount: 1714, allCount: 79006 },
      { code: 'rest', typeCount: 879213 - 1714, allCount: 15593224 - 79006 },
    ])
    close(r.rows[0]!.lq, 0.3847623423, 'LQ')
  })

  const tv2 = [
    { code: 'B1', typeCount: 120, allCount: 400 },
    { code: 'B2', typeCount: 30, allCount: 150 },
    { code: 'B3', typeCount: 8, allCount: 20 },
    { code: 'B4', typeCount: 2, allCount: 4 },
    { code: 'B5', typeCount: 40, allCount: 226 },
  ]
  const expected = {
    B1: [
      1.2, 1.0218669, 1.3900875, 0.9904938, 1.4538203, 1.0973083, 1.3123021, 0.0014153, 0.0133306, 1.1729193, 1.1604688,
    ],
    B2: [
      0.8, 0.556776, 1.0921449, 0.5683744, 1.1260183, 0.5946078, 1.0763398, 0.1426935, 0.9371995, 0.8589188, 0.8792948,
    ],
    B3: [
      1.6, 0.7647602, 2.5578297, 0.9230979, 2.7732704, 0.9482158, 2.6998075, 0.1221048, 0.1018119, 1.1452019, 1.1012322,
    ],
    B4: [
      2.0, 0.270344, 3.7296561, 0.7451457, 5.3680774, 0.7561806, 5.2897417, 0.2614538, 0.2617188, 1.0600208, 1.0390094,
    ],
    B5: [
      0.7079646, 0.518232, 0.9324627, 0.5214961, 0.9611076, 0.5490329, 0.9129031, 0.0027204, 0.9965433, 0.7713443,
      0.7966348,
    ],
  } as const

  it('TV-LQ-2: LQ, the three intervals, both tests and both empirical-Bayes families', () => {
    const binomial = locationQuotients(tv2)
    const poisson = locationQuotients(tv2, { ebFamily: 'poisson' })
    expect(binomial.typeTotal).toBe(200)
    expect(binomial.allTotal).toBe(800)
    binomial.rows.forEach((r, i) => {
      const e = expected[r.code as keyof typeof expected]
      // The vector's figures are printed to 7 decimals: compare at that precision.
      const near = (a: number | null, b: number, what: string) =>
        expect(Math.abs(a! - b), `${r.code} ${what}: ${a} vs ${b}`).toBeLessThan(6e-8 + 1e-6 * Math.abs(b))
      near(r.lq, e[0], 'LQ')
      near(r.lqLower, e[1], 'exact lower')
      near(r.lqUpper, e[2], 'exact upper')
      near(r.deltaLower, e[3], 'delta lower')
      near(r.deltaUpper, e[4], 'delta upper')
      near(r.nestedLower, e[5], 'nested lower')
      near(r.nestedUpper, e[6], 'nested upper')
      near(r.pFisher, e[7], 'Fisher p')
      near(r.pBinomial, e[8], 'binomial p')
      near(r.lqEb, e[9], 'EB binomial')
      near(poisson.rows[i]!.lqEb, e[10], 'EB Poisson')
    })
  })

  it('TV-LQ-2: flags B1 only under the §1.3 rule, and reports share, rank and band beside it', () => {
    const r = locationQuotients(tv2)
    expect(r.rows.filter((x) => x.hotspot).map((x) => x.code)).toEqual(['B1'])
    expect(r.rows.map((x) => x.volumeRank)).toEqual([1, 3, 4, 5, 2])
    expect(r.rows[0]!.share).toBe(0.6)
    expect(r.rows.map((x) => x.band)).toEqual(['over', 'about average', 'high', 'very high', 'markedly under'])
    expect(r.rows.map((x) => x.belowMinimum)).toEqual([false, false, false, true, false])
  })

  it('handles the edge cases of §1.4 with reasons, never NaN', () => {
    const r = locationQuotients([
      { code: 'empty', typeCount: 0, allCount: 0 },
      { code: 'none', typeCount: 0, allCount: 30 },
      { code: 'some', typeCount: 10, allCount: 30 },
    ])
    expect(r.rows[0]).toMatchObject({ lq: null, reason: 'no_crime_in_area', hotspot: false, lqEb: null })
    expect(r.rows[1]).toMatchObject({ lq: 0, lqLower: 0, deltaLower: null, nestedLower: null, hotspot: false })
    const absent = locationQuotients([{ code: 'a', typeCount: 0, allCount: 12 }])
    expect(absent.rows[0]).toMatchObject({ lq: null, reason: 'type_absent_in_district' })
    const nothing = locationQuotients([])
    expect(nothing).toMatchObject({ typeTotal: 0, allTotal: 0, proportion: null, rows: [] })
    for (const row of [...r.rows, ...absent.rows])
      for (const v of Object.values(row)) if (typeof v === 'number') expect(Number.isNaN(v)).toBe(false)
  })
})

describe('significance and adjustment', () => {
  it('adjusts as R p.adjust does (BH and Holm)', () => {
    const p = [0.01, 0.04, 0.03, 0.005, 0.2]
    const bh = adjustBH(p)
    ;[0.025, 0.05, 0.05, 0.025, 0.2].forEach((v, i) => close(bh[i], v, `BH ${i}`))
    const holm = adjustHolm([0.01, 0.04, 0.03])
    ;[0.03, 0.06, 0.06].forEach((v, i) => close(holm[i], v, `Holm ${i}`))
  })

  it('gives Fisher p = 1 for a table that matches its margins, and R’s figure for a lopsided one', () => {
    expect(fisherTwoSided(5, 5, 5, 5)).toBeCloseTo(1, 12)
    // fisher.test(matrix(c(3, 1, 1, 3), 2)) in R: 0.4857143
    close(fisherTwoSided(3, 1, 1, 3), 0.4857142857, 'Fisher')
  })

  it('walks out from the mode to the same p as summing the whole support, R’s way, on tables of every shape', () => {
    // R's fisher.test: every table's density from log-gammas, relative to the largest; those no
    // more likely than the observed (to 1 + 1e-7) summed.
    const lchoose = (n: number, k: number) => gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    const whole = (a: number, b: number, c: number, d: number) => {
      const [m, n, k] = [a + c, b + d, a + b]
      const lo = Math.max(0, k - n)
      const hi = Math.min(k, m)
      const logs = Array.from({ length: hi - lo + 1 }, (_, i) => lchoose(m, lo + i) + lchoose(n, k - lo - i))
      const max = Math.max(...logs)
      const dens = logs.map((l) => Math.exp(l - max))
      const observed = dens[a - lo]! * (1 + 1e-7)
      const total = dens.reduce((x, y) => x + y, 0)
      return Math.min(1, dens.filter((x) => x <= observed).reduce((x, y) => x + y, 0) / total)
    }
    let seed = 11
    const rand = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n)
    for (let i = 0; i < 3000; i++) {
      const scale = [5, 50, 500, 20000][i % 4]!
      const t = [rand(scale), rand(scale), rand(scale * 10), rand(scale * 40)] as const
      const want = whole(...t)
      const got = fisherTwoSided(...t)
      if (want > 1e-300) expect(Math.abs(got - want) / want, `${t.join(',')}`).toBeLessThan(1e-8)
      else expect(got).toBeLessThan(1e-290)
    }
  })

  it('TV-CHG-1: 30 against 18 is +66.7%, RR 1.67 (0.929–2.990), p = 0.111: not significant', () => {
    const c = compareCounts(30, 18)
    close(c.changePct, 66.6666667, 'change')
    close(c.rateRatio, 1.6666667, 'RR')
    close(c.lower, 0.929105, 'lower')
    close(c.upper, 2.9897349, 'upper')
    close(c.p, 0.11140289, 'p')
  })
})
