import { UNALLOCATED } from './crime-types'
import { csvField } from '../../../csv'

export interface CountRow {
  area_code: string
  area_name: string
  month: string
  crime_type: string
  count: number
}

export const COUNTS_CSV_HEADER = 'area_code,area_name,month,crime_type,count'

/** The counts as users rely on them: CSV with exactly the documented header, or JSON. */
export function formatCounts(rows: readonly CountRow[], format: 'csv' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`
  return `${[COUNTS_CSV_HEADER, ...rows.map((r) => [r.area_code, r.area_name, r.month, r.crime_type, String(r.count)].map(csvField).join(','))].join('\n')}\n`
}

/** Area code, then month, then crime type: the order of the CSV users rely on. */
export function sortCounts<T extends { area_code: string; month: string; crime_type: string }>(rows: T[]): T[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return rows.sort((a, b) => cmp(a.area_code, b.area_code) || cmp(a.month, b.month) || cmp(a.crime_type, b.crime_type))
}

/**
 * Counts by LSOA gathered into the areas the LSOAs lie in (a lookup, or the ONS wards and
 * councils); LSOAs in no area count as unallocated, under `noneName`.
 */
export function regroupLsoaCounts(
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
