import { nextTurn } from '../../../event-loop'
import { dataChanged } from '../data-version'
import { randomUUID } from 'node:crypto'
import type { Database, Db, Queryable } from '../../../db/database'
import { recordAudit, type Actor } from '../../audit/audit.service'
import type { BoundariesService } from '../boundaries/boundaries.service'
import { cpus } from 'node:os'
import { Readable } from 'node:stream'
import {
  assignPoint,
  COL,
  contextsFor,
  CrimeFileError,
  csvRecords,
  decodeCountKey,
  DEFAULT_IMPORT_LIMITS,
  fieldNumber,
  fieldText,
  inWorkers,
  judgeRow,
  listCrimeSources,
  memoCapacity,
  ReadWhole,
  RecordScanner,
  RejectedLines,
  runFile,
  segmentsToCsv,
  sharedIndex,
  splitSource,
  unpackInArea,
  UnitRevisitedError,
  WORKERS_FROM_BYTES,
  type FileSummary,
  type ImportLimits,
  type IndexedSet,
  type MonthContext,
  type RejectedRow,
  type SetPayload,
  type UnitQuirks,
  type UnitSummary,
} from '../../../crime-engine'
import type { CountRow } from './counts-format'
import { coverageNotes } from './coverage'
import {
  lsoaKey,
  lsoaPlaces,
  lsoasOf,
  onsAreaOf,
  onsAreas,
  onsLayerLabels,
  populationTable,
  type OnsDimension,
} from '../reference/ons-reference'

export const UNALLOCATED = 'unallocated'

/** The layers figures can be given by: imported beats and localities, and the ONS wards and LSOAs. */
export const areaDimensions = ['beat', 'locality', 'ward', 'lsoa'] as const
export type AreaDimension = (typeof areaDimensions)[number]

export interface LayerArea {
  code: string
  name: string
  /** Census 2021 usual residents (shared by area for imported boundaries); null where unknown. */
  population: number | null
}

export interface AreaLayer {
  /** What was asked for. */
  dimension: AreaDimension
  /** Where the areas come from: an imported boundary set, or the ONS lookup. */
  source: 'boundaries' | OnsDimension
  id: string
  label: string
  effectiveFrom: string | null
  areas: LayerArea[]
  /** Said on the page and the CLI when the layer stands in for one not imported. */
  note: string | null
}

export interface LayerCounts {
  layer: AreaLayer | null
  setIds: string[]
  counts: CountRow[]
}
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
  totals: {
    rows: number
    located: number
    unlocated: number
    rejected: number
    outsideArea: number
    unallocated: number
  }
  /** The first rejected rows, with their line and reason. */
  rejectedRows: RejectedRow[]
  /** What the figures built from this import leave out or stand in for, in words. */
  notes: string[]
}

export interface ImportProgress {
  source: string
  sourceIndex: number
  sources: number
  bytesRead: number
  bytesTotal: number
  /** Rows read so far from this source (all its parts). */
  rows: number
  /** Which part of a split source this news is from (0 for a whole file). */
  part: number
}

export type CrimesService = ReturnType<typeof crimesService>

export function crimesService(
  db: Db,
  clock: () => Date,
  boundaries: BoundariesService,
  store: Pick<Database, 'bulkInsert' | 'updateRows' | 'bulkWrite'>,
  workerSetting: number | 'auto' = 'auto',
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
) {
  const bulkInsert: Database['bulkInsert'] = (q, table, rows) => store.bulkInsert(q, table, rows)
  /** Every boundary set of the partnership, indexed, so a month's context is chosen without waiting. */
  async function loadSets(q: Queryable, partnershipId: string) {
    const indexed: IndexedSet[] = []
    const names = new Map<string, Map<string, string>>()
    for (const layer of ['beats', 'localities', 'area'] as const) {
      for (const s of await boundaries.sets(partnershipId, layer, q)) {
        indexed.push({
          layer,
          id: s.id,
          effectiveFrom: s.effective_from,
          backdated: s.backdated === 1,
          index: await boundaries.index(s.id, q),
        })
        names.set(s.id, new Map((await boundaries.areaList(s.id, q)).map((a) => [a.code, a.name] as const)))
      }
    }
    const payload = async (): Promise<SetPayload[]> =>
      indexed.map((s) => ({
        layer: s.layer,
        id: s.id,
        effectiveFrom: s.effectiveFrom,
        backdated: s.backdated,
        index: sharedIndex(s.index),
      }))
    const areaLsoas = await areaLsoaKeys(q, partnershipId)
    return { contextFor: contextsFor(indexed, undefined, areaLsoas), payload, names, areaLsoas }
  }

  async function writeCounts(
    q: Queryable,
    unitId: string,
    u: UnitSummary,
    types: readonly string[],
    ctx: MonthContext,
    fresh = false,
  ) {
    if (!fresh) await q.deleteFrom('crime_count').where('unit_id', '=', unitId).execute()
    const rows: {
      unit_id: string
      dimension: 'beat' | 'locality' | 'beat_locality'
      set_id: string
      month: string
      cells: number
      total: number
      data: string
    }[] = []
    const add = (dimension: 'beat' | 'locality', setId: string | null, pairs: number[]) => {
      if (!setId) return
      const cells: number[] = []
      let total = 0
      for (let i = 0; i < pairs.length; i += 2) {
        const { area, type, inArea } = decodeCountKey(pairs[i]!)
        cells.push(area, type, inArea ? 1 : 0, pairs[i + 1]!)
        total += pairs[i + 1]!
      }
      rows.push({
        unit_id: unitId,
        dimension,
        set_id: setId,
        month: u.month,
        cells: cells.length / 4,
        total,
        data: JSON.stringify({ types, cells }),
      })
    }
    add('beat', ctx.beatSetId, u.beatCells)
    add('locality', ctx.localitySetId, u.localityCells)
    if (ctx.beatSetId && ctx.localitySetId && u.crossCells.length) {
      const cells: number[] = []
      let total = 0
      for (let i = 0; i < u.crossCells.length; i += 2) {
        const key = u.crossCells[i]!
        cells.push(Math.floor(key / 16384) - 1, (key % 16384) - 1, 1, u.crossCells[i + 1]!)
        total += u.crossCells[i + 1]!
      }
      rows.push({
        unit_id: unitId,
        dimension: 'beat_locality',
        set_id: ctx.beatSetId,
        month: u.month,
        cells: cells.length / 4,
        total,
        data: JSON.stringify({ localitySetId: ctx.localitySetId, cells }),
      })
    }
    await bulkInsert(q, 'crime_count', rows)
  }

  /** A unit's rows as the published CSV bytes, header first, whichever way they are stored. */
  async function storedBytes(q: Queryable, unitId: string): Promise<Buffer[]> {
    const unit = await q.selectFrom('crime_unit').select('storage').where('id', '=', unitId).executeTakeFirst()
    const chunks = await q
      .selectFrom('crime_unit_data')
      .select('data')
      .where('unit_id', '=', unitId)
      .orderBy('seq')
      .execute()
    const pieces = chunks.map((c) => Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength))
    return unit?.storage === 'seg1' ? [segmentsToCsv(pieces)] : pieces
  }

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
          const done = async (f: FileSummary) => {
            rejected.add(f)
            f.units.forEach((u, i) =>
              order.set(`${u.force}\u0000${u.month}`, ((sourceOrder.get(f.source) ?? 0) * 64 + f.part) * 1e6 + i),
            )
            report.totals.rejected += f.rejectedElsewhere
            report.totals.rows += f.rejectedElsewhere
            for (const u of f.units) {
              const entry = units.get(`${u.force}\u0000${u.month}`)!
              if (entry.replaced && !options.replaceSmaller && u.rows < entry.heldRows * SHRINK_ASKS)
                shrinking.push(
                  `${u.force} ${u.month}: ${u.rows.toLocaleString('en-GB')} row${u.rows === 1 ? '' : 's'} in ${f.source.replace(/^.*[\\/]/, '')} where ${entry.heldRows.toLocaleString('en-GB')} are held`,
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
              await writeCounts(tx, entry.id, u, f.types, ctx, true)
              report.units.push({
                force: u.force,
                month: u.month,
                source: f.source,
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
              { chunk, done, progress },
              memoCapacity(bytesTotal),
              limits,
              split,
            )
          else {
            for (const src of list.sources)
              await done(
                await runFile(src, sets.contextFor, { chunk, progress }, 50, limits, split).catch((e: unknown) => {
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

    /**
     * Counts by locality through an LSOA lookup (methods.md §1.7): police.uk's own LSOA column,
     * then LSOA → locality. LSOAs the lookup does not hold count as `unallocated`.
     */
    async countsViaLookup(
      partnershipId: string,
      lookup: ReadonlyMap<string, { area_code: string; area_name: string }>,
      range: { from?: string | undefined; to?: string | undefined } = {},
    ) {
      return regroupLsoaCounts(
        await lsoaCounts(partnershipId, range),
        (lsoa) => {
          const hit = lookup.get(lsoa)
          return hit && { code: hit.area_code, name: hit.area_name }
        },
        'Unallocated (LSOA not in the lookup)',
      )
    },

    /**
     * The crime-weighted beat → locality shares: of each beat's located crimes (every month held
     * that was counted on these two sets), the share that lies in each locality.
     */
    async crimeShares(beatSetId: string, localitySetId: string) {
      const blobs = await db
        .selectFrom('crime_count')
        .select('data')
        .where('dimension', '=', 'beat_locality')
        .where('set_id', '=', beatSetId)
        .execute()
      const [beats, localities] = [
        (await boundaries.areaList(beatSetId)).map((a) => a.code),
        (await boundaries.areaList(localitySetId)).map((a) => a.code),
      ]
      const byBeat = new Map<string, Map<string, number>>()
      for (const b of blobs) {
        const { localitySetId: l, cells } = JSON.parse(b.data) as { localitySetId: string; cells: number[] }
        if (l !== localitySetId) continue
        for (let i = 0; i < cells.length; i += 4) {
          if (cells[i] === -1) continue
          const beat = beats[cells[i]!]!
          const loc = cells[i + 1] === -1 ? UNALLOCATED : localities[cells[i + 1]!]!
          const m = byBeat.get(beat) ?? new Map<string, number>()
          m.set(loc, (m.get(loc) ?? 0) + cells[i + 3]!)
          byBeat.set(beat, m)
        }
      }
      const shares = new Map<string, { total: number; shares: Map<string, number> }>()
      for (const [beat, m] of byBeat) {
        const total = [...m.values()].reduce((a, b) => a + b, 0)
        shares.set(beat, { total, shares: new Map([...m].map(([k, v]) => [k, v / total])) })
      }
      return shares
    },

    async units(partnershipId: string) {
      const rows = await db
        .selectFrom('crime_unit')
        .selectAll()
        .where('partnership_id', '=', partnershipId)
        .orderBy('force')
        .orderBy('month')
        .execute()
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
      for await (const r of csvRecords(
        (async function* () {
          yield* bytes
        })(),
        unitId,
      )) {
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
    async counts(
      partnershipId: string,
      by: AreaDimension,
      range: { from?: string | undefined; to?: string | undefined } = {},
    ): Promise<CountRow[]> {
      if (by === 'lsoa') return lsoaCounts(partnershipId, range)
      return (await this.layerCounts(partnershipId, by, range)).counts
    },

    /**
     * What figures on a layer leave out, in words: a stand-in layer, months not held inside the
     * window, a window reaching outside the months held, months counted on no boundaries.
     */
    async coverage(
      partnershipId: string,
      by: AreaDimension,
      range: { from?: string | undefined; to?: string | undefined },
      layer?: Pick<AreaLayer, 'source' | 'note'> | null,
    ): Promise<string[]> {
      const units = await db
        .selectFrom('crime_unit')
        .select(['month', 'beat_set_id', 'locality_set_id'])
        .where('partnership_id', '=', partnershipId)
        .execute()
      const bare =
        (by === 'beat' || by === 'locality') && layer?.source === 'boundaries'
          ? units.filter((u) => (by === 'beat' ? u.beat_set_id : u.locality_set_id) === null).map((u) => u.month)
          : []
      const notes = coverageNotes({
        ...range,
        held: units.map((u) => u.month),
        withoutBoundaries: bare,
        layer: by === 'beat' ? 'beats' : 'localities',
      })
      return layer?.note ? [layer.note, ...notes] : notes
    },

    /**
     * Counts on an area layer, with the layer's areas and their population. Beats and localities
     * are the imported sets; before any are imported (or for wards and LSOAs), a partnership set up
     * from the ONS list uses its wards, local authorities and LSOAs, by police.uk's LSOA column.
     * `setIds` are the boundary sets the months were counted on (more than one: the caller decides).
     */
    async layerCounts(
      partnershipId: string,
      by: AreaDimension,
      range: { from?: string | undefined; to?: string | undefined } = {},
    ): Promise<LayerCounts> {
      const authorities = (
        await db
          .selectFrom('partnership_authority')
          .select('code')
          .where('partnership_id', '=', partnershipId)
          .execute()
      ).map((a) => a.code)
      if (by === 'beat' || by === 'locality') {
        const rows = await countsWithSets(partnershipId, by, range)
        const anySet = (await boundaries.sets(partnershipId, by === 'beat' ? 'beats' : 'localities')).length > 0
        if (anySet) {
          const setIds = [...new Set(rows.map((r) => r.set_id))]
          if (!setIds.length) return { layer: null, setIds, counts: [] }
          const set = await boundaries.set(setIds[0]!)
          const population = await boundaries.population(set.id)
          const areas = (await boundaries.areaList(set.id)).map((a) => ({
            code: a.code,
            name: a.name,
            population: population.get(a.code) ?? null,
          }))
          return {
            layer: {
              dimension: by,
              source: 'boundaries',
              id: set.id,
              label: set.label,
              effectiveFrom: set.effective_from,
              areas,
              note: null,
            },
            setIds,
            counts: rows.map(({ set_id: _s, ...r }) => r),
          }
        }
      }
      const ons: OnsDimension =
        by === 'lsoa' ? 'lsoa' : by === 'ward' || by === 'beat' ? 'ward' : authorities.length > 1 ? 'authority' : 'ward'
      const note =
        by === 'beat'
          ? 'No police beats are imported yet: the figures are by electoral ward. Import beats on the Data page to use them.'
          : by === 'locality'
            ? `No localities are imported: the figures are by ${ons === 'authority' ? 'local authority' : 'electoral ward (the partnership is one local authority)'}.`
            : null
      const lsoaRows = await lsoaCounts(partnershipId, range)
      const pop = populationTable()
      let areas: LayerArea[]
      if (authorities.length) areas = onsAreas(authorities, ons)
      else {
        // Not set up from the ONS list: the areas the partnership's own crime falls in.
        const seen = new Map<string, LayerArea>()
        for (const r of lsoaRows) {
          const a = onsAreaOf(r.area_code, ons)
          if (a && !seen.has(a.code))
            seen.set(a.code, {
              code: a.code,
              name: a.name,
              population: ons === 'lsoa' ? (pop.get(a.code) ?? null) : null,
            })
        }
        areas = [...seen.values()].sort((a, b) => (a.code < b.code ? -1 : 1))
      }
      const counts = regroupLsoaCounts(
        lsoaRows,
        (lsoa) => onsAreaOf(lsoa, ons),
        'No LSOA code, or one not on the 2021 list',
      )
      if (!authorities.length && ons !== 'lsoa') {
        // Population of wards known only from the crime that falls in them: every LSOA of those wards.
        const popOf = new Map<string, number>()
        for (const [code, p] of lsoaPlaces())
          if (ons === 'ward' || ons === 'authority') {
            const k = ons === 'ward' ? p.ward : p.authority
            popOf.set(k, (popOf.get(k) ?? 0) + (pop.get(code) ?? 0))
          }
        for (const a of areas) a.population = popOf.get(a.code) ?? null
      }
      return {
        layer: {
          dimension: by,
          source: ons,
          id: `ons:${ons}`,
          label: onsLayerLabels[ons],
          effectiveFrom: null,
          areas,
          note,
        },
        setIds: [],
        counts,
      }
    },

    /** Counts by beat or locality as counts() gives them, each row with the boundary set it was counted on. */
    countsWithSets: (
      partnershipId: string,
      by: 'beat' | 'locality',
      range: { from?: string | undefined; to?: string | undefined } = {},
    ) => countsWithSets(partnershipId, by, range),
  }

  async function countsWithSets(
    partnershipId: string,
    by: 'beat' | 'locality',
    range: { from?: string | undefined; to?: string | undefined },
  ) {
    let query = db
      .selectFrom('crime_count')
      .innerJoin('crime_unit', 'crime_unit.id', 'crime_count.unit_id')
      .select(['crime_count.set_id', 'crime_count.month', 'crime_count.data'])
      .where('crime_unit.partnership_id', '=', partnershipId)
      .where('crime_count.dimension', '=', by)
    if (range.from) query = query.where('crime_count.month', '>=', range.from)
    if (range.to) query = query.where('crime_count.month', '<=', range.to)
    const blobs = await query.execute()
    const none = by === 'beat' ? 'Unallocated (outside every beat)' : 'Unallocated (outside every locality)'
    // Every code, month and type numbered in sort order, so the totals gather under numeric keys
    // and come out sorted by sorting numbers (a national year is about 750,000 cells).
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
    const lists = new Map<string, readonly { code: string; name: string }[]>()
    for (const b of blobs) if (!lists.has(b.set_id)) lists.set(b.set_id, await boundaries.areaList(b.set_id))
    const namesBySet = new Map([...lists].map(([id, list]) => [id, new Map(list.map((a) => [a.code, a.name]))]))
    const codes = [...new Set([UNALLOCATED, ...[...lists.values()].flatMap((l) => l.map((a) => a.code))])].sort(cmp)
    const codeNo = new Map(codes.map((c, i) => [c, i] as const))
    const months = [...new Set(blobs.map((b) => b.month))].sort(cmp)
    const monthNo = new Map(months.map((m, i) => [m, i] as const))
    const parsed = blobs.map((b) => JSON.parse(b.data) as { types: string[]; cells: number[] })
    const types = [...new Set(parsed.flatMap((p) => p.types))].sort(cmp)
    const typeNo = new Map(types.map((t, i) => [t, i] as const))
    const setOf = new Map<number, string>()
    const totals = new Map<number, number>()
    const nM = months.length
    const nT = types.length
    const unallocated = codeNo.get(UNALLOCATED)!
    blobs.forEach((b, k) => {
      const local = lists.get(b.set_id)!.map((a) => codeNo.get(a.code)!)
      const { types: localTypes, cells } = parsed[k]!
      const typeMap = localTypes.map((t) => typeNo.get(t)!)
      const m = monthNo.get(b.month)!
      for (let i = 0; i < cells.length; i += 4) {
        if (cells[i + 2] !== 1) continue
        const code = cells[i] === -1 ? unallocated : local[cells[i]!]!
        const cm = code * nM + m
        if (!setOf.has(cm)) setOf.set(cm, b.set_id)
        const key = cm * nT + typeMap[cells[i + 1]!]!
        totals.set(key, (totals.get(key) ?? 0) + cells[i + 3]!)
      }
    })
    const keys = Float64Array.from(totals.keys()).sort()
    return Array.from(keys, (key) => {
      const t = key % nT
      const cm = (key - t) / nT
      const m = cm % nM
      const code = codes[(cm - m) / nM]!
      const set = setOf.get(cm)!
      return {
        set_id: set,
        area_code: code,
        area_name: code === UNALLOCATED ? none : (namesBySet.get(set)!.get(code) ?? code),
        month: months[m]!,
        crime_type: types[t]!,
        count: totals.get(key)!,
      }
    })
  }

  async function lsoaCounts(partnershipId: string, range: { from?: string | undefined; to?: string | undefined }) {
    let query = db.selectFrom('crime_unit').select(['id', 'month']).where('partnership_id', '=', partnershipId)
    if (range.from) query = query.where('month', '>=', range.from)
    if (range.to) query = query.where('month', '<=', range.to)
    const units = await query.execute()
    const { contextFor, areaLsoas } = await loadSets(db, partnershipId)
    const counts = new Map<
      string,
      { area_code: string; area_name: string; month: string; crime_type: string; count: number }
    >()
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
        if (
          lon === undefined ||
          lat === undefined ||
          Number.isNaN(lon) ||
          Number.isNaN(lat) ||
          (lon === 0 && lat === 0)
        )
          return
        const code = fieldText(r, 7) || UNALLOCATED
        const inArea = areaLsoas
          ? areaLsoas.has(lsoaKey(code))
          : ctx.area
            ? unpackInArea(assignPoint(ctx, lon, lat))
            : true
        if (!inArea) return
        const type = fieldText(r, 9)
        const key = `${code}\u0000${type}`
        const c = counts.get(`${unit.month}\u0000${key}`)
        if (c) c.count++
        else
          counts.set(`${unit.month}\u0000${key}`, {
            area_code: code,
            area_name: code === UNALLOCATED ? 'No LSOA code' : fieldText(r, 8),
            month: unit.month,
            crime_type: type,
            count: 1,
          })
      })
      for (const chunk of await storedBytes(db, unit.id)) scanner.push(chunk)
      scanner.end()
    }
    return sortCounts([...counts.values()])
  }
}

/**
 * The partnership's area as LSOA keys when it was set up from the ONS list (its authorities'
 * LSOAs), else undefined: the area is then an imported polygon, or everywhere.
 */
async function units2months(q: Queryable, partnershipId: string) {
  return q
    .selectFrom('crime_unit')
    .select(['month', 'beat_set_id', 'locality_set_id'])
    .where('partnership_id', '=', partnershipId)
    .execute()
}

export async function areaLsoaKeys(q: Queryable, partnershipId: string): Promise<Set<number> | undefined> {
  const authorities = await q
    .selectFrom('partnership_authority')
    .select('code')
    .where('partnership_id', '=', partnershipId)
    .execute()
  if (!authorities.length) return undefined
  return new Set(lsoasOf(authorities.map((a) => a.code)).map((p) => lsoaKey(p.lsoa)))
}

/** What the figures built on an import leave out, or where they come from when that is not obvious. */
function importNotes(
  report: CrimeImportReport,
  months: { month: string; beat_set_id: string | null; locality_set_id: string | null }[],
  lsoaArea: boolean,
  layers: string[],
): string[] {
  const notes: string[] = []
  const imported = new Set(report.units.map((u) => u.month))
  const mine = months.filter((m) => imported.has(m.month))
  if (lsoaArea)
    notes.push(
      "A crime is in the partnership's area when police.uk's LSOA code is one of its local authorities' LSOAs; the rest are kept but not counted.",
    )
  else if (!layers.includes('area'))
    notes.push(
      "No partnership area is set, so every located crime counts as the partnership's. Set one up from the ONS list, or import the area's boundary.",
    )
  for (const [layer, key, word] of [
    ['beats', 'beat_set_id', 'beats'],
    ['localities', 'locality_set_id', 'localities'],
  ] as const) {
    if (!layers.includes(layer)) continue
    const bare = mine.filter((m) => m[key] === null).map((m) => m.month)
    if (bare.length)
      notes.push(...coverageNotes({ held: [...imported], withoutBoundaries: bare, layer: word }).slice(-1))
  }
  if (!layers.includes('beats'))
    notes.push(
      lsoaArea
        ? 'No police beats are imported: hotspots and counts use electoral wards until they are.'
        : "No police beats are imported: hotspots and counts use the electoral wards police.uk's LSOA codes fall in until they are.",
    )
  const held = [...new Set(months.map((m) => m.month))].sort()
  const gaps = coverageNotes({ held }).filter((n) => n.includes('inside the window'))
  notes.push(...gaps)
  return notes
}

/** A force-month replaced by fewer than half its rows is asked about first. */
export const SHRINK_ASKS = 0.5

/** How an import reads its files (the defaults suit everyone; tests and the web app set some). */
export interface ImportOptions {
  workers?: number
  offMainThread?: boolean
  replaceSmaller?: boolean
  /** Plain files this big or bigger are split between the workers (tests set it low). */
  splitFrom?: number
}

/** An import that would replace force-months with far fewer rows than are held: nothing was written. */
export class ShrinkingImportError extends CrimeFileError {
  constructor(readonly units: readonly string[]) {
    super(
      `Nothing was imported: ${units.length === 1 ? 'a force-month' : `${units.length} force-months`} would be replaced by far fewer rows than are held (${units.slice(0, 5).join('; ')}${units.length > 5 ? '; …' : ''}). If that is what you mean, import again and confirm the replacement.`,
    )
  }
}

/**
 * Counts by LSOA gathered into the areas the LSOAs lie in (a lookup, or the ONS wards and
 * councils); LSOAs in no area count as unallocated, under `noneName`.
 */
function regroupLsoaCounts(
  rows: readonly CountRow[],
  areaOf: (lsoa: string) => { code: string; name: string } | undefined,
  noneName: string,
): CountRow[] {
  const totals = new Map<string, CountRow>()
  for (const r of rows) {
    const a = areaOf(r.area_code)
    const code = a?.code ?? UNALLOCATED
    const key = `${code}\u0000${r.month}\u0000${r.crime_type}`
    const t = totals.get(key)
    if (t) t.count += r.count
    else
      totals.set(key, {
        area_code: code,
        area_name: a?.name ?? noneName,
        month: r.month,
        crime_type: r.crime_type,
        count: r.count,
      })
  }
  return sortCounts([...totals.values()])
}

/** Area code, then month, then crime type: the order of the CSV users rely on. */
function sortCounts<T extends { area_code: string; month: string; crime_type: string }>(rows: T[]): T[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return rows.sort((a, b) => cmp(a.area_code, b.area_code) || cmp(a.month, b.month) || cmp(a.crime_type, b.crime_type))
}
