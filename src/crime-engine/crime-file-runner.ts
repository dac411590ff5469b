import { Readable } from 'node:stream'
import { indexFromBytes, indexToBytes, PolygonIndex } from '../geo/polygon-index'
import { CoordMemo } from './coord-memo'
import { directRead, openReader, type SourceRange } from './crime-sources'
import { CrimeFileProcessor } from './crime-file-processor'
import type { AssignContext } from './assign'
import { finishUnit, type RejectedRow, type UnitBuild, type UnitTotals } from './unit-build'
import { CrimeFileError } from './police-csv'
import { MAX_RECORD_BYTES } from './record-scanner'
import { setInEffect } from './in-effect'

export type Layer = 'beats' | 'localities' | 'area'

/**
 * A boundary set as the importer needs it. Its built index travels to worker threads as bytes in
 * shared memory (sharedIndex()): every worker reads the one copy.
 */
export interface SetPayload {
  layer: Layer
  id: string
  effectiveFrom: string
  backdated: boolean
  index: Uint8Array
}

/** A built index's bytes in memory every worker thread can read without a copy of its own. */
export function sharedIndex(index: PolygonIndex): Uint8Array {
  if (index.bytes && index.bytes.buffer instanceof SharedArrayBuffer) return index.bytes
  const bytes = indexToBytes(index.data())
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length))
  shared.set(bytes)
  return shared
}

export interface IndexedSet {
  layer: Layer
  id: string
  effectiveFrom: string
  backdated: boolean
  index: PolygonIndex
}

export interface MonthContext extends AssignContext {
  beatSetId: string | null
  localitySetId: string | null
  areaSetId: string | null
}

export function indexSets(payload: readonly SetPayload[]): IndexedSet[] {
  return payload.map((s) => ({
    layer: s.layer,
    id: s.id,
    effectiveFrom: s.effectiveFrom,
    backdated: s.backdated,
    index: PolygonIndex.fromData(indexFromBytes(s.index)),
  }))
}

/** The sets in effect on each month's first day (sets sorted newest first), one memo per combination. */
export function contextsFor(
  sets: readonly IndexedSet[],
  memoSlots = 1 << 16,
  areaLsoas?: ReadonlySet<number>,
): (month: string) => MonthContext {
  const sorted = [...sets].sort((a, b) =>
    a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0,
  )
  const byMonth = new Map<string, MonthContext>()
  const byKey = new Map<string, MonthContext>()
  const pick = (layer: Layer, day: string) => setInEffect(sorted, layer, day)
  return (month) => {
    let ctx = byMonth.get(month)
    if (ctx) return ctx
    const day = `${month}-01`
    // An area of LSOAs (a partnership set up from the ONS list) decides membership; no area polygon is used.
    const [b, l, a] = [pick('beats', day), pick('localities', day), areaLsoas ? undefined : pick('area', day)]
    const key = `${b?.id}|${l?.id}|${a?.id}`
    ctx = byKey.get(key)
    if (!ctx) {
      ctx = {
        beats: b?.index,
        localities: l?.index,
        area: a?.index,
        areaLsoas,
        memo: new CoordMemo(memoSlots),
        beatSetId: b?.id ?? null,
        localitySetId: l?.id ?? null,
        areaSetId: a?.id ?? null,
      }
      byKey.set(key, ctx)
    }
    byMonth.set(month, ctx)
    return ctx
  }
}

export interface UnitSummary extends UnitTotals {
  /** Count keys and counts, in pairs (see decodeCountKey). */
  beatCells: number[]
  localityCells: number[]
  crossCells: number[]
}

export interface FileSummary {
  source: string
  units: UnitSummary[]
  types: string[]
  rejectedRows: RejectedRow[]
  rejectedElsewhere: number
  rows: number
  /** Lines read (for a part of a split file, where the next part's line numbers start). */
  lines: number
  /** Which part of a split file this was (0 for a whole file). */
  part: number
}

/** Where a file's results go: each unit's bytes as they fill. */
export interface FileSink {
  /** `bytes` is the next piece of the unit's CSV, as published (concatenate the pieces in order). */
  chunk(source: string, force: string, month: string, bytes: Buffer): Promise<void>
  progress?(source: string, rows: number, bytesRead: number): void
  /** A force-month finished before the file ends, with the file's crime types so far (its cells index them). */
  unit?(source: string, summary: UnitSummary, types: readonly string[]): Promise<void>
}

export interface FileInput {
  name: string
  open(): Promise<Readable>
  /** A file on disk and its size (as CrimeSource has them): a small plain one is read straight into the scanner's memory. */
  path?: string
  bytes?: number
  /** A part of a big plain file (at `path`) to read alone. */
  range?: SourceRange
}

/** A finished unit's figures, its counts flattened into key, count pairs. */
function summaryOf(u: UnitBuild): UnitSummary {
  return {
    force: u.force,
    month: u.month,
    rows: u.rows,
    located: u.located,
    unlocated: u.unlocated,
    rejected: u.rejected,
    unallocated: u.unallocated,
    quirks: u.quirks,
    beatCells: flatten(u.beatCounts),
    localityCells: flatten(u.localityCounts),
    crossCells: flatten(u.crossCounts),
  }
}

function flatten(m: Map<number, number>): number[] {
  const out: number[] = []
  for (const [k, v] of m) out.push(k, v)
  return out
}

/**
 * What one import may read, so hostile input (a decompression bomb, an endless line) stops with a
 * located message instead of filling memory or holding a thread for minutes.
 */
export interface ImportLimits {
  /** The longest row, in bytes. */
  maxRecordBytes: number
  /** The most bytes one file or zip entry may unpack to. */
  maxUnpackedBytes: number
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxRecordBytes: MAX_RECORD_BYTES,
  maxUnpackedBytes: 20 * 1024 ** 3,
}

/** How much of a plain file is read before the segments it filled are sent on. */
const DIRECT_PIECE = 8 * 1024 * 1024

const mb = (n: number) => `${Math.round(n / 1024 ** 2).toLocaleString('en-GB')} MB`

/** Reads one source through the processor, sending unit bytes to the sink as they fill. */
export async function runFile(
  input: FileInput,
  contextFor: (month: string) => MonthContext,
  sink: FileSink,
  listRejected: number,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
  /** Finish each force-month as the rows move on (flat memory; UnitRevisitedError if one comes back). */
  finishAsYouGo = false,
): Promise<FileSummary> {
  const range = input.range
  const proc = new CrimeFileProcessor(
    input.name,
    contextFor,
    listRejected,
    undefined,
    limits.maxRecordBytes,
    range && range.part > 0 ? range.header : undefined,
    finishAsYouGo,
  )
  // Force-months finished as the rows moved on go to the sink at once (their bytes are sent first),
  // and leave the processor: what a worker holds does not grow with the file.
  const sendFinished = async () => {
    if (!sink.unit) return
    for (const u of proc.takeFinished()) {
      await sink.unit(input.name, summaryOf(u), proc.types)
      proc.units.delete(`${u.force}\u0000${u.month}`)
    }
  }
  const tooBig = () =>
    new CrimeFileError(
      `${input.name} unpacks to more than ${mb(limits.maxUnpackedBytes)}, the most one file may hold here. Split it, or raise CSP_MAX_UNPACKED_MB if it is genuine.`,
    )
  let bytesRead = 0
  let lastReport = 0
  const direct =
    input.path !== undefined &&
    input.bytes !== undefined &&
    (range !== undefined || directRead(input.path, input.bytes))
  if (direct) {
    // Read straight into the scanner's memory, a few megabytes at a time, storing what they fill.
    const reader = openReader(input.path!, range)
    try {
      for (let ended = false; !ended;) {
        let budget = DIRECT_PIECE
        proc.pushFrom((into, at, max) => {
          if (budget <= 0) return 0
          const n = reader.read(into, at, Math.min(max, budget))
          if (n === 0) ended = true
          budget -= n
          bytesRead += n
          return n
        })
        for (const { unit, bytes } of proc.drain()) await sink.chunk(input.name, unit.force, unit.month, bytes)
        await sendFinished()
        if (sink.progress && proc.rows - lastReport >= 50000) {
          lastReport = proc.rows
          sink.progress(input.name, proc.rows, bytesRead)
        }
      }
    } finally {
      reader.close()
    }
  }
  const stream = direct ? Readable.from([]) : await input.open()
  for await (const chunk of stream) {
    bytesRead += (chunk as Buffer).length
    if (bytesRead > limits.maxUnpackedBytes) {
      stream.destroy()
      throw tooBig()
    }
    proc.push(chunk as Buffer)
    for (const { unit, bytes } of proc.drain()) await sink.chunk(input.name, unit.force, unit.month, bytes)
    await sendFinished()
    if (sink.progress && proc.rows - lastReport >= 50000) {
      lastReport = proc.rows
      sink.progress(input.name, proc.rows, bytesRead)
    }
  }
  proc.end()
  for (const { unit, bytes } of proc.drainAll()) await sink.chunk(input.name, unit.force, unit.month, bytes)
  sink.progress?.(input.name, proc.rows, bytesRead)
  await sendFinished()
  const units: UnitSummary[] = []
  for (const u of proc.units.values()) {
    finishUnit(u)
    units.push(summaryOf(u))
  }
  return {
    source: input.name,
    units,
    types: proc.types,
    rejectedRows: proc.rejectedRows,
    rejectedElsewhere: proc.rejectedElsewhere,
    rows: proc.rows,
    lines: proc.lines,
    part: range?.part ?? 0,
  }
}
