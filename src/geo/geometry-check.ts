import type { MultiPolygon } from './polygon-index'

export interface GeometryProblem {
  /** error: the feature cannot be used; repaired: fixed, and said so; warning: used as it is. */
  severity: 'error' | 'repaired' | 'warning'
  message: string
}

/**
 * Checks one feature's polygons and makes the repairs that cannot change what area it covers:
 * closing an unclosed ring and dropping repeated consecutive positions. Everything else is
 * reported, never silently changed. Self-intersections are warnings: point lookup reads rings
 * with the even-odd rule, which gives a deterministic answer inside a bow-tie.
 */
export function checkPolygons(input: MultiPolygon): { polygons: number[][][][]; problems: GeometryProblem[] } {
  const problems: GeometryProblem[] = []
  const polygons: number[][][][] = []
  // Repairs are tallied and reported once per feature: a dissolved district can hold hundreds of slivers.
  let repeated = 0
  let ringsWithRepeats = 0
  let closed = 0
  let holesDropped = 0
  let partsDropped = 0
  input.forEach((poly, pi) => {
    const rings: number[][][] = []
    let partDropped = false
    poly.forEach((ring, ri) => {
      if (partDropped) return
      const where = `${input.length > 1 ? `part ${pi + 1}, ` : ''}${ri === 0 ? 'outer ring' : `hole ${ri}`}`
      const positions: number[][] = []
      for (const pos of ring) {
        const x = pos[0]
        const y = pos[1]
        if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
          problems.push({
            severity: 'error',
            message: `${where}: a position is not a pair of numbers (${JSON.stringify(pos)})`,
          })
          return
        }
        const last = positions[positions.length - 1]
        if (last && last[0] === x && last[1] === y) continue
        // The file's own [x, y] is kept (a national set has a million); a position with a height is cut to two.
        positions.push(pos.length === 2 ? (pos as number[]) : [x, y])
      }
      if (ring.length > positions.length) {
        repeated += ring.length - positions.length
        ringsWithRepeats++
      }
      if (positions.length > 1) {
        const first = positions[0]!
        const last = positions[positions.length - 1]!
        if (first[0] !== last[0] || first[1] !== last[1]) {
          positions.push([first[0]!, first[1]!])
          closed++
        }
      }
      if (positions.length < 4 || ringArea(positions) === 0) {
        // A ring that encloses nothing cannot change what the feature covers: drop it and say so.
        if (ri === 0) {
          partDropped = true
          partsDropped++
        } else holesDropped++
        return
      }
      const crossing = firstSelfIntersection(positions)
      if (crossing) {
        problems.push({
          severity: 'warning',
          message: `${where} crosses itself near (${crossing[0].toFixed(6)}, ${crossing[1].toFixed(6)}); kept as it is, read with the even-odd rule`,
        })
      }
      rings.push(positions)
    })
    if (!partDropped && rings.length > 0) polygons.push(rings)
  })
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
  if (closed)
    problems.push({
      severity: 'repaired',
      message: `closed ${plural(closed, 'ring that was', 'rings that were')} not closed, by repeating the first position`,
    })
  if (repeated)
    problems.push({
      severity: 'repaired',
      message: `removed ${plural(repeated, 'repeated consecutive position', 'repeated consecutive positions')} (in ${plural(ringsWithRepeats, 'ring', 'rings')})`,
    })
  if (holesDropped)
    problems.push({
      severity: 'repaired',
      message: `dropped ${plural(holesDropped, 'hole', 'holes')} with no area (fewer than 3 distinct corners, or corners in a line)`,
    })
  if (partsDropped)
    problems.push({
      severity: 'repaired',
      message: `dropped ${plural(partsDropped, 'part', 'parts')} with no area (fewer than 3 distinct corners, or corners in a line)`,
    })
  if (polygons.length === 0 && !problems.some((p) => p.severity === 'error'))
    problems.push({ severity: 'error', message: 'has no area: no ring encloses anything' })
  return { polygons, problems }
}

function segmentsCross(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): [number, number] | undefined {
  const d = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx)
  if (d === 0) return undefined
  const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / d
  const u = ((cx - ax) * (by - ay) - (cy - ay) * (bx - ax)) / d
  if (t > 0 && t < 1 && u > 0 && u < 1) return [ax + t * (bx - ax), ay + t * (by - ay)]
  return undefined
}

/**
 * The first proper crossing between two non-adjacent edges of a closed ring: sort and sweep — the
 * edges in order of their left ends, each tested only against those that start before it ends
 * (O(n log n) plus the pairs whose boxes overlap), with no allocation beyond two typed arrays.
 */
export function firstSelfIntersection(ring: readonly (readonly number[])[]): [number, number] | undefined {
  const n = ring.length - 1
  if (n < 4) return undefined
  const minX = new Float64Array(n)
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    minX[i] = Math.min(ring[i]![0]!, ring[i + 1]![0]!)
    order[i] = i
  }
  order.sort((a, b) => minX[a]! - minX[b]!)
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi]!
    const a = ring[i]!
    const b = ring[i + 1]!
    const maxX = Math.max(a[0]!, b[0]!)
    const lo = Math.min(a[1]!, b[1]!)
    const hi = Math.max(a[1]!, b[1]!)
    for (let oj = oi + 1; oj < n; oj++) {
      const j = order[oj]!
      if (minX[j]! > maxX) break
      // Neighbouring edges share a corner by construction: not a crossing.
      if (j === i + 1 || i === j + 1 || (i === 0 && j === n - 1) || (j === 0 && i === n - 1)) continue
      const c = ring[j]!
      const d = ring[j + 1]!
      if (Math.max(c[1]!, d[1]!) < lo || Math.min(c[1]!, d[1]!) > hi) continue
      const hit =
        i < j
          ? segmentsCross(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!, d[0]!, d[1]!)
          : segmentsCross(c[0]!, c[1]!, d[0]!, d[1]!, a[0]!, a[1]!, b[0]!, b[1]!)
      if (hit) return hit
    }
  }
  return undefined
}

function ringArea(ring: readonly (readonly number[])[]): number {
  let s = 0
  for (let k = 0; k < ring.length - 1; k++) s += ring[k]![0]! * ring[k + 1]![1]! - ring[k + 1]![0]! * ring[k]![1]!
  return Math.abs(s / 2)
}
