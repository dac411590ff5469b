import { CsvFileError, type CsvRecord } from '../csv-read'

export { csvRecords, readCsvTable, splitQuoted, type CsvReadStats, type CsvRecord } from '../csv-read'

/**
 * police.uk street-level CSV: its header and columns, and how a row is judged. The records come
 * from the CSV reader (src/csv-read.ts); the national-scale import reads bytes with its own
 * scanners (record-scanner.ts, the WebAssembly one).
 */
export const POLICE_UK_HEADER = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Crime type',
  'Last outcome category',
  'Context',
] as const

export const COL = {
  crimeId: 0,
  month: 1,
  reportedBy: 2,
  fallsWithin: 3,
  longitude: 4,
  latitude: 5,
  location: 6,
  lsoaCode: 7,
  lsoaName: 8,
  crimeType: 9,
  outcome: 10,
  context: 11,
} as const

/** A file the importer must refuse whole: the message names the file, the row and the column. */
export class CrimeFileError extends CsvFileError {
  override readonly name = 'CrimeFileError'
}

export function checkHeader(fields: readonly string[], where: string): void {
  const ok = fields.length === POLICE_UK_HEADER.length && POLICE_UK_HEADER.every((h, i) => fields[i]?.trim() === h)
  if (!ok) {
    const found = fields.slice(0, 14).join(',')
    throw new CrimeFileError(
      `${where}: the header is not police.uk's street-level header. Expected "${POLICE_UK_HEADER.join(',')}"; found "${found.length > 200 ? `${found.slice(0, 200)}…` : found}".`,
    )
  }
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/
const NUMBER = /^-?(\d+\.?\d*|\.\d+)$/

export type RowVerdict =
  { kind: 'located'; lon: number; lat: number } | { kind: 'unlocated' } | { kind: 'rejected'; reason: string }

/**
 * Sorts a record into located, unlocated (police.uk's "No Location" rows, with empty coordinates)
 * or rejected (kept out of the figures, listed in the report). A non-numeric coordinate or a month
 * that is not YYYY-MM makes the whole file suspect: that throws, and nothing is written.
 */
export function judgeRow(r: CsvRecord, where: string): RowVerdict {
  const f = r.fields
  if (f.length !== POLICE_UK_HEADER.length)
    return { kind: 'rejected', reason: `has ${f.length} fields, not ${POLICE_UK_HEADER.length}` }
  const month = f[COL.month]!
  if (!MONTH.test(month))
    throw new CrimeFileError(`${where}, row ${r.line}: Month "${month}" is not a month written YYYY-MM.`)
  if (!f[COL.crimeType]) return { kind: 'rejected', reason: 'has no Crime type' }
  const lonText = f[COL.longitude]!
  const latText = f[COL.latitude]!
  if (lonText === '' && latText === '') return { kind: 'unlocated' }
  if (lonText !== '' && !NUMBER.test(lonText))
    throw new CrimeFileError(`${where}, row ${r.line}: Longitude "${lonText}" is not a number.`)
  if (latText !== '' && !NUMBER.test(latText))
    throw new CrimeFileError(`${where}, row ${r.line}: Latitude "${latText}" is not a number.`)
  if (lonText === '' || latText === '')
    return {
      kind: 'rejected',
      reason: `has a ${lonText === '' ? 'Latitude' : 'Longitude'} but no ${lonText === '' ? 'Longitude' : 'Latitude'}`,
    }
  const lon = Number(lonText)
  const lat = Number(latText)
  if (lon === 0 && lat === 0) return { kind: 'unlocated' }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    return { kind: 'rejected', reason: `has coordinates out of range (${lonText}, ${latText})` }
  return { kind: 'located', lon, lat }
}
