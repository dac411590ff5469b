import type { PolygonIndex } from '../geo/polygon-index'
import { CoordMemo, MEMO_MISS } from './coord-memo'
import { lsoaKeyBytes } from './lsoa-key'
import { CrimeFileError, POLICE_UK_HEADER } from './police-csv'
import {
  fieldEquals,
  fieldNumber,
  fieldText,
  MAX_RECORD_BYTES,
  RecordTooLongError,
  UnclosedQuoteError,
  type RecordView,
  type Scanner,
} from './record-scanner'
import { createScanner, runTag, type RunRemap } from './wasm-record-scanner'
import { ID_EMPTY, KIND_CRLF, KIND_NO_EOL, RANGE_HASH, SegmentBuilder, type ByteDict } from './unit-store'

/** The boundaries a month's crimes are assigned to, and the memo of answers by coordinate. */
export interface AssignContext {
  beats?: PolygonIndex | undefined
  localities?: PolygonIndex | undefined
  area?: PolygonIndex | undefined
  /**
   * The partnership's area as LSOA codes (lsoaKey): a crime is in it by police.uk's own LSOA
   * column, whatever its point; when set, `area` is not used.
   */
  areaLsoas?: ReadonlySet<number> | undefined
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
  /** The boundaries and memo for the unit's month. */
  ctx: AssignContext
  /** Finished segments of the unit's rows waiting to be stored, and the segment being filled. */
  pending: Buffer[]
  seg: OpenSegment | undefined
  headerStored: boolean
  /** Finished (its counts made and its tables given back) once the rows moved on to another force-month. */
  finished?: boolean
  /** Located rows by (packed assignment, crime type): one count a row, spread into the three below by finish(). */
  cells: CoordMemo
  /** Counts keyed ((beat + 1) * 128 + type) * 2 + inArea; beat -1 is "in no beat". */
  beatCounts: Map<number, number>
  localityCounts: Map<number, number>
  /** Located crimes by beat and locality together, keyed (beat + 1) * 16384 + locality + 1: the crime-weighted overlap. */
  crossCounts: Map<number, number>
  /** Row fingerprint (two int32 halves) → 1: finds exact duplicate rows. */
  rowHashes: CoordMemo
  /** Crime ID hash → the first row's fingerprint, then 1 = repeated, 2 = repeated with different content. */
  idRows: CoordMemo
  idFirst: CoordMemo
}

/**
 * A force-month met again after the rows had moved on to others, when the processor finishes each
 * force-month as it ends (to keep memory flat): the file is not sorted by force-month and must be
 * read with every force-month kept open (see CrimeFileProcessor's `finishAsYouGo`).
 */
export class UnitRevisitedError extends Error {
  override name = 'UnitRevisitedError'
  constructor(readonly unit: string) {
    super(`${unit} comes back after other force-months: the file is not sorted by force-month`)
  }
}

export interface RejectedRow {
  source: string
  line: number
  reason: string
}

const ASB = new TextEncoder().encode('Anti-social behaviour')
const NONE16 = 0xffff
const NONE14 = 0x3fff
/** Rows per stored segment: bounds the memory a month's dictionaries take. */
export const SEGMENT_ROWS = 1 << 16

/** What is known of a place (Longitude to LSOA name) once its first row is read. */
const PLACE_LOCATED = 1
const PLACE_UNLOCATED = 2
const PLACE_NO_LON = 3
const PLACE_NO_LAT = 4
const PLACE_OUT_OF_RANGE = 5
const PLACE_NO_LSOA = 8

/** A segment being filled, with what its places and tails have been found to be. */
interface OpenSegment {
  b: SegmentBuilder
  placeState: Int32Array
  placeValue: Int32Array
  /** Crime type index + 2; 1 when the type is empty; 0 before the tail is read. */
  tailType: Int32Array
  tailAsb: Uint8Array
  /** Which filling of this (reused) builder it is: dictionary indexes are only good within one. */
  gen: number
}

type MemoRole = 'cells' | 'rowHashes' | 'idRows' | 'idFirst'
/** Tables of finished units, kept by role so each comes back at the size its role grew it to. */
const spareMemos: Record<MemoRole, CoordMemo[]> = { cells: [], rowHashes: [], idRows: [], idFirst: [] }
const EMPTY_MEMO = new CoordMemo(16)
function spareMemo(role: MemoRole, capacity: number): CoordMemo {
  const m = spareMemos[role].pop()
  if (!m) return new CoordMemo(capacity)
  m.clear()
  return m
}

/** Builders whose segments are finished, kept for the next: a worker reads hundreds of files. */
const spare: OpenSegment[] = []
let generations = 0
function openSegment(header: Uint8Array | undefined): OpenSegment {
  const seg = spare.pop()
  if (seg) {
    seg.b.reset(header)
    seg.gen = ++generations
    return seg
  }
  return {
    b: new SegmentBuilder(header),
    placeState: new Int32Array(1024),
    placeValue: new Int32Array(1024),
    tailType: new Int32Array(64),
    tailAsb: new Uint8Array(64),
    gen: ++generations,
  }
}

function room<T extends Int32Array | Uint8Array>(a: T, i: number): T {
  if (i < a.length) return a
  const b = new (a.constructor as new (n: number) => T)(Math.max(a.length * 2, i + 1))
  b.set(a)
  return b
}

const rawStart = (r: RecordView, i: number) => r.fs[i]! - ((r.quoted >>> i) & 1)
const rawEnd = (r: RecordView, i: number) => r.fe[i]! + ((r.quoted >>> i) & 1)

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
  if (mx / 1e6 === lon && my / 1e6 === lat) return assignMicro(ctx, mx, my)
  return locateAll(ctx, lon, lat)
}

/** assignPoint() for a point given in millionths of a degree (the point is exactly mx / 1e6, my / 1e6). */
export function assignMicro(ctx: AssignContext, mx: number, my: number): number {
  let v = ctx.memo.get(mx, my)
  if (v === MEMO_MISS) {
    v = locateAll(ctx, mx / 1e6, my / 1e6)
    ctx.memo.set(mx, my, v)
  }
  return v
}

function locateAll(ctx: AssignContext, lon: number, lat: number): number {
  return packAssignment(
    ctx.beats ? ctx.beats.locate(lon, lat) : -1,
    ctx.localities ? ctx.localities.locate(lon, lat) : -1,
    ctx.area ? ctx.area.locate(lon, lat) !== -1 : true,
  )
}

const IN_AREA = 1 << 30
/** An assignment with its in-area answer taken from the row's LSOA code, when the area is a set of LSOAs. */
function byLsoa(ctx: AssignContext, r: RecordView, v: number): number {
  if (!ctx.areaLsoas) return v
  return ctx.areaLsoas.has(lsoaKeyBytes(r.buf, r.fs[7]!, r.fe[7]!)) ? v | IN_AREA : v & ~IN_AREA
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
  private readonly scanner: Scanner
  private lastForce: Uint8Array | undefined
  private lastForceText = ''
  private lastMonth: Uint8Array | undefined
  private lastMonthText = ''
  private lastUnit: UnitBuild | undefined
  private readonly typeCache = new Map<number, { bytes: Uint8Array; index: number }[]>()
  /**
   * The last row's head run (Month, Reported by, Falls within), its unit, and its entry in that
   * unit's open segment: the head is the same row after row within a force-month, so one compare
   * with it replaces finding the unit and interning the head (about 8% of the import's time).
   */
  private readonly lastHead = new Uint8Array(256)
  private lastHeadLen = -1
  private lastHeadUnit: UnitBuild | undefined
  private lastHeadGen = 0
  private lastHeadIndex = 0
  /** With the WebAssembly scanner: the last head's run number and epoch, and the tag of the open segment's remap entries. */
  private lastHeadId = -1
  private lastHeadEpoch = -1
  private tag = 0
  private tagGen = -1
  private tagEpoch = -1
  /** The scanner epoch of the last record, and the epoch whose first numbered row has been read. */
  private epochSeen = -1
  private epochClaimed = -1

  constructor(
    private readonly source: string,
    private readonly contextFor: (month: string) => AssignContext,
    private readonly listRejected = 50,
    private readonly segmentRows = SEGMENT_ROWS,
    private readonly maxRecord = MAX_RECORD_BYTES,
    /** For a later part of a split file: the file's header row, already checked, as published. */
    header?: Buffer,
    /**
     * Finish each force-month when the rows move on to another (its duplicate and Crime ID tables
     * given back), so memory stays flat however long the file; a force-month that comes back then
     * throws UnitRevisitedError, and the file must be read again without this.
     */
    private readonly finishAsYouGo = false,
  ) {
    this.header = header
    this.scanner = createScanner((r) => this.record(r), segmentRows, maxRecord)
  }

  /** The lines read so far (blank ones and those inside quoted fields included). */
  get lines(): number {
    return this.scanner.nextLine - 1
  }

  push(chunk: Buffer): void {
    this.checkText(chunk)
    try {
      this.scanner.push(chunk)
    } catch (e) {
      throw this.located(e)
    }
  }

  private checkText(piece: Uint8Array): void {
    if (!this.header && this.rows === 0 && piece.subarray(0, 8192).includes(0)) {
      throw new CrimeFileError(
        `${this.source} is not a CSV file (it holds binary data). Give a police.uk street-level .csv, .csv.gz or .zip.`,
      )
    }
  }

  /**
   * Reads the whole source through `read` (bytes into `into` at `at`, at most `max`; 0 at the end)
   * straight into the scanner's memory when it has its own, else a piece at a time through push().
   * Call end() after, as after push().
   */
  pushFrom(read: (into: Uint8Array, at: number, max: number) => number): void {
    if (!this.scanner.pushFrom) {
      const buf = Buffer.allocUnsafe(1 << 20)
      for (let n = read(buf, 0, buf.length); n > 0; n = read(buf, 0, buf.length)) this.push(buf.subarray(0, n))
      return
    }
    try {
      this.scanner.pushFrom(read, (piece) => this.checkText(piece))
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
    if (e instanceof UnclosedQuoteError)
      return new CrimeFileError(
        `${this.source}, line ${e.line}: a quoted field is not closed. Check the quotes on that line.`,
      )
    if (e instanceof RecordTooLongError)
      return new CrimeFileError(
        `${this.source}, line ${e.line}: a row runs past ${Math.round(e.max / 1024).toLocaleString('en-GB')} KB without ending, where a police.uk row is a few hundred bytes. This is not a street-level crime file (or, if it is, raise CSP_MAX_RECORD_KB).`,
      )
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
    for (const u of this.units.values()) this.flush(u)
    // Every segment is out: the scanner (and the dictionaries the last one came from) can serve another file.
    this.scanner.release?.()
    return this.drain()
  }

  /** Closes the unit's open segment; the unit's first segment carries the header. */
  private flush(u: UnitBuild) {
    if (!u.seg) return
    u.pending.push(u.seg.b.finish())
    spare.push(u.seg)
    u.seg = undefined
    u.headerStored = true
  }

  private segment(u: UnitBuild): OpenSegment {
    if (u.seg && u.seg.b.rows >= this.segmentRows) this.flush(u)
    return (u.seg ??= openSegment(u.headerStored ? undefined : this.header))
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
    // Rows of one force-month usually come together: close the last one's segment so memory
    // does not grow with the number of months a file holds.
    if (this.lastUnit) {
      this.flush(this.lastUnit)
      if (this.finishAsYouGo) CrimeFileProcessor.finish(this.lastUnit)
    }
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
    if (u?.finished) throw new UnitRevisitedError(`${u.force} ${u.month}`)
    if (!u) {
      u = {
        force: this.lastForceText,
        month: this.lastMonthText,
        ctx: this.contextFor(this.lastMonthText),
        pending: [],
        seg: undefined,
        headerStored: false,
        rows: 0,
        located: 0,
        unlocated: 0,
        rejected: 0,
        unallocated: 0,
        quirks: {
          asbWithoutCrimeId: 0,
          otherWithoutCrimeId: 0,
          exactDuplicateRows: 0,
          repeatedCrimeIds: 0,
          repeatedCrimeIdsDiffering: 0,
          outsideArea: 0,
          withoutLsoa: 0,
          crlfLines: 0,
          lfLines: 0,
        },
        cells: spareMemo('cells', 1024),
        beatCounts: new Map(),
        localityCounts: new Map(),
        crossCounts: new Map(),
        rowHashes: spareMemo('rowHashes', 8192),
        idRows: spareMemo('idRows', 256),
        idFirst: spareMemo('idFirst', 8192),
      }
      this.units.set(key, u)
    }
    this.lastUnit = u
    return u
  }

  private reject(u: UnitBuild | undefined, line: number, reason: string) {
    if (u) u.rejected++
    else this.rejectedElsewhere++
    if (this.rejectedRows.length < this.listRejected)
      this.rejectedRows.push({ source: this.source, line, reason: `Row ${line} ${reason}` })
  }

  private record(r: RecordView): void {
    if (!this.header) {
      const fields = Array.from({ length: r.n }, (_, i) => fieldText(r, i).trim())
      const ok =
        fields.length === POLICE_UK_HEADER.length &&
        POLICE_UK_HEADER.every((h, i) => fields[i] === h.trim() || (i === 0 && fields[0]!.replace(/^\uFEFF/, '') === h))
      if (!ok) {
        const found = fields.slice(0, 14).join(',')
        throw new CrimeFileError(
          `${this.source}: the header is not police.uk's street-level header. Expected "${POLICE_UK_HEADER.join(',')}"; found "${found.length > 200 ? `${found.slice(0, 200)}…` : found}".`,
        )
      }
      this.header = Buffer.from(r.buf.subarray(r.start, r.next))
      return
    }
    if (r.remap && r.epoch !== this.epochSeen) {
      // A new epoch of the scanner's dictionaries: close a segment holding the last one's entries
      // now, before the scanner reuses their memory two epochs on.
      this.epochSeen = r.epoch
      const open = this.lastUnit?.seg
      if (open && open.b.runs) this.flush(this.lastUnit!)
    }
    if (r.n === 1 && r.end === r.start) return
    this.rows++
    if (r.n !== POLICE_UK_HEADER.length) {
      // Kept with its force-month when those can be read, so nothing published is lost.
      const u = r.n > 3 && validMonth(r, 1) ? this.unitFor(r) : undefined
      if (u) {
        this.segment(u).b.rawRow(r.buf, r.start, r.next)
        u.rows++
      }
      return this.reject(u, r.line, `has ${r.n} fields, not ${POLICE_UK_HEADER.length}`)
    }
    const buf = r.buf
    const hs = rawStart(r, 1)
    const he = rawEnd(r, 3)
    // The WebAssembly scanner numbers each run: the same number is the same bytes.
    const remap = r.remap
    const numbered = remap !== undefined && r.headId >= 0 && r.placeId >= 0 && r.tailId >= 0
    let sameHead: boolean
    if (numbered)
      sameHead = r.headId === this.lastHeadId && r.epoch === this.lastHeadEpoch && this.lastHeadUnit === this.lastUnit
    else {
      sameHead = he - hs === this.lastHeadLen && this.lastHeadUnit === this.lastUnit
      if (sameHead) {
        const last = this.lastHead
        for (let k = 0, i = hs; i < he; k++, i++) {
          if (buf[i] !== last[k]) {
            sameHead = false
            break
          }
        }
      }
    }
    if (!sameHead && !validMonth(r, 1))
      throw new CrimeFileError(
        `${this.source}, row ${r.line}: Month "${fieldText(r, 1)}" is not a month written YYYY-MM.`,
      )
    const u = sameHead ? this.lastUnit! : this.unitFor(r)
    let claim = false
    if (numbered && r.epoch !== this.epochClaimed) {
      // The epoch's first numbered row: a segment of its own whose entries are the epoch's.
      this.epochClaimed = r.epoch
      if (u.seg) this.flush(u)
      claim = true
    } else if (!numbered && u.seg?.b.runs) this.flush(u) // a run too long for the scanner's dictionaries goes in a segment of our own
    const seg = this.segment(u)
    const b = seg.b
    if (claim) b.runs = r.runs
    if (r.crlf) u.quirks.crlfLines++
    else u.quirks.lfLines++
    u.rows++

    // Stored as dictionary entries: the ID, then the three runs of fields.
    let kind = r.idOff >= 0 ? b.idWords(r.ids32, r.idOff >> 2) : b.id(buf, r.fs[0]!, r.fe[0]!, (r.quoted & 1) === 1)
    const i1 = RANGE_HASH[0]!
    const i2 = RANGE_HASH[1]!
    if (r.crlf) kind |= KIND_CRLF
    if (r.next === r.end + (r.crlf ? 1 : 0)) kind |= KIND_NO_EOL
    let head: number
    let place: number
    let tail: number
    let placeAdded: boolean
    let tailAdded: boolean
    if (numbered && b.runs) {
      // The segment's entries are the scanner's, numbered in order: a number past the last seen is new.
      const seen = b.seen
      head = r.headId
      place = r.placeId
      tail = r.tailId
      if (head >= seen[0]!) seen[0] = head + 1
      placeAdded = place >= seen[1]!
      if (placeAdded) seen[1] = place + 1
      tailAdded = tail >= seen[2]!
      if (tailAdded) seen[2] = tail + 1
      this.lastHeadId = r.headId
      this.lastHeadEpoch = r.epoch
      this.lastHeadLen = -1
      this.lastHeadUnit = u
      this.lastHeadGen = -1
    } else {
      if (numbered) {
        if (seg.gen !== this.tagGen || r.epoch !== this.tagEpoch) {
          this.tag = runTag()
          this.tagGen = seg.gen
          this.tagEpoch = r.epoch
        }
      }
      head = this.lastHeadIndex
      if (!sameHead || seg.gen !== this.lastHeadGen) {
        if (numbered) {
          head = this.local(b.head, remap, 0, r.headId, buf, hs, he, r.headH1, r.headH2)
          this.lastHeadId = r.headId
          this.lastHeadEpoch = r.epoch
          this.lastHeadLen = -1
        } else {
          head = b.head.intern(buf, hs, he)
          if (he - hs <= this.lastHead.length) {
            for (let k = 0, i = hs; i < he; k++, i++) this.lastHead[k] = buf[i]!
            this.lastHeadLen = he - hs
          } else this.lastHeadLen = -1
          this.lastHeadId = -1
        }
        this.lastHeadUnit = u
        this.lastHeadGen = seg.gen
        this.lastHeadIndex = head
      }
      const ps = rawStart(r, 4)
      const pe = rawEnd(r, 8)
      const ts = rawStart(r, 9)
      const te = rawEnd(r, 11)
      place = numbered
        ? this.local(b.place, remap, 1, r.placeId, buf, ps, pe, r.placeH1, r.placeH2)
        : r.hashed
          ? b.place.internHashed(buf, ps, pe, r.placeH1, r.placeH2)
          : b.place.intern(buf, ps, pe)
      placeAdded = b.place.added
      tail = numbered
        ? this.local(b.tail, remap, 2, r.tailId, buf, ts, te, r.tailH1, r.tailH2)
        : r.hashed
          ? b.tail.internHashed(buf, ts, te, r.tailH1, r.tailH2)
          : b.tail.intern(buf, ts, te)
      tailAdded = b.tail.added
    }
    b.row(kind, head, place, tail)

    if (tailAdded) {
      seg.tailType = room(seg.tailType, tail)
      seg.tailAsb = room(seg.tailAsb, tail)
      seg.tailType[tail] = r.fe[9] === r.fs[9] ? 1 : this.typeIndex(r) + 2
      seg.tailAsb[tail] = fieldEquals(r, 9, ASB) ? 1 : 0
    }
    const t = seg.tailType[tail]!
    if (t === 1) return this.reject(u, r.line, 'has no Crime type')
    const type = t - 2

    if (placeAdded) {
      seg.placeState = room(seg.placeState, place)
      seg.placeValue = room(seg.placeValue, place)
      seg.placeState[place] = this.judgePlace(r, u.ctx, seg.placeValue, place)
    }
    const state = seg.placeState[place]!

    // Quirks: IDs, exact duplicates, repeated IDs. A row's fingerprint comes from its parts' hashes.
    // (The WebAssembly scanner gives each run's hashes with the record: the same numbers the dictionaries hold.)
    const rh1 =
      i1 ^
      Math.imul(numbered ? r.headH1 : b.head.h1[head]!, 0x9e3779b1) ^
      Math.imul(numbered ? r.placeH1 : b.place.h1[place]!, 0x85ebca77) ^
      Math.imul(numbered ? r.tailH1 : b.tail.h1[tail]!, 0xc2b2ae3d)
    const rh2 =
      i2 ^
      Math.imul(numbered ? r.headH2 : b.head.h2[head]!, 0x27d4eb2f) ^
      Math.imul(numbered ? r.placeH2 : b.place.h2[place]!, 0x165667b1) ^
      Math.imul(numbered ? r.tailH2 : b.tail.h2[tail]!, 0x61c88647)
    if (u.rowHashes.get(rh1, rh2) !== MEMO_MISS) u.quirks.exactDuplicateRows++
    else u.rowHashes.set(rh1, rh2, 1)
    if ((kind & 3) === ID_EMPTY) {
      if (seg.tailAsb[tail]) u.quirks.asbWithoutCrimeId++
      else u.quirks.otherWithoutCrimeId++
    } else {
      const first = u.idFirst.get(i1, i2)
      if (first === MEMO_MISS) u.idFirst.set(i1, i2, rh1)
      else {
        const prior = u.idRows.get(i1, i2)
        const differs = first !== rh1 || prior === 2
        if (prior === MEMO_MISS || (differs && prior !== 2)) u.idRows.set(i1, i2, differs ? 2 : 1)
      }
    }

    const where = state & 7
    if (where === PLACE_UNLOCATED) {
      u.unlocated++
      return
    }
    if (where === PLACE_NO_LON || where === PLACE_NO_LAT)
      return this.reject(
        u,
        r.line,
        `has a ${where === PLACE_NO_LON ? 'Latitude' : 'Longitude'} but no ${where === PLACE_NO_LON ? 'Longitude' : 'Latitude'}`,
      )
    if (where === PLACE_OUT_OF_RANGE)
      return this.reject(u, r.line, `has coordinates out of range (${fieldText(r, 4)}, ${fieldText(r, 5)})`)
    if (state & PLACE_NO_LSOA) u.quirks.withoutLsoa++
    u.located++

    const v = seg.placeValue[place]!
    const inArea = unpackInArea(v)
    if (!inArea) u.quirks.outsideArea++
    if (u.ctx.beats && inArea && unpackBeat(v) === -1) u.unallocated++
    u.cells.add(v, type, 1)
  }

  /** The open segment's entry for the scanner's run g of dictionary k, added when the segment lacks it. */
  private local(
    d: ByteDict,
    m: RunRemap,
    k: 0 | 1 | 2,
    g: number,
    buf: Uint8Array,
    s: number,
    e: number,
    h1: number,
    h2: number,
  ): number {
    const tags = m.tag[k]
    if (tags[g] === this.tag) {
      d.added = false
      return m.local[k][g]!
    }
    const i = d.pushHashed(buf, s, e, h1, h2)
    tags[g] = this.tag
    m.local[k][g] = i
    return i
  }

  /**
   * Reads a place's coordinates the first time it is met (later rows at the same place reuse the
   * answer): unlocated, half a coordinate, out of range, or located and assigned. A coordinate
   * that is not a number stops the import with the row and column.
   */
  private judgePlace(r: RecordView, ctx: AssignContext, values: Int32Array, place: number): number {
    if (r.coordsOk) {
      // Read by the WebAssembly scanner: both present and numbers.
      const mx = r.lonMicro
      const my = r.latMicro
      if (mx === 0 && my === 0) return PLACE_UNLOCATED
      if (mx < -180e6 || mx > 180e6 || my < -90e6 || my > 90e6) return PLACE_OUT_OF_RANGE
      values[place] = byLsoa(ctx, r, assignMicro(ctx, mx, my))
      return PLACE_LOCATED | (r.fe[7] === r.fs[7] ? PLACE_NO_LSOA : 0)
    }
    const lon = fieldNumber(r, 4)
    const lat = fieldNumber(r, 5)
    if (lon !== undefined && Number.isNaN(lon))
      throw new CrimeFileError(`${this.source}, row ${r.line}: Longitude "${fieldText(r, 4)}" is not a number.`)
    if (lat !== undefined && Number.isNaN(lat))
      throw new CrimeFileError(`${this.source}, row ${r.line}: Latitude "${fieldText(r, 5)}" is not a number.`)
    if (lon === undefined && lat === undefined) return PLACE_UNLOCATED
    if (lon === undefined) return PLACE_NO_LON
    if (lat === undefined) return PLACE_NO_LAT
    if (lon === 0 && lat === 0) return PLACE_UNLOCATED
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return PLACE_OUT_OF_RANGE
    values[place] = byLsoa(ctx, r, assignPoint(ctx, lon, lat))
    return PLACE_LOCATED | (r.fe[7] === r.fs[7] ? PLACE_NO_LSOA : 0)
  }

  /** Finishes a unit's quirk counts (after the whole source is read). */
  static finish(u: UnitBuild): void {
    if (u.finished) return
    u.finished = true
    let repeated = 0
    let differing = 0
    u.idRows.forEach((v) => {
      repeated++
      if (v === 2) differing++
    })
    u.quirks.repeatedCrimeIds = repeated
    u.quirks.repeatedCrimeIdsDiffering = differing
    const ctx = u.ctx
    u.cells.forEach((n, v, type) => {
      const inAreaBit = unpackInArea(v) ? 1 : 0
      const beat = unpackBeat(v)
      if (ctx.beats) {
        const key = ((beat + 1) * 128 + type) * 2 + inAreaBit
        u.beatCounts.set(key, (u.beatCounts.get(key) ?? 0) + n)
      }
      if (ctx.localities) {
        const locality = unpackLocality(v)
        const key = ((locality + 1) * 128 + type) * 2 + inAreaBit
        u.localityCounts.set(key, (u.localityCounts.get(key) ?? 0) + n)
        if (ctx.beats) {
          const cross = (beat + 1) * 16384 + locality + 1
          u.crossCounts.set(cross, (u.crossCounts.get(cross) ?? 0) + n)
        }
      }
    })
    // Kept for the next force-month: a worker reads hundreds, and growing fresh tables cost more.
    for (const role of ['cells', 'rowHashes', 'idRows', 'idFirst'] as const)
      if (u[role] !== EMPTY_MEMO) spareMemos[role].push(u[role])
    u.cells = u.rowHashes = u.idRows = u.idFirst = EMPTY_MEMO
  }
}

export function decodeCountKey(key: number): { area: number; type: number; inArea: boolean } {
  const inArea = (key & 1) === 1
  const rest = Math.floor(key / 2)
  return { area: Math.floor(rest / 128) - 1, type: rest % 128, inArea }
}
