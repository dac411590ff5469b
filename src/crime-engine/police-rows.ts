/**
 * A police.uk row as the processor reads it: a field's raw span (quotes included), the Month
 * check, the header check, and a scanner's error told with the file's name.
 */
import { CrimeFileError, POLICE_UK_HEADER } from './police-csv'
import { fieldText, RecordTooLongError, UnclosedQuoteError, type RecordView } from './record-scanner'

export const rawStart = (r: RecordView, i: number) => r.fs[i]! - ((r.quoted >>> i) & 1)
export const rawEnd = (r: RecordView, i: number) => r.fe[i]! + ((r.quoted >>> i) & 1)

/** Whether field i is a month written YYYY-MM. */
export function validMonth(r: RecordView, i: number): boolean {
  const b = r.buf
  const s = r.fs[i]!
  if (r.fe[i]! - s !== 7) return false
  for (const k of [0, 1, 2, 3, 5, 6]) if (b[s + k]! < 48 || b[s + k]! > 57) return false
  if (b[s + 4] !== 45) return false
  const m = (b[s + 5]! - 48) * 10 + (b[s + 6]! - 48)
  return m >= 1 && m <= 12
}

/** The header row's bytes, as published, when it is police.uk's street-level header; a CrimeFileError saying what was found otherwise. */
export function checkedHeader(source: string, r: RecordView): Buffer {
  const fields = Array.from({ length: r.n }, (_, i) => fieldText(r, i).trim())
  const ok =
    fields.length === POLICE_UK_HEADER.length &&
    POLICE_UK_HEADER.every((h, i) => fields[i] === h.trim() || (i === 0 && fields[0]!.replace(/^\uFEFF/, '') === h))
  if (!ok) {
    const found = fields.slice(0, 14).join(',')
    throw new CrimeFileError(
      `${source}: the header is not police.uk's street-level header. Expected "${POLICE_UK_HEADER.join(',')}"; found "${found.length > 200 ? `${found.slice(0, 200)}…` : found}".`,
    )
  }
  return Buffer.from(r.buf.subarray(r.start, r.next))
}

/** A scanner's error (an unclosed quote, an endless row) as a CrimeFileError naming the file and line. */
export function locatedError(source: string, e: unknown): unknown {
  if (e instanceof UnclosedQuoteError)
    return new CrimeFileError(`${source}, line ${e.line}: a quoted field is not closed. Check the quotes on that line.`)
  if (e instanceof RecordTooLongError)
    return new CrimeFileError(
      `${source}, line ${e.line}: a row runs past ${Math.round(e.max / 1024).toLocaleString('en-GB')} KB without ending, where a police.uk row is a few hundred bytes. This is not a street-level crime file (or, if it is, raise CSP_MAX_RECORD_KB).`,
    )
  return e
}
