import { describe, expect, it } from 'vitest'
import { gini, pctPlaces, randomAllocation, rareConcentration, seededRandom } from './concentration'
import { repeatRates } from './da-repeat'
import { classifyPersistence } from './persistence'

const zeros = (n: number) => Array.from({ length: n }, () => 0)
function close(actual: number | null | undefined, expected: number, label: string) {
  expect(Math.abs(actual! - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-6 * Math.max(1, Math.abs(expected)),
  )
}

describe('concentration (methods.md §3)', () => {
  it('TV-CONC-1: share of places holding half the crime', () => {
    expect(pctPlaces([10, 8, 2, ...zeros(7)])).toBe(0.1)
    expect(pctPlaces([5, 2, 1, ...zeros(7)])).toBe(0.1)
    expect(pctPlaces(Array.from({ length: 10 }, () => 1))).toBe(0.5)
    close(pctPlaces([30, 20, 10, ...Array.from({ length: 8 }, () => 5)]), 2 / 11, 'pct')
    // Only places with crime, labelled as such.
    expect(pctPlaces([10, 8, 2, ...zeros(7)], 0.5, true)).toBeCloseTo(1 / 3, 12)
    expect(pctPlaces(zeros(5))).toBeNull()
  })

  it('TV-GINI-1: standard, unbiased, generalised and generalised unbiased', () => {
    const table: [number[], number, number, number, number][] = [
      [[10, 8, 2, ...zeros(7)], 0.78, 0.8666667, 0.78, 0.8666667],
      [[5, 2, 1, ...zeros(7)], 0.8, 0.8888889, 0.75, 0.8571429],
      [[10, ...zeros(9)], 0.9, 1.0, 0.9, 1.0],
      [[10, ...zeros(99)], 0.99, 1.0, 0.9, 1.0],
    ]
    for (const [counts, g, gu, gg, ggu] of table) {
      const r = gini(counts)!
      const near = (a: number | null, b: number, what: string) =>
        expect(Math.abs(a! - b), `${what} of [${counts.slice(0, 3)}…]`).toBeLessThan(5e-8)
      near(r.standard, g, 'G')
      near(r.unbiased, gu, 'G_unb')
      near(r.generalized, gg, 'G_gen')
      near(r.generalizedUnbiased, ggu, 'G_gen_unb')
    }
    expect(gini(zeros(4))).toBeNull()
    expect(gini([3])!.unbiased).toBeNull()
  })

  it('random allocation: uniform data is not called concentrated (p ≥ 0.05 in about 95% of seeds)', () => {
    let calm = 0
    for (let seed = 1; seed <= 40; seed++) {
      const rand = seededRandom(seed * 7919)
      const counts = zeros(30)
      for (let k = 0; k < 300; k++) counts[Math.floor(rand() * 30)]!++
      const r = randomAllocation(counts, { draws: 199, seed })
      if (r.p! >= 0.05) calm++
    }
    expect(calm).toBeGreaterThanOrEqual(34)
  })

  it('random allocation: crime piled on two places out of thirty is far beyond chance', () => {
    const counts = [150, 120, ...Array.from({ length: 28 }, () => 1)]
    const gi = randomAllocation(counts, { draws: 199 })
    expect(gi.p).toBe(1 / 200)
    expect(gi.marginal!).toBeGreaterThan(0.5)
    const pct = randomAllocation(counts, { draws: 199, statistic: 'pct50' })
    expect(pct.p).toBe(1 / 200)
    expect(pct.marginal!).toBeLessThan(0)
  })

  it('§3.5: too little crime, evenly spread crime, a real cluster, and a place above its share in crime no more concentrated than chance get four different answers', () => {
    const units = (counts: number[]) => counts.map((count, i) => ({ code: `U${i}`, count, exposure: 1 }))
    expect(rareConcentration(units([3, 2, 4, 1, 0, 2])).decision).toBe('insufficient_volume')
    expect(rareConcentration(units([6, 5, 7, 6, 4, 6, 5, 7, 6, 5]), { draws: 199 }).decision).toBe('no_hotspots')
    // One place far above its share by population, while crime as a whole is spread as people are:
    // never "hotspots" beside a Gini no higher than chance.
    const byPeople = [100, 100, 100, 100, 100, 100, 100, 100, 100, 20].map((pop, i) => ({
      code: `P${i}`,
      exposure: pop,
      count: [20, 18, 22, 19, 21, 20, 18, 22, 20, 15][i]!,
    }))
    const rare = rareConcentration(byPeople, { draws: 199 })
    expect(rare.candidates.map((c) => c.code)).toEqual(['P9'])
    expect(rare.global!.p).toBeGreaterThanOrEqual(0.05)
    expect(rare.decision).toBe('concentrations_rare')
    const cluster = rareConcentration(units([40, 35, 3, 2, 4, 3, 2, 3, 4, 2]), { draws: 199 })
    expect(cluster.decision).toBe('hotspots')
    expect(cluster.candidates.map((c) => c.code)).toEqual(['U0', 'U1'])
  })
})

describe('hotspot persistence (TV-SF-CLS-1)', () => {
  const periods = (list: number[]) => Array.from({ length: 10 }, (_, i) => list.includes(i + 1))
  const cells: [string, number[], number[], string, string][] = [
    ['A', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [], 'persistent hotspot', 'persistent hotspot'],
    ['B', [9, 10], [], 'emerging hotspot', 'emerging hotspot'],
    ['C', [1, 2, 3], [], 'former hotspot', 'former hotspot'],
    ['D', [1, 9], [], 'intermittent hotspot', 'intermittent hotspot'],
    ['E', [8], [], 'intermittent hotspot', 'former hotspot'],
    ['F', [10], [], 'emerging hotspot', 'emerging hotspot'],
    ['G', [], [], 'no pattern', 'no pattern'],
    ['H', [2, 5, 8], [], 'intermittent hotspot', 'former hotspot'],
    ['I', [1, 2, 3, 4, 5, 6, 7, 8], [], 'persistent hotspot', 'persistent hotspot'],
    ['J', [3], [9, 10], 'mixed hot/coldspot', 'mixed hot/coldspot'],
  ]

  it('reproduces the package code in sfhotspot mode, proportions included', () => {
    const props: Record<string, [number, number, number]> = {
      A: [1, 1.5, 1],
      B: [0.2, 1, 0],
      C: [0.3, 0, 0.375],
      D: [0.2, 0.5, 0.125],
      E: [0.1, 0.5, 0.125],
      H: [0.3, 0.5, 0.375],
      I: [0.8, 0.5, 1],
      J: [0.1, 0, 0.125],
    }
    for (const [cell, hot, cold, expected] of cells) {
      const r = classifyPersistence(periods(hot), periods(cold), { mode: 'sfhotspot' })
      expect(r.label, cell).toBe(expected)
      const p = props[cell]
      if (p) expect([r.hot!.prop, r.hot!.recent, r.hot!.older], cell).toEqual(p)
    }
  })

  it('uses the documented windows in the default mode (E and H, hot in none of the last two periods, become former)', () => {
    for (const [cell, hot, cold, , intended] of cells)
      expect(classifyPersistence(periods(hot), periods(cold)).label, cell).toBe(intended)
  })
})

describe('domestic-abuse repeats (TV-DA-1)', () => {
  const occ = [
    { victim: 'V1', date: '2024-01-10' },
    { victim: 'V1', date: '2024-06-01' },
    { victim: 'V2', date: '2024-05-01' },
    { victim: 'V3', date: '2023-03-01' },
    { victim: 'V3', date: '2024-04-15' },
    { victim: 'V4', date: '2024-08-01' },
    { victim: 'V4', date: '2024-09-15' },
    { victim: 'V5', date: '2025-03-31' },
    { victim: 'V5', date: '2025-04-02' },
  ]

  it('gives 40% repeat victims and 33.3% repeat occurrences for 2024/25', () => {
    const r = repeatRates(occ, '2024-04-01', '2025-03-31')
    expect(r).toMatchObject({ victims: 5, repeatVictims: 2, occurrences: 6, repeatOccurrences: 2 })
    expect(r.repeatVictimRate).toBe(0.4)
    close(r.repeatOccurrenceRate, 1 / 3, 'occurrence rate')
  })

  it('counts a same-day report of the same pair once, and finds repeat and serial perpetrators', () => {
    const r = repeatRates(
      [
        { victim: 'A', perpetrator: 'P', date: '2024-05-01' },
        { victim: 'A', perpetrator: 'P', date: '2024-05-01' },
        { victim: 'B', perpetrator: 'P', date: '2024-07-01' },
        { victim: 'C', perpetrator: 'Q', date: '2024-07-01' },
      ],
      '2024-04-01',
      '2025-03-31',
    )
    expect(r).toMatchObject({
      occurrences: 3,
      repeatOccurrences: 0,
      perpetrators: 2,
      repeatPerpetrators: 1,
      serialPerpetrators: 1,
    })
    expect(repeatRates([], '2024-04-01', '2025-03-31').repeatVictimRate).toBeNull()
  })
})

describe('the random allocation draws', () => {
  /** The allocation as first written: a binary search for each crime, the Gini of each draw by a sorted copy. */
  function bySearch(counts: number[], exposure: number[], draws: number, seed: number) {
    const rand = seededRandom(seed)
    const n = counts.length
    const C = counts.reduce((s, c) => s + c, 0)
    const wTotal = exposure.reduce((s, w) => s + w, 0)
    const cum = new Float64Array(n)
    let acc = 0
    exposure.forEach((w, i) => (cum[i] = acc += w / wTotal))
    const sims: number[] = []
    for (let d = 0; d < draws; d++) {
      const sim = new Array<number>(n).fill(0)
      for (let k = 0; k < C; k++) {
        const r = rand()
        let lo = 0
        let hi = n - 1
        while (lo < hi) {
          const mid = (lo + hi) >> 1
          if (cum[mid]! > r) hi = mid
          else lo = mid + 1
        }
        sim[lo]!++
      }
      sims.push(gini(sim)!.generalizedUnbiased!)
    }
    return sims.sort((a, b) => a - b)
  }

  it('puts every crime where the binary search did, with places of no exposure and uneven ones', () => {
    const rand = seededRandom(7)
    for (const n of [2, 3, 17, 250]) {
      const exposure = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : rand() * (i % 3 === 0 ? 100 : 1)))
      exposure[n - 1] = 1
      const counts = Array.from({ length: n }, () => Math.floor(rand() * 12))
      const sims = bySearch(counts, exposure, 49, 99)
      const mid = sims.length >> 1
      const r = randomAllocation(counts, { draws: 49, seed: 99, exposure })
      expect(r.median).toBe(sims[mid])
      const observed = gini(counts)!.generalizedUnbiased!
      expect(r.p).toBe((1 + sims.filter((s) => s >= observed).length) / (sims.length + 1))
    }
  })
})
