import { asText } from './words'
/**
 * Text a spreadsheet would run as a formula (OWASP's CSV injection list: = + - @ tab and carriage
 * return at the start), so `=HYPERLINK(...)` typed into a title cannot act when the export is opened.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A CSV field as RFC 4180 writes it (quoted only when it holds a comma, quote or line break), with
 * text that would start a formula led by an apostrophe, which spreadsheets show and do not run.
 * Every export goes through here; `fromCsvField` takes the apostrophe off again on import.
 */
export function csvField(s: string): string {
  const safe = FORMULA_START.test(s) ? `'${s}` : s
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** A field read from a CSV this app wrote: the apostrophe that guarded a formula-like text comes off. */
export function fromCsvField(s: string): string {
  return s.length > 1 && s[0] === "'" && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s
}

/** A value for a CSV figure: empty for "not defined", six decimals for a fraction, true/false for a flag. */
export function csvValue(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(6)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return csvField(typeof v === 'object' ? JSON.stringify(v) : asText(v))
}

/** Rows as CSV under a fixed header, one line each, ending with a line break. */
export function toCsv<T>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => csvValue(r[c])).join(','))].join('\n')}\n`
}
