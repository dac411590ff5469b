import { checkedHeader, locatedError, rawEnd, rawStart, validMonth } from './police-rows'
import { CrimeFileError, POLICE_UK_HEADER } from './police-csv'
import { fieldEquals, fieldText, MAX_RECORD_BYTES, type RecordView, type Scanner } from './record-scanner'
import { createScanner, runTag } from './wasm-record-scanner'
import { ID_EMPTY, KIND_CRLF, KIND_NO_EOL, RANGE_HASH } from './unit-store'
import {
  judgePlace,
  unpackBeat,
  unpackInArea,
  PLACE_NO_LAT,
  PLACE_NO_LON,
  PLACE_NO_LSOA,
  PLACE_OUT_OF_RANGE,
  PLACE_UNLOCATED,
  type AssignContext,
} from './assign'
import {
  finishUnit,
  localEntry,
  newUnit,
  room,
  SEGMENT_ROWS,
  UnitRevisitedError,
  type RejectedRow,
  type UnitBuild,
  countIdQuirks,
  TypeTable,
  flushUnit,
  segmentOf,
} from './unit-build'

const ASB = new TextEncoder().encode('Anti-social behaviour')

/**
 * Reads one police.uk source into force-month units: each row's bytes, as published, go to its
 * unit's store; located rows are assigned (memoised by coordinate) and counted by beat, locality
 * and crime type; the real quirks are counted. Anything that makes the file suspect throws a
 * CrimeFileError naming the file, the row and the column.
 */
export class CrimeFileProcessor {
  readonly units = new Map<string, UnitBuild>()
  /** Force-months finished as the rows moved on (with finishAsYouGo), not yet taken by takeFinished(). */
  private finished: UnitBuild[] = []
  private readonly finishedKeys = new Set<string>()
  private readonly typeTable = new TypeTable()
  /** The crime types the file names, in order of first sight (counts key them by position). */
  get types(): string[] {
    return this.typeTable.types
  }
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
  /**
   * With the WebAssembly scanner: the last head's run number and epoch, and the tag of the open
   * segment's remap entries.
   */
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
      throw locatedError(this.source, e)
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
      throw locatedError(this.source, e)
    }
  }

  end(): void {
    try {
      this.scanner.end()
    } catch (e) {
      throw locatedError(this.source, e)
    }
    if (!this.header) throw new CrimeFileError(`${this.source} is empty: it has no header row.`)
  }

  /** The force-months finished since the last call (their bytes drained first), for their figures to go on at once. */
  takeFinished(): UnitBuild[] {
    const out = this.finished
    this.finished = []
    return out
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
    for (const u of this.units.values()) flushUnit(u)
    // Every segment is out: the scanner (and the dictionaries the last one came from) can serve another file.
    this.scanner.release?.()
    return this.drain()
  }

  /** Closes the unit's open segment; the unit's first segment carries the header. */
  private unitFor(r: RecordView): UnitBuild {
    const forceField = r.fe[3]! > r.fs[3]! ? 3 : 2
    const sameForce = this.lastForce !== undefined && fieldEquals(r, forceField, this.lastForce)
    const sameMonth = this.lastMonth !== undefined && fieldEquals(r, 1, this.lastMonth)
    if (sameForce && sameMonth && this.lastUnit) return this.lastUnit
    // Rows of one force-month usually come together: close the last one's segment so memory
    // does not grow with the number of months a file holds.
    if (this.lastUnit) {
      flushUnit(this.lastUnit)
      if (this.finishAsYouGo) {
        finishUnit(this.lastUnit)
        this.finished.push(this.lastUnit)
        this.finishedKeys.add(`${this.lastUnit.force}\u0000${this.lastUnit.month}`)
      }
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
    if (u?.finished || (!u && this.finishedKeys.has(key)))
      throw new UnitRevisitedError(`${this.lastForceText} ${this.lastMonthText}`)
    if (!u) {
      u = newUnit(this.lastForceText, this.lastMonthText, this.contextFor(this.lastMonthText))
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
      this.header = checkedHeader(this.source, r)
      return
    }
    if (r.remap && r.epoch !== this.epochSeen) {
      // A new epoch of the scanner's dictionaries: close a segment holding the last one's entries
      // now, before the scanner reuses their memory two epochs on.
      this.epochSeen = r.epoch
      const open = this.lastUnit?.seg
      if (open && open.b.runs) flushUnit(this.lastUnit!)
    }
    if (r.n === 1 && r.end === r.start) return
    this.rows++
    if (r.n !== POLICE_UK_HEADER.length) {
      // Kept with its force-month when those can be read, so nothing published is lost.
      const u = r.n > 3 && validMonth(r, 1) ? this.unitFor(r) : undefined
      if (u) {
        segmentOf(u, this.segmentRows, this.header).b.rawRow(r.buf, r.start, r.next)
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
      if (u.seg) flushUnit(u)
      claim = true
    } else if (!numbered && u.seg?.b.runs) {
      // A run too long for the scanner's dictionaries goes in a segment of our own.
      flushUnit(u)
    }
    const seg = segmentOf(u, this.segmentRows, this.header)
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
          head = localEntry(this.tag, b.head, remap, 0, r.headId, buf, hs, he, r.headH1, r.headH2)
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
        ? localEntry(this.tag, b.place, remap, 1, r.placeId, buf, ps, pe, r.placeH1, r.placeH2)
        : r.hashed
          ? b.place.internHashed(buf, ps, pe, r.placeH1, r.placeH2)
          : b.place.intern(buf, ps, pe)
      placeAdded = b.place.added
      tail = numbered
        ? localEntry(this.tag, b.tail, remap, 2, r.tailId, buf, ts, te, r.tailH1, r.tailH2)
        : r.hashed
          ? b.tail.internHashed(buf, ts, te, r.tailH1, r.tailH2)
          : b.tail.intern(buf, ts, te)
      tailAdded = b.tail.added
    }
    b.row(kind, head, place, tail)

    if (tailAdded) {
      seg.tailType = room(seg.tailType, tail)
      seg.tailAsb = room(seg.tailAsb, tail)
      seg.tailType[tail] = r.fe[9] === r.fs[9] ? 1 : this.typeTable.indexOf(r) + 2
      seg.tailAsb[tail] = fieldEquals(r, 9, ASB) ? 1 : 0
    }
    const t = seg.tailType[tail]!
    if (t === 1) return this.reject(u, r.line, 'has no Crime type')
    const type = t - 2

    if (placeAdded) {
      seg.placeState = room(seg.placeState, place)
      seg.placeValue = room(seg.placeValue, place)
      seg.placeState[place] = judgePlace(this.source, r, u.ctx, seg.placeValue, place)
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
    countIdQuirks(u, rh1, rh2, (kind & 3) === ID_EMPTY, seg.tailAsb[tail] === 1, i1, i2)

    const where = state & 7
    if (where === PLACE_UNLOCATED) {
      u.unlocated++
      return
    }
    if (where === PLACE_NO_LON || where === PLACE_NO_LAT)
      return this.reject(
        u,
        r.line,
        where === PLACE_NO_LON ? 'has a Latitude but no Longitude' : 'has a Longitude but no Latitude',
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
}
