/**
 * Where a point lies against one polygon given as rings of interleaved x,y coordinates.
 * Rings are read with the even-odd rule (holes and multipolygon parts both work), and a point on
 * any edge is reported as ON_EDGE so the caller can apply a tie-break instead of an accident of
 * floating point. Pure: typed arrays in, a number out, no allocation.
 */
export const OUTSIDE = -1
export const ON_EDGE = 0
export const INSIDE = 1

const CROSSES = 2

/**
 * The edge from vertex j to vertex i against a ray from (x, y) to the right: ON_EDGE when the
 * point is on it (collinear within its box, or a vertex), CROSSES when the ray crosses it (the
 * even-odd count), OUTSIDE otherwise. Written with the cross product to avoid a division.
 */
function crossing(x: number, y: number, coords: Float64Array, i: number, j: number): number {
  const xi = coords[2 * i]!
  const yi = coords[2 * i + 1]!
  const xj = coords[2 * j]!
  const yj = coords[2 * j + 1]!
  if (yi > y !== yj > y) {
    const cross = (xj - xi) * (y - yi) - (x - xi) * (yj - yi)
    if (cross === 0) return ON_EDGE
    return cross > 0 === yj > yi ? CROSSES : OUTSIDE
  }
  if (yi === y && yj === y && (x - xi) * (x - xj) <= 0) return ON_EDGE
  if (xi === x && yi === y) return ON_EDGE
  return OUTSIDE
}

/**
 * @param coords all rings' coordinates, interleaved x,y
 * @param ringStarts index (in coordinate pairs) where each ring starts; ringStarts[r+1] ends it
 * @param firstRing, lastRing the polygon's rings: [firstRing, lastRing)
 */
export function pointInRings(
  x: number,
  y: number,
  coords: Float64Array,
  ringStarts: Uint32Array,
  firstRing: number,
  lastRing: number,
): number {
  let inside = false
  for (let r = firstRing; r < lastRing; r++) {
    const start = ringStarts[r]!
    const end = ringStarts[r + 1]!
    for (let i = start, j = end - 1; i < end; j = i++) {
      const c = crossing(x, y, coords, i, j)
      if (c === ON_EDGE) return ON_EDGE
      if (c === CROSSES) inside = !inside
    }
  }
  return inside ? INSIDE : OUTSIDE
}

/**
 * pointInRings() over a list of edges (pairs of vertex numbers: a vertex, the one before it in
 * its ring), entries [from, to) of `edges`: the same tests, for an index that keeps only the
 * edges whose y-range holds the point (no other edge changes the answer).
 */
export function pointInEdges(
  x: number,
  y: number,
  coords: Float64Array,
  edges: Uint32Array,
  from: number,
  to: number,
): number {
  let inside = false
  for (let k = from; k < to; k++) {
    const c = crossing(x, y, coords, edges[2 * k]!, edges[2 * k + 1]!)
    if (c === ON_EDGE) return ON_EDGE
    if (c === CROSSES) inside = !inside
  }
  return inside ? INSIDE : OUTSIDE
}
