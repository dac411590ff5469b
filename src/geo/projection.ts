import proj4 from 'proj4'
import type { MultiPolygon } from './polygon-index'

/** British National Grid with the OSTN-approximating 7-parameter Helmert shift (accurate to ~5 m). */
proj4.defs(
  'EPSG:27700',
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs',
)
const bng = proj4('EPSG:27700', 'EPSG:4326')

export type Crs = 'wgs84' | 'bng'

export function bngToWgs84(x: number, y: number): [number, number] {
  const [lon, lat] = bng.forward([x, y])
  return [lon, lat]
}

/**
 * WGS84 longitude/latitude to British National Grid metres: the same transformation as the
 * EPSG:27700 definition above (WGS84 to ECEF, the inverse of its 7-parameter Helmert shift onto
 * Airy 1830, then the Ordnance Survey's transverse Mercator series), written out because proj4's
 * general path cost a microsecond a vertex: a national set of beats has a million. Agrees with
 * proj4 to a few millimetres across Great Britain (tested).
 */
export function wgs84ToBng(lon: number, lat: number): [number, number] {
  // WGS84 geodetic to cartesian (height 0).
  const φ = lat * RAD
  const λ = lon * RAD
  const sinφ = Math.sin(φ)
  const cosφ = Math.cos(φ)
  const ν = WGS84_A / Math.sqrt(1 - WGS84_E2 * sinφ * sinφ)
  const x1 = ν * cosφ * Math.cos(λ)
  const y1 = ν * cosφ * Math.sin(λ)
  const z1 = ν * (1 - WGS84_E2) * sinφ
  // The inverse of +towgs84 (Airy to WGS84, position-vector convention): subtract the shift, undo scale and rotation.
  const xs = x1 - TX
  const ys = y1 - TY
  const zs = z1 - TZ
  const k = 1 / (1 + S)
  const x2 = k * (xs + RZ * ys - RY * zs)
  const y2 = k * (-RZ * xs + ys + RX * zs)
  const z2 = k * (RY * xs - RX * ys + zs)
  // Cartesian to Airy 1830 geodetic: Bowring's closed form, sub-millimetre at the Earth's surface.
  const p = Math.sqrt(x2 * x2 + y2 * y2)
  const θ = Math.atan2(z2 * AIRY_A, p * AIRY_B)
  const sθ = Math.sin(θ)
  const cθ = Math.cos(θ)
  const φ2 = Math.atan2(z2 + AIRY_EP2 * AIRY_B * sθ * sθ * sθ, p - AIRY_E2 * AIRY_A * cθ * cθ * cθ)
  const λ2 = Math.atan2(y2, x2)
  return transverseMercator(φ2, λ2)
}

const RAD = Math.PI / 180
const WGS84_A = 6378137
const WGS84_E2 = 0.00669437999014
const AIRY_A = 6377563.396
const AIRY_B = 6356256.909
const AIRY_E2 = 1 - (AIRY_B * AIRY_B) / (AIRY_A * AIRY_A)
const AIRY_EP2 = (AIRY_A * AIRY_A) / (AIRY_B * AIRY_B) - 1
const TX = 446.448
const TY = -125.157
const TZ = 542.06
const SEC = Math.PI / (180 * 3600)
const RX = 0.15 * SEC
const RY = 0.247 * SEC
const RZ = 0.842 * SEC
const S = -20.489e-6
const F0 = 0.9996012717
const φ0 = 49 * RAD
const λ0 = -2 * RAD
const N0 = -100000
const E0 = 400000
const TM_N = (AIRY_A - AIRY_B) / (AIRY_A + AIRY_B)

/** The Ordnance Survey's transverse Mercator (A guide to coordinate systems in Great Britain, annex C). */
function transverseMercator(φ: number, λ: number): [number, number] {
  const n = TM_N
  const sinφ = Math.sin(φ)
  const cosφ = Math.cos(φ)
  const tanφ = sinφ / cosφ
  const w = 1 - AIRY_E2 * sinφ * sinφ
  const ν = (AIRY_A * F0) / Math.sqrt(w)
  const ρ = (ν * (1 - AIRY_E2)) / w
  const η2 = ν / ρ - 1
  const dφ = φ - φ0
  const sφ = φ + φ0
  const M =
    AIRY_B *
    F0 *
    ((1 + n + (5 / 4) * n * n + (5 / 4) * n * n * n) * dφ -
      (3 * n + 3 * n * n + (21 / 8) * n * n * n) * Math.sin(dφ) * Math.cos(sφ) +
      ((15 / 8) * n * n + (15 / 8) * n * n * n) * Math.sin(2 * dφ) * Math.cos(2 * sφ) -
      (35 / 24) * n * n * n * Math.sin(3 * dφ) * Math.cos(3 * sφ))
  const cos3 = cosφ * cosφ * cosφ
  const cos5 = cos3 * cosφ * cosφ
  const tan2 = tanφ * tanφ
  const tan4 = tan2 * tan2
  const I = M + N0
  const II = (ν / 2) * sinφ * cosφ
  const III = (ν / 24) * sinφ * cos3 * (5 - tan2 + 9 * η2)
  const IIIA = (ν / 720) * sinφ * cos5 * (61 - 58 * tan2 + tan4)
  const IV = ν * cosφ
  const V = (ν / 6) * cos3 * (ν / ρ - tan2)
  const VI = (ν / 120) * cos5 * (5 - 18 * tan2 + tan4 + 14 * η2 - 58 * tan2 * η2)
  const dλ = λ - λ0
  const d2 = dλ * dλ
  const N = I + II * d2 + III * d2 * d2 + IIIA * d2 * d2 * d2
  const E = E0 + IV * dλ + V * d2 * dλ + VI * d2 * d2 * dλ
  return [E, N]
}

/** proj4's WGS84 → British National Grid, the reference the fast path is tested against. */
export function wgs84ToBngProj4(lon: number, lat: number): [number, number] {
  const [x, y] = bng.inverse([lon, lat])
  return [x, y]
}

/** Reads a CRS name as GeoJSON and GML write it ("urn:ogc:def:crs:EPSG::27700", "EPSG:27700", CRS84). */
export function crsFromName(name: string | undefined): Crs | undefined {
  if (!name) return undefined
  if (/27700/.test(name)) return 'bng'
  if (/CRS84|4326|WGS ?84/i.test(name)) return 'wgs84'
  return undefined
}

/**
 * Guesses the CRS from coordinate ranges when a file does not say: longitudes and latitudes stay
 * within ±180/±90, British National Grid eastings and northings are metres (0–700,000 and 0–1,300,000).
 */
export function crsFromExtent(minX: number, minY: number, maxX: number, maxY: number): Crs | undefined {
  if (minX >= -180 && maxX <= 180 && minY >= -90 && maxY <= 90) return 'wgs84'
  if (minX >= -10000 && maxX <= 800000 && minY >= -10000 && maxY <= 1400000) return 'bng'
  return undefined
}

export function mapPositions(polys: MultiPolygon, f: (x: number, y: number) => [number, number]): number[][][][] {
  return polys.map((p) => p.map((r) => r.map((pos) => f(pos[0]!, pos[1]!))))
}

/**
 * MultiPolygon coordinates as GeoJSON text, each position rounded to 7 decimals (about 1 cm): the
 * same text as JSON.stringify(roundPositions(polys)), written in one pass without the rounded copy.
 */
export function positionsJson(polys: MultiPolygon): string {
  let out = '['
  for (let p = 0; p < polys.length; p++) {
    out += p ? ',[' : '['
    const rings = polys[p]!
    for (let r = 0; r < rings.length; r++) {
      out += r ? ',[' : '['
      const ring = rings[r]!
      for (let i = 0; i < ring.length; i++)
        out += `${i ? ',[' : '['}${decimal7(ring[i]![0]!)},${decimal7(ring[i]![1]!)}]`
      out += ']'
    }
    out += ']'
  }
  return `${out}]`
}

/**
 * A number rounded to 7 decimals, written as JavaScript writes it (String(Math.round(x * 1e7) / 1e7)),
 * from the integer of ten-millionths: integers print much faster than doubles, and a decimal of at
 * most 15 digits is exactly what the shortest round-trip form of its double is.
 */
function decimal7(x: number): string {
  const n = Math.round(x * 1e7)
  const a = n < 0 ? -n : n
  if (a < 10 || a >= 1e15) return String(n / 1e7) // 0, exponent form below 1e-6, or too many digits
  const whole = Math.floor(a / 1e7)
  const frac = a - whole * 1e7
  const sign = n < 0 ? '-' : ''
  if (frac === 0) return `${sign}${whole}`
  let f = String(frac + 1e7).slice(1)
  let end = 7
  while (f.charCodeAt(end - 1) === 48) end--
  if (end < 7) f = f.slice(0, end)
  return `${sign}${whole}.${f}`
}

/** Rounds WGS84 positions to 7 decimals (about 1 cm), which is more than any boundary file holds. */
export function roundPositions(polys: MultiPolygon, decimals = 7): number[][][][] {
  const k = 10 ** decimals
  return polys.map((p) => p.map((r) => r.map((pos) => [Math.round(pos[0]! * k) / k, Math.round(pos[1]! * k) / k])))
}
