import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { recordAudit, type Actor } from '../../audit/audit.service'
import type { BoundariesService } from '../boundaries/boundaries.service'
import { listCrimeSources } from './crime-sources'
import { decodeUnit, emptyUnit, encodeUnit, textColumns, type UnitRows } from './crime-unit-codec'
import { checkHeader, COL, CrimeFileError, csvRecords, judgeRow, type CsvReadStats } from './police-csv'
import type { CountDimension } from './crimes.table'

export const UNALLOCATED = 'unallocated'

export interface Quirks {
  /** ASB rows, which police.uk publishes without a Crime ID. */
  asbWithoutCrimeId: number
  /** Other rows without a Crime ID. */
  otherWithoutCrimeId: number
  /** Extra copies of rows identical to an earlier row (genuine: several incidents at one snap point). Kept. */
  exactDuplicateRows: number
  /** Crime IDs that appear more than once. All rows kept. */
  repeatedCrimeIds: number
  /** Of those, the IDs whose rows differ (location, LSOA or outcome). */
  repeatedCrimeIdsDiffering: number
  /** Rows whose point lies outside the partnership's area. Kept, not in its figures. */
  outsideArea: number
  /** Located rows without an LSOA code. */
  withoutLsoa: number
  /** Line endings of the file the unit came from. */
  crlfLines: number
  lfLines: number
}

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

export interface RejectedRow {
  source: string
  line: number
  reason: string
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

const REJECTED_LISTED = 50

interface Assignment {
  beat: number
  locality: number
  inArea: boolean
}

export type CrimesService = ReturnType<typeof crimesService>

export function crimesService(db: Db, clock: () => Date, boundaries: BoundariesService) {
  /**
   * Assigns a unit's rows to beats, localities and the partnership area in effect for its month,
   * memoised by coordinate (police.uk snaps many crimes to one point), and returns its counts.
   */
  async function countUnit(q: Queryable, partnershipId: string, u: UnitRows) {
    const day = `${u.month}-01`
    const [beatSet, localitySet, areaSet] = await Promise.all([
      boundaries.inEffect(partnershipId, 'beats', day, q),
      boundaries.inEffect(partnershipId, 'localities', day, q),
      boundaries.inEffect(partnershipId, 'area', day, q),
    ])
    const [beatIndex, localityIndex, areaIndex] = [
      beatSet ? await boundaries.index(beatSet.id, q) : undefined,
      localitySet ? await boundaries.index(localitySet.id, q) : undefined,
      areaSet ? await boundaries.index(areaSet.id, q) : undefined,
    ]
    const names = async (setId: string | undefined) =>
      new Map(setId ? (await boundaries.areas(setId, q)).map((a) => [a.code, a.name] as const) : [])
    const [beatNames, localityNames] = [await names(beatSet?.id), await names(localitySet?.id)]
    const memo = new Map<string, Assignment>()
    const counts = new Map<string, { dimension: CountDimension; setId: string | null; code: string; name: string; type: string; inArea: number; n: number }>()
    const add = (dimension: CountDimension, setId: string | null, code: string, name: string, type: string, inArea: boolean) => {
      const key = `${dimension}\u0000${code}\u0000${type}\u0000${inArea ? 1 : 0}`
      const c = counts.get(key)
      if (c) c.n++
      else counts.set(key, { dimension, setId, code, name, type, inArea: inArea ? 1 : 0, n: 1 })
    }
    let outsideArea = 0
    let unallocated = 0
    const n = u.lon.length
    for (let i = 0; i < n; i++) {
      const lon = u.lon[i]!
      const lat = u.lat[i]!
      if (Number.isNaN(lon)) continue
      const key = `${lon},${lat}`
      let a = memo.get(key)
      if (!a) {
        a = {
          beat: beatIndex ? beatIndex.locate(lon, lat) : -1,
          locality: localityIndex ? localityIndex.locate(lon, lat) : -1,
          inArea: areaIndex ? areaIndex.locate(lon, lat) !== -1 : true,
        }
        memo.set(key, a)
      }
      const type = u.text.crimeType[i]!
      if (!a.inArea) outsideArea++
      if (beatIndex) {
        const code = a.beat === -1 ? UNALLOCATED : beatIndex.codes[a.beat]!
        if (a.beat === -1 && a.inArea) unallocated++
        add('beat', beatSet!.id, code, a.beat === -1 ? 'Unallocated (outside every beat)' : beatNames.get(code) ?? code, type, a.inArea)
      }
      if (localityIndex) {
        const code = a.locality === -1 ? UNALLOCATED : localityIndex.codes[a.locality]!
        add('locality', localitySet!.id, code, a.locality === -1 ? 'Unallocated (outside every locality)' : localityNames.get(code) ?? code, type, a.inArea)
      }
      const lsoa = u.text.lsoaCode[i]!
      add('lsoa', null, lsoa || UNALLOCATED, lsoa ? u.text.lsoaName[i]! : 'No LSOA code', type, a.inArea)
    }
    return { counts: [...counts.values()], outsideArea, unallocated, beatSetId: beatSet?.id ?? null, localitySetId: localitySet?.id ?? null, areaSetId: areaSet?.id ?? null }
  }

  async function writeCounts(q: Queryable, unitId: string, month: string, counts: Awaited<ReturnType<typeof countUnit>>['counts']) {
    await q.deleteFrom('crime_count').where('unit_id', '=', unitId).execute()
    for (let i = 0; i < counts.length; i += 500) {
      const batch = counts.slice(i, i + 500).map((c) => ({
        unit_id: unitId, dimension: c.dimension, set_id: c.setId, area_code: c.code, area_name: c.name, month, crime_type: c.type, in_area: c.inArea, n: c.n,
      }))
      await q.insertInto('crime_count').values(batch).execute()
    }
  }

  function quirksOf(u: UnitRows, stats: CsvReadStats): Omit<Quirks, 'outsideArea'> {
    const n = u.lon.length
    let asbWithoutCrimeId = 0
    let otherWithoutCrimeId = 0
    let withoutLsoa = 0
    const seenRows = new Set<string>()
    let exactDuplicateRows = 0
    const byId = new Map<string, string>()
    const repeated = new Set<string>()
    const differing = new Set<string>()
    for (let i = 0; i < n; i++) {
      const id = u.text.crimeId[i]!
      const row = textColumns.map((c) => u.text[c][i]).join('\u0000') + `\u0000${u.lon[i]},${u.lat[i]}`
      if (seenRows.has(row)) exactDuplicateRows++
      else seenRows.add(row)
      if (!id) {
        if (u.text.crimeType[i] === 'Anti-social behaviour') asbWithoutCrimeId++
        else otherWithoutCrimeId++
      } else {
        const prev = byId.get(id)
        if (prev === undefined) byId.set(id, row)
        else {
          repeated.add(id)
          if (prev !== row) differing.add(id)
        }
      }
      if (!Number.isNaN(u.lon[i]!) && !u.text.lsoaCode[i]) withoutLsoa++
    }
    return { asbWithoutCrimeId, otherWithoutCrimeId, exactDuplicateRows, repeatedCrimeIds: repeated.size, repeatedCrimeIdsDiffering: differing.size, withoutLsoa, crlfLines: stats.crlf, lfLines: stats.lf }
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
        importId,
        sources: list.sources.length,
        skipped: list.skipped,
        units: [],
        totals: { rows: 0, located: 0, unlocated: 0, rejected: 0, outsideArea: 0, unallocated: 0 },
        rejectedRows: [],
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
          const seenUnits = new Map<string, string>()
          for (const [sourceIndex, src] of list.sources.entries()) {
            const stream = await src.open()
            let bytesRead = 0
            let rows = 0
            stream.on('data', (c: Buffer) => {
              bytesRead += c.length
            })
            const stats: CsvReadStats = { crlf: 0, lf: 0 }
            const units = new Map<string, UnitRows & { force: string; rejected: number }>()
            let header = false
            for await (const rec of csvRecords(stream, src.name, stats)) {
              if (!header) {
                checkHeader(rec.fields, src.name)
                header = true
                continue
              }
              if (rec.fields.length === 1 && rec.fields[0] === '') continue
              rows++
              if (onProgress && rows % 20000 === 0) onProgress({ source: src.name, sourceIndex, sources: list.sources.length, bytesRead: bytesBefore + Math.min(bytesRead, src.bytes), bytesTotal, rows })
              const v = judgeRow(rec, src.name)
              const f = rec.fields
              if (v.kind === 'rejected') {
                report.totals.rejected++
                if (report.rejectedRows.length < REJECTED_LISTED) report.rejectedRows.push({ source: src.name, line: rec.line, reason: `Row ${rec.line} ${v.reason}` })
                const u = units.get(`${f[COL.fallsWithin] || f[COL.reportedBy]}\u0000${f[COL.month]}`)
                if (u) u.rejected++
                continue
              }
              const force = f[COL.fallsWithin] || f[COL.reportedBy] || 'Unknown force'
              const key = `${force}\u0000${f[COL.month]}`
              let u = units.get(key)
              if (!u) {
                u = { ...emptyUnit(f[COL.month]!), force, rejected: 0 }
                units.set(key, u)
              }
              for (const c of textColumns) u.text[c].push(f[COL[c]]!)
              u.lon.push(v.kind === 'located' ? v.lon : Number.NaN)
              u.lat.push(v.kind === 'located' ? v.lat : Number.NaN)
              u.line.push(rec.line)
            }
            if (!header) throw new CrimeFileError(`${src.name} is empty: it has no header row.`)
            bytesBefore += src.bytes
            for (const u of units.values()) {
              const key = `${u.force} ${u.month}`
              const earlier = seenUnits.get(key)
              if (earlier) throw new CrimeFileError(`${u.force} ${u.month} is in both ${earlier} and ${src.name}. Import one of them.`)
              seenUnits.set(key, src.name)
              const existing = await tx.selectFrom('crime_unit').select('id').where('partnership_id', '=', partnershipId).where('force', '=', u.force).where('month', '=', u.month).executeTakeFirst()
              if (existing) await tx.deleteFrom('crime_unit').where('id', '=', existing.id).execute()
              const counted = await countUnit(tx, partnershipId, u)
              const located = u.lon.filter((x) => !Number.isNaN(x)).length
              const quirks: Quirks = { ...quirksOf(u, stats), outsideArea: counted.outsideArea }
              const id = randomUUID()
              const now = clock().toISOString()
              await tx.insertInto('crime_unit').values({
                id, partnership_id: partnershipId, force: u.force, month: u.month, source_name: src.name.replace(/^.*[\\/]/, ''), import_id: importId,
                rows: u.lon.length + u.rejected, located, unlocated: u.lon.length - located, rejected: u.rejected, outside_area: counted.outsideArea,
                unallocated: counted.unallocated, beat_set_id: counted.beatSetId, locality_set_id: counted.localitySetId, area_set_id: counted.areaSetId,
                quirks: JSON.stringify(quirks), imported_at: now,
              }).execute()
              await tx.insertInto('crime_unit_data').values({ unit_id: id, data: encodeUnit(u) }).execute()
              await writeCounts(tx, id, u.month, counted.counts)
              report.units.push({ force: u.force, month: u.month, source: src.name, rows: u.lon.length + u.rejected, located, unlocated: u.lon.length - located, rejected: u.rejected, unallocated: counted.unallocated, replaced: !!existing, quirks })
              report.totals.rows += u.lon.length
              report.totals.located += located
              report.totals.unlocated += u.lon.length - located
              report.totals.outsideArea += counted.outsideArea
              report.totals.unallocated += counted.unallocated
            }
            onProgress?.({ source: src.name, sourceIndex, sources: list.sources.length, bytesRead: bytesBefore, bytesTotal, rows })
          }
          report.totals.rows += report.totals.rejected
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
      const units = await q.selectFrom('crime_unit').innerJoin('crime_unit_data', 'crime_unit_data.unit_id', 'crime_unit.id').select(['crime_unit.id', 'crime_unit.month', 'crime_unit_data.data']).where('crime_unit.partnership_id', '=', partnershipId).execute()
      for (const unit of units) {
        const rows = decodeUnit(unit.data)
        const counted = await countUnit(q, partnershipId, rows)
        await writeCounts(q, unit.id, unit.month, counted.counts)
        await q.updateTable('crime_unit').set({ outside_area: counted.outsideArea, unallocated: counted.unallocated, beat_set_id: counted.beatSetId, locality_set_id: counted.localitySetId, area_set_id: counted.areaSetId }).where('id', '=', unit.id).execute()
      }
    },

    async units(partnershipId: string) {
      const rows = await db.selectFrom('crime_unit').selectAll().where('partnership_id', '=', partnershipId).orderBy('force').orderBy('month').execute()
      return rows.map((r) => ({ ...r, quirksData: JSON.parse(r.quirks) as Quirks }))
    },

    /** The rows of one unit, decoded: exactly what police.uk published. */
    async unitRows(unitId: string) {
      const r = await db.selectFrom('crime_unit_data').select('data').where('unit_id', '=', unitId).executeTakeFirst()
      return r ? decodeUnit(r.data) : undefined
    },

    /**
     * The partnership's figures: counts by area, month and crime type, for crimes inside its area,
     * one row per non-zero cell. Beats and localities use the set each month's figures were built on.
     */
    async counts(partnershipId: string, by: CountDimension, range: { from?: string | undefined; to?: string | undefined } = {}) {
      let query = db
        .selectFrom('crime_count')
        .innerJoin('crime_unit', 'crime_unit.id', 'crime_count.unit_id')
        .select((eb) => ['crime_count.area_code', 'crime_count.area_name', 'crime_count.month', 'crime_count.crime_type', eb.fn.sum<number>('crime_count.n').as('count')])
        .where('crime_unit.partnership_id', '=', partnershipId)
        .where('crime_count.dimension', '=', by)
        .where('crime_count.in_area', '=', 1)
      if (range.from) query = query.where('crime_count.month', '>=', range.from)
      if (range.to) query = query.where('crime_count.month', '<=', range.to)
      const rows = await query
        .groupBy(['crime_count.area_code', 'crime_count.area_name', 'crime_count.month', 'crime_count.crime_type'])
        .orderBy('crime_count.area_code')
        .orderBy('crime_count.month')
        .orderBy('crime_count.crime_type')
        .execute()
      return rows.map((r) => ({ area_code: r.area_code, area_name: r.area_name, month: r.month, crime_type: r.crime_type, count: Number(r.count) }))
    },
  }
}
