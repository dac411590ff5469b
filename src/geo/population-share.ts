import { bbox, boxesOverlap, overlapArea, planarArea } from './area'
import { PolygonIndex, type MultiPolygon } from './polygon-index'

/** A small area with a population (an LSOA), in projected metres. */
export interface PopulatedArea {
  code: string
  polygons: MultiPolygon
  population: number
}

/**
 * How small areas (LSOAs) lie in larger ones (beats, localities), by area (docs/decisions.md,
 * "Population"): for each small area, the share of its own area inside each large area it
 * overlaps. Polygons in projected metres (British National Grid).
 */
export function areaShares(
  large: readonly { code: string; polygons: MultiPolygon }[],
  small: readonly PopulatedArea[],
): Map<string, Map<string, number>> {
  const largeBoxes = large.map((l) => ({ ...l, box: bbox(l.polygons) }))
  const index = PolygonIndex.build(large)
  const out = new Map<string, Map<string, number>>()
  for (const s of small) {
    const area = planarArea(s.polygons)
    if (area <= 0) continue
    // The usual case, a small area wholly inside one large one: every vertex in it (the polygon
    // clip, slow on detailed outlines, is left for small areas that are split or outside).
    const seen = new Set<number>()
    for (const p of s.polygons) for (const ring of p) for (const v of ring) seen.add(index.locate(v[0]!, v[1]!))
    if (seen.size === 1) {
      const only = [...seen][0]!
      // Wholly outside every area (an LSOA beyond the partnership's edge), or wholly inside one.
      if (only >= 0) out.set(s.code, new Map([[index.codes[only]!, 1]]))
      continue
    }
    const box = bbox(s.polygons)
    const m = sampledShares(s.polygons, box, index) ?? new Map<string, number>()
    if (!m.size) {
      // Too thin for the sample grid: the exact clip, against each large area's outline cut to the small one's box.
      for (const l of largeBoxes) {
        if (!boxesOverlap(box, l.box)) continue
        const share = Math.min(1, overlapArea(cropped(l.polygons, box), s.polygons) / area)
        if (share > 0) m.set(l.code, share)
      }
    }
    if (m.size) out.set(s.code, m)
  }
  return out
}

/** Sample points a side for a small area split between large ones: 64 cells, so shares to about 2%. */
const GRID = 8

/**
 * The shares of a small area split between large ones, estimated from a grid of points over its
 * box: each point inside the small area counts for the large area it lies in. Exact clipping of
 * every split LSOA against national beats took 80 s; this is a few hundred point lookups each.
 * Undefined when too few points land inside (a sliver), for the caller to clip exactly.
 */
function sampledShares(
  polygons: MultiPolygon,
  box: readonly number[],
  index: PolygonIndex,
): Map<string, number> | undefined {
  const self = PolygonIndex.build([{ code: 's', polygons }])
  const dx = (box[2]! - box[0]!) / GRID
  const dy = (box[3]! - box[1]!) / GRID
  const hits = new Map<number, number>()
  let inside = 0
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < GRID; j++) {
      const x = box[0]! + (i + 0.5) * dx
      const y = box[1]! + (j + 0.5) * dy
      if (self.locate(x, y) !== 0) continue
      inside++
      const at = index.locate(x, y)
      if (at >= 0) hits.set(at, (hits.get(at) ?? 0) + 1)
    }
  }
  if (inside < GRID) return undefined
  return new Map([...hits].map(([at, n]) => [index.codes[at]!, n / inside] as const))
}

/** Each large area's population: every small area gives it its population times the share of it inside. */
export function populationFromShares(
  shares: ReadonlyMap<string, ReadonlyMap<string, number>>,
  population: (code: string) => number,
): Map<string, number> {
  const out = new Map<string, number>()
  for (const [small, m] of shares)
    for (const [large, share] of m) out.set(large, (out.get(large) ?? 0) + share * population(small))
  return out
}

/**
 * The residents of each (beat, locality) pair, from both layers' shares of each small area: a
 * small area split between layers is assumed spread evenly over its own area, so its part in
 * both is its share in one times its share in the other. Exact for the usual case, a small area
 * wholly inside one locality.
 */
export function populationOfPairs(
  beats: ReadonlyMap<string, ReadonlyMap<string, number>>,
  localities: ReadonlyMap<string, ReadonlyMap<string, number>>,
  population: (code: string) => number,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>()
  for (const [small, inBeats] of beats) {
    const inLocalities = localities.get(small)
    if (!inLocalities) continue
    const people = population(small)
    for (const [beat, b] of inBeats) {
      const m = out.get(beat) ?? new Map<string, number>()
      for (const [loc, l] of inLocalities) m.set(loc, (m.get(loc) ?? 0) + people * b * l)
      out.set(beat, m)
    }
  }
  return out
}

/**
 * A polygon cut to a box (Sutherland–Hodgman, ring by ring): what lies outside the box cannot
 * overlap a small area inside it, and clipping a detailed outline (a district's coast) to an LSOA's
 * box first makes the exact overlap that follows hundreds of times cheaper. Rings that vanish are dropped.
 */
export function cropped(polys: MultiPolygon, box: readonly number[]): MultiPolygon {
  const [x0, y0, x1, y1] = [box[0]! - 1, box[1]! - 1, box[2]! + 1, box[3]! + 1]
  const clip = (
    ring: readonly (readonly number[])[],
    inside: (p: readonly number[]) => boolean,
    cross: (a: readonly number[], b: readonly number[]) => number[],
  ) => {
    const out: number[][] = []
    for (let i = 0; i < ring.length; i++) {
      const cur = ring[i]!
      const prev = ring[(i + ring.length - 1) % ring.length]!
      if (inside(cur)) {
        if (!inside(prev)) out.push(cross(prev, cur))
        out.push([cur[0]!, cur[1]!])
      } else if (inside(prev)) out.push(cross(prev, cur))
    }
    return out
  }
  const atX = (x: number) => (a: readonly number[], b: readonly number[]) => [
    x,
    a[1]! + ((b[1]! - a[1]!) * (x - a[0]!)) / (b[0]! - a[0]!),
  ]
  const atY = (y: number) => (a: readonly number[], b: readonly number[]) => [
    a[0]! + ((b[0]! - a[0]!) * (y - a[1]!)) / (b[1]! - a[1]!),
    y,
  ]
  const result: number[][][][] = []
  for (const p of polys) {
    const rings: number[][][] = []
    for (const [k, ring] of p.entries()) {
      let r: readonly (readonly number[])[] =
        ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1]
          ? ring.slice(0, -1)
          : ring
      r = clip(r, (q) => q[0]! >= x0, atX(x0))
      r = clip(r, (q) => q[0]! <= x1, atX(x1))
      r = clip(r, (q) => q[1]! >= y0, atY(y0))
      r = clip(r, (q) => q[1]! <= y1, atY(y1))
      if (r.length < 3) {
        if (k === 0) break
        continue
      }
      rings.push([...(r as number[][]), [r[0]![0]!, r[0]![1]!]])
    }
    if (rings.length) result.push(rings)
  }
  return result
}
