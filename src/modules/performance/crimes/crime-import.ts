// Importing police.uk crime files: read by the crime engine, stored and counted in one transaction (see crimes.service.ts).
import { nextTurn } from '../../../event-loop'
import { dataChanged } from '../data-version'
import { randomUUID } from 'node:crypto'
import type { Database, Db, Queryable } from '../../../db/database'
import { recordAudit, type Actor } from '../../audit/audit.service'
import type { BoundariesService } from '../boundaries/boundaries.service'
import { cpus } from 'node:os'
import { Readable } from 'node:stream'
import {
  CrimeFileError,
  DEFAULT_IMPORT_LIMITS,
  inWorkers,
  listCrimeSources,
  memoCapacity,
  ReadWhole,
  RejectedLines,
  runFile,
  splitSource,
  UnitRevisitedError,
  WORKERS_FROM_BYTES,
  type FileSummary,
  type UnitSummary,
  type ImportLimits,
} from '../../../crime-engine'
import type { CrimeImportReport, ImportProgress } from './crime-types'
import { crimeStore } from './crime-store'
import { importNotes, units2months, ShrinkingImportError, SHRINK_ASKS, type ImportOptions } from './import-notes'

export type CrimeImport = ReturnType<typeof crimeImport>

/**
 * The crime import: police.uk files read by the crime engine (src/crime-engine), each force-month
 * stored and counted in one transaction; and the recount after a boundary import.
 */
export function crimeImport(
  db: Db,
  clock: () => Date,
  boundaries: BoundariesService,
  store: Pick<Database, 'bulkInsert' | 'updateRows' | 'bulkWrite'>,
  workerSetting: number | 'auto' = 'auto',
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
) {
  const { bulkInsert, loadSets, writeCounts, storedBytes } = crimeStore(db, boundaries, store)

  /**
   * One try at an import. `split`: big plain files are read by several workers at once, and each
   * force-month is finished as its rows end (flat memory); a file not sorted by force-month then
   * throws ReadWhole and is read again with `split` off.
   */
  async function importFiles(
    partnershipId: string,
    paths: readonly string[],
    actor: Actor,
    onProgress: ((p: ImportProgress) => void) | undefined,
    options: ImportOptions,
    split: boolean,
  ): Promise<CrimeImportReport> {
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
      notes: [],
    }
    if (list.sources.length === 0) {
      list.close()
      throw new CrimeFileError(`No police.uk CSV files found in ${paths.join(', ')}.`)
    }
    const bytesTotal = list.sources.reduce((s, x) => s + x.bytes, 0)
    try {
      await store.bulkWrite(() =>
        db.transaction().execute(async (tx) => {
          await tx
            .insertInto('crime_import')
            .values({
              id: importId,
              partnership_id: partnershipId,
              started_at: started,
              finished_at: started,
              actor: actor.name,
              report: '{}',
            })
            .execute()
          const sets = await loadSets(tx, partnershipId)
          // The force-months already held, looked up once rather than once per unit.
          const heldUnits = await tx
            .selectFrom('crime_unit')
            .select(['id', 'force', 'month', 'rows'])
            .where('partnership_id', '=', partnershipId)
            .execute()
          const held = new Map<string, string>(heldUnits.map((u) => [`${u.force}\u0000${u.month}`, u.id]))
          const heldRows = new Map<string, number>(heldUnits.map((u) => [`${u.force}\u0000${u.month}`, u.rows]))
          const units = new Map<
            string,
            { id: string; seq: number; replaced: boolean; source: string; part: number; heldRows: number }
          >()
          // Force-months a file would replace with far fewer rows (a one-row test file, a partial extract).
          const shrinking: string[] = []
          const sourceBytes = new Map(list.sources.map((src) => [src.name, src.bytes] as const))
          const read = new Map<string, number>()
          const partRows = new Map<string, number>()

          const chunk = async (source: string, force: string, month: string, bytes: Buffer, part = 0) => {
            const key = `${force}\u0000${month}`
            let entry = units.get(key)
            // Two parts of a split file holding one force-month (a file not sorted by force-month).
            if (entry && entry.source === source && entry.part !== part) throw new ReadWhole()
            if (entry && entry.source !== source)
              throw new CrimeFileError(
                `${force} ${month} is in both ${entry.source} and ${source}. Import one of them.`,
              )
            if (!entry) {
              const existing = held.get(key)
              if (existing) {
                await tx.deleteFrom('crime_unit').where('id', '=', existing).execute()
                held.delete(key)
              }
              entry = {
                id: randomUUID(),
                seq: 0,
                replaced: !!existing,
                source,
                part,
                heldRows: heldRows.get(key) ?? 0,
              }
              units.set(key, entry)
              await bulkInsert(tx, 'crime_unit', [
                {
                  id: entry.id,
                  partnership_id: partnershipId,
                  force,
                  month,
                  source_name: source.replace(/^.*[\\/]/, ''),
                  import_id: importId,
                  rows: 0,
                  located: 0,
                  unlocated: 0,
                  rejected: 0,
                  outside_area: 0,
                  unallocated: 0,
                  beat_set_id: null,
                  locality_set_id: null,
                  area_set_id: null,
                  quirks: '{}',
                  imported_at: clock().toISOString(),
                  storage: 'seg1',
                },
              ])
            }
            await bulkInsert(tx, 'crime_unit_data', [{ unit_id: entry.id, seq: entry.seq++, data: bytes }])
          }
          const rejected = new RejectedLines(list.sources.map((x) => x.name))
          // The report lists force-months in file order, however the workers finished.
          const order = new Map<string, number>()
          const sourceOrder = new Map(list.sources.map((x, i) => [x.name, i] as const))
          /** A force-month's figures stored and reported (as the worker finishes it, or with its file). */
          const placed = new Map<string, number>()
          const unit = async (source: string, part: number, u: UnitSummary, types: readonly string[]) => {
            const key = `${source}\u0000${part}`
            const i = placed.get(key) ?? 0
            placed.set(key, i + 1)
            order.set(`${u.force}\u0000${u.month}`, ((sourceOrder.get(source) ?? 0) * 64 + part) * 1e6 + i)
            const entry = units.get(`${u.force}\u0000${u.month}`)!
            if (entry.replaced && !options.replaceSmaller && u.rows < entry.heldRows * SHRINK_ASKS)
              shrinking.push(
                `${u.force} ${u.month}: ${u.rows.toLocaleString('en-GB')} row${u.rows === 1 ? '' : 's'} in ${source.replace(/^.*[\\/]/, '')} where ${entry.heldRows.toLocaleString('en-GB')} are held`,
              )
            const ctx = sets.contextFor(u.month)
            await store.updateRows(tx, 'crime_unit', 'id', [
              {
                id: entry.id,
                rows: u.rows,
                located: u.located,
                unlocated: u.unlocated,
                rejected: u.rejected,
                outside_area: u.quirks.outsideArea,
                unallocated: u.unallocated,
                beat_set_id: ctx.beatSetId,
                locality_set_id: ctx.localitySetId,
                area_set_id: ctx.areaSetId,
                quirks: JSON.stringify(u.quirks),
              },
            ])
            await writeCounts(tx, entry.id, u, types, ctx, true)
            report.units.push({
              force: u.force,
              month: u.month,
              source,
              rows: u.rows,
              located: u.located,
              unlocated: u.unlocated,
              rejected: u.rejected,
              unallocated: u.unallocated,
              replaced: entry.replaced,
              quirks: u.quirks,
            })
            report.totals.rows += u.rows
            report.totals.located += u.located
            report.totals.unlocated += u.unlocated
            report.totals.rejected += u.rejected
            report.totals.outsideArea += u.quirks.outsideArea
            report.totals.unallocated += u.unallocated
          }
          const done = async (f: FileSummary) => {
            rejected.add(f)
            report.totals.rejected += f.rejectedElsewhere
            report.totals.rows += f.rejectedElsewhere
            for (const u of f.units) await unit(f.source, f.part, u, f.types)
          }
          const progress = (source: string, rows: number, bytesRead: number, part = 0) => {
            read.set(`${part}\u0000${source}`, Math.min(bytesRead, sourceBytes.get(source) ?? bytesRead))
            partRows.set(`${part}\u0000${source}`, rows)
            let sourceRows = 0
            for (const [k, n] of partRows) if (k.endsWith(`\u0000${source}`)) sourceRows += n
            const total = [...read.values()].reduce((a, b) => a + b, 0)
            onProgress?.({
              source,
              sourceIndex: list.sources.findIndex((x) => x.name === source),
              sources: list.sources.length,
              bytesRead: total,
              bytesTotal,
              rows: sourceRows,
              part,
            })
          }
          // 'auto': one worker per core for a big import (this thread only stores what they send);
          // a month or two reads faster here than it takes to start workers.
          const chosen =
            options.workers ??
            (workerSetting === 'auto'
              ? bytesTotal >= WORKERS_FROM_BYTES && cpus().length > 1
                ? Math.min(cpus().length, 8)
                : 0
              : Math.min(workerSetting, cpus().length * 2))
          const workers = options.offMainThread ? Math.max(1, chosen) : chosen
          if (workers > 0)
            await inWorkers(
              split ? list.sources.flatMap((src) => splitSource(src, workers, options.splitFrom)) : list.sources,
              await sets.payload(),
              sets.areaLsoas,
              workers,
              { chunk, done, progress, unit },
              memoCapacity(bytesTotal),
              limits,
              split,
            )
          else {
            for (const src of list.sources)
              await done(
                await runFile(
                  src,
                  sets.contextFor,
                  { chunk, progress, unit: (source, u, types) => unit(source, 0, u, types) },
                  50,
                  limits,
                  split,
                ).catch((e: unknown) => {
                  throw e instanceof UnitRevisitedError ? new ReadWhole() : e
                }),
              )
          }
          if (shrinking.length) throw new ShrinkingImportError(shrinking)
          report.rejectedRows = rejected.first(50)
          const place = (u: { force: string; month: string }) => order.get(`${u.force}\u0000${u.month}`) ?? 0
          report.units.sort((a, b) => place(a) - place(b))
          report.notes = importNotes(
            report,
            await units2months(tx, partnershipId),
            sets.areaLsoas !== undefined,
            (await boundaries.sets(partnershipId, undefined, tx)).map((s) => s.layer),
          )
          await tx
            .updateTable('crime_import')
            .set({ finished_at: clock().toISOString(), report: JSON.stringify(report) })
            .where('id', '=', importId)
            .execute()
          await recordAudit(tx, actor, clock(), {
            action: 'crimes.import',
            subjectType: 'crime_import',
            subjectId: importId,
            details: {
              sources: report.sources,
              units: report.units.map((u) => `${u.force} ${u.month}`),
              totals: report.totals,
            },
          })
        }),
      )
    } finally {
      list.close()
    }
    dataChanged()
    return report
  }

  return {
    loadSets,
    storedBytes,
    /**
     * Imports police.uk street-level files: each force-month replaces the one already held, and the
     * whole import is one transaction — a bad file anywhere, or a crash, leaves the database as it was.
     */
    /**
     * `offMainThread` (the web app): files are read in worker threads however small the import, so
     * the server keeps answering while they are read.
     */
    async import(
      partnershipId: string,
      paths: readonly string[],
      actor: Actor,
      onProgress?: (p: ImportProgress) => void,
      options: ImportOptions = {},
    ): Promise<CrimeImportReport> {
      try {
        return await importFiles(partnershipId, paths, actor, onProgress, options, true)
      } catch (e) {
        if (!(e instanceof ReadWhole)) throw e
        return importFiles(partnershipId, paths, actor, onProgress, options, false)
      }
    },

    /** Recounts every unit against the boundaries now in effect (after a boundary import), inside its transaction. */
    async recount(q: Queryable, partnershipId: string) {
      const units = await q
        .selectFrom('crime_unit')
        .select(['id', 'source_name'])
        .where('partnership_id', '=', partnershipId)
        .execute()
      if (units.length === 0) return
      const sets = await loadSets(q, partnershipId)
      for (const unit of units) {
        // A turn of the event loop between force-months: the server answers while it recounts.
        await nextTurn()
        const bytes = await storedBytes(q, unit.id)
        const f = await runFile(
          { name: unit.source_name, open: async () => Readable.from(bytes) },
          sets.contextFor,
          { chunk: async () => {} },
          0,
        )
        for (const u of f.units) {
          const ctx = sets.contextFor(u.month)
          await writeCounts(q, unit.id, u, f.types, ctx)
          await q
            .updateTable('crime_unit')
            .set({
              outside_area: u.quirks.outsideArea,
              unallocated: u.unallocated,
              beat_set_id: ctx.beatSetId,
              locality_set_id: ctx.localitySetId,
              area_set_id: ctx.areaSetId,
              quirks: JSON.stringify(u.quirks),
            })
            .where('id', '=', unit.id)
            .execute()
        }
      }
    },
  }
}

export { areaLsoaKeys, SHRINK_ASKS, ShrinkingImportError, type ImportOptions } from './import-notes'
