import { intersection } from 'polyclip-ts'
import type { MultiPolygon } from './polygon-index'

/** Planar area by the shoelace formula, holes subtracted (even-odd). Use projected metres. */
export function planarArea(polys: MultiPolygon): number {
  let total = 0
  for (const p of polys) {
    p.forEach((ring, i) => {
      let s = 0
      for (let k = 0; k < ring.length - 1; k++) s += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!
      total += (i === 0 ? 1 : -1) * Math.abs(s / 2)
    })
  }
  return total
}

/**
 * The planar area of polygons after a projection, each vertex projected as it is read: the same
 * figure as planarArea(mapPositions(polys, f)) without building the projected copy.
 */
export function projectedArea(polys: MultiPolygon, f: (x: number, y: number) => [number, number]): number {
  let total = 0
  for (const p of polys) {
    for (let ri = 0; ri < p.length; ri++) {
      const ring = p[ri]!
      let s = 0
      let [px, py] = f(ring[0]![0]!, ring[0]![1]!)
      for (let k = 1; k < ring.length; k++) {
        const [x, y] = f(ring[k]![0]!, ring[k]![1]!)
        s += px * y - x * py
        px = x
        py = y
      }
      total += (ri === 0 ? 1 : -1) * Math.abs(s / 2)
    }
  }
  return total
}

/**
 * The area polygons in longitude/latitude would have after a smooth projection (WGS84 to British
 * National Grid), from their planar area in degrees times the projection's areal scale at their
 * centroid (the determinant of its Jacobian, from three projected points). The scale varies
 * smoothly, so over an area the size of a beat or a district the first-order error cancels at the
 * centroid and what remains is of the order of (size / Earth's radius)²: under 0.01% for a whole
 * county (tested against projecting every vertex). A national set of beats has a million vertices;
 * this projects three points a feature.
 */
export function scaledArea(polys: MultiPolygon, f: (x: number, y: number) => [number, number]): number {
  let area = 0
  let cx = 0
  let cy = 0
  for (const p of polys) {
    for (let ri = 0; ri < p.length; ri++) {
      const ring = p[ri]!
      let s = 0
      let sx = 0
      let sy = 0
      for (let k = 0; k < ring.length - 1; k++) {
        const [x0, y0] = [ring[k]![0]!, ring[k]![1]!]
        const [x1, y1] = [ring[k + 1]![0]!, ring[k + 1]![1]!]
        const c = x0 * y1 - x1 * y0
        s += c
        sx += (x0 + x1) * c
        sy += (y0 + y1) * c
      }
      // Outer rings add, holes subtract, whichever way they wind.
      const sign = (ri === 0 ? 1 : -1) * Math.sign(s)
      area += (sign * s) / 2
      cx += (sign * sx) / 6
      cy += (sign * sy) / 6
    }
  }
  if (area <= 0) return 0
  cx /= area
  cy /= area
  const h = 1e-4
  const [x0, y0] = f(cx, cy)
  const [x1, y1] = f(cx + h, cy)
  const [x2, y2] = f(cx, cy + h)
  const det = ((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)) / (h * h)
  return area * Math.abs(det)
}

/** The overlap of two multipolygons, through polyclip-ts. */
export function intersectionOf(a: MultiPolygon, b: MultiPolygon): MultiPolygon {
  if (!a.length || !b.length) return []
  return intersection(a as [number, number][][][], b as [number, number][][][])
}

/** Area of the overlap of two multipolygons (projected metres). */
export function overlapArea(a: MultiPolygon, b: MultiPolygon): number {
  return planarArea(intersectionOf(a, b))
}

/** Whether two boxes [minX, minY, maxX, maxY] overlap: the cheap test before an intersection. */
export function boxesOverlap(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!
}

export function bbox(polys: MultiPolygon): [number, number, number, number] {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const p of polys)
    for (const r of p)
      for (const pos of r) {
        if (pos[0]! < minX) minX = pos[0]!
        if (pos[1]! < minY) minY = pos[1]!
        if (pos[0]! > maxX) maxX = pos[0]!
        if (pos[1]! > maxY) maxY = pos[1]!
      }
  return [minX, minY, maxX, maxY]
}
