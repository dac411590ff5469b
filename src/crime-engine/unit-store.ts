import { endianness } from 'node:os'
/**
 * How a force-month's rows are stored: compact segments that give back the published CSV byte for
 * byte. A police.uk row is a Crime ID (64 hex digits: kept as 32 bytes), then three runs of fields
 * that repeat heavily within a month — Month/Reported by/Falls within, the place (Longitude to LSOA
 * name: police.uk snaps crimes to shared points) and Crime type/Last outcome/Context. Each run is
 * kept once per segment in a dictionary, exactly as written (quotes and all), and each row holds
 * indexes into them. A row that is not 12 fields is kept whole. A segment is self-contained, so
 * memory stays bounded by the segment, not the month. About 40 bytes a row instead of about 210:
 * storage no longer costs more than the parse. See docs/decisions.md.
 */

import { ByteDict, grow, hashRange, RANGE_HASH } from './byte-dict'

export { ByteDict, hashRange, RANGE_HASH } from './byte-dict'

const MAGIC = 0x31474553 // "SEG1"
const LITTLE_ENDIAN = endianness() === 'LE'
const HEX = new Int8Array(256).fill(-1)
for (let i = 0; i < 10; i++) HEX[48 + i] = i
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i
const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef')

/** Row kinds: the low two bits say how the Crime ID is kept. */
export const ID_EMPTY = 0
export const ID_HEX = 1
export const ID_RAW = 2
export const KIND_CRLF = 4
/** The file's last row, with no line ending after it. */
/** The file's last row, with no line feed after it. */
export const KIND_NO_EOL = 8
/** Not 12 fields: the row is kept whole, line ending included, in the raw list. */
export const KIND_RAW_ROW = 16

/**
 * Where a segment's head, place and tail entries are when the WebAssembly scanner numbered them:
 * its dictionaries of one epoch, entries in order from 0 (see record-scanner.as.ts).
 */
export interface RunDicts {
  /** Views of the scanner's memory as they are now (growing it replaces them). */
  readonly u8: Uint8Array
  readonly i32: Int32Array
  /** Byte addresses of dictionary d's entries (16 bytes each: h2, offset, length, h1) and of its bytes. */
  entries(d: number): number
  bytes(d: number): number
}

/** What finish() writes of a dictionary. */
interface DictPart {
  count: number
  used: number
  offs: Int32Array
  bytes: Uint8Array
}

/** A segment being filled: rows as dictionary indexes, written out by `finish()`. */
export class SegmentBuilder {
  readonly head = new ByteDict()
  readonly place = new ByteDict()
  readonly tail = new ByteDict()
  readonly raw = new ByteDict()
  rows = 0
  kinds = new Uint8Array(1024)
  ids = new Uint8Array(32 * 1024)
  ids32 = new Int32Array(this.ids.buffer)
  idCount = 0
  heads = new Int32Array(1024)
  places = new Int32Array(1024)
  tails = new Int32Array(1024)

  /**
   * Set when the head, place and tail entries are the scanner's (runs) rather than this builder's
   * own dictionaries; seen[d] is how many of dictionary d's entries the rows have used.
   */
  runs: RunDicts | undefined
  readonly seen = new Int32Array(3)

  constructor(public header: Uint8Array | undefined) {}

  /** Starts a new segment in the same memory (finish() has copied the last one out). */
  reset(header: Uint8Array | undefined): void {
    this.header = header
    this.runs = undefined
    this.seen.fill(0)
    this.rows = 0
    this.idCount = 0
    this.head.reset()
    this.place.reset()
    this.tail.reset()
    this.raw.reset()
  }

  private room() {
    if (this.rows === this.kinds.length) {
      const n = this.rows * 2
      this.kinds = grow(this.kinds, n)
      this.heads = grow(this.heads, n)
      this.places = grow(this.places, n)
      this.tails = grow(this.tails, n)
    }
  }

  /**
   * Keeps the Crime ID in buf[s, e): as 32 bytes when it is 64 lowercase hex digits, else in the
   * raw list. Returns the row kind's ID bits; the ID's two hash halves are left in RANGE_HASH.
   */
  id(buf: Uint8Array, s: number, e: number, quoted: boolean): number {
    if (e === s && !quoted) {
      RANGE_HASH[0] = 0x2545f491
      RANGE_HASH[1] = 0x6b43a9b5
      return ID_EMPTY
    }
    if (e - s === 64 && !quoted) {
      if ((this.idCount + 1) * 32 > this.ids.length) {
        this.ids = grow(this.ids, (this.idCount + 1) * 32)
        this.ids32 = new Int32Array(this.ids.buffer)
      }
      const o = this.idCount * 32
      let ok = true
      for (let k = 0; k < 32; k++) {
        const hi = HEX[buf[s + 2 * k]!]!
        const lo = HEX[buf[s + 2 * k + 1]!]!
        if ((hi | lo) < 0) {
          ok = false
          break
        }
        this.ids[o + k] = (hi << 4) | lo
      }
      if (ok) {
        this.idCount++
        // The ID is a SHA-256: its first eight bytes are already a good hash.
        const d = this.ids
        RANGE_HASH[0] = d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)
        RANGE_HASH[1] = d[o + 4]! | (d[o + 5]! << 8) | (d[o + 6]! << 16) | (d[o + 7]! << 24)
        return ID_HEX
      }
    }
    const q = quoted ? 1 : 0
    this.raw.push(buf, s - q, e + q)
    hashRange(buf, s - q, e + q)
    return ID_RAW
  }

  /**
   * id() for an ID already decoded to 32 bytes, eight int32s at src32[o32, o32 + 8) (the
   * WebAssembly scanner's): copied a word at a time; its first two words are its hash.
   */
  idWords(src32: Int32Array, o32: number): number {
    if ((this.idCount + 1) * 32 > this.ids.length) {
      this.ids = grow(this.ids, (this.idCount + 1) * 32)
      this.ids32 = new Int32Array(this.ids.buffer)
    }
    const d = this.ids32
    const p = this.idCount * 8
    for (let k = 0; k < 8; k++) d[p + k] = src32[o32 + k]!
    this.idCount++
    // The words' bytes are little-endian in both arrays on a little-endian machine (id() reads them so).
    if (LITTLE_ENDIAN) {
      RANGE_HASH[0] = d[p]!
      RANGE_HASH[1] = d[p + 1]!
    } else {
      const b = this.ids
      const q = p * 4
      RANGE_HASH[0] = b[q]! | (b[q + 1]! << 8) | (b[q + 2]! << 16) | (b[q + 3]! << 24)
      RANGE_HASH[1] = b[q + 4]! | (b[q + 5]! << 8) | (b[q + 6]! << 16) | (b[q + 7]! << 24)
    }
    return ID_HEX
  }

  /** Adds a 12-field row: its kind and its head, place and tail entries. */
  row(kind: number, head: number, place: number, tail: number): void {
    this.room()
    const i = this.rows++
    this.kinds[i] = kind
    this.heads[i] = head
    this.places[i] = place
    this.tails[i] = tail
  }

  /** Adds a row kept whole (line ending included). */
  rawRow(buf: Uint8Array, s: number, e: number): void {
    this.raw.push(buf, s, e)
    this.room()
    const i = this.rows++
    this.kinds[i] = KIND_RAW_ROW
    this.heads[i] = 0
    this.places[i] = 0
    this.tails[i] = 0
  }

  /** The entries the rows used of the scanner's dictionary d, laid out as a dictionary of ours. */
  private runPart(runs: RunDicts, d: number): DictPart {
    const count = this.seen[d]!
    const i32 = runs.i32
    const e = runs.entries(d) >> 2
    const offs = new Int32Array(count + 1)
    for (let i = 0; i < count; i++) offs[i] = i32[e + i * 4 + 1]!
    const used = count === 0 ? 0 : offs[count - 1]! + i32[e + (count - 1) * 4 + 2]!
    offs[count] = used
    const at = runs.bytes(d)
    return { count, used, offs, bytes: runs.u8.subarray(at, at + used) }
  }

  finish(): Buffer {
    const runs = this.runs
    const dicts: DictPart[] = runs
      ? [this.runPart(runs, 0), this.runPart(runs, 1), this.runPart(runs, 2), this.raw]
      : [this.head, this.place, this.tail, this.raw]
    const widths = dicts.slice(0, 3).map((d) => (d.count <= 0x100 ? 1 : d.count <= 0x10000 ? 2 : 4))
    const headerLen = this.header ? this.header.length : 0
    let size = 16 + headerLen
    for (const d of dicts) size += 8 + 4 * (d.count + 1) + d.used
    size += this.rows + this.idCount * 32 + this.rows * (widths[0]! + widths[1]! + widths[2]!)
    // Its own memory (never the shared pool), so a worker can hand it over without copying.
    const out = allocateSegment(size)
    let p = 0
    const u32 = (v: number) => {
      out.writeUInt32LE(v, p)
      p += 4
    }
    u32(MAGIC)
    u32(this.rows)
    u32(this.idCount)
    u32(this.header ? headerLen : 0xffffffff)
    if (this.header) {
      out.set(this.header, p)
      p += headerLen
    }
    for (const d of dicts) {
      u32(d.count)
      u32(d.used)
      // Offsets and wide columns are int32s in memory: on a little-endian machine their bytes are
      // already the stored form, copied whole instead of written one number at a time.
      if (LITTLE_ENDIAN) {
        out.set(new Uint8Array(d.offs.buffer, d.offs.byteOffset, 4 * (d.count + 1)), p)
        p += 4 * (d.count + 1)
      } else for (let i = 0; i <= d.count; i++) u32(d.offs[i]!)
      out.set(d.bytes.subarray(0, d.used), p)
      p += d.used
    }
    out.set(this.kinds.subarray(0, this.rows), p)
    p += this.rows
    out.set(this.ids.subarray(0, this.idCount * 32), p)
    p += this.idCount * 32
    const cols = [this.heads, this.places, this.tails]
    for (let c = 0; c < 3; c++) {
      const col = cols[c]!
      const w = widths[c]!
      if (w === 1) for (let i = 0; i < this.rows; i++) out[p + i] = col[i]!
      else if (w === 2) {
        for (let i = 0, o = p; i < this.rows; i++, o += 2) {
          const v = col[i]!
          out[o] = v & 0xff
          out[o + 1] = v >>> 8
        }
      } else if (LITTLE_ENDIAN) out.set(new Uint8Array(col.buffer, col.byteOffset, 4 * this.rows), p)
      else for (let i = 0; i < this.rows; i++) out.writeUInt32LE(col[i]!, p + 4 * i)
      p += this.rows * w
    }
    if (p !== size) throw new Error(`a crime segment was sized ${size} bytes but ${p} were written`)
    return out
  }
}

let allocateSegment = (size: number): Buffer => Buffer.from(new ArrayBuffer(size))
/**
 * Where finished segments' memory comes from: a worker thread hands segments to the main thread and
 * gets the memory back once stored, so it reuses it rather than allocating (and the main thread
 * collecting) hundreds of megabytes. Each buffer must be its own ArrayBuffer, every byte of it
 * written by finish().
 */
export function setSegmentAllocator(f: (size: number) => Buffer): void {
  allocateSegment = f
}

interface Dict {
  offs: Uint32Array
  bytes: Buffer
}

/** Reads a segment's parts back; throws when the bytes are not a segment. */
function readSegment(seg: Buffer) {
  if (seg.length < 16 || seg.readUInt32LE(0) !== MAGIC)
    throw new Error('a stored crime segment is damaged (bad signature)')
  const rows = seg.readUInt32LE(4)
  const idCount = seg.readUInt32LE(8)
  const headerLen = seg.readUInt32LE(12)
  let p = 16
  let header: Buffer | undefined
  if (headerLen !== 0xffffffff) {
    header = seg.subarray(p, p + headerLen)
    p += headerLen
  }
  const dicts: Dict[] = []
  for (let d = 0; d < 4; d++) {
    const count = seg.readUInt32LE(p)
    const used = seg.readUInt32LE(p + 4)
    p += 8
    const offs = new Uint32Array(count + 1)
    for (let i = 0; i <= count; i++) offs[i] = seg.readUInt32LE(p + 4 * i)
    p += 4 * (count + 1)
    dicts.push({ offs, bytes: seg.subarray(p, p + used) })
    p += used
  }
  const kinds = seg.subarray(p, p + rows)
  p += rows
  const ids = seg.subarray(p, p + idCount * 32)
  p += idCount * 32
  const cols: Uint32Array[] = []
  for (let c = 0; c < 3; c++) {
    const count = dicts[c]!.offs.length - 1
    const w = count <= 0x100 ? 1 : count <= 0x10000 ? 2 : 4
    const col = new Uint32Array(rows)
    if (w === 1) for (let i = 0; i < rows; i++) col[i] = seg[p + i]!
    else if (w === 2) for (let i = 0; i < rows; i++) col[i] = seg.readUInt16LE(p + 2 * i)
    else for (let i = 0; i < rows; i++) col[i] = seg.readUInt32LE(p + 4 * i)
    p += rows * w
    cols.push(col)
  }
  if (p !== seg.length) throw new Error('a stored crime segment is damaged (wrong length)')
  return { rows, header, dicts, kinds, ids, cols }
}

/** The CSV bytes a unit's segments stand for: header first, every row as published. */
export function segmentsToCsv(segments: readonly Buffer[]): Buffer {
  const parts = segments.map(readSegment)
  let size = 0
  for (const s of parts) {
    if (s.header) size += s.header.length
    let raw = 0
    for (let i = 0; i < s.rows; i++) {
      const k = s.kinds[i]!
      if (k & KIND_RAW_ROW) {
        size += s.dicts[3]!.offs[raw + 1]! - s.dicts[3]!.offs[raw]!
        raw++
        continue
      }
      const id = k & 3
      if (id === ID_HEX) size += 64
      else if (id === ID_RAW) {
        size += s.dicts[3]!.offs[raw + 1]! - s.dicts[3]!.offs[raw]!
        raw++
      }
      for (let c = 0; c < 3; c++) {
        const d = s.dicts[c]!
        const e = s.cols[c]![i]!
        size += d.offs[e + 1]! - d.offs[e]!
      }
      size += 3 + (k & KIND_CRLF ? 1 : 0) + (k & KIND_NO_EOL ? 0 : 1)
    }
  }
  const out = Buffer.allocUnsafe(size)
  let p = 0
  const copy = (d: Dict, e: number) => {
    const s = d.offs[e]!
    const n = d.offs[e + 1]! - s
    d.bytes.copy(out, p, s, s + n)
    p += n
  }
  for (const s of parts) {
    if (s.header) {
      s.header.copy(out, p)
      p += s.header.length
    }
    let raw = 0
    let hex = 0
    for (let i = 0; i < s.rows; i++) {
      const k = s.kinds[i]!
      if (k & KIND_RAW_ROW) {
        copy(s.dicts[3]!, raw++)
        continue
      }
      const id = k & 3
      if (id === ID_HEX) {
        for (let b = 0; b < 32; b++) {
          const v = s.ids[hex * 32 + b]!
          out[p++] = HEX_DIGITS[v >> 4]!
          out[p++] = HEX_DIGITS[v & 15]!
        }
        hex++
      } else if (id === ID_RAW) copy(s.dicts[3]!, raw++)
      for (let c = 0; c < 3; c++) {
        out[p++] = 44
        copy(s.dicts[c]!, s.cols[c]![i]!)
      }
      if (k & KIND_CRLF) out[p++] = 13
      if (!(k & KIND_NO_EOL)) out[p++] = 10
    }
  }
  if (p !== size) throw new Error('a stored crime segment is damaged (sizes disagree)')
  return out
}
