import { INSIDE, ON_EDGE, OUTSIDE, pointInEdges } from './point-in-ring'

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
  private readonly d: IndexData

  private constructor(d: IndexData) {
    this.d = d
    this.codes = d.codes
  }

  /** The index as plain typed arrays, to send to a worker thread (structured clone copies them, no rebuild). */
  data(): IndexData {
    return this.d
  }

  static fromData(d: IndexData): PolygonIndex {
    return new PolygonIndex(d)
  }

  /** The bytes an index was read from (fromBytes), when it was: their arrays are views on them. */
  bytes: Uint8Array | undefined

  /** An index read from indexToBytes() bytes, keeping them (share them with worker threads as they are). */
  static fromBytes(bytes: Uint8Array): PolygonIndex {
    const index = new PolygonIndex(indexFromBytes(bytes))
    index.bytes = bytes
    return index
  }

  /**
   * `scale` rounds every coordinate to 1 / scale first (1e7: the seven decimals boundaries are
   * stored with), so an index built from the parsed file answers as one built from the stored text.
   */
  static build(areas: readonly IndexedArea[], scale?: number): PolygonIndex {
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
    const polyBox = new Float64Array(nPolys * 4)
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
            const x = scale ? Math.round(pos[0]! * scale) / scale : pos[0]!
            const y = scale ? Math.round(pos[1]! * scale) / scale : pos[1]!
            coords[2 * pt] = x
            coords[2 * pt + 1] = y
            pt++
            if (x < minX) minX = x
            if (y < minY) minY = y
            if (x > maxX) maxX = x
            if (y > maxY) maxY = y
          }
        }
        polyBox.set([minX, minY, maxX, maxY], poly * 4)
        poly++
      }
    })
    ringStarts[ring] = pt
    polyFirstRing[poly] = ring
    return new PolygonIndex({
      codes: sorted.map((a) => a.code),
      coords,
      ringStarts,
      polyFirstRing,
      polyArea,
      polyBox,
      grid: boxGrid(polyBox),
      strips: edgeStrips(coords, ringStarts, polyFirstRing),
    })
  }

  /** The index (into `codes`) of the area holding the point, or -1. */
  locate(x: number, y: number): number {
    const { grid, polyBox, polyArea } = this.d
    const cell = gridCell(grid, x, y)
    if (cell === -1) return -1
    let edge = -1
    // A cell lists its polygons in area order: the first holding the point inside is the lowest code,
    // and the first with the point on its edge wins only if none holds it inside.
    for (let k = grid.cellStart[cell]!, end = grid.cellStart[cell + 1]!; k < end; k++) {
      const poly = grid.cellPolys[k]!
      const b = poly * 4
      if (x < polyBox[b]! || y < polyBox[b + 1]! || x > polyBox[b + 2]! || y > polyBox[b + 3]!) continue
      const area = polyArea[poly]!
      const where = this.where(poly, x, y)
      if (where === INSIDE) return area
      if (where === ON_EDGE && edge === -1) edge = area
    }
    return edge
  }

  /** Where the point lies against one polygon, testing only the edges of the strip its y falls in. */
  private where(poly: number, x: number, y: number): number {
    const st = this.d.strips
    const first = st.polyStrip[poly]!
    const n = st.polyStrip[poly + 1]! - first
    const minY = st.minY[poly]!
    if (y < minY || y > st.maxY[poly]!) return OUTSIDE
    let k = Math.floor((y - minY) * st.scale[poly]!)
    if (k >= n) k = n - 1
    const s = first + k
    return pointInEdges(x, y, this.d.coords, st.edges, st.stripStart[s]!, st.stripStart[s + 1]!)
  }
}

const ARRAYS = ['coords', 'ringStarts', 'polyFirstRing', 'polyArea', 'polyBox'] as const
const GRID_ARRAYS = ['cellStart', 'cellPolys'] as const
const STRIP_ARRAYS = ['polyStrip', 'minY', 'maxY', 'scale', 'stripStart', 'edges'] as const
const MAGIC = 0x31584950 // "PIX1"

/**
 * A built index as bytes, to store with its boundary set and load without parsing or building:
 * "PIX1", the length of a JSON header (codes, the grid's numbers, each array's type and place),
 * then the arrays, each at a multiple of 8 bytes.
 */
export function indexToBytes(d: IndexData): Buffer {
  const arrays: [string, Float64Array | Uint32Array][] = [
    ...ARRAYS.map((k) => [k, d[k]] as [string, Float64Array | Uint32Array]),
    ...GRID_ARRAYS.map((k) => [`grid.${k}`, d.grid[k]] as [string, Uint32Array]),
    ...STRIP_ARRAYS.map((k) => [`strips.${k}`, d.strips[k]] as [string, Float64Array | Uint32Array]),
  ]
  const { cellStart: _s, cellPolys: _p, ...gridNumbers } = d.grid
  let at = 0
  const places = arrays.map(([name, a]) => {
    const place = { name, type: a instanceof Float64Array ? 'f64' : 'u32', at, length: a.length }
    at += Math.ceil(a.byteLength / 8) * 8
    return place
  })
  const header = Buffer.from(JSON.stringify({ codes: d.codes, grid: gridNumbers, places }))
  const start = Math.ceil((8 + header.length) / 8) * 8
  const out = Buffer.alloc(start + at)
  out.writeUInt32LE(MAGIC, 0)
  out.writeUInt32LE(header.length, 4)
  header.copy(out, 8)
  arrays.forEach(([, a], i) => out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + places[i]!.at))
  return out
}

/** indexToBytes() read back: the arrays are views on the bytes (copied once if they are not 8-byte aligned). */
export function indexFromBytes(bytes: Uint8Array): IndexData {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.length < 8 || view.readUInt32LE(0) !== MAGIC) throw new Error('not a stored point index')
  const headerLength = view.readUInt32LE(4)
  const header = JSON.parse(view.toString('utf8', 8, 8 + headerLength)) as {
    codes: string[]
    grid: Omit<BoxGrid, 'cellStart' | 'cellPolys'>
    places: { name: string; type: 'f64' | 'u32'; at: number; length: number }[]
  }
  const start = Math.ceil((8 + headerLength) / 8) * 8
  let buf = bytes
  if (bytes.byteOffset % 8 !== 0) buf = new Uint8Array(bytes)
  const arrays = new Map(
    header.places.map((p) => {
      const offset = buf.byteOffset + start + p.at
      const a =
        p.type === 'f64'
          ? new Float64Array(buf.buffer, offset, p.length)
          : new Uint32Array(buf.buffer, offset, p.length)
      return [p.name, a] as const
    }),
  )
  const get = <T>(name: string) => arrays.get(name) as T
  return {
    codes: header.codes,
    coords: get('coords'),
    ringStarts: get('ringStarts'),
    polyFirstRing: get('polyFirstRing'),
    polyArea: get('polyArea'),
    polyBox: get('polyBox'),
    grid: { ...header.grid, cellStart: get('grid.cellStart'), cellPolys: get('grid.cellPolys') },
    strips: {
      polyStrip: get('strips.polyStrip'),
      minY: get('strips.minY'),
      maxY: get('strips.maxY'),
      scale: get('strips.scale'),
      stripStart: get('strips.stripStart'),
      edges: get('strips.edges'),
    },
  }
}

/** A built index as typed arrays (see PolygonIndex.data()). */
export interface IndexData {
  codes: string[]
  coords: Float64Array
  ringStarts: Uint32Array
  /** Per polygon: its first ring (polyFirstRing[p + 1] ends it), its area, its box (minX, minY, maxX, maxY). */
  polyFirstRing: Uint32Array
  polyArea: Uint32Array
  polyBox: Float64Array
  grid: BoxGrid
  strips: EdgeStrips
}

/**
 * A uniform grid over the polygons' extent, each cell listing (in polygon order) the polygons
 * whose box meets it: a point's candidates in one lookup, with nothing allocated per point.
 */
interface BoxGrid {
  minX: number
  minY: number
  cols: number
  rows: number
  /** Cells per unit of x and of y. */
  sx: number
  sy: number
  maxX: number
  maxY: number
  cellStart: Uint32Array
  cellPolys: Uint32Array
}

function gridCell(g: BoxGrid, x: number, y: number): number {
  if (!(x >= g.minX && x <= g.maxX && y >= g.minY && y <= g.maxY)) return -1
  let c = Math.floor((x - g.minX) * g.sx)
  let r = Math.floor((y - g.minY) * g.sy)
  if (c >= g.cols) c = g.cols - 1
  if (r >= g.rows) r = g.rows - 1
  return r * g.cols + c
}

function boxGrid(box: Float64Array): BoxGrid {
  const n = box.length / 4
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let p = 0; p < n; p++) {
    minX = Math.min(minX, box[p * 4]!)
    minY = Math.min(minY, box[p * 4 + 1]!)
    maxX = Math.max(maxX, box[p * 4 + 2]!)
    maxY = Math.max(maxY, box[p * 4 + 3]!)
  }
  // About four cells a polygon, shaped like the extent.
  const w = maxX - minX || 1
  const h = maxY - minY || 1
  const cells = Math.max(1, n * 4)
  const cols = Math.max(1, Math.round(Math.sqrt((cells * w) / h)))
  const rows = Math.max(1, Math.round(cells / cols))
  const g: BoxGrid = {
    minX,
    minY,
    maxX,
    maxY,
    cols,
    rows,
    sx: cols / w,
    sy: rows / h,
    cellStart: new Uint32Array(cols * rows + 1),
    cellPolys: new Uint32Array(0),
  }
  const visit = (place: (cell: number, p: number) => void) => {
    for (let p = 0; p < n; p++) {
      // The same formula as a point's cell, so every cell a point of the box can fall in is listed.
      const lo = gridCell(g, box[p * 4]!, box[p * 4 + 1]!)
      const hi = gridCell(g, box[p * 4 + 2]!, box[p * 4 + 3]!)
      const c0 = lo % cols
      const c1 = hi % cols
      for (let r = Math.floor(lo / cols); r <= Math.floor(hi / cols); r++)
        for (let c = c0; c <= c1; c++) place(r * cols + c, p)
    }
  }
  const count = g.cellStart
  visit((cell) => count[cell + 1]!++)
  for (let c = 0; c < cols * rows; c++) count[c + 1]! += count[c]!
  const at = count.slice(0, cols * rows)
  g.cellPolys = new Uint32Array(count[cols * rows]!)
  visit((cell, p) => (g.cellPolys[at[cell]!++] = p))
  return g
}

/**
 * Each polygon's edges by horizontal strip: an edge is listed in every strip its y-range meets,
 * so a point's strip holds every edge that can cross its ray or hold it (the even-odd test needs
 * no other), about a sixteenth of a jagged polygon's edges. Strip numbers come from the same
 * monotone formula for edges and points, so no edge is missed at a strip's border.
 */
interface EdgeStrips {
  /** Per polygon: its first strip; polyStrip[p + 1] ends it. */
  polyStrip: Uint32Array
  minY: Float64Array
  maxY: Float64Array
  /** Strips per unit of y. */
  scale: Float64Array
  /** Per strip: where its edges start in `edges`. */
  stripStart: Uint32Array
  /** Edges as pairs of vertex numbers (this one, the one before it in the ring). */
  edges: Uint32Array
}

function edgeStrips(coords: Float64Array, ringStarts: Uint32Array, polyFirstRing: Uint32Array): EdgeStrips {
  const nPolys = polyFirstRing.length - 1
  const polyStrip = new Uint32Array(nPolys + 1)
  const minY = new Float64Array(nPolys)
  const maxY = new Float64Array(nPolys)
  const scale = new Float64Array(nPolys)
  let strips = 0
  for (let p = 0; p < nPolys; p++) {
    const from = ringStarts[polyFirstRing[p]!]!
    const to = ringStarts[polyFirstRing[p + 1]!]!
    let lo = Infinity
    let hi = -Infinity
    for (let i = from; i < to; i++) {
      const y = coords[2 * i + 1]!
      if (y < lo) lo = y
      if (y > hi) hi = y
    }
    const n = Math.max(1, Math.min(64, Math.round(Math.sqrt(to - from) / 1.5)))
    polyStrip[p] = strips
    minY[p] = lo
    maxY[p] = hi
    scale[p] = hi > lo ? n / (hi - lo) : 0
    strips += n
  }
  polyStrip[nPolys] = strips
  const stripOf = (p: number, y: number) => {
    const k = Math.floor((y - minY[p]!) * scale[p]!)
    const n = polyStrip[p + 1]! - polyStrip[p]!
    return polyStrip[p]! + (k >= n ? n - 1 : k)
  }
  // Two passes: count each strip's edges, then place them.
  const count = new Uint32Array(strips + 1)
  const visit = (place: (s: number, i: number, j: number) => void) => {
    for (let p = 0; p < nPolys; p++) {
      for (let r = polyFirstRing[p]!; r < polyFirstRing[p + 1]!; r++) {
        const start = ringStarts[r]!
        const end = ringStarts[r + 1]!
        for (let i = start, j = end - 1; i < end; j = i++) {
          const a = coords[2 * i + 1]!
          const b = coords[2 * j + 1]!
          const last = stripOf(p, a > b ? a : b)
          for (let s = stripOf(p, a > b ? b : a); s <= last; s++) place(s, i, j)
        }
      }
    }
  }
  visit((s) => count[s + 1]!++)
  for (let s = 0; s < strips; s++) count[s + 1]! += count[s]!
  const stripStart = count.slice()
  const edges = new Uint32Array(count[strips]! * 2)
  const at = count.subarray(0, strips).slice()
  visit((s, i, j) => {
    const k = at[s]!++
    edges[2 * k] = i
    edges[2 * k + 1] = j
  })
  return { polyStrip, minY, maxY, scale, stripStart, edges }
}
