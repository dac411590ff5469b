import { describe, expect, it } from 'vitest'
import { indexFromBytes, indexToBytes, PolygonIndex, type IndexedArea } from './polygon-index'
import { positionsJson } from './projection'
import { INSIDE, ON_EDGE, OUTSIDE, pointInRings } from './point-in-ring'

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
]

function rings(...rs: number[][][]) {
  const coords = new Float64Array(rs.flat(2))
  const starts = new Uint32Array(rs.length + 1)
  let n = 0
  rs.forEach((r, i) => {
    starts[i] = n
    n += r.length
  })
  starts[rs.length] = n
  return { coords, starts }
}

describe('point in rings', () => {
  const { coords, starts } = rings(square(0, 0, 10, 10), square(4, 4, 6, 6))
  const cases: [string, number, number, number][] = [
    ['inside the outer ring', 1, 1, INSIDE],
    ['inside the hole', 5, 5, OUTSIDE],
    ['outside', 11, 5, OUTSIDE],
    ['on a vertical edge', 10, 5, ON_EDGE],
    ['on a horizontal edge', 5, 0, ON_EDGE],
    ['on a vertex', 0, 0, ON_EDGE],
    ['on the hole edge', 4, 5, ON_EDGE],
    ['level with a vertex, outside', -1, 10, OUTSIDE],
    ['level with a vertex, inside', 5, 10 - 1e-9, INSIDE],
  ]
  for (const [name, x, y, want] of cases) {
    it(name, () => expect(pointInRings(x, y, coords, starts, 0, 2)).toBe(want))
  }
})

describe('polygon index', () => {
  const areas: IndexedArea[] = [
    { code: 'B', polygons: [[square(10, 0, 20, 10)]] },
    { code: 'A', polygons: [[square(0, 0, 10, 10)]] },
    { code: 'C', polygons: [[square(30, 0, 40, 10)], [square(50, 0, 60, 10)]] },
  ]
  const index = PolygonIndex.build(areas)
  const at = (x: number, y: number) => {
    const i = index.locate(x, y)
    return i === -1 ? null : index.codes[i]
  }

  it('finds the area holding a point, across multipolygon parts', () => {
    expect([at(5, 5), at(15, 5), at(35, 5), at(55, 5)]).toEqual(['A', 'B', 'C', 'C'])
  })

  it('gives a point on a shared edge to the lowest code, whichever polygon is tested first', () => {
    expect(at(10, 5)).toBe('A')
    expect(at(10, 10)).toBe('A')
    const reversed = PolygonIndex.build([...areas].reverse())
    expect(reversed.codes[reversed.locate(10, 5)]).toBe('A')
  })

  it('returns -1 for a point outside every area', () => {
    expect(at(25, 5)).toBeNull()
    expect(at(-1, -1)).toBeNull()
  })

  it('refuses duplicate codes', () => {
    expect(() => PolygonIndex.build([areas[0]!, areas[0]!])).toThrow('Two areas share the code B')
  })

  it('agrees with a brute-force scan on random points over irregular shapes', () => {
    let seed = 42
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const star = (cx: number, cy: number) => {
      const r: number[][] = []
      for (let k = 0; k < 12; k++) {
        const a = (k / 12) * Math.PI * 2
        const rad = k % 2 ? 2 : 5
        r.push([cx + rad * Math.cos(a), cy + rad * Math.sin(a)])
      }
      r.push(r[0]!)
      return r
    }
    const stars: IndexedArea[] = Array.from({ length: 30 }, (_, i) => ({
      code: `S${String(i).padStart(2, '0')}`,
      polygons: [[star((i % 6) * 8, Math.floor(i / 6) * 8)]],
    }))
    const idx = PolygonIndex.build(stars)
    const flat = stars.map((s) => rings(...(s.polygons[0] as number[][][])))
    for (let n = 0; n < 2000; n++) {
      const x = rand() * 50 - 5
      const y = rand() * 42 - 5
      let want = -1
      for (let i = 0; i < flat.length; i++) {
        if (pointInRings(x, y, flat[i]!.coords, flat[i]!.starts, 0, 1) !== OUTSIDE) {
          want = i
          break
        }
      }
      expect(idx.locate(x, y)).toBe(want)
    }
  })

  it("tests only the edges of a point's strip and still agrees with every edge, on vertices and edges too", () => {
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    // Jagged rings of 400 vertices on a quarter-unit grid (exact vertices, horizontal edges), one with a hole.
    const jagged = (cx: number, cy: number, r: number) => {
      const ring: number[][] = []
      for (let k = 0; k < 400; k++) {
        const a = (k / 400) * Math.PI * 2
        const rad = r * (0.7 + 0.3 * rand())
        ring.push([Math.round((cx + rad * Math.cos(a)) * 4) / 4, Math.round((cy + rad * Math.sin(a)) * 4) / 4])
      }
      ring.push(ring[0]!)
      return ring
    }
    const areas: IndexedArea[] = [
      { code: 'A', polygons: [[jagged(0, 0, 20), jagged(0, 0, 5).reverse()]] },
      { code: 'B', polygons: [[jagged(30, 5, 18)], [jagged(0, 0, 3)]] },
      { code: 'C', polygons: [[jagged(15, 25, 15)]] },
    ]
    const idx = PolygonIndex.build(areas)
    const flat = areas.map((a) => a.polygons.map((p) => rings(...(p as number[][][]))))
    const brute = (x: number, y: number) => {
      let edge = -1
      for (let i = 0; i < flat.length; i++) {
        let inside = false
        for (const { coords, starts } of flat[i]!) {
          const w = pointInRings(x, y, coords, starts, 0, starts.length - 1)
          if (w === INSIDE) inside = true
          else if (w === ON_EDGE && edge === -1) edge = i
        }
        if (inside) return i
      }
      return edge
    }
    const points: (readonly number[])[] = []
    for (const a of areas)
      for (const p of a.polygons)
        for (const r of p)
          for (let k = 0; k + 1 < r.length; k++) {
            points.push(r[k]!, [(r[k]![0]! + r[k + 1]![0]!) / 2, (r[k]![1]! + r[k + 1]![1]!) / 2])
          }
    for (let n = 0; n < 5000; n++) points.push([rand() * 70 - 22, rand() * 65 - 25])
    let onEdge = 0
    for (const [x, y] of points) {
      const want = brute(x!, y!)
      expect(idx.locate(x!, y!)).toBe(want)
      if (
        want !== -1 &&
        flat[want]!.some((f) => pointInRings(x!, y!, f.coords, f.starts, 0, f.starts.length - 1) === ON_EDGE)
      )
        onEdge++
    }
    expect(onEdge).toBeGreaterThan(1000)
  })

  it('stores as bytes and answers the same when read back, aligned or not; rounding when built equals parsing the stored text', () => {
    let seed = 5
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const blob = (cx: number, cy: number) => {
      const ring: number[][] = []
      for (let k = 0; k < 60; k++) {
        const a = (k / 60) * Math.PI * 2
        ring.push([cx + (1 + rand()) * Math.cos(a) * 0.01, cy + (1 + rand()) * Math.sin(a) * 0.01])
      }
      ring.push(ring[0]!)
      return ring
    }
    const areas: IndexedArea[] = Array.from({ length: 40 }, (_, i) => ({
      code: `B${i}`,
      polygons: [[blob(-2 + (i % 8) * 0.015, 50.7 + Math.floor(i / 8) * 0.015)]],
    }))
    const built = PolygonIndex.build(areas, 1e7)
    const stored = PolygonIndex.build(
      areas.map((a) => ({ code: a.code, polygons: JSON.parse(positionsJson(a.polygons)) as number[][][][] })),
    )
    const bytes = indexToBytes(built.data())
    expect(bytes.equals(indexToBytes(stored.data()))).toBe(true)
    const odd = new Uint8Array(bytes.length + 3).subarray(3)
    odd.set(bytes)
    for (const back of [PolygonIndex.fromData(indexFromBytes(bytes)), PolygonIndex.fromData(indexFromBytes(odd))]) {
      expect(back.codes).toEqual(built.codes)
      for (let n = 0; n < 3000; n++) {
        const x = -2.02 + rand() * 0.15
        const y = 50.68 + rand() * 0.1
        expect(back.locate(x, y)).toBe(built.locate(x, y))
      }
    }
    expect(() => indexFromBytes(Buffer.from('not an index'))).toThrow(/not a stored point index/)
  })
})
