import Flatbush from 'flatbush'
import { INSIDE, ON_EDGE, pointInRings } from './point-in-ring'

/** A ring as [x, y] positions; a polygon as rings (outer first, then holes); an area as polygons. */
export type Ring = readonly (readonly number[])[]
export type Polygon = readonly Ring[]
export type MultiPolygon = readonly Polygon[]

export interface IndexedArea {
  code: string
  polygons: MultiPolygon
}

/**
 * A build-once, query-many index of areas (beats, localities) for point lookup.
 *
 * Tie-break, documented and deterministic: a point strictly inside one or more areas goes to the
 * one whose code sorts first; a point inside none but on the edge of one or more (a shared beat
 * boundary, a vertex) also goes to the one whose code sorts first. A point in no area returns -1.
 * Results are indices into `codes`, which is sorted, so the rule is "lowest index wins".
 */
export class PolygonIndex {
  readonly codes: readonly string[]
  private readonly coords: Float64Array
  private readonly ringStarts: Uint32Array
  /** Per polygon: its first ring, and the area it belongs to. */
  private readonly polyFirstRing: Uint32Array
  private readonly polyArea: Uint32Array
  private readonly tree: Flatbush | undefined

  private constructor(
    codes: string[],
    coords: Float64Array,
    ringStarts: Uint32Array,
    polyFirstRing: Uint32Array,
    polyArea: Uint32Array,
    tree: Flatbush | undefined,
  ) {
    this.codes = codes
    this.coords = coords
    this.ringStarts = ringStarts
    this.polyFirstRing = polyFirstRing
    this.polyArea = polyArea
    this.tree = tree
  }

  static build(areas: readonly IndexedArea[]): PolygonIndex {
    const sorted = [...areas].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.code === sorted[i - 1]!.code)
        throw new Error(`Two areas share the code ${sorted[i]!.code}; codes must be unique.`)
    }
    let nPoints = 0
    let nRings = 0
    let nPolys = 0
    for (const a of sorted) {
      for (const p of a.polygons) {
        nPolys++
        for (const r of p) {
          nRings++
          nPoints += r.length
        }
      }
    }
    const coords = new Float64Array(nPoints * 2)
    const ringStarts = new Uint32Array(nRings + 1)
    const polyFirstRing = new Uint32Array(nPolys + 1)
    const polyArea = new Uint32Array(nPolys)
    const tree = nPolys > 0 ? new Flatbush(nPolys) : undefined
    let pt = 0
    let ring = 0
    let poly = 0
    sorted.forEach((a, areaIndex) => {
      for (const p of a.polygons) {
        polyFirstRing[poly] = ring
        polyArea[poly] = areaIndex
        let minX = Infinity
        let minY = Infinity
        let maxX = -Infinity
        let maxY = -Infinity
        for (const r of p) {
          ringStarts[ring++] = pt
          for (const pos of r) {
            const x = pos[0]!
            const y = pos[1]!
            coords[2 * pt] = x
            coords[2 * pt + 1] = y
            pt++
            if (x < minX) minX = x
            if (y < minY) minY = y
            if (x > maxX) maxX = x
            if (y > maxY) maxY = y
          }
        }
        tree!.add(minX, minY, maxX, maxY)
        poly++
      }
    })
    ringStarts[ring] = pt
    polyFirstRing[poly] = ring
    tree?.finish()
    return new PolygonIndex(
      sorted.map((a) => a.code),
      coords,
      ringStarts,
      polyFirstRing,
      polyArea,
      tree,
    )
  }

  /** The index (into `codes`) of the area holding the point, or -1. */
  locate(x: number, y: number): number {
    if (!this.tree) return -1
    const candidates = this.tree.search(x, y, x, y)
    let inside = -1
    let edge = -1
    for (const poly of candidates) {
      const area = this.polyArea[poly]!
      if (inside !== -1 && area >= inside) continue
      const where = pointInRings(
        x,
        y,
        this.coords,
        this.ringStarts,
        this.polyFirstRing[poly]!,
        this.polyFirstRing[poly + 1]!,
      )
      if (where === INSIDE) inside = area
      else if (where === ON_EDGE && (edge === -1 || area < edge)) edge = area
    }
    return inside !== -1 ? inside : edge
  }
}
