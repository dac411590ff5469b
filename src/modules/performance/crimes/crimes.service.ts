import { randomUUID } from 'node:crypto'
import type { Database, Db, Queryable } from '../../../db/database'
import type { PolygonIndex } from '../../../geo/polygon-index'
import { recordAudit, type Actor } from '../../audit/audit.service'
import type { BoundariesService } from '../boundaries/boundaries.service'
import type { BoundaryLayer } from '../boundaries/boundaries.table'
import { CoordMemo, MEMO_MISS } from './coord-memo'
import { listCrimeSources } from './crime-sources'
import { CrimeFileProcessor, decodeCountKey, packAssignment, unpackInArea, type AssignContext, type RejectedRow, type UnitBuild, type UnitQuirks } from './crime-file-processor'
import { COL, CrimeFileError, csvRecords, judgeRow } from './police-csv'
import { fieldNumber, fieldText, RecordScanner } from './record-scanner'
import type { CountDimension } from './crimes.table'

export const UNALLOCATED = 'unallocated'
export type Quirks = UnitQuirks
export type { RejectedRow }

export interface UnitReport {
  force: string
  month: string
  source: string
  rows: number
  located: number
  unlocated: number
  rejected: number
  unallocated: number
  replaced: boolean
  quirks: Quirks
}

export interface CrimeImportReport {
  importId: string
  sources: number
  skipped: string[]
  units: UnitReport[]
  totals: { rows: number; located: number; unlocated: number; rejected: number; outsideArea: number; unallocated: number }
  /** The first rejected rows, with their line and reason. */
  rejectedRows: RejectedRow[]
}

export interface ImportProgress {
  source: string
  sourceIndex: number
  sources: number
  bytesRead: number
  bytesTotal: number
  rows: number
}

interface LoadedSet {
  id: string
  effectiveFrom: string
  index: PolygonIndex
  names: Map<string, string>
}

export type CrimesService = ReturnType<typeof crimesService>

export function crimesService(db: Db, clock: () => Date, boundaries: BoundariesService, bulkInsert: Database['bulkInsert']) {
  /** Every boundary set of the partnership, indexed, so a month's context is chosen without waiting. */
  async function loadSets(q: Queryable, partnershipId: string) {
    const out = {} as Record<BoundaryLayer, LoadedSet[]>
    for (const layer of ['beats', 'localities', 'area'] as const) {
      const sets = await boundaries.sets(partnershipId, layer, q)
      out[layer] = []
      for (const s of sets) {
        const index = await boundaries.index(s.id, q)
        const names = new Map((await boundaries.areas(s.id, q)).map((a) => [a.code, a.name] as const))
        out[layer].push({ id: s.id, effectiveFrom: s.effective_from, index, names })
      }
    }
    const contexts = new Map<string, AssignContext & { beatSet?: LoadedSet | undefined; localitySet?: LoadedSet | undefined; areaSet?: LoadedSet | undefined }>()
    const byMonth = new Map<string, AssignContext & { beatSet?: LoadedSet | undefined; localitySet?: LoadedSet | undefined; areaSet?: LoadedSet | undefined }>()
    const pick = (layer: BoundaryLayer, day: string) => out[layer].find((s) => s.effectiveFrom <= day)
    return function contextFor(month: string) {
      let ctx = byMonth.get(month)
      if (ctx) return ctx
      const day = `${month}-01`
      const [b, l, a] = [pick('beats', day), pick('localities', day), pick('area', day)]
      const key = `${b?.id}|${l?.id}|${a?.id}`
      ctx = contexts.get(key)
      if (!ctx) {
        ctx = { beats: b?.index, localities: l?.index, area: a?.index, memo: new CoordMemo(), beatSet: b, localitySet: l, areaSet: a }
        contexts.set(key, ctx)
      }
      byMonth.set(month, ctx)
      return ctx
    }
  }
  type ContextFor = Awaited<ReturnType<typeof loadSets>>

  async function writeCounts(q: Queryable, unitId: string, u: UnitBuild, types: readonly string[], ctx: ReturnType<ContextFor>, fresh = false) {
    if (!fresh) await q.deleteFrom('crime_count').where('unit_id', '=', unitId).execute()
    const rows: { unit_id: string; dimension: 'beat' | 'locality'; set_id: string; month: string; cells: number; total: number; data: string }[] = []
    const add = (dimension: 'beat' | 'locality', set: LoadedSet | undefined, counts: Map<number, number>) => {
      if (!set) return
      const cells: number[] = []
      let total = 0
      for (const [key, n] of counts) {
        const { area, type, inArea } = decodeCountKey(key)
        cells.push(area, type, inArea ? 1 : 0, n)
        total += n
      }
      rows.push({ unit_id: unitId, dimension, set_id: set.id, month: u.month, cells: cells.length / 4, total, data: JSON.stringify({ types, cells }) })
    }
    add('beat', ctx.beatSet, u.beatCounts)
    add('locality', ctx.localitySet, u.localityCounts)
    await bulkInsert(q, 'crime_count', rows)
  }

  async function storedBytes(q: Queryable, unitId: string): Promise<Buffer[]> {
    const chunks = await q.selectFrom('crime_unit_data').select('data').where('unit_id', '=', unitId).orderBy('seq').execute()
    return chunks.map((c) => Buffer.from(c.data))
  }

  return {
    /**
     * Imports police.uk street-level files: each force-month replaces the one already held, and the
     * whole import is one transaction — a bad file anywhere, or a crash, leaves the database as it was.
     */
    async import(partnershipId: string, paths: readonly string[], actor: Actor, onProgress?: (p: ImportProgress) => void): Promise<CrimeImportReport> {
      const list = await listCrimeSources(paths)
      const started = clock().toISOString()
      const importId = randomUUID()
      const report: CrimeImportReport = {
        importId, sources: list.sources.length, skipped: list.skipped, units: [],
        totals: { rows: 0, located: 0, unlocated: 0, rejected: 0, outsideArea: 0, unallocated: 0 }, rejectedRows: [],
      }
      if (list.sources.length === 0) {
        list.close()
        throw new CrimeFileError(`No police.uk CSV files found in ${paths.join(', ')}.`)
      }
      const bytesTotal = list.sources.reduce((s, x) => s + x.bytes, 0)
      let bytesBefore = 0
      try {
        await db.transaction().execute(async (tx) => {
          await tx.insertInto('crime_import').values({ id: importId, partnership_id: partnershipId, started_at: started, finished_at: started, actor: actor.name, report: '{}' }).execute()
          const contextFor = await loadSets(tx, partnershipId)
          const seenUnits = new Map<string, string>()
          // The force-months already held, looked up once rather than once per unit.
          const held = new Map((await tx.selectFrom('crime_unit').select(['id', 'force', 'month']).where('partnership_id', '=', partnershipId).execute()).map((u) => [`${u.force}\u0000${u.month}`, u.id] as const))
          for (const [sourceIndex, src] of list.sources.entries()) {
            const proc = new CrimeFileProcessor(src.name, contextFor, Math.max(0, 50 - report.rejectedRows.length))
            const unitIds = new Map<UnitBuild, { id: string; seq: number; replaced: boolean }>()
            const store = async (chunks: { unit: UnitBuild; bytes: Buffer }[]) => {
              for (const { unit, bytes } of chunks) {
                let entry = unitIds.get(unit)
                if (!entry) {
                  const key = `${unit.force} ${unit.month}`
                  const earlier = seenUnits.get(key)
                  if (earlier) throw new CrimeFileError(`${unit.force} ${unit.month} is in both ${earlier} and ${src.name}. Import one of them.`)
                  seenUnits.set(key, src.name)
                  const existing = held.get(`${unit.force}\u0000${unit.month}`)
                  if (existing) await tx.deleteFrom('crime_unit').where('id', '=', existing).execute()
                  entry = { id: randomUUID(), seq: 0, replaced: !!existing }
                  unitIds.set(unit, entry)
                  await bulkInsert(tx, 'crime_unit', [{
                    id: entry.id, partnership_id: partnershipId, force: unit.force, month: unit.month, source_name: src.name.replace(/^.*[\\/]/, ''), import_id: importId,
                    rows: 0, located: 0, unlocated: 0, rejected: 0, outside_area: 0, unallocated: 0, beat_set_id: null, locality_set_id: null, area_set_id: null, quirks: '{}', imported_at: clock().toISOString(),
                  }])
                }
                await bulkInsert(tx, 'crime_unit_data', [{ unit_id: entry.id, seq: entry.seq++, data: bytes }])
              }
            }
            const stream = await src.open()
            let bytesRead = 0
            stream.on('data', (c: Buffer) => {
              bytesRead += c.length
            })
            let lastReport = 0
            for await (const chunk of stream) {
              proc.push(chunk as Buffer)
              await store(proc.drain())
              if (onProgress && proc.rows - lastReport >= 50000) {
                lastReport = proc.rows
                onProgress({ source: src.name, sourceIndex, sources: list.sources.length, bytesRead: bytesBefore + Math.min(bytesRead, src.bytes), bytesTotal, rows: proc.rows })
              }
            }
            proc.end()
            await store(proc.drainAll())
            bytesBefore += src.bytes
            report.rejectedRows.push(...proc.rejectedRows)
            report.totals.rejected += proc.rejectedElsewhere
            report.totals.rows += proc.rejectedElsewhere
            for (const u of proc.units.values()) {
              CrimeFileProcessor.finish(u)
              const entry = unitIds.get(u)!
              const ctx = contextFor(u.month)
              await tx.updateTable('crime_unit').set({
                rows: u.rows, located: u.located, unlocated: u.unlocated, rejected: u.rejected, outside_area: u.quirks.outsideArea, unallocated: u.unallocated,
                beat_set_id: ctx.beatSet?.id ?? null, locality_set_id: ctx.localitySet?.id ?? null, area_set_id: ctx.areaSet?.id ?? null, quirks: JSON.stringify(u.quirks),
              }).where('id', '=', entry.id).execute()
              await writeCounts(tx, entry.id, u, proc.types, ctx, true)
              report.units.push({ force: u.force, month: u.month, source: src.name, rows: u.rows, located: u.located, unlocated: u.unlocated, rejected: u.rejected, unallocated: u.unallocated, replaced: entry.replaced, quirks: u.quirks })
              report.totals.rows += u.rows
              report.totals.located += u.located
              report.totals.unlocated += u.unlocated
              report.totals.rejected += u.rejected
              report.totals.outsideArea += u.quirks.outsideArea
              report.totals.unallocated += u.unallocated
            }
            onProgress?.({ source: src.name, sourceIndex, sources: list.sources.length, bytesRead: bytesBefore, bytesTotal, rows: proc.rows })
          }
          await tx.updateTable('crime_import').set({ finished_at: clock().toISOString(), report: JSON.stringify(report) }).where('id', '=', importId).execute()
          await recordAudit(tx, actor, clock(), { action: 'crimes.import', subjectType: 'crime_import', subjectId: importId, details: { sources: report.sources, units: report.units.map((u) => `${u.force} ${u.month}`), totals: report.totals } })
        })
      } finally {
        list.close()
      }
      return report
    },

    /** Recounts every unit against the boundaries now in effect (after a boundary import), inside its transaction. */
    async recount(q: Queryable, partnershipId: string) {
      const units = await q.selectFrom('crime_unit').select(['id', 'source_name']).where('partnership_id', '=', partnershipId).execute()
      if (units.length === 0) return
      const contextFor = await loadSets(q, partnershipId)
      for (const unit of units) {
        const proc = new CrimeFileProcessor(unit.source_name, contextFor, 0)
        for (const chunk of await storedBytes(q, unit.id)) {
          proc.push(chunk)
          proc.drain()
        }
        proc.end()
        proc.drainAll()
        for (const u of proc.units.values()) {
          CrimeFileProcessor.finish(u)
          const ctx = contextFor(u.month)
          await writeCounts(q, unit.id, u, proc.types, ctx)
          await q.updateTable('crime_unit').set({ outside_area: u.quirks.outsideArea, unallocated: u.unallocated, beat_set_id: ctx.beatSet?.id ?? null, locality_set_id: ctx.localitySet?.id ?? null, area_set_id: ctx.areaSet?.id ?? null, quirks: JSON.stringify(u.quirks) }).where('id', '=', unit.id).execute()
        }
      }
    },

    async units(partnershipId: string) {
      const rows = await db.selectFrom('crime_unit').selectAll().where('partnership_id', '=', partnershipId).orderBy('force').orderBy('month').execute()
      return rows.map((r) => ({ ...r, quirksData: JSON.parse(r.quirks) as Quirks }))
    },

    /** A unit's stored bytes: the police.uk CSV it came from, header first, exactly as published. */
    async unitCsv(unitId: string): Promise<Buffer> {
      return Buffer.concat(await storedBytes(db, unitId))
    },

    /** A unit's rows read back from its stored CSV, as police.uk published them. */
    async unitRows(unitId: string) {
      const bytes = await storedBytes(db, unitId)
      const rows: { fields: string[]; line: number }[] = []
      let header = true
      for await (const r of csvRecords((async function* () { yield* bytes })(), unitId)) {
        if (header) {
          header = false
          continue
        }
        if (r.fields.length === 1 && r.fields[0] === '') continue
        rows.push(r)
      }
      return rows.map((r) => ({ ...r, verdict: judgeRow(r, unitId), crimeType: r.fields[COL.crimeType]! }))
    },

    /**
     * The partnership's figures: counts by area, month and crime type, for crimes inside its area,
     * one row per non-zero cell. Beats and localities use the set each month's figures were built
     * on; LSOAs are police.uk's own column, read from the stored rows.
     */
    async counts(partnershipId: string, by: CountDimension, range: { from?: string | undefined; to?: string | undefined } = {}) {
      if (by === 'lsoa') return lsoaCounts(partnershipId, range)
      let query = db
        .selectFrom('crime_count')
        .innerJoin('crime_unit', 'crime_unit.id', 'crime_count.unit_id')
        .select(['crime_count.set_id', 'crime_count.month', 'crime_count.data'])
        .where('crime_unit.partnership_id', '=', partnershipId)
        .where('crime_count.dimension', '=', by)
      if (range.from) query = query.where('crime_count.month', '>=', range.from)
      if (range.to) query = query.where('crime_count.month', '<=', range.to)
      const blobs = await query.execute()
      const sets = new Map<string, { codes: readonly string[]; names: Map<string, string> }>()
      const totals = new Map<string, { area_code: string; area_name: string; month: string; crime_type: string; count: number }>()
      const none = by === 'beat' ? 'Unallocated (outside every beat)' : 'Unallocated (outside every locality)'
      for (const b of blobs) {
        let set = sets.get(b.set_id)
        if (!set) {
          set = { codes: (await boundaries.index(b.set_id)).codes, names: new Map((await boundaries.areas(b.set_id)).map((a) => [a.code, a.name] as const)) }
          sets.set(b.set_id, set)
        }
        const { types, cells } = JSON.parse(b.data) as { types: string[]; cells: number[] }
        for (let i = 0; i < cells.length; i += 4) {
          if (cells[i + 2] !== 1) continue
          const code = cells[i] === -1 ? UNALLOCATED : set.codes[cells[i]!]!
          const type = types[cells[i + 1]!]!
          const key = `${code}\u0000${b.month}\u0000${type}`
          const t = totals.get(key)
          if (t) t.count += cells[i + 3]!
          else totals.set(key, { area_code: code, area_name: code === UNALLOCATED ? none : set.names.get(code) ?? code, month: b.month, crime_type: type, count: cells[i + 3]! })
        }
      }
      return sortCounts([...totals.values()])
    },
  }

  async function lsoaCounts(partnershipId: string, range: { from?: string | undefined; to?: string | undefined }) {
    let query = db.selectFrom('crime_unit').select(['id', 'month']).where('partnership_id', '=', partnershipId)
    if (range.from) query = query.where('month', '>=', range.from)
    if (range.to) query = query.where('month', '<=', range.to)
    const units = await query.execute()
    const contextFor = await loadSets(db, partnershipId)
    const counts = new Map<string, { area_code: string; area_name: string; month: string; crime_type: string; count: number }>()
    for (const unit of units) {
      const ctx = contextFor(unit.month)
      let first = true
      const scanner = new RecordScanner((r) => {
        if (first) {
          first = false
          return
        }
        if (r.n !== 12 || r.fe[9] === r.fs[9]) return
        const lon = fieldNumber(r, 4)
        const lat = fieldNumber(r, 5)
        if (lon === undefined || lat === undefined || Number.isNaN(lon) || Number.isNaN(lat) || (lon === 0 && lat === 0)) return
        let inArea = true
        if (ctx.area) {
          const mx = Math.round(lon * 1e6)
          const my = Math.round(lat * 1e6)
          let v = ctx.memo.get(mx, my)
          if (v === MEMO_MISS || mx / 1e6 !== lon || my / 1e6 !== lat) {
            v = packAssignment(ctx.beats ? ctx.beats.locate(lon, lat) : -1, ctx.localities ? ctx.localities.locate(lon, lat) : -1, ctx.area.locate(lon, lat) !== -1)
            if (mx / 1e6 === lon && my / 1e6 === lat) ctx.memo.set(mx, my, v)
          }
          inArea = unpackInArea(v)
        }
        if (!inArea) return
        const code = fieldText(r, 7) || UNALLOCATED
        const type = fieldText(r, 9)
        const key = `${code}\u0000${type}`
        const c = counts.get(`${unit.month}\u0000${key}`)
        if (c) c.count++
        else counts.set(`${unit.month}\u0000${key}`, { area_code: code, area_name: code === UNALLOCATED ? 'No LSOA code' : fieldText(r, 8), month: unit.month, crime_type: type, count: 1 })
      })
      for (const chunk of await storedBytes(db, unit.id)) scanner.push(chunk)
      scanner.end()
    }
    return sortCounts([...counts.values()])
  }
}

/** Area code, then month, then crime type: the order of the CSV users rely on. */
function sortCounts<T extends { area_code: string; month: string; crime_type: string }>(rows: T[]): T[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return rows.sort((a, b) => cmp(a.area_code, b.area_code) || cmp(a.month, b.month) || cmp(a.crime_type, b.crime_type))
}
