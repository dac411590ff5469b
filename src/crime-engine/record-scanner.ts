import type { RunDicts } from './unit-store'
import type { RunRemap } from './wasm-record-scanner'
/**
 * A byte-level CSV record scanner for police.uk files: no string is made for a row unless a field
 * is read, so a national file streams through at memory speed. Quoted fields (with commas, doubled
 * quotes and line breaks) are handled; a field's span excludes its quotes. See police-csv.ts for
 * the string-level reader the tests compare it with.
 */
export const MAX_FIELDS = 32
const COMMA = 44
const QUOTE = 34
const LF = 10
const CR = 13

export interface RecordView {
  buf: Uint8Array
  /** Byte offsets of the record in buf: [start, end) without its line ending; next is where the following record starts. */
  start: number
  end: number
  next: number
  /** Field spans (quotes excluded) and how many fields there are. */
  fs: Int32Array
  fe: Int32Array
  n: number
  /** Bit i set when field i was quoted (its text may hold doubled quotes). */
  quoted: number
  /** Line number where the record starts (the header is line 1). */
  line: number
  crlf: boolean
  /**
   * Filled by the WebAssembly scanner for a 12-field record: the hashRange() halves of the place
   * (Longitude to LSOA name) and tail (Crime type to Context) runs, and where the Crime ID's 32
   * decoded bytes are in `ids32` (a byte offset, a multiple of 4) (-1 when it was not 64 lowercase hex digits, or not decoded).
   */
  hashed: boolean
  placeH1: number
  placeH2: number
  tailH1: number
  tailH2: number
  ids32: Int32Array
  idOff: number
  /** The head run's hashes, and each run's number in the scanner's dictionaries (-1: not numbered). */
  headH1: number
  headH2: number
  headId: number
  placeId: number
  tailId: number
  /** Longitude and Latitude in millionths of a degree, when both are plain decimals of at most six places (police.uk's are). */
  coordsOk: boolean
  lonMicro: number
  latMicro: number
  /** Which emptying of the dictionaries the numbers belong to, and where to map them to a segment's entries. */
  epoch: number
  remap: RunRemap | undefined
  /** The scanner's dictionaries of this epoch, where a segment can take its entries from. */
  runs: RunDicts | undefined
}

/**
 * The longest record the importer reads: a police.uk row is a few hundred bytes, so a "record"
 * that runs past this without ending is not one (a decompression bomb's single endless line, a
 * binary file). Stopping there keeps memory and time bounded whatever the input.
 */
export const MAX_RECORD_BYTES = 1 << 20

export class RecordTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly max: number,
  ) {
    super(`line ${line}: a record runs past ${Math.round(max / 1024)} KB without ending`)
  }
}

export class UnclosedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`line ${line}: a quoted field is not closed`)
  }
}

/** Scans one record starting at pos; returns false when the buffer ends before the record does. */
function scanRecord(buf: Uint8Array, pos: number, len: number, final: boolean, r: RecordView): boolean {
  const fs = r.fs
  const fe = r.fe
  let n = 0
  let quoted = 0
  r.start = pos
  for (;;) {
    if (n === MAX_FIELDS) n = MAX_FIELDS - 1
    if (pos < len && buf[pos] === QUOTE) {
      let p = pos + 1
      let close = -1
      while (p < len) {
        if (buf[p] === QUOTE) {
          if (p + 1 < len && buf[p + 1] === QUOTE) {
            p += 2
            continue
          }
          if (p + 1 >= len && !final) return false
          close = p
          break
        }
        p++
      }
      if (close === -1) {
        if (!final) return false
        throw new UnclosedQuoteError(r.line)
      }
      fs[n] = pos + 1
      fe[n] = close
      quoted |= 1 << n
      n++
      pos = close + 1
      if (pos >= len) {
        if (!final) return false
        r.end = pos
        r.next = pos
        r.crlf = false
        break
      }
      const c = buf[pos]
      if (c === COMMA) {
        pos++
        continue
      }
      if (c === LF || (c === CR && buf[pos + 1] === LF)) {
        r.end = pos
        r.crlf = c === CR
        r.next = pos + (c === CR ? 2 : 1)
        break
      }
      if (c === CR && pos + 1 >= len && !final) return false
      throw new UnclosedQuoteError(r.line)
    }
    const s = pos
    while (pos < len) {
      const c = buf[pos]
      if (c === COMMA || c === LF) break
      pos++
    }
    if (pos >= len && !final) return false
    if (pos < len && buf[pos] === COMMA) {
      fs[n] = s
      fe[n] = pos
      n++
      pos++
      continue
    }
    // End of record: a line feed, or the end of the data.
    const crlf = pos > s && buf[pos - 1] === CR
    fs[n] = s
    fe[n] = crlf ? pos - 1 : pos
    n++
    r.end = crlf ? pos - 1 : pos
    r.crlf = crlf
    r.next = pos < len ? pos + 1 : pos
    break
  }
  r.n = n
  r.quoted = quoted
  return true
}

function emptyView(): RecordView {
  return {
    buf: new Uint8Array(0),
    start: 0,
    end: 0,
    next: 0,
    fs: new Int32Array(MAX_FIELDS),
    fe: new Int32Array(MAX_FIELDS),
    n: 0,
    quoted: 0,
    line: 1,
    crlf: false,
    hashed: false,
    placeH1: 0,
    placeH2: 0,
    tailH1: 0,
    tailH2: 0,
    ids32: new Int32Array(0),
    idOff: -1,
    headH1: 0,
    headH2: 0,
    headId: -1,
    placeId: -1,
    tailId: -1,
    epoch: 0,
    remap: undefined,
    runs: undefined,
    coordsOk: false,
    lonMicro: 0,
    latMicro: 0,
  }
}

export interface Scanner {
  push(chunk: Buffer): void
  /** Where the scanner can take bytes straight into its own memory (see WasmRecordScanner). */
  pushFrom?(read: (into: Uint8Array, at: number, max: number) => number, first?: (piece: Uint8Array) => void): void
  end(): void
  /** The line the next record would start on: after end(), one more than the lines read. */
  readonly nextLine: number
  /** Once the records' bytes and entries are no longer needed: another file may use the scanner's memory. */
  release?(): void
}

/** Feeds chunks in, calls `onRecord` for each complete record; the view is reused between calls. */
export class RecordScanner implements Scanner {
  private carry: Buffer | undefined
  private line = 1
  get nextLine(): number {
    return this.line
  }
  private readonly view: RecordView = emptyView()

  constructor(
    private readonly onRecord: (r: RecordView) => void,
    private readonly maxRecord = MAX_RECORD_BYTES,
  ) {}

  push(chunk: Buffer): void {
    this.run(this.carry ? Buffer.concat([this.carry, chunk]) : chunk, false)
  }

  end(): void {
    if (this.carry && this.carry.length) this.run(this.carry, true)
    this.carry = undefined
  }

  private run(buf: Buffer, final: boolean): void {
    const v = this.view
    v.buf = buf
    let pos = 0
    const len = buf.length
    while (pos < len) {
      v.line = this.line
      if (!scanRecord(buf, pos, len, final, v)) break
      // Count the lines the record spans (quoted fields may hold line breaks).
      let lines = 1
      if (v.quoted) {
        const nl = buf.indexOf(LF, v.start)
        if (nl !== -1 && nl < v.end) for (let i = nl; i < v.end; i++) if (buf[i] === LF) lines++
      }
      this.line += lines
      pos = v.next
      this.onRecord(v)
    }
    this.carry = pos < len ? buf.subarray(pos) : undefined
    if (this.carry && this.carry.length > this.maxRecord) throw new RecordTooLongError(this.line, this.maxRecord)
  }
}

const decoder = new TextDecoder('utf-8')

/** A field's text, with doubled quotes undone when it was quoted. */
export function fieldText(r: RecordView, i: number): string {
  const s = decoder.decode(r.buf.subarray(r.fs[i], r.fe[i]))
  return r.quoted & (1 << i) ? s.replace(/""/g, '"') : s
}

/** Compares a field's bytes with an ASCII string without making a string. */
export function fieldEquals(r: RecordView, i: number, ascii: Uint8Array): boolean {
  const s = r.fs[i]!
  const len = r.fe[i]! - s
  if (len !== ascii.length) return false
  for (let k = 0; k < len; k++) if (r.buf[s + k] !== ascii[k]) return false
  return true
}

const NOT_A_NUMBER = Number.NaN

/**
 * Reads a decimal coordinate from a field's bytes. Exact: the integer of its digits divided by a
 * power of ten is the correctly rounded value, as Number(text) gives. NaN when not a number;
 * undefined when the field is empty.
 */
export function fieldNumber(r: RecordView, i: number): number | undefined {
  const buf = r.buf
  let p = r.fs[i]!
  const e = r.fe[i]!
  if (p === e) return undefined
  let neg = false
  if (buf[p] === 45) {
    neg = true
    p++
  }
  let digits = 0
  let v = 0
  let scale = 0
  let dot = false
  for (; p < e; p++) {
    const c = buf[p]!
    if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48)
      digits++
      if (dot) scale++
    } else if (c === 46 && !dot) dot = true
    else return NOT_A_NUMBER
  }
  if (digits === 0 || digits > 15) return digits === 0 ? NOT_A_NUMBER : Number(fieldText(r, i))
  const x = scale === 0 ? v : v / 10 ** scale
  return neg ? -x : x
}
