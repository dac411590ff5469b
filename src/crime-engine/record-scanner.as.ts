// AssemblyScript, compiled to record-scanner.wasm by `npm run build:wasm` (not TypeScript: tsc
// skips *.as.ts). The same scan as scanRecord() in record-scanner.ts, byte for byte, over a whole
// buffer at once, finding separators sixteen bytes at a time with WebAssembly SIMD. For each
// 12-field record it also decodes a 64-hex-digit Crime ID to its 32 bytes, hashes the head
// (Month to Falls within), place (Longitude to LSOA name) and tail (Crime type to Context) runs
// (hashRange() in unit-store.ts, the same numbers) and finds each run in a dictionary of the runs
// this scanner has seen, so the JavaScript side gets a number per run instead of bytes to compare.
// record-scanner.test.ts checks it against the JavaScript scanner. See docs/decisions.md.

import { isSepMask, findSep, findQuote, countLf, hashRange, hexNibbles, hexPack, decodeHex64, parseMicro } from './scan-helpers.as'

const COMMA: i32 = 44
const QUOTE: i32 = 34
const LF: i32 = 10
const CR: i32 = 13
const MAX_FIELDS: i32 = 32

/** Per record, STRIDE int32s: see the R_ offsets; field starts at R_FS, ends at R_FE. */
export const STRIDE: i32 = 84
const R_START = 0
const R_END = 1
const R_NEXT = 2
const R_N = 3
const R_QUOTED = 4
const R_LINE = 5
const R_CRLF = 6
const R_ID_OK = 7
const R_PLACE_H1 = 8
const R_PLACE_H2 = 9
const R_TAIL_H1 = 10
const R_TAIL_H2 = 11
const R_HEAD_H1 = 12
const R_HEAD_H2 = 13
const R_HEAD_ID = 14
const R_PLACE_ID = 15
const R_TAIL_ID = 16
const R_LON = 17
const R_LAT = 18
const R_COORDS_OK = 19
const R_FS = 20
const R_FE = 52

// The run dictionaries: head, place and tail, each a hash table of slots (h1, entry + 1), the
// entries (h2, offset, length, h1), and their bytes, appended in order. An epoch of them ends
// between two scan() calls — when one is full, when the epoch holds `cap` records, or before a
// record whose head differs from the last one's (a new force-month) — and the next epoch starts
// empty, numbering from 0, in the other of two areas: so an epoch's entries are a segment's own,
// in order, and stay readable while the next epoch is scanned (the JavaScript side copies them out
// when it closes the segment). A new file starts a new epoch too.
const MAX_ENTRIES: i32 = 65536
const BYTES_CAP: i32 = 4 << 20
const MIN_SLOTS: i32 = 1024
const MAX_SLOTS: i32 = MAX_ENTRIES * 2
const D_TABLE: i32 = 0
const D_ENTRIES: i32 = D_TABLE + MAX_SLOTS * 8
const D_BYTES: i32 = D_ENTRIES + MAX_ENTRIES * 16
// Sixteen bytes of slack: entries are copied sixteen bytes at a time.
const DICT_SIZE: i32 = D_BYTES + BYTES_CAP + 16
/** Entry numbers: not interned (a run too big for an empty dictionary), or no room until the next epoch. */
const NOT_INTERNED: i32 = -1
const NO_ROOM: i32 = -2

let dictBase: i32 = 0
let areaBase: i32 = 0
let epochRecords: i32 = 0
let prevHeadId: i32 = -1
const dictCount = memory.data(12)
const dictUsed = memory.data(12)
const dictMask = memory.data(12)
let epoch: i32 = 0
let full = false
// The last record's head run, where it is in this scan() call's data: rows of a force-month share
// it, so one compare stands in for hashing and finding it. -1 when there is none.
let lastHeadStart: i32 = -1
let lastHeadLen: i32 = 0
let lastHeadId: i32 = 0
let lastHeadH1: i32 = 0
let lastHeadH2: i32 = 0

/** Why scan() stopped: everything read, a record runs past the data, the output is full, a quote is unclosed. */
export const STOP_END: i32 = 0
export const STOP_MORE: i32 = 1
export const STOP_FULL: i32 = 2
export const STOP_UNCLOSED: i32 = 3

let stopPos: i32 = 0
let stopLine: i32 = 0
let stopReason: i32 = 0

export function heapBase(): usize {
  return __heap_base
}

/** Puts the dictionaries at base; returns where they end. */
export function init(base: i32): i32 {
  dictBase = base
  const end = base + 6 * DICT_SIZE
  const have = memory.size() << 16
  if (end > have) memory.grow((end - have + 0xffff) >>> 16)
  clearDicts()
  return end
}

/** Where dictionary d (0 head, 1 place, 2 tail) of epoch ep is; its entries and bytes are at ENTRIES_AT and BYTES_AT from there. */
export function dictArea(ep: i32, d: i32): i32 {
  return dictBase + (ep & 1) * 3 * DICT_SIZE + d * DICT_SIZE
}
export const ENTRIES_AT: i32 = D_ENTRIES
export const BYTES_AT: i32 = D_BYTES
/** Empties the dictionaries, their tables back to the smallest: a new epoch. */
export function clearDicts(): void {
  epoch++
  areaBase = dictBase + (epoch & 1) * 3 * DICT_SIZE
  epochRecords = 0
  prevHeadId = -1
  for (let d = 0; d < 3; d++) {
    memory.fill(areaBase + d * DICT_SIZE + D_TABLE, 0, MIN_SLOTS * 8)
    store<i32>(dictMask + d * 4, MIN_SLOTS - 1)
    store<i32>(dictCount + d * 4, 0)
    store<i32>(dictUsed + d * 4, 0)
  }
  full = false
  lastHeadStart = -1
}

/** The epoch the last scan()'s entry numbers belong to. */
export function currentEpoch(): i32 {
  return epoch
}

// @ts-ignore: decorator
@inline
function bytesEqual(a: i32, b: i32, len: i32): bool {
  let k = 0
  for (; k + 16 <= len; k += 16) if (v128.any_true(v128.xor(v128.load(a + k), v128.load(b + k)))) return false
  for (; k < len; k++) if (load<u8>(a + k) != load<u8>(b + k)) return false
  return true
}

function rehash(d: i32): void {
  const base = areaBase + d * DICT_SIZE
  const mask = (load<i32>(dictMask + d * 4) + 1) * 2 - 1
  store<i32>(dictMask + d * 4, mask)
  memory.fill(base + D_TABLE, 0, (mask + 1) * 8)
  const count = load<i32>(dictCount + d * 4)
  for (let i = 0; i < count; i++) {
    const e = base + D_ENTRIES + i * 16
    const h1 = load<i32>(e + 12)
    let slot = (h1 ^ (load<u32>(e) >>> 7)) & mask
    while (load<i32>(base + D_TABLE + slot * 8 + 4) != 0) slot = (slot + 1) & mask
    store<i32>(base + D_TABLE + slot * 8, h1)
    store<i32>(base + D_TABLE + slot * 8 + 4, i + 1)
  }
}

/** The entry number of the run [s, e) with hashes h1, h2 in dictionary d, added when new. */
function intern(d: i32, s: i32, e: i32, h1: i32, h2: i32): i32 {
  const base = areaBase + d * DICT_SIZE
  const mask = load<i32>(dictMask + d * 4)
  const len = e - s
  let slot = (h1 ^ (<u32>h2 >>> 7)) & mask
  for (;;) {
    const t = base + D_TABLE + slot * 8
    const n = load<i32>(t + 4)
    if (n == 0) break
    if (load<i32>(t) == h1) {
      const en = base + D_ENTRIES + (n - 1) * 16
      if (load<i32>(en) == h2 && load<i32>(en + 8) == len && bytesEqual(base + D_BYTES + load<i32>(en + 4), s, len)) return n - 1
    }
    slot = (slot + 1) & mask
  }
  const count = load<i32>(dictCount + d * 4)
  const used = load<i32>(dictUsed + d * 4)
  if (count >= MAX_ENTRIES || used + len > BYTES_CAP) return count == 0 ? NOT_INTERNED : NO_ROOM
  const to = base + D_BYTES + used
  for (let k = 0; k < len; k += 16) v128.store(to + k, v128.load(s + k))
  const en = base + D_ENTRIES + count * 16
  store<i32>(en, h2)
  store<i32>(en + 4, used)
  store<i32>(en + 8, len)
  // The entry's h1 too, for rehash().
  store<i32>(en + 12, h1)
  const t = base + D_TABLE + slot * 8
  store<i32>(t, h1)
  store<i32>(t + 4, count + 1)
  store<i32>(dictCount + d * 4, count + 1)
  store<i32>(dictUsed + d * 4, used + len)
  if ((count + 1) * 2 > mask) rehash(d)
  return count
}

/** Where scan() stopped: the first byte not consumed. */
export function stoppedAt(): i32 {
  return stopPos
}
/** The line of the next record (or of the unclosed quote). */
export function stoppedLine(): i32 {
  return stopLine
}
export function stoppedBecause(): i32 {
  return stopReason
}

/**
 * Scans records from buf[pos, len) into out (STRIDE int32s each, at most max records) and their
 * decoded IDs into ids (32 bytes each). Returns how many; stoppedAt/stoppedLine/stoppedBecause say
 * where and why it stopped. `final` means no more data follows len.
 */
export function scan(pos: i32, len: i32, final: bool, line: i32, out: i32, max: i32, ids: i32, cap: i32): i32 {
  if (full) clearDicts()
  // The data may have moved since the last call (the unread end is carried to the front).
  lastHeadStart = -1
  let count = 0
  while (pos < len) {
    if (count == max) {
      stopReason = STOP_FULL
      break
    }
    if (epochRecords >= cap) {
      full = true
      stopReason = STOP_FULL
      break
    }
    const r = out + count * STRIDE * 4
    const start = pos
    let n = 0
    let quoted = 0
    let end = 0
    let next = 0
    let crlf = 0
    let complete = false
    let idOk = 0
    for (;;) {
      if (n == MAX_FIELDS) n = MAX_FIELDS - 1
      if (pos < len && <i32>load<u8>(pos) == QUOTE) {
        let p = pos + 1
        let close = -1
        let more = false
        while (p < len) {
          p = findQuote(p, len)
          if (p >= len) break
          if (p + 1 < len && <i32>load<u8>(p + 1) == QUOTE) {
            p += 2
            continue
          }
          if (p + 1 >= len && !final) {
            more = true
            break
          }
          close = p
          break
        }
        if (more) break
        if (close == -1) {
          if (!final) break
          stopReason = STOP_UNCLOSED
          stopPos = start
          stopLine = line
          return count
        }
        store<i32>(r + (R_FS + n) * 4, pos + 1)
        store<i32>(r + (R_FE + n) * 4, close)
        quoted |= 1 << n
        n++
        pos = close + 1
        if (pos >= len) {
          if (!final) break
          end = pos
          next = pos
          crlf = 0
          complete = true
          break
        }
        const c = <i32>load<u8>(pos)
        if (c == COMMA) {
          pos++
          continue
        }
        if (c == LF || (c == CR && pos + 1 < len && <i32>load<u8>(pos + 1) == LF)) {
          end = pos
          crlf = c == CR ? 1 : 0
          next = pos + (c == CR ? 2 : 1)
          complete = true
          break
        }
        if (c == CR && pos + 1 >= len && !final) break
        stopReason = STOP_UNCLOSED
        stopPos = start
        stopLine = line
        return count
      }
      const s = pos
      // A Crime ID: 64 hex digits then a comma, decoded on the way.
      if (n == 0 && pos + 65 <= len && <i32>load<u8>(pos + 64) == COMMA && decodeHex64(pos, ids + count * 32)) {
        pos += 64
        idOk = 1
      } else pos = findSep(pos, len)
      if (pos >= len && !final) break
      if (pos < len && <i32>load<u8>(pos) == COMMA) {
        store<i32>(r + (R_FS + n) * 4, s)
        store<i32>(r + (R_FE + n) * 4, pos)
        n++
        pos++
        continue
      }
      const cr = pos > s && <i32>load<u8>(pos - 1) == CR
      const fe = cr ? pos - 1 : pos
      store<i32>(r + (R_FS + n) * 4, s)
      store<i32>(r + (R_FE + n) * 4, fe)
      n++
      end = fe
      crlf = cr ? 1 : 0
      next = pos < len ? pos + 1 : pos
      complete = true
      break
    }
    if (!complete) {
      stopReason = STOP_MORE
      stopPos = start
      stopLine = line
      return count
    }
    let headId = NOT_INTERNED
    let placeId = NOT_INTERNED
    let tailId = NOT_INTERNED
    if (n != 12) idOk = 0
    else {
      const q = quoted
      hashRange(load<i32>(r + (R_FS + 4) * 4) - ((q >>> 4) & 1), load<i32>(r + (R_FE + 8) * 4) + ((q >>> 8) & 1), r + R_PLACE_H1 * 4)
      hashRange(load<i32>(r + (R_FS + 9) * 4) - ((q >>> 9) & 1), load<i32>(r + (R_FE + 11) * 4) + ((q >>> 11) & 1), r + R_TAIL_H1 * 4)
      const hs = load<i32>(r + (R_FS + 1) * 4) - ((q >>> 1) & 1)
      const he = load<i32>(r + (R_FE + 3) * 4) + ((q >>> 3) & 1)
      if (lastHeadStart >= 0 && he - hs == lastHeadLen && bytesEqual(lastHeadStart, hs, lastHeadLen)) {
        headId = lastHeadId
        store<i32>(r + R_HEAD_H1 * 4, lastHeadH1)
        store<i32>(r + R_HEAD_H2 * 4, lastHeadH2)
      } else {
        hashRange(hs, he, r + R_HEAD_H1 * 4)
        headId = intern(0, hs, he, load<i32>(r + R_HEAD_H1 * 4), load<i32>(r + R_HEAD_H2 * 4))
        lastHeadStart = -1
        if (headId >= 0) {
          lastHeadStart = hs
          lastHeadLen = he - hs
          lastHeadId = headId
          lastHeadH1 = load<i32>(r + R_HEAD_H1 * 4)
          lastHeadH2 = load<i32>(r + R_HEAD_H2 * 4)
        }
      }
      placeId = intern(1, load<i32>(r + (R_FS + 4) * 4) - ((q >>> 4) & 1), load<i32>(r + (R_FE + 8) * 4) + ((q >>> 8) & 1), load<i32>(r + R_PLACE_H1 * 4), load<i32>(r + R_PLACE_H2 * 4))
      tailId = intern(2, load<i32>(r + (R_FS + 9) * 4) - ((q >>> 9) & 1), load<i32>(r + (R_FE + 11) * 4) + ((q >>> 11) & 1), load<i32>(r + R_TAIL_H1 * 4), load<i32>(r + R_TAIL_H2 * 4))
      // A dictionary is full, or a new head: this record waits for the next call, which starts a new epoch.
      if (headId == NO_ROOM || placeId == NO_ROOM || tailId == NO_ROOM || (prevHeadId >= 0 && headId != prevHeadId)) {
        full = true
        stopReason = STOP_FULL
        stopPos = start
        stopLine = line
        return count
      }
    }
    let coordsOk = 0
    if (n == 12 && ((quoted >>> 4) & 3) == 0) {
      coordsOk = parseMicro(load<i32>(r + (R_FS + 4) * 4), load<i32>(r + (R_FE + 4) * 4), r + R_LON * 4) && parseMicro(load<i32>(r + (R_FS + 5) * 4), load<i32>(r + (R_FE + 5) * 4), r + R_LAT * 4) ? 1 : 0
    }
    store<i32>(r + R_COORDS_OK * 4, coordsOk)
    if (headId >= 0) prevHeadId = headId
    epochRecords++
    store<i32>(r + R_HEAD_ID * 4, headId)
    store<i32>(r + R_PLACE_ID * 4, placeId)
    store<i32>(r + R_TAIL_ID * 4, tailId)
    store<i32>(r + R_START * 4, start)
    store<i32>(r + R_END * 4, end)
    store<i32>(r + R_NEXT * 4, next)
    store<i32>(r + R_N * 4, n)
    store<i32>(r + R_QUOTED * 4, quoted)
    store<i32>(r + R_LINE * 4, line)
    store<i32>(r + R_CRLF * 4, crlf)
    // The lines a record spans: quoted fields may hold line breaks.
    let lines = 1
    if (quoted != 0) {
      // Only a quoted field can hold one (past the 32nd field, whose spans are not all kept, any byte).
      if (n < MAX_FIELDS) {
        for (let q = quoted, f = 0; q != 0; q >>>= 1, f++) if ((q & 1) != 0) lines += countLf(load<i32>(r + (R_FS + f) * 4), load<i32>(r + (R_FE + f) * 4))
      } else lines += countLf(start, end)
    }
    line += lines
    store<i32>(r + R_ID_OK * 4, idOk)
    pos = next
    count++
  }
  if (pos >= len) stopReason = STOP_END
  stopPos = pos
  stopLine = line
  return count
}
