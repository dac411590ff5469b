import type { PolygonIndex } from '../../../geo/polygon-index'
import { CoordMemo, MEMO_MISS } from './coord-memo'
import { CrimeFileError, POLICE_UK_HEADER } from './police-csv'
import { fieldEquals, fieldNumber, fieldText, RecordScanner, UnclosedQuoteError, type RecordView } from './record-scanner'

/** The boundaries a month's crimes are assigned to, and the memo of answers by coordinate. */
export interface AssignContext {
  beats?: PolygonIndex | undefined
  localities?: PolygonIndex | undefined
  area?: PolygonIndex | undefined
  memo: CoordMemo
}

export interface UnitQuirks {
  asbWithoutCrimeId: number
  otherWithoutCrimeId: number
  exactDuplicateRows: number
  repeatedCrimeIds: number
  repeatedCrimeIdsDiffering: number
  outsideArea: number
  withoutLsoa: number
  crlfLines: number
  lfLines: number
}

/** What a force-month's rows came to: the figures the import report and the data page show. */
export interface UnitTotals {
  force: string
  month: string
  rows: number
  located: number
  unlocated: number
  rejected: number
  unallocated: number
  quirks: UnitQuirks
}

export interface UnitBuild extends UnitTotals {
  /** Full chunks of the unit's bytes waiting to be stored, and the chunk being filled. */
  pending: Buffer[]
  out: Buffer
  outLen: number
  /** Counts keyed ((beat + 1) * 128 + type) * 2 + inArea; beat -1 is "in no beat". */
  beatCounts: Map<number, number>
  localityCounts: Map<number, number>
  /** Located crimes by beat and locality together, keyed (beat + 1) * 16384 + locality + 1: the crime-weighted overlap. */
  crossCounts: Map<number, number>
  /** Row hash (two int32 halves) → 1: finds exact duplicate rows. */
  rowHashes: CoordMemo
  /** Crime ID hash → the first row's hash, then 1 = repeated, 2 = repeated with different content. */
  idRows: CoordMemo
  idFirst: CoordMemo
}

export interface RejectedRow {
  source: string
  line: number
  reason: string
}

const ASB = new TextEncoder().encode('Anti-social behaviour')
const NONE16 = 0xffff
const NONE14 = 0x3fff
export const CHUNK_BYTES = 1 << 20

export function packAssignment(beat: number, locality: number, inArea: boolean): number {
  return (beat < 0 ? NONE16 : beat) | ((locality < 0 ? NONE14 : locality) << 16) | (inArea ? 1 << 30 : 0)
}
/**
 * The beat, locality and in-area answer for a point, packed, from the memo when the point is
 * exact at six decimals (police.uk's snap points are), computed and remembered otherwise.
 */
export function assignPoint(ctx: AssignContext, lon: number, lat: number): number {
  const mx = Math.round(lon * 1e6)
  const my = Math.round(lat * 1e6)
  const exact = mx / 1e6 === lon && my / 1e6 === lat
  let v = exact ? ctx.memo.get(mx, my) : MEMO_MISS
  if (v === MEMO_MISS) {
    v = packAssignment(ctx.beats ? ctx.beats.locate(lon, lat) : -1, ctx.localities ? ctx.localities.locate(lon, lat) : -1, ctx.area ? ctx.area.locate(lon, lat) !== -1 : true)
    if (exact) ctx.memo.set(mx, my, v)
  }
  return v
}

export function unpackBeat(v: number): number {
  const b = v & 0xffff
  return b === NONE16 ? -1 : b
}
export function unpackLocality(v: number): number {
  const l = (v >>> 16) & 0x3fff
  return l === NONE14 ? -1 : l
}
export function unpackInArea(v: number): boolean {
  return (v & (1 << 30)) !== 0
}

/**
 * Two 32-bit hashes of a byte range, four bytes at a time (the pair is a 64-bit fingerprint:
 * collisions among a month's rows are vanishingly rare). Written into HASH[0], HASH[1].
 */
const HASH = new Int32Array(2)
function hashRange(buf: Uint8Array, s: number, e: number): void {
  let h1 = 0x811c9dc5 ^ (e - s)
  let h2 = 0x27d4eb2f
  let i = s
  for (; i + 4 <= e; i += 4) {
    const w = buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24)
    h1 = Math.imul(h1 ^ w, 0x01000193)
    h1 ^= h1 >>> 13
    h2 = Math.imul(h2 ^ w, 0x5bd1e995)
    h2 ^= h2 >>> 15
  }
  for (; i < e; i++) {
    h1 = Math.imul(h1 ^ buf[i]!, 0x01000193)
    h2 = Math.imul(h2 ^ buf[i]!, 0x5bd1e995)
  }
  HASH[0] = h1 ^ (h1 >>> 16)
  HASH[1] = h2 ^ (h2 >>> 13)
}

function validMonth(r: RecordView, i: number): boolean {
  const b = r.buf
  const s = r.fs[i]!
  if (r.fe[i]! - s !== 7) return false
  for (const k of [0, 1, 2, 3, 5, 6]) if (b[s + k]! < 48 || b[s + k]! > 57) return false
  if (b[s + 4] !== 45) return false
  const m = (b[s + 5]! - 48) * 10 + (b[s + 6]! - 48)
  return m >= 1 && m <= 12
}

/**
 * Reads one police.uk source into force-month units: each row's bytes, as published, go to its
 * unit's store; located rows are assigned (memoised by coordinate) and counted by beat, locality
 * and crime type; the real quirks are counted. Anything that makes the file suspect throws a
 * CrimeFileError naming the file, the row and the column.
 */
export class CrimeFileProcessor {
  readonly units = new Map<string, UnitBuild>()
  readonly types: string[] = []
  readonly rejectedRows: RejectedRow[] = []
  rejectedElsewhere = 0
  rows = 0
  private header: Buffer | undefined
  private readonly scanner: RecordScanner
  private lastForce: Uint8Array | undefined
  private lastForceText = ''
  private lastMonth: Uint8Array | undefined
  private lastMonthText = ''
  private lastUnit: UnitBuild | undefined
  private readonly typeCache = new Map<number, { bytes: Uint8Array; index: number }[]>()

  constructor(
    private readonly source: string,
    private readonly contextFor: (month: string) => AssignContext,
    private readonly listRejected = 50,
  ) {
    this.scanner = new RecordScanner((r) => this.record(r))
  }

  push(chunk: Buffer): void {
    if (!this.header && this.rows === 0 && chunk.subarray(0, 8192).includes(0)) {
      throw new CrimeFileError(`${this.source} is not a CSV file (it holds binary data). Give a police.uk street-level .csv, .csv.gz or .zip.`)
    }
    try {
      this.scanner.push(chunk)
    } catch (e) {
      throw this.located(e)
    }
  }

  end(): void {
    try {
      this.scanner.end()
    } catch (e) {
      throw this.located(e)
    }
    if (!this.header) throw new CrimeFileError(`${this.source} is empty: it has no header row.`)
  }

  private located(e: unknown): unknown {
    if (e instanceof UnclosedQuoteError) return new CrimeFileError(`${this.source}, line ${e.line}: a quoted field is not closed. Check the quotes on that line.`)
    return e
  }

  /** Takes the bytes each unit has waiting, to be stored: call after every push. */
  drain(): { unit: UnitBuild; bytes: Buffer }[] {
    const out: { unit: UnitBuild; bytes: Buffer }[] = []
    for (const u of this.units.values()) {
      for (const bytes of u.pending) out.push({ unit: u, bytes })
      u.pending = []
    }
    return out
  }

  /** Takes everything each unit still holds, the part-filled chunk too: call after end(). */
  drainAll(): { unit: UnitBuild; bytes: Buffer }[] {
    for (const u of this.units.values()) {
      if (u.outLen > 0) u.pending.push(u.out.subarray(0, u.outLen))
      u.out = Buffer.alloc(0)
      u.outLen = 0
    }
    return this.drain()
  }

  private append(u: UnitBuild, buf: Uint8Array, s: number, e: number) {
    const n = e - s
    if (u.outLen + n > u.out.length) {
      if (u.outLen > 0) u.pending.push(u.out.subarray(0, u.outLen))
      // Start small and double: most units are a few hundred kilobytes, the largest tens of megabytes.
      u.out = Buffer.allocUnsafe(Math.max(Math.min(CHUNK_BYTES, u.out.length * 2 || 65536), n))
      u.outLen = 0
    }
    u.out.set(buf.subarray(s, e), u.outLen)
    u.outLen += n
  }

  private typeIndex(r: RecordView): number {
    const s = r.fs[9]!
    const e = r.fe[9]!
    let h = e - s
    for (let i = s; i < e; i++) h = (Math.imul(h, 31) + r.buf[i]!) | 0
    const list = this.typeCache.get(h)
    if (list) for (const t of list) if (fieldEquals(r, 9, t.bytes)) return t.index
    const text = fieldText(r, 9)
    const index = this.types.length
    this.types.push(text)
    const entry = { bytes: Uint8Array.prototype.slice.call(r.buf, s, e), index }
    if (list) list.push(entry)
    else this.typeCache.set(h, [entry])
    return index
  }

  private unitFor(r: RecordView): UnitBuild {
    const forceField = r.fe[3]! > r.fs[3]! ? 3 : 2
    const sameForce = this.lastForce !== undefined && fieldEquals(r, forceField, this.lastForce)
    const sameMonth = this.lastMonth !== undefined && fieldEquals(r, 1, this.lastMonth)
    if (sameForce && sameMonth && this.lastUnit) return this.lastUnit
    if (!sameForce) {
      this.lastForce = Uint8Array.prototype.slice.call(r.buf, r.fs[forceField]!, r.fe[forceField]!)
      this.lastForceText = fieldText(r, forceField) || 'Unknown force'
    }
    if (!sameMonth) {
      this.lastMonth = Uint8Array.prototype.slice.call(r.buf, r.fs[1]!, r.fe[1]!)
      this.lastMonthText = fieldText(r, 1)
    }
    const key = `${this.lastForceText}\u0000${this.lastMonthText}`
    let u = this.units.get(key)
    if (!u) {
      u = {
        force: this.lastForceText, month: this.lastMonthText, pending: [], out: Buffer.allocUnsafe(65536), outLen: 0,
        rows: 0, located: 0, unlocated: 0, rejected: 0, unallocated: 0,
        quirks: { asbWithoutCrimeId: 0, otherWithoutCrimeId: 0, exactDuplicateRows: 0, repeatedCrimeIds: 0, repeatedCrimeIdsDiffering: 0, outsideArea: 0, withoutLsoa: 0, crlfLines: 0, lfLines: 0 },
        beatCounts: new Map(), localityCounts: new Map(), crossCounts: new Map(), rowHashes: new CoordMemo(8192), idRows: new CoordMemo(256), idFirst: new CoordMemo(8192),
      }
      this.units.set(key, u)
      // Each unit's store starts with the header, so it reads back as a police.uk file.
      this.append(u, this.header!, 0, this.header!.length)
    }
    this.lastUnit = u
    return u
  }

  private reject(u: UnitBuild | undefined, line: number, reason: string) {
    if (u) u.rejected++
    else this.rejectedElsewhere++
    if (this.rejectedRows.length < this.listRejected) this.rejectedRows.push({ source: this.source, line, reason: `Row ${line} ${reason}` })
  }

  private record(r: RecordView): void {
    if (!this.header) {
      const fields = Array.from({ length: r.n }, (_, i) => fieldText(r, i).trim())
      const ok = fields.length === POLICE_UK_HEADER.length && POLICE_UK_HEADER.every((h, i) => fields[i] === h.trim() || (i === 0 && fields[0]!.replace(/^\uFEFF/, '') === h))
      if (!ok) {
        const found = fields.slice(0, 14).join(',')
        throw new CrimeFileError(`${this.source}: the header is not police.uk's street-level header. Expected "${POLICE_UK_HEADER.join(',')}"; found "${found.length > 200 ? `${found.slice(0, 200)}…` : found}".`)
      }
      this.header = Buffer.from(r.buf.subarray(r.start, r.next))
      return
    }
    if (r.n === 1 && r.end === r.start) return
    this.rows++
    if (r.n !== POLICE_UK_HEADER.length) {
      // Kept with its force-month when those can be read, so nothing published is lost.
      const u = r.n > 3 && validMonth(r, 1) ? this.unitFor(r) : undefined
      if (u) {
        this.append(u, r.buf, r.start, r.next)
        u.rows++
      }
      return this.reject(u, r.line, `has ${r.n} fields, not ${POLICE_UK_HEADER.length}`)
    }
    if (!validMonth(r, 1)) throw new CrimeFileError(`${this.source}, row ${r.line}: Month "${fieldText(r, 1)}" is not a month written YYYY-MM.`)
    const u = this.unitFor(r)
    this.append(u, r.buf, r.start, r.next)
    if (r.crlf) u.quirks.crlfLines++
    else u.quirks.lfLines++
    u.rows++
    if (r.fe[9] === r.fs[9]) return this.reject(u, r.line, 'has no Crime type')
    const lon = fieldNumber(r, 4)
    const lat = fieldNumber(r, 5)
    if (lon !== undefined && Number.isNaN(lon)) throw new CrimeFileError(`${this.source}, row ${r.line}: Longitude "${fieldText(r, 4)}" is not a number.`)
    if (lat !== undefined && Number.isNaN(lat)) throw new CrimeFileError(`${this.source}, row ${r.line}: Latitude "${fieldText(r, 5)}" is not a number.`)
    const type = this.typeIndex(r)

    // Quirks: IDs, exact duplicates, repeated IDs.
    hashRange(r.buf, r.start, r.end)
    const rh1 = HASH[0]!
    const rh2 = HASH[1]!
    if (u.rowHashes.get(rh1, rh2) !== MEMO_MISS) u.quirks.exactDuplicateRows++
    else u.rowHashes.set(rh1, rh2, 1)
    if (r.fe[0] === r.fs[0]) {
      if (fieldEquals(r, 9, ASB)) u.quirks.asbWithoutCrimeId++
      else u.quirks.otherWithoutCrimeId++
    } else {
      hashRange(r.buf, r.fs[0]!, r.fe[0]!)
      const i1 = HASH[0]!
      const i2 = HASH[1]!
      const first = u.idFirst.get(i1, i2)
      if (first === MEMO_MISS) u.idFirst.set(i1, i2, rh1)
      else {
        const state = u.idRows.get(i1, i2)
        const differs = first !== rh1 || state === 2
        if (state === MEMO_MISS || (differs && state !== 2)) u.idRows.set(i1, i2, differs ? 2 : 1)
      }
    }

    if (lon === undefined || lat === undefined) {
      if (lon === undefined && lat === undefined) {
        u.unlocated++
        return
      }
      return this.reject(u, r.line, `has a ${lon === undefined ? 'Latitude' : 'Longitude'} but no ${lon === undefined ? 'Longitude' : 'Latitude'}`)
    }
    if (lon === 0 && lat === 0) {
      u.unlocated++
      return
    }
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return this.reject(u, r.line, `has coordinates out of range (${fieldText(r, 4)}, ${fieldText(r, 5)})`)
    if (r.fe[7] === r.fs[7]) u.quirks.withoutLsoa++
    u.located++

    const ctx = this.contextFor(u.month)
    const v = assignPoint(ctx, lon, lat)
    const inArea = unpackInArea(v)
    if (!inArea) u.quirks.outsideArea++
    const inAreaBit = inArea ? 1 : 0
    if (ctx.beats) {
      const beat = unpackBeat(v)
      if (beat === -1 && inArea) u.unallocated++
      const key = ((beat + 1) * 128 + type) * 2 + inAreaBit
      u.beatCounts.set(key, (u.beatCounts.get(key) ?? 0) + 1)
    }
    if (ctx.localities) {
      const locality = unpackLocality(v)
      const key = ((locality + 1) * 128 + type) * 2 + inAreaBit
      u.localityCounts.set(key, (u.localityCounts.get(key) ?? 0) + 1)
      if (ctx.beats) {
        const cross = (unpackBeat(v) + 1) * 16384 + locality + 1
        u.crossCounts.set(cross, (u.crossCounts.get(cross) ?? 0) + 1)
      }
    }
  }

  /** Finishes a unit's quirk counts (after the whole source is read). */
  static finish(u: UnitBuild): void {
    let repeated = 0
    let differing = 0
    u.idRows.forEach((v) => {
      repeated++
      if (v === 2) differing++
    })
    u.quirks.repeatedCrimeIds = repeated
    u.quirks.repeatedCrimeIdsDiffering = differing
    u.rowHashes = new CoordMemo(16)
    u.idRows = new CoordMemo(16)
    u.idFirst = new CoordMemo(16)
  }
}

export function decodeCountKey(key: number): { area: number; type: number; inArea: boolean } {
  const inArea = (key & 1) === 1
  const rest = Math.floor(key / 2)
  return { area: Math.floor(rest / 128) - 1, type: rest % 128, inArea }
}
