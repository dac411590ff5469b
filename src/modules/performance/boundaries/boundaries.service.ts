import { nextTurn } from '../../../event-loop'
import { dataChanged } from '../data-version'
import { createHash, randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { NotFoundError } from '../../../errors'
import { bbox, boxesOverlap, overlapArea } from '../../../geo/area'
import { PolygonIndex, type MultiPolygon } from '../../../geo/polygon-index'
import { mapPositions, wgs84ToBng } from '../../../geo/projection'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { DEFAULT_BOUNDARY_LIMITS, type BoundaryReadLimits } from './boundary-files'
import {
  type BoundaryImportOptions,
  type BoundaryReport,
  type BoundarySource,
  prepareBoundarySet,
} from './boundary-prepare'
import type { BoundaryLayer } from './boundaries.table'
import { setInEffect } from '../../../crime-engine'
import { lsoaPolygons, onsGeometry, populationTable } from '../reference/ons-reference'
import type { AreaLayer } from '../crimes/crimes.service'
import { areaShares, populationFromShares, populationOfPairs } from '../../../geo/population-share'

export {
  BoundaryImportError,
  type BoundaryImportOptions,
  type BoundaryReport,
  type BoundarySource,
  type FeatureMessage,
} from './boundary-prepare'

/** Bytes copied into memory worker threads can share (the crime import's read the index without a copy each). */
function inSharedMemory(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length))
  shared.set(bytes)
  return shared
}

/** A boundary set's columns but its point index (tens of megabytes for a national set, read only by index()). */
const SET_COLUMNS = [
  'id',
  'partnership_id',
  'layer',
  'label',
  'source_name',
  'source_sha256',
  'format',
  'source_crs',
  'code_field',
  'name_field',
  'effective_from',
  'backdated',
  'feature_count',
  'report',
  'note',
  'imported_at',
  'imported_by',
] as const

import { prepareInWorker } from './prepare-in-worker'

export const layerLabels: Record<BoundaryLayer, string> = {
  beats: 'Beats',
  localities: 'Localities',
  area: 'Partnership area',
  lsoas: 'LSOAs (for rural measures)',
}

/** The sha256 of a file, or of a folder's files in path order (each path, then its bytes). */
function sourceHash(source: BoundarySource): string {
  const h = createHash('sha256')
  if (!source.files) return h.update(source.bytes).digest('hex')
  for (const f of [...source.files].sort((a, b) => (a.path < b.path ? -1 : 1))) h.update(f.path).update(f.bytes)
  return h.digest('hex')
}

export type BoundariesService = ReturnType<typeof boundariesService>

/** Runs inside a boundary import's transaction, so figures built on boundaries change with them. */
export type BoundaryChangeHook = (tx: Queryable, partnershipId: string) => Promise<void>

export function boundariesService(db: Db, clock: () => Date, limits: BoundaryReadLimits = DEFAULT_BOUNDARY_LIMITS) {
  const indexes = new Map<string, PolygonIndex>()
  const areaLists = new Map<string, readonly { code: string; name: string }[]>()
  const shareCache = new Map<string, ReadonlyMap<string, ReadonlyMap<string, number>>>()
  const hooks: BoundaryChangeHook[] = []

  async function areasOf(q: Queryable, setId: string) {
    return q.selectFrom('boundary_area').selectAll().where('set_id', '=', setId).orderBy('code').execute()
  }

  async function setsOf(q: Queryable, partnershipId: string, layer?: BoundaryLayer) {
    let query = q.selectFrom('boundary_set').select(SET_COLUMNS).where('partnership_id', '=', partnershipId)
    if (layer) query = query.where('layer', '=', layer)
    return query.orderBy('effective_from', 'desc').orderBy('imported_at', 'desc').execute()
  }

  /** The set of a layer in effect on a date: the latest effective_from on or before it. */
  async function inEffect(q: Queryable, partnershipId: string, layer: BoundaryLayer, date: string) {
    const sets = await setsOf(q, partnershipId, layer)
    return setInEffect(
      sets.map((s) => ({ set: s, layer: s.layer, effectiveFrom: s.effective_from, backdated: s.backdated === 1 })),
      layer,
      date,
    )?.set
  }

  /** Recomputes the beat → locality overlap table for the current beats and localities. */
  async function refreshOverlaps(tx: Queryable, partnershipId: string) {
    const today = clock().toISOString().slice(0, 10)
    const beats = await inEffect(tx, partnershipId, 'beats', today)
    const localities = await inEffect(tx, partnershipId, 'localities', today)
    if (!beats || !localities) return
    const existing = await tx
      .selectFrom('area_overlap')
      .select('beat_code')
      .where('beat_set_id', '=', beats.id)
      .where('locality_set_id', '=', localities.id)
      .limit(1)
      .execute()
    if (existing.length) return
    const toBng = (rows: Awaited<ReturnType<typeof areasOf>>) =>
      rows.map((r) => {
        const polys = mapPositions(JSON.parse(r.geometry) as MultiPolygon, (x, y) => wgs84ToBng(x, y))
        return { code: r.code, polys, box: bbox(polys), area: r.area_m2 }
      })
    const b = toBng(await areasOf(tx, beats.id))
    const l = toBng(await areasOf(tx, localities.id))
    for (const beat of b) {
      await nextTurn()
      for (const loc of l) {
        if (!boxesOverlap(beat.box, loc.box)) continue
        const share = beat.area > 0 ? overlapArea(beat.polys, loc.polys) / beat.area : 0
        if (share < 0.0005) continue
        await tx
          .insertInto('area_overlap')
          .values({
            beat_set_id: beats.id,
            locality_set_id: localities.id,
            beat_code: beat.code,
            locality_code: loc.code,
            area_share: Math.min(1, share),
            crime_share: null,
          })
          .execute()
      }
    }
  }

  /** How the LSOAs near a set lie in its areas, by area: worked out once per set and kept (sets never change). */
  async function lsoaShares(setId: string): Promise<ReadonlyMap<string, ReadonlyMap<string, number>>> {
    const cached = shareCache.get(setId)
    if (cached) return cached
    const toBng = (polys: MultiPolygon) => mapPositions(polys, (x, y) => wgs84ToBng(x, y))
    const rows = await areasOf(db, setId)
    const large = rows.map((r) => ({ code: r.code, polygons: toBng(JSON.parse(r.geometry) as MultiPolygon) }))
    const box = [
      Math.min(...rows.map((r) => r.min_lon)),
      Math.min(...rows.map((r) => r.min_lat)),
      Math.max(...rows.map((r) => r.max_lon)),
      Math.max(...rows.map((r) => r.max_lat)),
    ]
    const small = [...lsoaPolygons((_code, polys) => boxesOverlap(bbox(polys), box)).entries()].map(
      ([code, polys]) => ({ code, polygons: toBng(polys), population: 0 }),
    )
    const shares = areaShares(large, small)
    shareCache.set(setId, shares)
    return shares
  }

  return {
    layerLabels,
    sets: (partnershipId: string, layer?: BoundaryLayer, q: Queryable = db) => setsOf(q, partnershipId, layer),
    inEffect: (partnershipId: string, layer: BoundaryLayer, date: string, q: Queryable = db) =>
      inEffect(q, partnershipId, layer, date),
    onChange(hook: BoundaryChangeHook) {
      hooks.push(hook)
    },
    areas: (setId: string, q: Queryable = db) => areasOf(q, setId),

    /**
     * A set's area codes and names alone (no outlines), in code order as the point index numbers
     * them: kept once read, as sets never change once imported.
     */
    async areaList(setId: string, q: Queryable = db): Promise<readonly { code: string; name: string }[]> {
      const cached = areaLists.get(setId)
      if (cached) return cached
      const rows = await q.selectFrom('boundary_area').select(['code', 'name']).where('set_id', '=', setId).execute()
      const list = rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      areaLists.set(setId, list)
      return list
    },

    async set(id: string) {
      const s = await db.selectFrom('boundary_set').select(SET_COLUMNS).where('id', '=', id).executeTakeFirst()
      if (!s) throw new NotFoundError(`There is no boundary set with id ${id}.`)
      return { ...s, reportData: JSON.parse(s.report) as BoundaryReport }
    },

    /** A point index over a set's areas, built once per set and kept: sets never change once imported. */
    async index(setId: string, q: Queryable = db): Promise<PolygonIndex> {
      const cached = indexes.get(setId)
      if (cached) return cached
      const stored = await q.selectFrom('boundary_set').select('point_index').where('id', '=', setId).executeTakeFirst()
      const index = stored?.point_index
        ? PolygonIndex.fromBytes(inSharedMemory(stored.point_index))
        : PolygonIndex.build(
            (await areasOf(q, setId)).map((r) => ({ code: r.code, polygons: JSON.parse(r.geometry) as MultiPolygon })),
          )
      indexes.set(setId, index)
      return index
    },

    /**
     * Census 2021 residents of each area of a set, shared from the LSOAs it overlaps by area
     * (generalised LSOA polygons): worked out once per set and kept, as sets never change.
     */
    async population(setId: string): Promise<ReadonlyMap<string, number>> {
      const stored = await db
        .selectFrom('boundary_area')
        .select(['code', 'population'])
        .where('set_id', '=', setId)
        .execute()
      if (stored.length && stored.every((r) => r.population !== null))
        return new Map(stored.map((r) => [r.code, r.population!] as const))
      const computed = populationFromShares(await lsoaShares(setId), (code) => populationTable().get(code) ?? 0)
      // Kept with the set, so the next process asks the database instead of the LSOA outlines.
      await db.transaction().execute(async (tx) => {
        for (const r of stored)
          await tx
            .updateTable('boundary_area')
            .set({ population: computed.get(r.code) ?? 0 })
            .where('set_id', '=', setId)
            .where('code', '=', r.code)
            .execute()
      })
      return new Map(stored.map((r) => [r.code, computed.get(r.code) ?? 0] as const))
    },

    /** The outlines of a layer's areas for maps: an imported set's polygons, or the ONS areas dissolved from LSOAs. */
    async layerShapes(layer: Pick<AreaLayer, 'source' | 'id' | 'areas'>): Promise<Map<string, MultiPolygon>> {
      if (layer.source === 'boundaries')
        return new Map(
          (await areasOf(db, layer.id)).map((a) => [a.code, JSON.parse(a.geometry) as MultiPolygon] as const),
        )
      return onsGeometry(
        layer.source,
        layer.areas.map((a) => a.code),
      )
    },

    /**
     * The population-weighted beat → locality shares: of each beat's residents (shared from LSOAs
     * by area), the share living in each locality it overlaps.
     */
    async populationShares(
      beatSetId: string,
      localitySetId: string,
    ): Promise<ReadonlyMap<string, ReadonlyMap<string, number>>> {
      const people = (code: string) => populationTable().get(code) ?? 0
      const [b, l] = await Promise.all([lsoaShares(beatSetId), lsoaShares(localitySetId)])
      const beatPop = populationFromShares(b, people)
      const out = new Map<string, Map<string, number>>()
      for (const [beat, m] of populationOfPairs(b, l, people)) {
        const total = beatPop.get(beat) ?? 0
        if (total > 0) out.set(beat, new Map([...m].map(([loc, n]) => [loc, Math.min(1, n / total)] as const)))
      }
      return out
    },

    async overlaps(beatSetId: string, localitySetId: string) {
      return db
        .selectFrom('area_overlap')
        .selectAll()
        .where('beat_set_id', '=', beatSetId)
        .where('locality_set_id', '=', localitySetId)
        .orderBy('beat_code')
        .orderBy('area_share', 'desc')
        .execute()
    },

    /**
     * Imports one boundary file as a new, dated set of a layer. Every feature is checked first; any
     * error refuses the whole file with a report by feature, and nothing is written. Repairs that
     * cannot change the covered area (closing rings, dropping repeated points) are made and reported.
     */
    async import(
      partnershipId: string,
      source: BoundarySource,
      opts: BoundaryImportOptions,
      actor: Actor,
      /**
       * 'worker' (the web server): read in a worker thread with its own memory limit, so a hostile
       * file cannot stall or exhaust the server. 'thread' (the command line, the demo): read here,
       * sparing a national set the worker's start-up and the copy back (the file's size and
       * unpacking limits apply either way).
       */
      where: 'worker' | 'thread' = 'worker',
    ): Promise<BoundaryReport> {
      const { report, areas, format, crs, codeField, nameField, index } =
        where === 'thread'
          ? await prepareBoundarySet(source, opts, limits)
          : await prepareInWorker(source, opts, limits)
      const id = randomUUID()
      report.setId = id
      const now = clock().toISOString()
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('boundary_set')
          .values({
            id,
            partnership_id: partnershipId,
            layer: opts.layer,
            label: opts.label ?? source.name.replace(/^.*[\\/]/, ''),
            source_name: source.name.replace(/^.*[\\/]/, ''),
            source_sha256: sourceHash(source),
            format,
            source_crs: crs,
            code_field: codeField,
            name_field: nameField ?? null,
            effective_from: opts.effectiveFrom ?? now.slice(0, 10),
            backdated: opts.effectiveFrom ? 0 : 1,
            feature_count: areas.length,
            report: JSON.stringify(report),
            note: opts.note ?? null,
            imported_at: now,
            imported_by: actor.name,
            point_index: Buffer.from(index.buffer, index.byteOffset, index.byteLength),
          })
          .execute()
        // In batches of 250: one statement each, a turn of the event loop between.
        for (let i = 0; i < areas.length; i += 250) {
          if (i) await nextTurn()
          await tx
            .insertInto('boundary_area')
            .values(
              areas.slice(i, i + 250).map((a) => ({
                id: randomUUID(),
                set_id: id,
                code: a.code,
                name: a.name,
                geometry: a.geometry,
                min_lon: a.box[0],
                min_lat: a.box[1],
                max_lon: a.box[2],
                max_lat: a.box[3],
                area_m2: a.areaM2,
              })),
            )
            .execute()
        }
        await refreshOverlaps(tx, partnershipId)
        // LSOA polygons place crimes nowhere: only beats, localities and the area change the counts.
        if (opts.layer !== 'lsoas') for (const hook of hooks) await hook(tx, partnershipId)
        await recordAudit(tx, actor, clock(), {
          action: 'boundaries.import',
          subjectType: 'boundary_set',
          subjectId: id,
          details: {
            layer: opts.layer,
            source: source.name,
            features: areas.length,
            repaired: report.repaired.length,
            warnings: report.warnings.length,
          },
        })
      })
      dataChanged()
      return report
    },
  }
}
