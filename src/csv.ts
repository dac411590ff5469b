/** A CSV field as RFC 4180 writes it: quoted only when it holds a comma, quote or line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A value for a CSV figure: empty for "not defined", six decimals for a fraction, true/false for a flag. */
export function csvValue(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(6)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return csvField(String(v))
}

/** Rows as CSV under a fixed header, one line each, ending with a line break. */
export function toCsv<T>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => csvValue(r[c])).join(','))].join('\n')}\n`
}
