// The crime import's storage (see crime-import.ts).
import type { Database, Db, Queryable } from '../../../db/database'
import type { BoundariesService } from '../boundaries/boundaries.service'
import {
  contextsFor,
  decodeCountKey,
  segmentsToCsv,
  sharedIndex,
  type IndexedSet,
  type MonthContext,
  type SetPayload,
  type UnitSummary,
} from '../../../crime-engine'
import { areaLsoaKeys } from './import-notes'

/**
 * Where the crime import keeps what it reads: the boundary sets it assigns with, each force-month's
 * stored bytes and its counts by area, month and type.
 */
export function crimeStore(
  db: Db,
  boundaries: BoundariesService,
  store: Pick<Database, 'bulkInsert' | 'updateRows' | 'bulkWrite'>,
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

  return { bulkInsert, loadSets, writeCounts, storedBytes }
}
