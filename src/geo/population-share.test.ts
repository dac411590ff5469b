import { describe, expect, it } from 'vitest'
import { overlapArea } from './area'
import { areaShares, cropped, populationFromShares, populationOfPairs } from './population-share'

const square = (x: number, y: number, w: number): number[][][][] => [
  [
    [
      [x, y],
      [x + w, y],
      [x + w, y + w],
      [x, y + w],
      [x, y],
    ],
  ],
]
/** An L shape with a hole: concave, so cutting it to a box is the hard case. */
const ell: number[][][][] = [
  [
    [
      [0, 0],
      [30, 0],
      [30, 10],
      [10, 10],
      [10, 30],
      [0, 30],
      [0, 0],
    ],
    [
      [2, 2],
      [4, 2],
      [4, 4],
      [2, 4],
      [2, 2],
    ],
  ],
]

describe('population shared from small areas by area', () => {
  it('cuts a concave outline with a hole to a box without changing its overlap with anything inside the box', () => {
    for (const s of [square(1, 1, 5), square(8, 8, 5), square(25, 5, 10), square(-5, -5, 8), square(40, 40, 2)]) {
      const box = [s[0]![0]![0]![0]!, s[0]![0]![0]![1]!, s[0]![0]![2]![0]!, s[0]![0]![2]![1]!]
      expect(overlapArea(cropped(ell, box), s)).toBeCloseTo(overlapArea(ell, s), 9)
    }
  })

  it('gives each small area to the large ones it lies in, split by area, and sums population from the shares', () => {
    const large = [
      { code: 'A', polygons: square(0, 0, 10) },
      { code: 'B', polygons: square(10, 0, 10) },
    ]
    const small = [
      { code: 'inA', polygons: square(1, 1, 2), population: 100 },
      {
        code: 'split',
        polygons: [
          [
            [
              [8, 0],
              [12, 0],
              [12, 1],
              [8, 1],
              [8, 0],
            ],
          ],
        ],
        population: 40,
      },
      { code: 'outside', polygons: square(50, 50, 1), population: 999 },
    ]
    const shares = areaShares(large, small)
    expect(shares.get('inA')).toEqual(new Map([['A', 1]]))
    expect([...shares.get('split')!].map(([k, v]) => [k, Number(v.toFixed(6))])).toEqual([
      ['A', 0.5],
      ['B', 0.5],
    ])
    expect(shares.has('outside')).toBe(false)
    const pop = (c: string) => small.find((s) => s.code === c)!.population
    expect(populationFromShares(shares, pop)).toEqual(
      new Map([
        ['A', 120],
        ['B', 20],
      ]),
    )
    // Beats A and B against one locality covering both: every resident of each beat is in it.
    const locality = areaShares([{ code: 'L', polygons: square(0, 0, 20) }], small)
    const pairs = populationOfPairs(shares, locality, pop)
    expect(pairs.get('A')!.get('L')).toBeCloseTo(120, 9)
    expect(pairs.get('B')!.get('L')).toBeCloseTo(20, 9)
  })
})
