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

export function wgs84ToBng(lon: number, lat: number): [number, number] {
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

/** Rounds WGS84 positions to 7 decimals (about 1 cm), which is more than any boundary file holds. */
export function roundPositions(polys: MultiPolygon, decimals = 7): number[][][][] {
  const k = 10 ** decimals
  return polys.map((p) => p.map((r) => r.map((pos) => [Math.round(pos[0]! * k) / k, Math.round(pos[1]! * k) / k])))
}
