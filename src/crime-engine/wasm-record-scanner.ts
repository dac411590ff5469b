import { readFileSync } from 'node:fs'
import { fromRoot } from '../paths'
import {
  MAX_RECORD_BYTES,
  RecordScanner,
  RecordTooLongError,
  UnclosedQuoteError,
  type RecordView,
  type Scanner,
} from './record-scanner'
import type { RunDicts } from './unit-store'

/**
 * The record scanner in WebAssembly (record-scanner.as.ts, compiled to record-scanner.wasm): the
 * same records as RecordScanner, found sixteen bytes at a time, with each row's Crime ID decoded
 * and its head, place and tail runs hashed and numbered in the same pass, so the import's
 * JavaScript gets three numbers a row instead of bytes to hash and compare. Where WebAssembly SIMD
 * is missing (or the JavaScript one is chosen: chooseScanner()) the JavaScript scanner does the work. See docs/decisions.md.
 */

interface ScanExports {
  memory: WebAssembly.Memory
  heapBase(): number
  init(base: number): number
  clearDicts(): void
  currentEpoch(): number
  scan(
    pos: number,
    len: number,
    final: number,
    line: number,
    out: number,
    max: number,
    ids: number,
    cap: number,
  ): number
  dictArea(epoch: number, d: number): number
  ENTRIES_AT: WebAssembly.Global
  BYTES_AT: WebAssembly.Global
  stoppedAt(): number
  stoppedLine(): number
  stoppedBecause(): number
}

const STRIDE = 84
/** Entries a run dictionary holds before it is emptied (MAX_ENTRIES in record-scanner.as.ts). */
const MAX_ENTRIES = 65536
const STOP_FULL = 2
const STOP_UNCLOSED = 3
/** Records per scan() call, and the most bytes copied in at once. */
const BATCH = 4096
const PIECE = 1 << 20
const PAGE = 65536

let loaded: WebAssembly.Module | null | undefined

/** Gives the compiled module to this thread (worker threads get it from the main thread); undefined: load it again when next asked. */
export function setScannerModule(m: WebAssembly.Module | null | undefined): void {
  loaded = m
}

/** Compiles record-scanner.wasm; throws where this machine's WebAssembly lacks SIMD. */
export function compileScanner(): WebAssembly.Module {
  return new WebAssembly.Module(readFileSync(fromRoot('src/crime-engine/record-scanner.wasm')))
}

/**
 * Which scanner this process reads crime files with (the app's CSP_CRIME_SCANNER setting): 'js'
 * for the JavaScript one; 'wasm' (the default) for the WebAssembly one where it can run.
 */
export function chooseScanner(kind: 'wasm' | 'js'): void {
  if (kind === 'js') loaded = null
  else if (loaded === null) loaded = undefined
}

/** The compiled scanner, or null where it cannot run here (or the JavaScript one was chosen). */
export function scannerModule(): WebAssembly.Module | null {
  if (loaded === undefined) {
    loaded = null
    try {
      loaded = compileScanner()
    } catch {
      // No SIMD (or no file beside this one): the JavaScript scanner does the same work.
    }
  }
  return loaded
}

/**
 * From the scanner's run numbers to a segment's own entries: for run dictionary d (head, place,
 * tail), entry g is the segment's local[d][g] when tag[d][g] is the tag the segment's reader holds
 * (see runTag()); any other tag means the segment does not have it yet.
 */
export class RunRemap {
  readonly local = [new Int32Array(MAX_ENTRIES), new Int32Array(MAX_ENTRIES), new Int32Array(MAX_ENTRIES)] as const
  readonly tag = [new Int32Array(MAX_ENTRIES), new Int32Array(MAX_ENTRIES), new Int32Array(MAX_ENTRIES)] as const
}
let tags = 0
/** A tag no remap entry holds yet: take a new one for each segment and each scanner epoch. */
export function runTag(): number {
  return ++tags
}

/** One instance and its memory layout: output records, decoded IDs, the run dictionaries, then the input. */
class ScanInstance {
  readonly x: ScanExports
  readonly out: number
  readonly ids: number
  readonly input: number
  readonly remap = new RunRemap()
  u8: Uint8Array
  i32: Int32Array
  readonly entriesAt: number
  readonly bytesAt: number
  constructor(m: WebAssembly.Module) {
    this.x = new WebAssembly.Instance(m, {}).exports as unknown as ScanExports
    this.entriesAt = this.x.ENTRIES_AT.value as number
    this.bytesAt = this.x.BYTES_AT.value as number
    this.out = (this.x.heapBase() + 15) & ~15
    this.ids = this.out + BATCH * STRIDE * 4
    // init() grows the memory to hold everything up to the end of the dictionaries.
    this.input = (this.x.init(this.ids + BATCH * 32) + 15) & ~15
    this.u8 = new Uint8Array(0)
    this.i32 = new Int32Array(0)
    this.room(2 * PIECE)
  }

  /** The dictionaries of an epoch, for the segment that takes its entries from them. */
  runs(epoch: number): RunDicts {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters below must read the buffers as they are when called, not when made
    const inst = this
    return {
      get u8() {
        return inst.u8
      },
      get i32() {
        return inst.i32
      },
      entries: (d) => inst.x.dictArea(epoch, d) + inst.entriesAt,
      bytes: (d) => inst.x.dictArea(epoch, d) + inst.bytesAt,
    }
  }

  /** Makes room for `bytes` of input (views are remade: growing memory detaches the old ones). */
  room(bytes: number): void {
    const need = this.input + bytes + 16
    const have = this.x.memory.buffer.byteLength
    if (need > have) this.x.memory.grow(Math.ceil((need - have) / PAGE))
    if (this.u8.buffer !== this.x.memory.buffer) {
      this.u8 = new Uint8Array(this.x.memory.buffer)
      this.i32 = new Int32Array(this.x.memory.buffer)
    }
  }
}

const pool: ScanInstance[] = []

export class WasmRecordScanner implements Scanner {
  private inst: ScanInstance | undefined
  private carry = 0
  private line = 1
  get nextLine(): number {
    return this.line
  }
  private readonly view: RecordView

  constructor(
    m: WebAssembly.Module,
    private readonly onRecord: (r: RecordView) => void,
    /** Records per epoch of the scanner's dictionaries at most: a segment's rows. */
    private readonly cap = 1 << 16,
    private readonly maxRecord = MAX_RECORD_BYTES,
  ) {
    const reused = pool.pop()
    // A new file: the run dictionaries start empty, so they stay small and in cache.
    if (reused) reused.x.clearDicts()
    this.inst = reused ?? new ScanInstance(m)
    const fs = new Int32Array(32)
    this.view = {
      buf: this.inst.u8,
      start: 0,
      end: 0,
      next: 0,
      fs,
      fe: new Int32Array(32),
      n: 0,
      quoted: 0,
      line: 1,
      crlf: false,
      hashed: false,
      placeH1: 0,
      placeH2: 0,
      tailH1: 0,
      tailH2: 0,
      ids32: this.inst.i32,
      idOff: -1,
      headH1: 0,
      headH2: 0,
      headId: -1,
      placeId: -1,
      tailId: -1,
      epoch: -1,
      remap: this.inst.remap,
      runs: undefined,
      coordsOk: false,
      lonMicro: 0,
      latMicro: 0,
    }
  }

  push(chunk: Buffer): void {
    const inst = this.inst!
    for (let off = 0; off < chunk.length;) {
      const take = Math.min(chunk.length - off, PIECE)
      inst.room(this.carry + take)
      inst.u8.set(chunk.subarray(off, off + take), inst.input + this.carry)
      off += take
      this.run(this.carry + take, false)
    }
  }

  /**
   * Reads straight into the scanner's memory, a piece at a time, until `read` gives 0 bytes:
   * no buffer to allocate and copy for each piece of a plain file. `first` sees the first piece.
   */
  pushFrom(read: (into: Uint8Array, at: number, max: number) => number, first?: (piece: Uint8Array) => void): void {
    const inst = this.inst!
    for (let k = 0; ; k++) {
      inst.room(this.carry + PIECE)
      const at = inst.input + this.carry
      const n = read(inst.u8, at, PIECE)
      if (n === 0) return
      if (k === 0) first?.(inst.u8.subarray(at, at + n))
      this.run(this.carry + n, false)
    }
  }

  end(): void {
    if (this.carry > 0) this.run(this.carry, true)
    this.carry = 0
  }

  release(): void {
    if (this.inst) pool.push(this.inst)
    this.inst = undefined
  }

  private run(len: number, final: boolean): void {
    const inst = this.inst!
    const { x, out, ids, u8, i32 } = inst
    const v = this.view
    v.buf = u8
    v.ids32 = i32
    const end = inst.input + len
    let pos = inst.input
    for (;;) {
      const count = x.scan(pos, end, final ? 1 : 0, this.line, out, BATCH, ids, this.cap)
      const epoch = x.currentEpoch()
      if (epoch !== v.epoch) {
        v.epoch = epoch
        v.runs = inst.runs(epoch)
      }
      for (let k = 0; k < count; k++) {
        const r = (out >> 2) + k * STRIDE
        const n = i32[r + 3]!
        v.start = i32[r]!
        v.end = i32[r + 1]!
        v.next = i32[r + 2]!
        v.n = n
        v.quoted = i32[r + 4]!
        v.line = i32[r + 5]!
        v.crlf = i32[r + 6] === 1
        v.idOff = i32[r + 7] === 1 ? ids + k * 32 : -1
        v.hashed = n === 12
        v.placeH1 = i32[r + 8]!
        v.placeH2 = i32[r + 9]!
        v.tailH1 = i32[r + 10]!
        v.tailH2 = i32[r + 11]!
        v.headH1 = i32[r + 12]!
        v.headH2 = i32[r + 13]!
        v.headId = i32[r + 14]!
        v.placeId = i32[r + 15]!
        v.tailId = i32[r + 16]!
        v.lonMicro = i32[r + 17]!
        v.latMicro = i32[r + 18]!
        v.coordsOk = i32[r + 19] === 1
        const fs = v.fs
        const fe = v.fe
        for (let i = 0; i < n; i++) {
          fs[i] = i32[r + 20 + i]!
          fe[i] = i32[r + 52 + i]!
        }
        this.onRecord(v)
      }
      const why = x.stoppedBecause()
      pos = x.stoppedAt()
      this.line = x.stoppedLine()
      if (why === STOP_UNCLOSED) throw new UnclosedQuoteError(this.line)
      if (why !== STOP_FULL) break
    }
    this.carry = end - pos
    if (this.carry > this.maxRecord) throw new RecordTooLongError(this.line, this.maxRecord)
    if (this.carry > 0 && pos !== inst.input) u8.copyWithin(inst.input, pos, end)
  }
}

/** The fastest scanner this thread can run. */
export function createScanner(onRecord: (r: RecordView) => void, cap: number, maxRecord = MAX_RECORD_BYTES): Scanner {
  const m = scannerModule()
  return m ? new WasmRecordScanner(m, onRecord, cap, maxRecord) : new RecordScanner(onRecord, maxRecord)
}
