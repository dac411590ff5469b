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
