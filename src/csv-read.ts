import { Readable } from 'node:stream'
import { fromCsvField } from './csv'

/**
 * Reading CSV: records from a byte or text stream (quoted fields may hold commas, doubled quotes
 * and line breaks), one line split, and small files read whole. Every importer uses it: police.uk
 * crime, lookups, partner measures, registers, the reference data.
 */

/** A file refused whole: the message names the file and the line. */
export class CsvFileError extends Error {
  override readonly name: string = 'CsvFileError'
}

export interface CsvRecord {
  /** 1-based line number where the record starts (the header is line 1). */
  line: number
  fields: string[]
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
        throw new CsvFileError(
          `${where}, line ${pendingLine}: a quoted field is not closed. Check the quotes on that line.`,
        )
      pending = line
      return
    }
    pending = ''
    const fields = splitQuoted(line)
    if (!fields)
      throw new CsvFileError(
        `${where}, line ${pendingLine}: a quoted field is not closed properly. Check the quotes on that line.`,
      )
    yield { line: pendingLine, fields }
  }
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    if (first) {
      if (text.length === 0) continue
      if (text.indexOf('\u0000') !== -1)
        throw new CsvFileError(
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
      throw new CsvFileError(
        `${where}, line ${pendingLine}: a quoted field is not closed properly. Check the quotes on that line.`,
      )
    yield { line: pendingLine, fields }
  }
  if (pending)
    throw new CsvFileError(`${where}, line ${pendingLine}: a quoted field runs to the end of the file without closing.`)
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
