import { fromCsvField } from '../../../csv'
import { Readable } from 'node:stream'
/**
 * police.uk street-level CSV, read as a stream of records. Hand-written rather than csv-parse or
 * papaparse because this is the national-scale hot path (see README: papaparse alone takes most of
 * the time budget, and its Node stream ignores backpressure); a line without a quote is split with
 * the engine's native split, and only lines holding quotes take the character-by-character path.
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

export interface CsvRecord {
  /** 1-based line number where the record starts (the header is line 1). */
  line: number
  fields: string[]
}

/** A file the importer must refuse whole: the message names the file, the row and the column. */
export class CrimeFileError extends Error {
  override readonly name = 'CrimeFileError'
}

/** One CSV line's fields (RFC 4180 quoting on one line), or undefined when its quotes do not close. */
export function splitQuoted(line: string): string[] | undefined {
  const out: string[] = []
  let i = 0
  const n = line.length
  while (i <= n) {
    if (line.charCodeAt(i) === 34) {
      let value = ''
      i++
      for (;;) {
        const q = line.indexOf('"', i)
        if (q === -1) return undefined
        value += line.slice(i, q)
        if (line.charCodeAt(q + 1) === 34) {
          value += '"'
          i = q + 2
        } else {
          i = q + 1
          break
        }
      }
      out.push(value)
      if (i < n && line.charCodeAt(i) !== 44) return undefined
      i++
    } else {
      const comma = line.indexOf(',', i)
      if (comma === -1) {
        out.push(line.slice(i))
        break
      }
      out.push(line.slice(i, comma))
      i = comma + 1
      if (i === n) {
        out.push('')
        break
      }
    }
  }
  return out
}

function quotesBalanced(s: string): boolean {
  let count = 0
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) count++
  return count % 2 === 0
}

export interface CsvReadStats {
  crlf: number
  lf: number
}

/**
 * Yields the records of a CSV byte or text stream. A quoted field may hold commas, doubled quotes
 * and line breaks. Counts CRLF and LF line endings as it goes (police.uk files come both ways).
 */
export async function* csvRecords(
  source: AsyncIterable<Buffer | string>,
  where: string,
  stats: CsvReadStats = { crlf: 0, lf: 0 },
): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: false })
  let carry = ''
  let lineNo = 0
  let first = true
  let pending = ''
  let pendingLine = 0
  const emit = function* (raw: string): Generator<CsvRecord> {
    lineNo++
    let line = raw
    if (line.endsWith('\r')) {
      line = line.slice(0, -1)
      stats.crlf++
    } else stats.lf++
    if (pending) {
      line = `${pending}\n${line}`
    } else pendingLine = lineNo
    if (line.indexOf('"') === -1) {
      yield { line: pendingLine, fields: line.split(',') }
      pending = ''
      return
    }
    if (!quotesBalanced(line)) {
      // A quoted field may span lines, but not a whole file: police.uk rows are short.
      if (line.length > 8192)
        throw new CrimeFileError(
          `${where}, line ${pendingLine}: a quoted field is not closed. Check the quotes on that line.`,
        )
      pending = line
      return
    }
    pending = ''
    const fields = splitQuoted(line)
    if (!fields)
      throw new CrimeFileError(
        `${where}, line ${pendingLine}: a quoted field is not closed properly. Check the quotes on that line.`,
      )
    yield { line: pendingLine, fields }
  }
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    if (first) {
      if (text.length === 0) continue
      if (text.indexOf('\u0000') !== -1)
        throw new CrimeFileError(
          `${where} is not a CSV file (it holds binary data). Give a police.uk street-level .csv, .csv.gz or .zip.`,
        )
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      first = false
    }
    text = carry + text
    let start = 0
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      yield* emit(text.slice(start, nl))
      start = nl + 1
    }
    carry = text.slice(start)
  }
  carry += decoder.decode()
  if (carry.length > 0) {
    lineNo++
    let line = carry.endsWith('\r') ? carry.slice(0, -1) : carry
    if (pending) line = `${pending}\n${line}`
    else pendingLine = lineNo
    pending = ''
    const fields = line.indexOf('"') === -1 ? line.split(',') : splitQuoted(line)
    if (!fields)
      throw new CrimeFileError(
        `${where}, line ${pendingLine}: a quoted field is not closed properly. Check the quotes on that line.`,
      )
    yield { line: pendingLine, fields }
  }
  if (pending)
    throw new CrimeFileError(
      `${where}, line ${pendingLine}: a quoted field runs to the end of the file without closing.`,
    )
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

/**
 * A small CSV file read whole: the header (lower-cased, BOM removed) and the rows with their line
 * numbers, fields trimmed, blank lines left out. For uploads of a few thousand rows (measures, registers).
 */
export async function readCsvTable(name: string, bytes: Buffer) {
  const rows: { line: number; fields: string[] }[] = []
  for await (const r of csvRecords(Readable.from([bytes]), name))
    rows.push({ line: r.line, fields: r.fields.map((f) => fromCsvField(f.trim())) })
  const header = rows.shift()?.fields.map((h) => h.replace(/^\uFEFF/, '').toLowerCase())
  return { header: header ?? [], rows: rows.filter((r) => !(r.fields.length === 1 && r.fields[0] === '')) }
}
