import { describe, expect, it } from 'vitest'
import { bbox, overlapArea, planarArea, projectedArea, scaledArea } from './area'
import { checkPolygons, firstSelfIntersection } from './geometry-check'
import {
  bngToWgs84,
  crsFromExtent,
  crsFromName,
  mapPositions,
  positionsJson,
  roundPositions,
  wgs84ToBng,
  wgs84ToBngProj4,
} from './projection'

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
]

describe('geometry checks', () => {
  it('closes an unclosed ring and says so', () => {
    const { polygons, problems } = checkPolygons([
      [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    ])
    expect(polygons[0]![0]).toHaveLength(5)
    expect(problems).toEqual([
      { severity: 'repaired', message: 'closed 1 ring that was not closed, by repeating the first position' },
    ])
  })

  it('reports a self-intersecting ring (bow tie) with where it crosses', () => {
    const { problems } = checkPolygons([
      [
        [
          [0, 0],
          [4, 4],
          [4, 0],
          [0, 2],
          [0, 0],
        ],
      ],
    ])
    expect(problems).toEqual([
      {
        severity: 'warning',
        message: 'outer ring crosses itself near (1.333333, 1.333333); kept as it is, read with the even-odd rule',
      },
    ])
  })

  it('drops rings that enclose nothing, saying so, and rejects a feature left with no area or non-numbers', () => {
    const sliver = checkPolygons([
      [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 0],
        ],
        [
          [1, 1],
          [2, 2],
          [1, 1],
        ],
      ],
    ])
    expect(sliver.polygons[0]).toHaveLength(1)
    expect(sliver.problems).toEqual([
      {
        severity: 'repaired',
        message: 'dropped 1 hole with no area (fewer than 3 distinct corners, or corners in a line)',
      },
    ])
    const line = checkPolygons([
      [
        [
          [0, 0],
          [1, 1],
          [2, 2],
          [0, 0],
        ],
      ],
    ])
    expect(line.problems.map((p) => p.message)).toEqual([
      'dropped 1 part with no area (fewer than 3 distinct corners, or corners in a line)',
      'has no area: no ring encloses anything',
    ])
    expect(
      checkPolygons([
        [
          [
            [0, 0],
            ['a', 1],
            [1, 1],
            [0, 0],
          ] as never,
        ],
      ]).problems[0]!.message,
    ).toContain('is not a pair of numbers')
  })

  it('finds no crossing in a simple ring', () => {
    expect(firstSelfIntersection(square(0, 0, 5, 5))).toBeUndefined()
  })
})

describe('areas', () => {
  it('measures area with holes and the overlap of two squares', () => {
    expect(planarArea([[square(0, 0, 10, 10), square(2, 2, 4, 4)]])).toBe(96)
    expect(overlapArea([[square(0, 0, 10, 10)]], [[square(5, 0, 15, 10)]])).toBeCloseTo(50)
    expect(bbox([[square(1, 2, 3, 4)]])).toEqual([1, 2, 3, 4])
  })
})

describe('projection', () => {
  it('converts British National Grid to WGS84 and back within a metre', () => {
    // OS trig point values for SU 00000 00000 area: the projection's origin meridian (2°W).
    const [lon, lat] = bngToWgs84(400000, 100000)
    expect(lon).toBeCloseTo(-2.0014, 3)
    expect(lat).toBeCloseTo(50.7996, 3)
    const [x, y] = wgs84ToBng(lon, lat)
    expect(Math.abs(x - 400000)).toBeLessThan(1)
    expect(Math.abs(y - 100000)).toBeLessThan(1)
  })

  it('reads CRS names and guesses from extents', () => {
    expect(crsFromName('urn:ogc:def:crs:EPSG::27700')).toBe('bng')
    expect(crsFromName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe('wgs84')
    expect(crsFromExtent(-2.5, 50.5, -1.9, 51)).toBe('wgs84')
    expect(crsFromExtent(390000, 80000, 410000, 100000)).toBe('bng')
    expect(crsFromExtent(-1e7, 0, 1e7, 1)).toBeUndefined()
  })
})

describe('the boundary import fast paths agree with the plain ones', () => {
  const polys = [
    [
      [
        [-2.1234567891, 50.7],
        [-2.0, 50.7000000049],
        [-2.0, 50.8],
        [-2.1234567891, 50.7],
      ],
      [
        [-2.05, 50.72],
        [-2.04, 50.72],
        [-2.04, 50.73],
        [-2.05, 50.72],
      ],
    ],
    [
      [
        [-1.5, 51],
        [-1.4, 51],
        [-1.4, 51.1],
        [-1.5, 51],
      ],
    ],
  ]
  it('writes the rounded GeoJSON text in one pass', () => {
    expect(positionsJson(polys)).toBe(JSON.stringify(roundPositions(polys)))
    expect(positionsJson([])).toBe('[]')
    // Every kind of number: negative, whole, tiny (exponent form), a trailing zero, Greenwich.
    let seed = 3
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const values = [0, -0, 1e-7, -3e-7, 0.0000015, 1.5, -2, 180, -179.9999999, 0.1, 51.00000001, 1e-9]
    for (let i = 0; i < 20000; i++) values.push((rand() - 0.5) * 360 * 10 ** -Math.floor(rand() * 9))
    const ring = values.map((v, i) => [v, values[(i + 1) % values.length]!])
    expect(positionsJson([[ring]])).toBe(JSON.stringify(roundPositions([[ring]])))
  })
  it('measures the projected area without the projected copy', () => {
    expect(projectedArea(polys, wgs84ToBng)).toBeCloseTo(planarArea(mapPositions(polys, wgs84ToBng)), 6)
  })
  it('projects WGS84 to British National Grid as proj4 does, to a few millimetres', () => {
    let worst = 0
    for (let lat = 49.9; lat <= 60.9; lat += 0.37) {
      for (let lon = -8.2; lon <= 1.8; lon += 0.41) {
        const [a, b] = [wgs84ToBng(lon, lat), wgs84ToBngProj4(lon, lat)]
        worst = Math.max(worst, Math.hypot(a[0] - b[0], a[1] - b[1]))
      }
    }
    expect(worst).toBeLessThan(0.005)
  })
})

describe('areas in metres from longitude and latitude', () => {
  it('scales a feature by the projection at its centroid, within 0.01% of projecting every vertex, holes subtracted', async () => {
    const { readFileSync } = await import('node:fs')
    const { gunzipSync } = await import('node:zlib')
    const fc = JSON.parse(
      gunzipSync(
        readFileSync(new URL('../../demo/dorset/boundaries/localities-former-districts.geojson.gz', import.meta.url)),
      ).toString(),
    ) as {
      features: { geometry: { type: string; coordinates: number[][][][] | number[][][] } }[]
    }
    for (const f of fc.features) {
      const polys = (
        f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
      ) as number[][][][]
      const exact = projectedArea(polys, wgs84ToBng)
      expect(Math.abs(scaledArea(polys, wgs84ToBng) - exact) / exact).toBeLessThan(1e-4)
    }
    const holed = [
      [
        [
          [-2, 50],
          [-1.9, 50],
          [-1.9, 50.1],
          [-2, 50.1],
          [-2, 50],
        ],
        [
          [-1.96, 50.04],
          [-1.96, 50.06],
          [-1.94, 50.06],
          [-1.94, 50.04],
          [-1.96, 50.04],
        ],
      ],
    ]
    expect(scaledArea(holed, wgs84ToBng)).toBeCloseTo(projectedArea(holed, wgs84ToBng), -3)
  })
})
