import { asText } from '../../../words'
import type { BoundaryLayer } from './boundaries.table'
import { bbox, planarArea, scaledArea } from '../../../geo/area'
import { checkPolygons } from '../../../geo/geometry-check'
import { indexToBytes, PolygonIndex, type IndexedArea } from '../../../geo/polygon-index'
import { bngToWgs84, crsFromExtent, mapPositions, positionsJson, wgs84ToBng } from '../../../geo/projection'
import { BoundaryFileError, guessFields, readBoundaryFile, type BoundaryReadLimits } from './boundary-files'

export interface FeatureMessage {
  /** 1-based position of the feature in the file. */
  feature: number
  code?: string
  message: string
}

export interface BoundaryReport {
  source: string
  layer: BoundaryLayer
  format?: string
  crs?: 'wgs84' | 'bng'
  reprojected: boolean
  codeField?: string
  nameField?: string
  features: number
  accepted: number
  repaired: FeatureMessage[]
  warnings: FeatureMessage[]
  errors: FeatureMessage[]
  setId?: string
}

/** An import refused as a whole: the report says which features to fix; nothing was written. */
export class BoundaryImportError extends Error {
  override readonly name = 'BoundaryImportError'
  constructor(readonly report: BoundaryReport) {
    super(
      `${report.source}: ${report.errors.length} problem${report.errors.length === 1 ? '' : 's'}, nothing imported. ` +
        report.errors
          .slice(0, 5)
          .map((e) => (e.feature ? `Feature ${e.feature}${e.code ? ` (${e.code})` : ''}: ${e.message}` : e.message))
          .join(' '),
    )
  }
}

/** A boundary file, or a folder's files (police.uk's neighbourhood download unpacked): path and bytes each. */
export interface BoundarySource {
  name: string
  bytes: Buffer
  files?: { path: string; bytes: Buffer }[] | undefined
}

export interface BoundaryImportOptions {
  layer: BoundaryLayer
  codeField?: string | undefined
  nameField?: string | undefined
  /** ISO date the set applies from; default today. */
  effectiveFrom?: string | undefined
  label?: string | undefined
  note?: string | undefined
  /** police.uk's neighbourhood download holds a folder per force: the one to read (e.g. wiltshire). */
  force?: string | undefined
}

/** A box rounded as the stored positions are (7 decimals), so it holds them exactly. */
function roundBox(b: [number, number, number, number]): [number, number, number, number] {
  const r = (x: number) => Math.round(x * 1e7) / 1e7
  return [r(b[0]), r(b[1]), r(b[2]), r(b[3])]
}

/** A boundary file read, checked and put in both coordinate systems: ready to store. */
export interface PreparedSet {
  report: BoundaryReport
  format: 'geojson' | 'kml' | 'shapefile'
  crs: 'wgs84' | 'bng'
  codeField: string
  nameField: string | undefined
  /** Each area's outline as the GeoJSON MultiPolygon coordinates text it is stored as: text crosses from the worker thread at copying speed, where nested arrays took most of a second for a national set. */
  areas: {
    code: string
    name: string
    geometry: string
    areaM2: number
    box: [number, number, number, number]
  }[]
  /** The areas' point index as bytes (indexToBytes), stored with the set. */
  index: Buffer
}

/**
 * Reads a boundary file and checks every feature (pure: no database), so it can run in a worker
 * thread. Any error refuses the whole file with a report by feature. Repairs that cannot change
 * the covered area (closing rings, dropping repeated points) are made and reported.
 */
/** A report with nothing read yet, to fill as the file is read. */
export function emptyReport(source: string, layer: BoundaryImportOptions['layer']): BoundaryReport {
  return { source, layer, reprojected: false, features: 0, accepted: 0, repaired: [], warnings: [], errors: [] }
}

export async function prepareBoundarySet(
  source: BoundarySource,
  opts: BoundaryImportOptions,
  limits: BoundaryReadLimits,
): Promise<PreparedSet> {
  const report = emptyReport(source.name, opts.layer)
  const fail = (message: string): never => {
    report.errors.push({ feature: 0, message })
    throw new BoundaryImportError(report)
  }
  let file
  try {
    file = await readBoundaryFile(source.name, source.bytes, limits, {
      force: opts.force,
      files: source.files ? new Map(source.files.map((f) => [f.path, f.bytes] as const)) : undefined,
    })
  } catch (e) {
    if (e instanceof BoundaryFileError) fail(e.message)
    throw e
  }
  report.format = file.format
  report.features = file.features.length
  if (file.features.length === 0) fail('The file holds no features.')
  if (file.unsupportedCrs)
    fail(
      `The file says its coordinates are in ${file.unsupportedCrs}, which this version cannot read. Use WGS84 or British National Grid (EPSG:27700).`,
    )
  const all = file.features.flatMap((f) => f.polygons)
  const extent = bbox(all)
  const crs = file.declaredCrs ?? crsFromExtent(...extent)
  if (!crs)
    fail(
      `The coordinates (x ${extent[0]} to ${extent[2]}, y ${extent[1]} to ${extent[3]}) are neither longitude/latitude nor British National Grid metres.`,
    )
  report.crs = crs!
  report.reprojected = crs === 'bng'

  const keys = [...new Set(file.features.flatMap((f) => Object.keys(f.properties)))]
  const guessed = guessFields(keys)
  const codeField = opts.codeField ?? guessed.code
  const nameField = opts.nameField ?? guessed.name
  if (!codeField)
    fail(
      `Cannot tell which field holds each area's code. Name it (--code-field); the features have these fields: ${keys.join(', ') || 'none'}.`,
    )
  if (!keys.includes(codeField!))
    fail(`The code field "${codeField}" is not in the file; its fields are: ${keys.join(', ')}.`)
  if (nameField && !keys.includes(nameField))
    fail(`The name field "${nameField}" is not in the file; its fields are: ${keys.join(', ')}.`)
  report.codeField = codeField!
  if (nameField) report.nameField = nameField

  const seen = new Map<string, number>()
  const areas: {
    code: string
    name: string
    geometry: string
    areaM2: number
    box: [number, number, number, number]
  }[] = []
  const outlines: IndexedArea[] = []
  file.features.forEach((f, i) => {
    const n = i + 1
    const code = asText(f.properties[codeField!]).trim()
    if (!code) {
      report.errors.push({ feature: n, message: `has no value in the code field "${codeField}"` })
      return
    }
    const name = nameField ? asText(f.properties[nameField]).trim() || code : code
    if (seen.has(code)) {
      report.errors.push({
        feature: n,
        code,
        message: `has the same code as feature ${seen.get(code)}; codes must be unique within a set`,
      })
      return
    }
    seen.set(code, n)
    if (f.skipped && f.polygons.length === 0) {
      report.errors.push({ feature: n, code, message: `is ${f.skipped}` })
      return
    }
    if (f.skipped) report.warnings.push({ feature: n, code, message: `also holds ${f.skipped}, which was left out` })
    const checked = checkPolygons(f.polygons)
    for (const p of checked.problems) {
      const target =
        p.severity === 'error' ? report.errors : p.severity === 'repaired' ? report.repaired : report.warnings
      target.push({ feature: n, code, message: p.message })
    }
    if (checked.problems.some((p) => p.severity === 'error')) return
    const wgs = crs === 'bng' ? mapPositions(checked.polygons, bngToWgs84) : checked.polygons
    const areaM2 = crs === 'bng' ? planarArea(checked.polygons) : scaledArea(checked.polygons, wgs84ToBng)
    areas.push({ code, name, geometry: positionsJson(wgs), areaM2, box: roundBox(bbox(wgs)) })
    outlines.push({ code, polygons: wgs })
  })
  if (report.errors.length) throw new BoundaryImportError(report)
  report.accepted = areas.length
  // The point index the crime import uses, built now from the outlines in hand (rounded as stored).
  const index = indexToBytes(PolygonIndex.build(outlines, 1e7).data())
  return { report, format: file.format, crs: crs!, codeField: codeField!, nameField, areas, index }
}
