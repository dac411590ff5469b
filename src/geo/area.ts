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
