// A static vector map of areas for reports: no tile server, no script. Areas are shaded by a
// band colour, some outlined and named (hotspots), an overlay of larger areas drawn over them
// and named (localities); a scale bar, north arrow, legend, attribution and caveat are drawn in
// the picture itself, so the Word image carries them too. Drawn on the British National Grid,
// so a kilometre is the same length across and up and the scale bar is true.
import type { MultiPolygon } from '../../geo/polygon-index'
import { wgs84ToBng } from '../../geo/projection'
import { escapeHtml } from '../views'

export interface MapArea {
  code: string
  name: string
  /** WGS84 longitude/latitude, as boundaries are stored. */
  polygons: MultiPolygon
  fill: string
  /** Drawn with a heavy outline and named (up to `maxLabels`). */
  outline?: boolean
}

export interface AreaMapOptions {
  id: string
  title: string
  desc: string
  areas: readonly MapArea[]
  /** Larger areas drawn over the rest as dashed outlines with their names (localities). */
  overlays?: readonly { code: string; name: string; polygons: MultiPolygon }[]
  /** Swatches: a fill, or an outline (solid for hotspots, dashed for the overlay). */
  legend: readonly { label: string; colour: string; line?: 'solid' | 'dashed' }[]
  attribution: string
  caveat: string
  /** Outlined areas named on the map, in the order given; the rest are in the table. */
  maxLabels?: number
  width?: number
}

type Pt = [number, number]
type Ring = Pt[]

const FONT = 'font-family="Arial, Liberation Sans, Helvetica, sans-serif"'

function project(polygons: MultiPolygon): Ring[][] {
  return polygons.map((poly) => poly.map((ring) => ring.map(([x, y]) => wgs84ToBng(x!, y!))))
}

function ringArea(r: Ring): number {
  let a = 0
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j]![0] + r[i]![0]) * (r[j]![1] - r[i]![1])
  return a / 2
}

/** A point inside the largest outer ring, near its middle: the centroid, or if that falls outside, the widest horizontal run's midpoint through it. */
function labelPoint(polys: Ring[][]): Pt | null {
  let best: Ring | null = null
  let bestArea = 0
  for (const p of polys) {
    const a = p[0] ? Math.abs(ringArea(p[0])) : 0
    if (a > bestArea) {
      bestArea = a
      best = p[0]!
    }
  }
  if (!best || bestArea === 0) return null
  let cx = 0
  let cy = 0
  let a6 = 0
  for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
    const [x0, y0] = best[j]!
    const [x1, y1] = best[i]!
    const f = x0 * y1 - x1 * y0
    cx += (x0 + x1) * f
    cy += (y0 + y1) * f
    a6 += f
  }
  cx /= 3 * a6
  cy /= 3 * a6
  // The horizontal line through the centroid: take the longest run inside the ring.
  const xs: number[] = []
  for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
    const [x0, y0] = best[j]!
    const [x1, y1] = best[i]!
    if (y0 > cy !== y1 > cy) xs.push(x0 + ((cy - y0) * (x1 - x0)) / (y1 - y0))
  }
  xs.sort((a, b) => a - b)
  let run: Pt | null = null
  let runLength = -1
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const inside = xs[i]! <= cx && cx <= xs[i + 1]!
    if (inside) return [cx, cy]
    if (xs[i + 1]! - xs[i]! > runLength) {
      runLength = xs[i + 1]! - xs[i]!
      run = [(xs[i]! + xs[i + 1]!) / 2, cy]
    }
  }
  return run ?? [cx, cy]
}

/** Outlines are simplified to within this many pixels: finer than that cannot be seen in print. */
const TOLERANCE_PX = 0.4

/** Douglas–Peucker on screen points: the ring's shape within the tolerance, its first and last points kept. */
function simplify(pts: Pt[], tolerance: number): Pt[] {
  if (pts.length <= 4) return pts
  const keep = new Uint8Array(pts.length)
  keep[0] = 1
  keep[pts.length - 1] = 1
  const t2 = tolerance * tolerance
  const stack: [number, number][] = [[0, pts.length - 1]]
  while (stack.length) {
    const [a, b] = stack.pop()!
    const [ax, ay] = pts[a]!
    const [bx, by] = pts[b]!
    const dx = bx - ax
    const dy = by - ay
    const len2 = dx * dx + dy * dy
    let worst = -1
    let worstD = t2
    for (let i = a + 1; i < b; i++) {
      const [x, y] = pts[i]!
      let d: number
      if (len2 === 0) d = (x - ax) ** 2 + (y - ay) ** 2
      else {
        const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2))
        d = (ax + t * dx - x) ** 2 + (ay + t * dy - y) ** 2
      }
      if (d > worstD) {
        worstD = d
        worst = i
      }
    }
    if (worst !== -1) {
      keep[worst] = 1
      stack.push([a, worst], [worst, b])
    }
  }
  return pts.filter((_, i) => keep[i])
}

/** A round scale-bar length in metres, at most a quarter of the map's width. */
function scaleLength(metresAcross: number): number {
  const steps = [100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000]
  let pick = steps[0]!
  for (const s of steps) if (s <= metresAcross / 4) pick = s
  return pick
}

export function areaMapSvg(o: AreaMapOptions): string {
  const W = o.width ?? 760
  const maxLabels = o.maxLabels ?? 12
  const areas = o.areas.map((a) => ({ ...a, rings: project(a.polygons) }))
  const overlays = (o.overlays ?? []).map((a) => ({ ...a, rings: project(a.polygons) }))
  if (!areas.length) return ''
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const a of areas)
    for (const p of a.rings)
      for (const [x, y] of p[0] ?? []) {
        if (x < minX) minX = x
        if (x > maxX) maxX = x
        if (y < minY) minY = y
        if (y > maxY) maxY = y
      }
  const pad = 12
  const mapW = W - 2 * pad
  const maxH = Math.round(W * 1.1)
  const spanX = Math.max(maxX - minX, 1)
  const spanY = Math.max(maxY - minY, 1)
  const k = Math.min(mapW / spanX, (maxH - 2 * pad) / spanY)
  const mapH = Math.ceil(spanY * k) + 2 * pad
  const ox = pad + (mapW - spanX * k) / 2
  const px = (x: number) => ox + (x - minX) * k
  const py = (y: number) => pad + (maxY - y) * k
  // Half-pixel steps: finer detail than that cannot be seen, and dropping it keeps a 4,500-area map small.
  const q = (v: number) => Math.round(v * 2) / 2
  const pathOf = (polys: Ring[][]) => {
    let d = ''
    for (const poly of polys)
      for (const ring of poly) {
        const pts = simplify(
          ring.map(([x, y]) => [px(x), py(y)] as Pt),
          TOLERANCE_PX,
        )
        let part = ''
        let n = 0
        let lx = NaN
        let ly = NaN
        for (const [x, y] of pts) {
          const sx = q(x)
          const sy = q(y)
          if (sx === lx && sy === ly) continue
          part += `${n ? 'L' : 'M'}${sx} ${sy}`
          lx = sx
          ly = sy
          n++
        }
        if (n >= 3) d += `${part}Z`
      }
    return d
  }
  const out: string[] = []
  const legendRows = Math.ceil(o.legend.length / 3)
  const footer = 20 + legendRows * 22 + 44
  const H = mapH + footer
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${o.id}-title ${o.id}-desc" ${FONT}>`,
    `<title id="${o.id}-title">${escapeHtml(o.title)}</title><desc id="${o.id}-desc">${escapeHtml(o.desc)}</desc>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  )
  // One path per colour, not one per area: a national map has 4,500 areas, and a PDF printer
  // (and a screen reader's tree) handles a few large paths far better than thousands of small ones.
  const byFill = new Map<string, string>()
  for (const a of areas) byFill.set(a.fill, (byFill.get(a.fill) ?? '') + pathOf(a.rings))
  out.push('<g stroke="#ffffff" stroke-width="0.6" stroke-linejoin="round" fill-rule="evenodd">')
  for (const [fill, d] of byFill) if (d) out.push(`<path d="${d}" fill="${fill}"/>`)
  out.push('</g>')
  const overlayPath = overlays.map((a) => pathOf(a.rings)).join('')
  if (overlayPath)
    out.push(
      `<path d="${overlayPath}" fill="none" stroke="#505a5f" stroke-width="1.5" stroke-dasharray="6 3" stroke-linejoin="round"/>`,
    )
  const outlined = areas.filter((a) => a.outline)
  const outlinePath = outlined.map((a) => pathOf(a.rings)).join('')
  if (outlinePath)
    out.push(`<path d="${outlinePath}" fill="none" stroke="#0b0c0c" stroke-width="2.5" stroke-linejoin="round"/>`)
  // Names: hotspots first (bold), then localities (italic) where they do not collide.
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = []
  const label = (text: string, at: Pt | null, style: 'hotspot' | 'locality') => {
    if (!at) return false
    const size = style === 'hotspot' ? 12 : 11
    const w = text.length * size * (style === 'hotspot' ? 0.64 : 0.56)
    const x = Math.min(Math.max(px(at[0]), w / 2 + 2), W - w / 2 - 2)
    const y = Math.min(Math.max(py(at[1]), size + 2), mapH - 4)
    const box = { x0: x - w / 2, y0: y - size, x1: x + w / 2, y1: y + 3 }
    if (placed.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1)) return false
    placed.push(box)
    const weight = style === 'hotspot' ? ' font-weight="bold"' : ' font-style="italic"'
    const fill = style === 'hotspot' ? '#0b0c0c' : '#383f43'
    out.push(
      `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="middle" font-size="${size}"${weight} fill="${fill}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${escapeHtml(text)}</text>`,
    )
    return true
  }
  out.push('<g>')
  let named = 0
  for (const a of outlined) {
    if (named >= maxLabels) break
    if (label(a.name, labelPoint(a.rings), 'hotspot')) named++
  }
  for (const a of overlays) label(a.name, labelPoint(a.rings), 'locality')
  out.push('</g>')
  // Scale bar and north arrow, bottom left and top right of the map.
  const metres = scaleLength(mapW / k)
  const barW = metres * k
  const sx = pad + 4
  const sy = mapH - 10
  const barText = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`
  out.push(
    `<g><rect x="${sx - 3}" y="${sy - 17}" width="${(barW + 50).toFixed(1)}" height="24" fill="#ffffff" fill-opacity="0.85"/>`,
    `<rect x="${sx}" y="${sy - 4}" width="${(barW / 2).toFixed(1)}" height="4" fill="#0b0c0c"/><rect x="${(sx + barW / 2).toFixed(1)}" y="${sy - 4}" width="${(barW / 2).toFixed(1)}" height="4" fill="#ffffff" stroke="#0b0c0c" stroke-width="1"/>`,
    `<text x="${sx}" y="${sy - 7}" font-size="11" fill="#0b0c0c">0</text><text x="${(sx + barW).toFixed(1)}" y="${sy - 7}" font-size="11" text-anchor="middle" fill="#0b0c0c">${barText}</text></g>`,
    `<g transform="translate(${W - pad - 14} ${pad + 4})"><path d="M0 0 L7 18 L0 13 L-7 18 Z" fill="#0b0c0c"/><text x="0" y="31" font-size="11" text-anchor="middle" fill="#0b0c0c">N</text></g>`,
  )
  // Legend, attribution and caveat under the map.
  let ly = mapH + 18
  o.legend.forEach((l, i) => {
    const col = i % 3
    if (i && col === 0) ly += 22
    const x = pad + col * Math.floor((W - 2 * pad) / 3)
    out.push(
      l.line
        ? `<rect x="${x + 1}" y="${ly - 10}" width="14" height="12" fill="${l.colour}" stroke="${l.line === 'dashed' ? '#505a5f' : '#0b0c0c'}" stroke-width="${l.line === 'dashed' ? 1.5 : 2.5}"${l.line === 'dashed' ? ' stroke-dasharray="4 2"' : ''}/>`
        : `<rect x="${x}" y="${ly - 11}" width="16" height="14" fill="${l.colour}" stroke="#0b0c0c" stroke-width="0.6"/>`,
      `<text x="${x + 22}" y="${ly}" font-size="12" fill="#0b0c0c">${escapeHtml(l.label)}</text>`,
    )
  })
  out.push(
    `<text x="${pad}" y="${ly + 24}" font-size="11" fill="#383f43">${escapeHtml(o.caveat)}</text>`,
    `<text x="${pad}" y="${ly + 40}" font-size="11" fill="#383f43">${escapeHtml(o.attribution)}</text>`,
    '</svg>',
  )
  return out.join('')
}
