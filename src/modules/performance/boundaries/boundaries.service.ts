import { createHash, randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { NotFoundError } from '../../../errors'
import { bbox, boxesOverlap, overlapArea, planarArea } from '../../../geo/area'
import { checkPolygons } from '../../../geo/geometry-check'
import { PolygonIndex, type MultiPolygon } from '../../../geo/polygon-index'
import { bngToWgs84, crsFromExtent, mapPositions, roundPositions, wgs84ToBng } from '../../../geo/projection'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { BoundaryFileError, guessFields, readBoundaryFile } from './boundary-files'
import type { BoundaryLayer } from './boundaries.table'

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
        report.errors.slice(0, 5).map((e) => (e.feature ? `Feature ${e.feature}${e.code ? ` (${e.code})` : ''}: ${e.message}` : e.message)).join(' '),
    )
  }
}

export interface BoundaryImportOptions {
  layer: BoundaryLayer
  codeField?: string | undefined
  nameField?: string | undefined
  /** ISO date the set applies from; default today. */
  effectiveFrom?: string | undefined
  label?: string | undefined
  note?: string | undefined
}

export const layerLabels: Record<BoundaryLayer, string> = { beats: 'Beats', localities: 'Localities', area: 'Partnership area', lsoas: 'LSOAs (for rural measures)' }

export type BoundariesService = ReturnType<typeof boundariesService>

/** Runs inside a boundary import's transaction, so figures built on boundaries change with them. */
export type BoundaryChangeHook = (tx: Queryable, partnershipId: string) => Promise<void>

export function boundariesService(db: Db, clock: () => Date) {
  const indexes = new Map<string, PolygonIndex>()
  const hooks: BoundaryChangeHook[] = []

  async function areasOf(q: Queryable, setId: string) {
    return q.selectFrom('boundary_area').selectAll().where('set_id', '=', setId).orderBy('code').execute()
  }

  async function setsOf(q: Queryable, partnershipId: string, layer?: BoundaryLayer) {
    let query = q.selectFrom('boundary_set').selectAll().where('partnership_id', '=', partnershipId)
    if (layer) query = query.where('layer', '=', layer)
    return query.orderBy('effective_from', 'desc').orderBy('imported_at', 'desc').execute()
  }

  /** The set of a layer in effect on a date: the latest effective_from on or before it. */
  async function inEffect(q: Queryable, partnershipId: string, layer: BoundaryLayer, date: string) {
    return (await setsOf(q, partnershipId, layer)).find((s) => s.effective_from <= date)
  }

  /** Recomputes the beat → locality overlap table for the current beats and localities. */
  async function refreshOverlaps(tx: Queryable, partnershipId: string) {
    const today = clock().toISOString().slice(0, 10)
    const beats = await inEffect(tx, partnershipId, 'beats', today)
    const localities = await inEffect(tx, partnershipId, 'localities', today)
    if (!beats || !localities) return
    const existing = await tx.selectFrom('area_overlap').select('beat_code').where('beat_set_id', '=', beats.id).where('locality_set_id', '=', localities.id).limit(1).execute()
    if (existing.length) return
    const toBng = (rows: Awaited<ReturnType<typeof areasOf>>) =>
      rows.map((r) => {
        const polys = mapPositions(JSON.parse(r.geometry) as MultiPolygon, (x, y) => wgs84ToBng(x, y))
        return { code: r.code, polys, box: bbox(polys), area: r.area_m2 }
      })
    const b = toBng(await areasOf(tx, beats.id))
    const l = toBng(await areasOf(tx, localities.id))
    for (const beat of b) {
      for (const loc of l) {
        if (!boxesOverlap(beat.box, loc.box)) continue
        const share = beat.area > 0 ? overlapArea(beat.polys, loc.polys) / beat.area : 0
        if (share < 0.0005) continue
        await tx.insertInto('area_overlap').values({ beat_set_id: beats.id, locality_set_id: localities.id, beat_code: beat.code, locality_code: loc.code, area_share: Math.min(1, share), crime_share: null }).execute()
      }
    }
  }

  return {
    layerLabels,
    sets: (partnershipId: string, layer?: BoundaryLayer, q: Queryable = db) => setsOf(q, partnershipId, layer),
    inEffect: (partnershipId: string, layer: BoundaryLayer, date: string, q: Queryable = db) => inEffect(q, partnershipId, layer, date),
    onChange(hook: BoundaryChangeHook) {
      hooks.push(hook)
    },
    areas: (setId: string, q: Queryable = db) => areasOf(q, setId),

    async set(id: string) {
      const s = await db.selectFrom('boundary_set').selectAll().where('id', '=', id).executeTakeFirst()
      if (!s) throw new NotFoundError(`There is no boundary set with id ${id}.`)
      return { ...s, reportData: JSON.parse(s.report) as BoundaryReport }
    },

    /** A point index over a set's areas, built once per set and kept: sets never change once imported. */
    async index(setId: string, q: Queryable = db): Promise<PolygonIndex> {
      const cached = indexes.get(setId)
      if (cached) return cached
      const rows = await areasOf(q, setId)
      const index = PolygonIndex.build(rows.map((r) => ({ code: r.code, polygons: JSON.parse(r.geometry) as MultiPolygon })))
      indexes.set(setId, index)
      return index
    },

    async overlaps(beatSetId: string, localitySetId: string) {
      return db.selectFrom('area_overlap').selectAll().where('beat_set_id', '=', beatSetId).where('locality_set_id', '=', localitySetId).orderBy('beat_code').orderBy('area_share', 'desc').execute()
    },

    /**
     * Imports one boundary file as a new, dated set of a layer. Every feature is checked first; any
     * error refuses the whole file with a report by feature, and nothing is written. Repairs that
     * cannot change the covered area (closing rings, dropping repeated points) are made and reported.
     */
    async import(partnershipId: string, source: { name: string; bytes: Buffer }, opts: BoundaryImportOptions, actor: Actor): Promise<BoundaryReport> {
      const report: BoundaryReport = { source: source.name, layer: opts.layer, reprojected: false, features: 0, accepted: 0, repaired: [], warnings: [], errors: [] }
      const fail = (message: string): never => {
        report.errors.push({ feature: 0, message })
        throw new BoundaryImportError(report)
      }
      let file
      try {
        file = await readBoundaryFile(source.name, source.bytes)
      } catch (e) {
        if (e instanceof BoundaryFileError) fail(e.message)
        throw e
      }
      report.format = file!.format
      report.features = file!.features.length
      if (file!.features.length === 0) fail('The file holds no features.')
      if (file!.unsupportedCrs) fail(`The file says its coordinates are in ${file!.unsupportedCrs}, which this version cannot read. Use WGS84 or British National Grid (EPSG:27700).`)
      const all = file!.features.flatMap((f) => f.polygons)
      const extent = bbox(all)
      const crs = file!.declaredCrs ?? crsFromExtent(...extent)
      if (!crs) fail(`The coordinates (x ${extent[0]} to ${extent[2]}, y ${extent[1]} to ${extent[3]}) are neither longitude/latitude nor British National Grid metres.`)
      report.crs = crs!
      report.reprojected = crs === 'bng'

      const keys = [...new Set(file!.features.flatMap((f) => Object.keys(f.properties)))]
      const guessed = guessFields(keys)
      const codeField = opts.codeField ?? guessed.code
      const nameField = opts.nameField ?? guessed.name
      if (!codeField) fail(`Cannot tell which field holds each area's code. Name it (--code-field); the features have these fields: ${keys.join(', ') || 'none'}.`)
      if (!keys.includes(codeField!)) fail(`The code field "${codeField}" is not in the file; its fields are: ${keys.join(', ')}.`)
      if (nameField && !keys.includes(nameField)) fail(`The name field "${nameField}" is not in the file; its fields are: ${keys.join(', ')}.`)
      report.codeField = codeField!
      if (nameField) report.nameField = nameField

      const seen = new Map<string, number>()
      const areas: { code: string; name: string; polygons: number[][][][]; areaM2: number; box: [number, number, number, number] }[] = []
      file!.features.forEach((f, i) => {
        const n = i + 1
        const code = String(f.properties[codeField!] ?? '').trim()
        if (!code) {
          report.errors.push({ feature: n, message: `has no value in the code field "${codeField}"` })
          return
        }
        const name = nameField ? String(f.properties[nameField] ?? '').trim() || code : code
        if (seen.has(code)) {
          report.errors.push({ feature: n, code, message: `has the same code as feature ${seen.get(code)}; codes must be unique within a set` })
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
          const target = p.severity === 'error' ? report.errors : p.severity === 'repaired' ? report.repaired : report.warnings
          target.push({ feature: n, code, message: p.message })
        }
        if (checked.problems.some((p) => p.severity === 'error')) return
        const wgs = roundPositions(crs === 'bng' ? mapPositions(checked.polygons, bngToWgs84) : checked.polygons)
        const metres = crs === 'bng' ? checked.polygons : mapPositions(checked.polygons, wgs84ToBng)
        areas.push({ code, name, polygons: wgs, areaM2: planarArea(metres), box: bbox(wgs) })
      })
      if (report.errors.length) throw new BoundaryImportError(report)
      report.accepted = areas.length

      const id = randomUUID()
      report.setId = id
      const now = clock().toISOString()
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('boundary_set').values({
          id,
          partnership_id: partnershipId,
          layer: opts.layer,
          label: opts.label ?? source.name.replace(/^.*[\\/]/, ''),
          source_name: source.name.replace(/^.*[\\/]/, ''),
          source_sha256: createHash('sha256').update(source.bytes).digest('hex'),
          format: file!.format,
          source_crs: crs!,
          code_field: codeField!,
          name_field: nameField ?? null,
          effective_from: opts.effectiveFrom ?? now.slice(0, 10),
          feature_count: areas.length,
          report: JSON.stringify(report),
          note: opts.note ?? null,
          imported_at: now,
          imported_by: actor.name,
        }).execute()
        for (const a of areas) {
          await tx.insertInto('boundary_area').values({
            id: randomUUID(), set_id: id, code: a.code, name: a.name, geometry: JSON.stringify(a.polygons),
            min_lon: a.box[0], min_lat: a.box[1], max_lon: a.box[2], max_lat: a.box[3], area_m2: a.areaM2,
          }).execute()
        }
        await refreshOverlaps(tx, partnershipId)
        // LSOA polygons place crimes nowhere: only beats, localities and the area change the counts.
        if (opts.layer !== 'lsoas') for (const hook of hooks) await hook(tx, partnershipId)
        await recordAudit(tx, actor, clock(), {
          action: 'boundaries.import', subjectType: 'boundary_set', subjectId: id,
          details: { layer: opts.layer, source: source.name, features: areas.length, repaired: report.repaired.length, warnings: report.warnings.length },
        })
      })
      return report
    },
  }
}
