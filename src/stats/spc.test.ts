import { describe, expect, it } from 'vitest'
import {
  mannKendall,
  partOfSevenTrend,
  partOfTwoInThree,
  plateauStatus,
  rolling12,
  sevenPointOneSideMean,
  sevenPointTrend,
  spc,
  theilSen,
  twoInThree,
  variationOf,
  xmrLimits,
} from './spc'

const rep = (v: number, n: number) => Array.from({ length: n }, () => v)
const seq = (a: number, b: number) => Array.from({ length: Math.abs(b - a) + 1 }, (_, i) => (a <= b ? a + i : a - i))

function close(actual: number | undefined, expected: number, label: string) {
  expect(Math.abs(actual! - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-6 * Math.max(1, Math.abs(expected)),
  )
}

describe('XmR limits (TV-SPC-1)', () => {
  const y = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]

  it('without screening matches the Excel tool', () => {
    const l = xmrLimits(y)!
    close(l.mean, 1.944444444, 'mean')
    close(l.mrBar, 1.882352941, 'MR-bar')
    close(l.upper, 6.951503268, 'UPL')
    close(l.lower, -3.062614379, 'LPL')
  })

  it('with screening of moving ranges matches NHSRplotthedots', () => {
    const l = xmrLimits(y, true)!
    close(l.mrBar, 1.0, 'MR-bar')
    close(l.upper, 4.604444444, 'UPL')
    close(l.lower, -0.715555556, 'LPL')
    close(l.upperNear, 3.717777778, '2σ high')
    close(l.lowerNear, 0.171111111, '2σ low')
  })

  it('marks point 5 above the upper limit either way', () => {
    for (const screenOutliers of [false, true]) {
      const r = spc(y, { screenOutliers, direction: 'decrease' })
      expect(r.points[4]!.signal).toBe('above_upper')
      expect(r.points[4]!.variation).toBe('special_cause_concern')
    }
  })
})

describe('special-cause rules (NHSRplotthedots test vectors)', () => {
  it('seven points on one side of the mean', () => {
    expect(sevenPointOneSideMean(rep(1, 6))).toEqual(rep(0, 6))
    expect(sevenPointOneSideMean([...rep(1, 6), -1])).toEqual(rep(0, 7))
    expect(sevenPointOneSideMean([...rep(1, 8), -1])).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0])
    expect(sevenPointOneSideMean([...rep(-1, 8), 1])).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 0])
  })

  it('part of a seven-point run', () => {
    expect(partOfSevenTrend([...rep(0, 6), 1, 0])).toEqual([1, 1, 1, 1, 1, 1, 1, 0])
    expect(partOfSevenTrend([...rep(0, 7), -1, 0])).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 0])
  })

  it('seven-point trends, where a tie breaks the run', () => {
    expect(sevenPointTrend(seq(1, 6))).toEqual(rep(0, 6))
    expect(sevenPointTrend([...seq(1, 3), ...seq(3, 6)])).toEqual(rep(0, 7))
    expect(sevenPointTrend(seq(1, 7))).toEqual([0, 0, 0, 0, 0, 0, 1])
    expect(sevenPointTrend([2, ...seq(1, 7), 3])).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0])
    expect(sevenPointTrend(seq(7, 1))).toEqual([0, 0, 0, 0, 0, 0, -1])
    expect(sevenPointTrend([2, ...seq(7, 1), 3])).toEqual([0, 0, 0, 0, 0, 0, 0, -1, 0])
  })

  it('two in three', () => {
    expect(twoInThree([1, 0, 1], [1, 1, 1])).toEqual([1, 1, 1])
    expect(twoInThree([0, 0, 1, 0, 1, 0, 0], rep(1, 7))).toEqual([0, 0, 1, 1, 1, 0, 0])
    expect(twoInThree([0, 0, 1, 1, 0, 0, 0], rep(1, 7))).toEqual([0, 1, 1, 1, 1, 0, 0])
    expect(twoInThree([1, 0, 1], [1, -1, 1])).toEqual([0, 0, 0])
    const close1 = [1, 0, 0, 1, 1]
    expect(partOfTwoInThree(twoInThree(close1, rep(1, 5)), close1)).toEqual([0, 0, 0, 1, 1])
    const close2 = [1, 0, 0, 1]
    expect(partOfTwoInThree(twoInThree(close2, rep(1, 4)), close2)).toEqual([0, 0, 0, 0])
  })

  it('labels by precedence and direction: a rising trend in a crime count is a concern, in a charge rate an improvement', () => {
    const y = [10, 10, 10, 10, 10, 10, 11, 12, 13, 14, 15, 16, 17]
    const crime = spc(y, { direction: 'decrease' })
    expect(crime.points.slice(6).map((p) => p.signal)).toContain('trend_up')
    expect(crime.points.find((p) => p.signal === 'trend_up')!.variation).toBe('special_cause_concern')
    expect(spc(y, { direction: 'increase' }).points.find((p) => p.signal === 'trend_up')!.variation).toBe(
      'special_cause_improvement',
    )
    expect(variationOf('shift_low', 'neutral')).toBe('special_cause_neutral_low')
    expect(crime.trialLimits).toBe(false)
  })

  it('runs of six when the partnership chooses six', () => {
    expect(sevenPointTrend(seq(1, 6), 6)).toEqual([0, 0, 0, 0, 0, 1])
    expect(sevenPointOneSideMean(rep(-1, 6), 6)).toEqual([0, 0, 0, 0, 0, 1])
    const y = [11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 10.9, 10.8, 10.85, 10.9, 10.95, 10.8, 10.5]
    expect(spc(y, { runLength: 7 }).points.some((p) => p.signal === 'shift_high')).toBe(false)
    expect(spc(y, { runLength: 6 }).points.filter((p) => p.signal === 'shift_high').length).toBe(6)
  })

  it('the two 2σ modes differ on a point beyond the limits', () => {
    const y = [...Array.from({ length: 30 }, (_, i) => (i % 2 ? 11 : 10)), 13, 16]
    const l = xmrLimits(y)!
    // Preconditions: 13 lies between 2σ and 3σ, 16 beyond 3σ.
    expect(13 > l.upperNear && 13 < l.upper && 16 > l.upper).toBe(true)
    expect(spc(y, { twoSigmaMode: 'beyond2' }).points[30]!.signal).toBe('two_in_three_high')
    expect(spc(y, { twoSigmaMode: 'between2and3' }).points[30]!.signal).toBeNull()
    expect(spc(y).points[31]!.signal).toBe('above_upper')
  })

  it('gives assurance against a target', () => {
    expect(spc([10, 11, 9, 10, 11, 9, 10], { direction: 'decrease', target: 20 }).assurance).toBe('consistent_pass')
    expect(spc([10, 11, 9, 10, 11, 9, 10], { direction: 'increase', target: 20 }).assurance).toBe('consistent_fail')
    expect(spc([10, 11, 9, 10, 11, 9, 10], { direction: 'increase', target: 10 }).assurance).toBe('inconsistent')
    expect(spc([10, 11, 9], { direction: 'neutral', target: 10 }).assurance).toBeNull()
  })
})

describe('plateau (TV-PLAT-1) and period comparison (TV-CHG-2)', () => {
  const y = [20, 21, 19, 22, 20, 21, 20, 22, 21, 20, 21, 21]

  it('Mann–Kendall and Theil–Sen match the vector', () => {
    const mk = mannKendall(y)
    expect(mk.s).toBe(11)
    close(mk.variance, 186.3333333, 'Var(S)')
    close(mk.z, 0.7325794, 'z')
    close(mk.p, 0.463815, 'p')
    expect(theilSen(y)).toBe(0)
  })

  it('calls the series flat: stable with no earlier signal, a plateau after one; too short is insufficient', () => {
    expect(plateauStatus(y).status).toBe('stable')
    expect(plateauStatus(y, {}, true).status).toBe('plateau')
    expect(plateauStatus(y.slice(0, 11)).status).toBe('insufficient_data')
    expect(plateauStatus([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]).status).toBe('changing')
  })

  it('rolling 12 months: 202 against 170, +18.8%; the first half-years 102 against 81', () => {
    const s = [12, 15, 11, 14, 13, 16, 18, 17, 15, 14, 13, 12, 14, 16, 15, 17, 19, 21, 20, 18, 17, 16, 15, 14]
    const r = rolling12(s)
    expect(r[10]).toBeNull()
    expect(r[23]).toBe(202)
    expect(r[11]).toBe(170)
    close((100 * (r[23]! - r[11]!)) / r[11]!, 18.8235294, 'Δ%')
    expect(s.slice(12, 18).reduce((a, b) => a + b, 0)).toBe(102)
    expect(s.slice(0, 6).reduce((a, b) => a + b, 0)).toBe(81)
  })
})
