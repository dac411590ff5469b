/**
 * Byte strings kept once and found again by hash: the dictionaries a stored segment's runs of
 * fields are indexes into (see unit-store.ts), and the two 32-bit hashes they are found by.
 */
export function grow<T extends Uint8Array | Int32Array>(a: T, need: number): T {
  if (need <= a.length) return a
  let n = a.length * 2
  while (n < need) n *= 2
  const b = new (a.constructor as new (n: number) => T)(n)
  b.set(a)
  return b
}

/** Two 32-bit hashes of a byte range, left in the dictionary's h1/h2 (a 64-bit fingerprint). */
export const RANGE_HASH = new Int32Array(2)
export function hashRange(buf: Uint8Array, s: number, e: number): void {
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
  RANGE_HASH[0] = h1 ^ (h1 >>> 16)
  RANGE_HASH[1] = h2 ^ (h2 >>> 13)
}

/**
 * Distinct byte strings in order of first sight, found again by hash and confirmed byte for byte
 * (so two different strings never share an entry, however unlikely their hashes are to match).
 */
export class ByteDict {
  bytes = new Uint8Array(4096)
  used = 0
  offs = new Int32Array(257)
  count = 0
  /** Each entry's two content hashes, for fingerprints built from entries. */
  h1 = new Int32Array(256)
  h2 = new Int32Array(256)
  private table = new Int32Array(512)
  private mask = 511

  /** Empties the dictionary, keeping its memory for the next segment. */
  reset(): void {
    this.used = 0
    this.count = 0
    this.table.fill(0)
  }

  /** The entry for buf[s, e), added when new; `added` says which. */
  added = false
  intern(buf: Uint8Array, s: number, e: number): number {
    hashRange(buf, s, e)
    return this.internHashed(buf, s, e, RANGE_HASH[0]!, RANGE_HASH[1]!)
  }

  /** intern() with buf[s, e)'s hashRange() halves already known (the WebAssembly scanner's). */
  internHashed(buf: Uint8Array, s: number, e: number, a: number, b: number): number {
    const len = e - s
    let slot = (a ^ (b >>> 7)) & this.mask
    for (;;) {
      const t = this.table[slot]!
      if (t === 0) break
      const i = t - 1
      if (this.h1[i] === a && this.h2[i] === b) {
        const o = this.offs[i]!
        if (this.offs[i + 1]! - o === len) {
          let k = 0
          const bytes = this.bytes
          while (k < len && bytes[o + k] === buf[s + k]) k++
          if (k === len) {
            this.added = false
            return i
          }
        }
      }
      slot = (slot + 1) & this.mask
    }
    const i = this.push(buf, s, e)
    this.h1[i] = a
    this.h2[i] = b
    this.table[slot] = i + 1
    if (this.count * 2 > this.mask) this.rehash()
    this.added = true
    return i
  }

  /**
   * Appends an entry with its hashes, without looking for it or indexing it: for a run the
   * WebAssembly scanner has numbered (the caller knows the segment lacks it; intern() will not find it).
   */
  pushHashed(buf: Uint8Array, s: number, e: number, a: number, b: number): number {
    const i = this.push(buf, s, e)
    this.h1[i] = a
    this.h2[i] = b
    this.added = true
    return i
  }

  /** Appends an entry without looking for it (the raw list: other IDs, whole odd rows). */
  push(buf: Uint8Array, s: number, e: number): number {
    const i = this.count
    const n = e - s
    if (this.used + n > this.bytes.length) this.bytes = grow(this.bytes, this.used + n)
    // A byte loop: entries are tens of bytes, where a subarray and set() cost more than the copy.
    const bytes = this.bytes
    let o = this.used
    for (let k = s; k < e; k++) bytes[o++] = buf[k]!
    this.used = o
    this.count = i + 1
    if (this.count + 1 > this.offs.length) this.offs = grow(this.offs, this.count + 1)
    this.offs[this.count] = o
    if (this.h1.length < this.count) {
      this.h1 = grow(this.h1, this.count)
      this.h2 = grow(this.h2, this.count)
    }
    return i
  }

  private rehash() {
    const size = (this.mask + 1) * 2
    this.mask = size - 1
    this.table = new Int32Array(size)
    for (let i = 0; i < this.count; i++) {
      let slot = (this.h1[i]! ^ (this.h2[i]! >>> 7)) & this.mask
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask
      this.table[slot] = i + 1
    }
  }
}
