// Crime counts by area layer (see crimes.service.ts for the whole service).
import type { Db } from '../../../db/database'
import type { BoundariesService } from '../boundaries/boundaries.service'
import { assignPoint, fieldNumber, fieldText, RecordScanner, unpackInArea } from '../../../crime-engine'
import { regroupLsoaCounts, sortCounts, type CountRow } from './counts-format'
import { coverageNotes } from './coverage'
import {
  lsoaKey,
  lsoaPlaces,
  onsAreaOf,
  onsAreas,
  onsLayerLabels,
  populationTable,
  type OnsDimension,
} from '../reference/ons-reference'
import type { CrimeImport } from './crime-import'
import { UNALLOCATED, type AreaDimension, type AreaLayer, type LayerArea, type LayerCounts } from './crime-types'

import { retyped, type TypeMapping } from './type-mapping'

export { groupAndRest, IN_GROUP, onlyTypes, OTHER_TYPES, type TypeMapping } from './type-mapping'

export type CrimeCounts = ReturnType<typeof crimeCounts>

/** Crime counts by area layer, month and type: beats and localities, ONS wards and councils, LSOAs, lookups. */
export function crimeCounts(
  db: Db,
  boundaries: BoundariesService,
  imported: Pick<CrimeImport, 'loadSets' | 'storedBytes'>,
) {
  const { loadSets, storedBytes } = imported
  return {
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
      /** Crime types renamed (counts under one name added up), or left out where it gives null. */
      typeOf?: TypeMapping,
    ): Promise<LayerCounts> {
      const authorities = (
        await db
          .selectFrom('partnership_authority')
          .select('code')
          .where('partnership_id', '=', partnershipId)
          .execute()
      ).map((a) => a.code)
      if (by === 'beat' || by === 'locality') {
        const { rows, setIds } = await countsWithSets(partnershipId, by, range, typeOf)
        const anySet = (await boundaries.sets(partnershipId, by === 'beat' ? 'beats' : 'localities')).length > 0
        if (anySet) {
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
        counts: typeOf ? retyped(counts, typeOf) : counts,
      }
    },

    /** Counts by beat or locality as counts() gives them, each row with the boundary set it was counted on. */
    countsWithSets: async (
      partnershipId: string,
      by: 'beat' | 'locality',
      range: { from?: string | undefined; to?: string | undefined } = {},
    ) => (await countsWithSets(partnershipId, by, range)).rows,
  }

  /**
   * Counts by beat or locality with the set each came from, sorted. `typeOf` renames each crime
   * type (null: leave it out), and counts under one name add up: a trend needs one group's types,
   * the hotspots a group's and all the rest (a national year holds 750,000 cells by type).
   * `setIds`: the sets in the order their first (area, month) appears, whatever the types.
   */
  async function countsWithSets(
    partnershipId: string,
    by: 'beat' | 'locality',
    range: { from?: string | undefined; to?: string | undefined },
    typeOf?: TypeMapping,
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
    const named = (t: string) => (typeOf ? typeOf(t) : t)
    const sourceTypes = [...new Set(parsed.flatMap((p) => p.types))]
    const types = [...new Set(sourceTypes.map(named).filter((t): t is string => t !== null))].sort(cmp)
    const typeNo = new Map(types.map((t, i) => [t, i] as const))
    const setOf = new Map<number, string>()
    const totals = new Map<number, number>()
    const nM = months.length
    const nT = types.length
    const unallocated = codeNo.get(UNALLOCATED)!
    blobs.forEach((b, k) => {
      const local = lists.get(b.set_id)!.map((a) => codeNo.get(a.code)!)
      const { types: localTypes, cells } = parsed[k]!
      const typeMap = localTypes.map((t) => {
        const n = named(t)
        return n === null ? -1 : typeNo.get(n)!
      })
      const m = monthNo.get(b.month)!
      for (let i = 0; i < cells.length; i += 4) {
        if (cells[i + 2] !== 1) continue
        const code = cells[i] === -1 ? unallocated : local[cells[i]!]!
        const cm = code * nM + m
        if (!setOf.has(cm)) setOf.set(cm, b.set_id)
        const t = typeMap[cells[i + 1]!]!
        if (t === -1) continue
        const key = cm * nT + t
        totals.set(key, (totals.get(key) ?? 0) + cells[i + 3]!)
      }
    })
    const setIds = [...new Set(Array.from(Float64Array.from(setOf.keys()).sort(), (cm) => setOf.get(cm)!))]
    const keys = Float64Array.from(totals.keys()).sort()
    const rows = Array.from(keys, (key) => {
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
    return { rows, setIds }
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
