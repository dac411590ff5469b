import { CoordMemo, MEMO_MISS } from './coord-memo'
import { fieldEquals, fieldText, type RecordView } from './record-scanner'
import { type RunRemap } from './wasm-record-scanner'
import { SegmentBuilder, type ByteDict } from './unit-store'
import { unpackBeat, unpackInArea, unpackLocality, type AssignContext } from './assign'

/** A force-month being built: its figures, its quirk tables and the segment being filled, with the pools they are taken from. */
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

/** Rows per stored segment: bounds the memory a month's dictionaries take. */
export const SEGMENT_ROWS = 1 << 16

/** A segment being filled, with what its places and tails have been found to be. */
export interface OpenSegment {
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
export const spareMemos: Record<MemoRole, CoordMemo[]> = { cells: [], rowHashes: [], idRows: [], idFirst: [] }
export const EMPTY_MEMO = new CoordMemo(16)
export function spareMemo(role: MemoRole, capacity: number): CoordMemo {
  const m = spareMemos[role].pop()
  if (!m) return new CoordMemo(capacity)
  m.clear()
  return m
}

/** Builders whose segments are finished, kept for the next: a worker reads hundreds of files. */
export const spare: OpenSegment[] = []
let generations = 0
export function openSegment(header: Uint8Array | undefined): OpenSegment {
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

export function room<T extends Int32Array | Uint8Array>(a: T, i: number): T {
  if (i < a.length) return a
  const b = new (a.constructor as new (n: number) => T)(Math.max(a.length * 2, i + 1))
  b.set(a)
  return b
}

/** A force-month's build, its tables taken from those finished units gave back. */
export function newUnit(force: string, month: string, ctx: AssignContext): UnitBuild {
  return {
    force,
    month,
    ctx,
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
}

/** The open segment's entry for the scanner's run g of dictionary k, added when the segment lacks it. */
export function localEntry(
  tag: number,
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
  if (tags[g] === tag) {
    d.added = false
    return m.local[k][g]!
  }
  const i = d.pushHashed(buf, s, e, h1, h2)
  tags[g] = tag
  m.local[k][g] = i
  return i
}

/** Finishes a unit's quirk counts (after the whole source is read). */
export function finishUnit(u: UnitBuild): void {
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

/**
 * A row's quirks by its fingerprint and Crime ID: an exact duplicate of a row before it; an ASB
 * or other row without an ID; an ID met before (with the same content, or different).
 */
export function countIdQuirks(
  u: UnitBuild,
  rh1: number,
  rh2: number,
  noId: boolean,
  asb: boolean,
  i1: number,
  i2: number,
): void {
  if (u.rowHashes.get(rh1, rh2) !== MEMO_MISS) u.quirks.exactDuplicateRows++
  else u.rowHashes.set(rh1, rh2, 1)
  if (noId) {
    if (asb) u.quirks.asbWithoutCrimeId++
    else u.quirks.otherWithoutCrimeId++
    return
  }
  const first = u.idFirst.get(i1, i2)
  if (first === MEMO_MISS) u.idFirst.set(i1, i2, rh1)
  else {
    const prior = u.idRows.get(i1, i2)
    const differs = first !== rh1 || prior === 2
    if (prior === MEMO_MISS || (differs && prior !== 2)) u.idRows.set(i1, i2, differs ? 2 : 1)
  }
}

/** The crime types a file names, numbered in order of first sight, found again by a hash of their bytes. */
export class TypeTable {
  readonly types: string[] = []
  private readonly cache = new Map<number, { bytes: Uint8Array; index: number }[]>()

  /** The number of the row's Crime type (field 9), added when new. */
  indexOf(r: RecordView): number {
    const s = r.fs[9]!
    const e = r.fe[9]!
    let h = e - s
    for (let i = s; i < e; i++) h = (Math.imul(h, 31) + r.buf[i]!) | 0
    const list = this.cache.get(h)
    if (list) for (const t of list) if (fieldEquals(r, 9, t.bytes)) return t.index
    const index = this.types.length
    this.types.push(fieldText(r, 9))
    const entry = { bytes: Uint8Array.prototype.slice.call(r.buf, s, e), index }
    if (list) list.push(entry)
    else this.cache.set(h, [entry])
    return index
  }
}

/** Closes the unit's open segment (sent on with its pending bytes); its first segment carries the header. */
export function flushUnit(u: UnitBuild): void {
  if (!u.seg) return
  u.pending.push(u.seg.b.finish())
  spare.push(u.seg)
  u.seg = undefined
  u.headerStored = true
}

/** The unit's segment to add a row to: a new one when it has none or the open one is full. */
export function segmentOf(u: UnitBuild, segmentRows: number, header: Uint8Array | undefined): OpenSegment {
  if (u.seg && u.seg.b.rows >= segmentRows) flushUnit(u)
  return (u.seg ??= openSegment(u.headerStored ? undefined : header))
}
