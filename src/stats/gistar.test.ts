import { describe, expect, it } from 'vitest'
import { bandwidthNrd, getisOrdStar, gridQueen, kernel, pointBandwidth } from './gistar'
import { adjustBH, adjustHolm } from './significance'

const near = (a: number | null | undefined, b: number, tol: number, what: string) =>
  expect(Math.abs(a! - b), `${what}: ${a} vs ${b}`).toBeLessThan(tol)

describe('Getis–Ord Gi* (methods.md §2.1)', () => {
  it('TV-GI-1: the 3×3 grid, the centre degenerate, BH over the eight others', () => {
    const r = getisOrdStar([0, 2, 0, 1, 9, 1, 0, 3, 0], gridQueen(3, 3))
    const z = [1.128576, 0.567775, 1.128576, 1.054439, null, 1.054439, 1.359421, 0.811107, 1.359421]
    const p = [0.259077, 0.570188, 0.259077, 0.291682, null, 0.291682, 0.174013, 0.417304, 0.174013]
    const bh = [0.388909, 0.570188, 0.388909, 0.388909, null, 0.388909, 0.388909, 0.476919, 0.388909]
    r.forEach((g, i) => {
      if (z[i] === null) {
        expect(g).toMatchObject({ z: null, reason: 'whole_area' })
        return
      }
      near(g.z, z[i]!, 1e-6, `z ${i}`)
      near(g.p, p[i]!, 1e-6, `p ${i}`)
      near(g.pAdjusted, bh[i]!, 1e-6, `BH ${i}`)
    })
  })

  it('TV-GI-2: the 5×5 grid, four cells significant raw and none after BH', () => {
    const x = Array.from({ length: 25 }, () => 0)
    x[0] = 1
    x[7] = 4
    x[11] = 4
    x[12] = 10
    const r = getisOrdStar(x, gridQueen(5, 5))
    const zs = [
      -0.5007, 0.0927, -0.118, -0.118, -0.7462, 0.0927, 2.2796, 2.0921, 1.3423, -0.9608, -0.118, 2.0921, 2.0921, 1.3423,
      -0.9608, -0.118, 1.3423, 1.3423, 0.5924, -0.9608, -0.7462, -0.9608, -0.9608, -0.9608, -0.7462,
    ]
    r.forEach((g, i) => near(g.z, zs[i]!, 5.1e-5, `z ${i}`))
    near(r[12]!.z, 2.092133909, 1e-8, 'centre z')
    near(r[12]!.p, 0.03642653863, 1e-9, 'centre p')
    expect(r.map((g, i) => (g.p! < 0.05 ? i + 1 : 0)).filter(Boolean)).toEqual([7, 8, 12, 13])
    expect(r.filter((g) => g.pAdjusted! < 0.05)).toHaveLength(0)
    expect(r.every((g) => g.bin === 0)).toBe(true)
  })

  it('p.adjust check vector', () => {
    const p = [0.001, 0.01, 0.02, 0.04, 0.2]
    adjustBH(p).forEach((v, i) => near(v, [0.005, 0.025, 0.0333333333, 0.05, 0.2][i]!, 1e-9, `BH ${i}`))
    adjustHolm(p).forEach((v, i) => near(v, [0.005, 0.04, 0.06, 0.08, 0.2][i]!, 1e-12, `Holm ${i}`))
  })

  it('says why when every value is equal', () => {
    expect(getisOrdStar([2, 2, 2, 2], gridQueen(1, 4))[0]!.reason).toBe('no_variance')
  })
})

describe('kernel density helpers (methods.md §2.2)', () => {
  it('TV-KDE-1: the unscaled quartic kernel', () => {
    expect([0, 25, 50, 100, 150].map((d) => kernel(d, 100))).toEqual([1, 0.87890625, 0.5625, 0, 0])
  })

  it('TV-KDE-2: bandwidth.nrd for x and y, the intended mean and sfhotspot’s x-only quirk', () => {
    const x = [0, 100, 250, 400, 1000, 1300, 2000]
    const y = [0, 50, 60, 70, 80, 90, 3000]
    near(bandwidthNrd(x), 2090.480236, 1e-6, 'x')
    near(bandwidthNrd(y), 64.32246879, 1e-7, 'y')
    near(pointBandwidth(x, y), 1077.401352, 1e-6, 'intended')
    near(pointBandwidth(x, y, true), 2090.480236, 1e-6, 'sfhotspot')
  })
})
