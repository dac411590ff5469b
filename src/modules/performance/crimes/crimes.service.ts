import { COL, csvRecords, judgeRow } from '../../../crime-engine'
import type { Quirks } from './crime-types'
import { crimeImport, type CrimeImport } from './crime-import'
import { crimeCounts } from './crime-counts'

export { areaLsoaKeys, SHRINK_ASKS, ShrinkingImportError, type ImportOptions } from './crime-import'

export * from './crime-types'

export type CrimesService = ReturnType<typeof crimesService>

/**
 * police.uk crime: imported (crime-import.ts), counted by area (crime-counts.ts), and each
 * force-month's rows given back as published.
 */
export function crimesService(...deps: Parameters<typeof crimeImport>) {
  // The import's dependencies (database, clock, boundaries, bulk writes, workers, limits): see crimeImport.
  const [db, , boundaries] = deps
  const imported = crimeImport(...deps)
  const { storedBytes } = imported
  return {
    import: (...a: Parameters<CrimeImport['import']>) => imported.import(...a),
    recount: (...a: Parameters<CrimeImport['recount']>) => imported.recount(...a),
    ...crimeCounts(db, boundaries, imported),

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
  }
}
