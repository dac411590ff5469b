/**
 * Remembers one answer per coordinate pair (micro-degrees as two int32s) in typed arrays with
 * open addressing: police.uk snaps many crimes to one point, so most lookups are repeats, and a
 * Map keyed by strings would cost more than the point-in-polygon test it saves.
 */
export class CoordMemo {
  // Also used as a general int32-pair table: row hashes and Crime ID hashes for the quirk counts.
  private keysX: Int32Array
  private keysY: Int32Array
  private values: Int32Array
  private used: Uint8Array
  private size = 0
  private mask: number

  constructor(capacity = 1 << 16) {
    this.mask = capacity - 1
    this.keysX = new Int32Array(capacity)
    this.keysY = new Int32Array(capacity)
    this.values = new Int32Array(capacity)
    this.used = new Uint8Array(capacity)
  }

  private slot(x: number, y: number): number {
    let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77)
    h ^= h >>> 15
    return h & this.mask
  }

  /** The value stored for (x, y), or -2147483648 when there is none. */
  get(x: number, y: number): number {
    let i = this.slot(x, y)
    while (this.used[i]) {
      if (this.keysX[i] === x && this.keysY[i] === y) return this.values[i]!
      i = (i + 1) & this.mask
    }
    return -2147483648
  }

  set(x: number, y: number, v: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow()
    let i = this.slot(x, y)
    while (this.used[i]) {
      if (this.keysX[i] === x && this.keysY[i] === y) {
        this.values[i] = v
        return
      }
      i = (i + 1) & this.mask
    }
    this.used[i] = 1
    this.keysX[i] = x
    this.keysY[i] = y
    this.values[i] = v
    this.size++
  }

  /** Adds d to the value stored for (x, y), starting from 0: a counter keyed by two int32s. */
  add(x: number, y: number, d: number): void {
    let i = this.slot(x, y)
    while (this.used[i]) {
      if (this.keysX[i] === x && this.keysY[i] === y) {
        this.values[i] = this.values[i]! + d
        return
      }
      i = (i + 1) & this.mask
    }
    this.set(x, y, d)
  }

  /** Empties the table, keeping its memory (tables are reused from one force-month to the next). */
  clear(): void {
    if (this.size === 0) return
    this.used.fill(0)
    this.size = 0
  }

  forEach(f: (value: number, x: number, y: number) => void): void {
    for (let i = 0; i < this.used.length; i++) if (this.used[i]) f(this.values[i]!, this.keysX[i]!, this.keysY[i]!)
  }

  get count(): number {
    return this.size
  }

  private grow(): void {
    const { keysX, keysY, values, used } = this
    const capacity = (this.mask + 1) * 2
    this.mask = capacity - 1
    this.keysX = new Int32Array(capacity)
    this.keysY = new Int32Array(capacity)
    this.values = new Int32Array(capacity)
    this.used = new Uint8Array(capacity)
    this.size = 0
    for (let i = 0; i < used.length; i++) if (used[i]) this.set(keysX[i]!, keysY[i]!, values[i]!)
  }
}

export const MEMO_MISS = -2147483648
