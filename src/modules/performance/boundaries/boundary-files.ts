import { basename, dirname, extname } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { kml } from '@tmcw/togeojson'
import { DOMParser } from '@xmldom/xmldom'
import { read as readShapefile } from 'shapefile'
import yauzl from 'yauzl'
import { crsFromName, type Crs } from '../../../geo/projection'
import type { MultiPolygon } from '../../../geo/polygon-index'

/** One feature as read from a file: its properties and its polygons in the file's own CRS. */
export interface RawFeature {
  properties: Record<string, unknown>
  polygons: MultiPolygon
  /** What was not a polygon (a point, a line) — reported, never silently dropped. */
  skipped?: string
}

export interface BoundaryFile {
  format: 'geojson' | 'kml' | 'shapefile'
  /** What the file says its CRS is; undefined when it says nothing (then the extent decides). */
  declaredCrs: Crs | undefined
  /** A CRS the file declares that we cannot read (anything but WGS84 and British National Grid). */
  unsupportedCrs?: string
  features: RawFeature[]
}

export class BoundaryFileError extends Error {
  override readonly name = 'BoundaryFileError'
}

/**
 * What a boundary file may hold, so a hostile one (a gzip or zip bomb, millions of vertices)
 * stops with a message instead of filling memory. Real boundaries are far inside both: all
 * 4,501 beats of England and Wales are 23 MB and about a million vertices.
 */
export interface BoundaryReadLimits {
  /** The most bytes a file may unpack to (gzip, or all of a zip's entries together). */
  maxUnpackedBytes: number
  /** The most vertices in the whole file. */
  maxVertices: number
}

/** V8 cannot hold a string much past 512 MB; nothing a boundary file needs is near it. */
export const MAX_BOUNDARY_TEXT = 512 * 1024 * 1024
export const DEFAULT_BOUNDARY_LIMITS: BoundaryReadLimits = {
  maxUnpackedBytes: MAX_BOUNDARY_TEXT,
  maxVertices: 5_000_000,
}

const mb = (n: number) => `${Math.round(n / 1024 ** 2).toLocaleString('en-GB')} MB`
const tooBig = (where: string, limits: BoundaryReadLimits) =>
  new BoundaryFileError(
    `${where} unpacks to more than ${mb(limits.maxUnpackedBytes)}, more than any boundary file needs. Check it is the right file (raise CSP_MAX_UNPACKED_MB if it is).`,
  )

function text(bytes: Buffer, where: string, limits: BoundaryReadLimits): string {
  if (bytes.length > Math.min(limits.maxUnpackedBytes, MAX_BOUNDARY_TEXT)) throw tooBig(where, limits)
  return bytes.toString('utf8')
}

/** Counts a file's vertices and refuses it past the limit. */
function checkVertices(features: readonly RawFeature[], where: string, limits: BoundaryReadLimits): void {
  let n = 0
  for (const f of features) for (const poly of f.polygons) for (const ring of poly) n += ring.length
  if (n > limits.maxVertices)
    throw new BoundaryFileError(
      `${where} has ${n.toLocaleString('en-GB')} vertices, more than the ${limits.maxVertices.toLocaleString('en-GB')} allowed. Simplify the boundaries (e.g. mapshaper -simplify 10%), or raise CSP_MAX_BOUNDARY_VERTICES.`,
    )
}

interface GeoJsonGeometry {
  type: string
  coordinates?: unknown
  geometries?: GeoJsonGeometry[]
}

function polygonsOf(g: GeoJsonGeometry | null | undefined): { polygons: MultiPolygon; skipped?: string } {
  if (!g) return { polygons: [], skipped: 'no geometry' }
  if (g.type === 'Polygon') return { polygons: [g.coordinates as number[][][]] }
  if (g.type === 'MultiPolygon') return { polygons: g.coordinates as number[][][][] }
  if (g.type === 'GeometryCollection') {
    const parts = (g.geometries ?? []).map(polygonsOf)
    const skipped = parts.map((p) => p.skipped).filter(Boolean)
    return { polygons: parts.flatMap((p) => p.polygons), ...(skipped.length ? { skipped: skipped.join(', ') } : {}) }
  }
  return { polygons: [], skipped: `a ${g.type}, not a polygon` }
}

function fromFeatureCollection(json: unknown, where: string): RawFeature[] {
  const j = json as {
    type?: string
    features?: unknown[]
    geometry?: GeoJsonGeometry
    properties?: Record<string, unknown>
    coordinates?: unknown
  }
  const features =
    j.type === 'FeatureCollection' && Array.isArray(j.features)
      ? (j.features as { geometry?: GeoJsonGeometry; properties?: Record<string, unknown> }[])
      : j.type === 'Feature'
        ? [j as { geometry?: GeoJsonGeometry; properties?: Record<string, unknown> }]
        : j.type === 'Polygon' || j.type === 'MultiPolygon'
          ? [{ geometry: j as GeoJsonGeometry, properties: {} }]
          : undefined
  if (!features)
    throw new BoundaryFileError(
      `${where} is not a GeoJSON FeatureCollection, Feature or polygon (its "type" is ${JSON.stringify(j.type)}).`,
    )
  return features.map((f) => {
    const { polygons, skipped } = polygonsOf(f.geometry)
    return { properties: f.properties ?? {}, polygons, ...(skipped ? { skipped } : {}) }
  })
}

export function parseGeoJson(text: string, where: string): BoundaryFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new BoundaryFileError(`${where} is not valid JSON: ${(e as Error).message}`)
  }
  const crsName = (json as { crs?: { properties?: { name?: string } } }).crs?.properties?.name
  const declaredCrs = crsFromName(crsName)
  return {
    format: 'geojson',
    declaredCrs,
    ...(crsName && !declaredCrs ? { unsupportedCrs: crsName } : {}),
    features: fromFeatureCollection(json, where),
  }
}

export function parseKml(text: string, where: string, fileCode?: string): BoundaryFile {
  const errors: string[] = []
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') errors.push(msg)
    },
  }).parseFromString(text, 'text/xml')
  if (errors.length || !doc.documentElement || doc.getElementsByTagName('kml').length === 0) {
    throw new BoundaryFileError(
      `${where} is not a KML file${errors.length ? `: ${errors[0]}` : ' (no <kml> element)'}.`,
    )
  }
  const fc = kml(doc)
  const features = fromFeatureCollection(fc, where)
  // police.uk publishes one KML per neighbourhood, named by its id: that id is the code.
  if (fileCode && features.length === 1) features[0]!.properties = { ...features[0]!.properties, file: fileCode }
  return { format: 'kml', declaredCrs: 'wgs84', features }
}

/** Reads the .prj of a shapefile: British National Grid or WGS84 by their usual WKT names. */
export function crsFromPrj(prj: string): Crs | 'other' {
  if (/British_National_Grid|OSGB[ _]?1936|27700/i.test(prj)) return 'bng'
  if (/GCS_WGS_1984|WGS[ _]?84|4326/i.test(prj) && !/PROJCS/i.test(prj)) return 'wgs84'
  return 'other'
}

async function zipEntries(bytes: Buffer, where: string, limits: BoundaryReadLimits): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip)
        return reject(new BoundaryFileError(`${where} is not a readable zip file: ${err?.message ?? 'unknown error'}`))
      const out = new Map<string, Buffer>()
      let total = 0
      zip.on('entry', (entry: yauzl.Entry) => {
        if (/\/$/.test(entry.fileName) || /(^|\/)(__MACOSX|\.)/.test(entry.fileName)) return zip.readEntry()
        // Only what a boundary layer is made of is unpacked; anything else in the zip is passed over.
        if (!/\.(shp|dbf|prj|cpg|kml|geojson|json)$/i.test(entry.fileName)) return zip.readEntry()
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(new BoundaryFileError(`${where}: cannot read ${entry.fileName} in the zip`))
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => {
            total += c.length
            if (total > limits.maxUnpackedBytes) {
              stream.destroy()
              zip.close()
              return reject(tooBig(where, limits))
            }
            chunks.push(c)
          })
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks))
            zip.readEntry()
          })
          stream.on('error', reject)
        })
      })
      zip.on('end', () => resolve(out))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}

async function parseZip(
  bytes: Buffer,
  where: string,
  limits: BoundaryReadLimits,
  force?: string,
): Promise<BoundaryFile> {
  return fromEntries(await zipEntries(bytes, where, limits), where, limits, force)
}

const forceWords = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .replace(/&/g, ' and ')
      .split(/[^a-z]+/)
      .filter((w) => w && !['police', 'constabulary', 'service', 'force'].includes(w)),
  )

/** Whether a folder of police.uk's neighbourhood download (e.g. `city-of-london`) is the force named ("London, City of", "Wiltshire Police"). */
export function sameForce(folder: string, force: string): boolean {
  const a = forceWords(folder)
  const b = forceWords(force)
  return a.size > 0 && a.size === b.size && [...a].every((w) => b.has(w))
}

/** The force folder a KML sits in: police.uk's download has one folder per force, one KML per neighbourhood. */
const folderOf = (path: string) => basename(dirname(path))

/** Which KMLs of police.uk's neighbourhood download (or any KMLs) to read: one force's folder when there are several. */
function chooseKmls(kmls: readonly string[], where: string, force: string | undefined): string[] {
  const folders = [...new Set(kmls.map(folderOf).filter((f) => f && f !== '.'))].sort()
  if (force) {
    const mine = kmls.filter((n) => sameForce(folderOf(n), force))
    if (mine.length) return mine
    if (folders.length <= 1) return [...kmls]
    throw new BoundaryFileError(
      `${where} has no folder for ${force}. Its folders are: ${folders.join(', ')}. Choose one of them as the force.`,
    )
  }
  if (folders.length > 1)
    throw new BoundaryFileError(
      `${where} holds the neighbourhoods of ${folders.length} forces (${folders.slice(0, 8).join(', ')}${folders.length > 8 ? ', …' : ''}): choose your force (--force, or the police force on the upload page).`,
    )
  return [...kmls]
}

/**
 * Reads a layer from a set of files (a zip's entries, or a folder's): one shapefile with its .dbf
 * and .prj, KMLs (police.uk's neighbourhoods: one force's folder), or one GeoJSON.
 */
export function fromEntries(
  entries: ReadonlyMap<string, Buffer>,
  where: string,
  limits: BoundaryReadLimits,
  force?: string,
): Promise<BoundaryFile> | BoundaryFile {
  const names = [...entries.keys()]
  const shp = names.filter((n) => extname(n).toLowerCase() === '.shp')
  const kmls = chooseKmls(
    names.filter((n) => extname(n).toLowerCase() === '.kml'),
    where,
    force,
  )
  const geojsons = names.filter((n) => /\.(geo)?json$/i.test(n))
  return fromParts(entries, names, shp, kmls, geojsons, where, limits)
}

async function fromParts(
  entries: ReadonlyMap<string, Buffer>,
  names: string[],
  shp: string[],
  kmls: string[],
  geojsons: string[],
  where: string,
  limits: BoundaryReadLimits,
): Promise<BoundaryFile> {
  if (shp.length > 1)
    throw new BoundaryFileError(
      `${where} holds ${shp.length} shapefiles (${shp.join(', ')}); put one layer in each zip.`,
    )
  if (shp.length === 1) {
    const stem = shp[0]!.slice(0, -4)
    const find = (ext: string) => names.find((n) => n.toLowerCase() === `${stem}${ext}`.toLowerCase())
    const dbf = find('.dbf')
    const prj = find('.prj')
    if (!dbf)
      throw new BoundaryFileError(`${where}: ${shp[0]} has no .dbf beside it, so its features have no codes or names.`)
    if (!prj)
      throw new BoundaryFileError(
        `${where}: ${shp[0]} has no .prj beside it, so its coordinate system is unknown. Add the .prj file to the zip.`,
      )
    const prjText = entries.get(prj)!.toString('utf8')
    const crs = crsFromPrj(prjText)
    if (crs === 'other')
      throw new BoundaryFileError(
        `${where}: the .prj names a coordinate system this version cannot read (${prjText.slice(0, 80)}…). Use WGS84 or British National Grid (EPSG:27700).`,
      )
    const cpg = find('.cpg')
    const encoding = cpg ? entries.get(cpg)!.toString('utf8').trim() : 'utf-8'
    const toArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
    let fc
    try {
      fc = await readShapefile(toArrayBuffer(entries.get(shp[0]!)!), toArrayBuffer(entries.get(dbf)!), {
        encoding: /utf-?8/i.test(encoding) ? 'utf-8' : encoding,
      })
    } catch (e) {
      throw new BoundaryFileError(`${where}: ${shp[0]} could not be read as a shapefile: ${(e as Error).message}`)
    }
    return { format: 'shapefile', declaredCrs: crs, features: fromFeatureCollection(fc, where) }
  }
  if (kmls.length > 0) {
    const features = kmls.flatMap(
      (n) => parseKml(text(entries.get(n)!, where, limits), `${where}: ${n}`, basename(n, extname(n))).features,
    )
    return { format: 'kml', declaredCrs: 'wgs84', features }
  }
  if (geojsons.length === 1)
    return parseGeoJson(text(entries.get(geojsons[0]!)!, where, limits), `${where}: ${geojsons[0]}`)
  throw new BoundaryFileError(`${where} holds no shapefile (.shp with .dbf and .prj), KML or GeoJSON file.`)
}

/**
 * Reads a boundary file by its name's ending: .geojson/.json, .kml, or .zip (shapefile, KMLs),
 * within the limits; or a folder's files (`files`, e.g. police.uk's neighbourhood download
 * unpacked). `force` picks one force's folder of police.uk's download.
 */
export async function readBoundaryFile(
  name: string,
  bytes: Buffer,
  limits: BoundaryReadLimits = DEFAULT_BOUNDARY_LIMITS,
  opts: { force?: string | undefined; files?: ReadonlyMap<string, Buffer> | undefined } = {},
): Promise<BoundaryFile> {
  let total = 0
  for (const b of opts.files?.values() ?? []) total += b.length
  if (total > limits.maxUnpackedBytes) throw tooBig(name, limits)
  const file = opts.files
    ? await fromEntries(opts.files, name, limits, opts.force)
    : await readByName(name, bytes, limits, opts.force)
  checkVertices(file.features, name.replace(/\.gz$/i, ''), limits)
  return file
}

async function readByName(
  name: string,
  bytes: Buffer,
  limits: BoundaryReadLimits,
  force?: string,
): Promise<BoundaryFile> {
  if (/\.gz$/i.test(name)) {
    let inner: Buffer
    try {
      // Unpacked no further than the limit: a gzip bomb stops there.
      inner = gunzipSync(bytes, { maxOutputLength: Math.min(limits.maxUnpackedBytes, MAX_BOUNDARY_TEXT) + 1 })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig(name, limits)
      throw new BoundaryFileError(`${name} is not a readable gzip file: ${(e as Error).message}`)
    }
    return readByName(name.slice(0, -3), inner, limits, force)
  }
  const ext = extname(name).toLowerCase()
  if (ext === '.geojson' || ext === '.json') return parseGeoJson(text(bytes, name, limits), name)
  if (ext === '.kml') return parseKml(text(bytes, name, limits), name, basename(name, ext))
  if (ext === '.zip') return parseZip(bytes, name, limits, force)
  if (ext === '.shp')
    throw new BoundaryFileError(
      `${name}: a shapefile needs its .dbf and .prj too. Zip the .shp, .shx, .dbf and .prj files together and import the zip.`,
    )
  throw new BoundaryFileError(
    `${name}: the file must be GeoJSON (.geojson or .json), KML (.kml) or a zipped shapefile (.zip), optionally gzipped (.gz).`,
  )
}

const codeNames = [
  /^code$/i,
  /^[a-z]{2,6}\d{2}cd$/i,
  /^(area_?)?code$/i,
  /^id$/i,
  /^file$/i,
  /_code$/i,
  /^gss_?code$/i,
  /^pfnid$/i,
]
const nameNames = [/^name$/i, /^[a-z]{2,6}\d{2}nm$/i, /_name$/i, /^pfnn?$/i, /^label$/i]

/** Picks the code and name fields from common spellings (WD22CD/WD22NM, code/name, CODE/NAME…). */
export function guessFields(properties: readonly string[]): { code?: string; name?: string } {
  const pick = (patterns: RegExp[]) => {
    for (const p of patterns) {
      const hit = properties.find((k) => p.test(k))
      if (hit) return hit
    }
    return undefined
  }
  const code = pick(codeNames)
  const name = pick(nameNames.filter(() => true))
  return { ...(code ? { code } : {}), ...(name && name !== code ? { name } : {}) }
}
