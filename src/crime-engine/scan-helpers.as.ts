// AssemblyScript (see record-scanner.as.ts): what the scan does at each byte, sixteen at a time
// where it can — finding separators and quotes, counting line feeds, hashing a run (hashRange() in
// byte-dict.ts, the same numbers), decoding a Crime ID and reading a coordinate in millionths.

const COMMA: i32 = 44
const QUOTE: i32 = 34
const LF: i32 = 10

// @ts-ignore: decorator
@inline
export function isSepMask(v: v128): i32 {
  return i8x16.bitmask(v128.or(i8x16.eq(v, i8x16.splat(COMMA as i8)), i8x16.eq(v, i8x16.splat(LF as i8))))
}

/** The first comma or line feed in [p, len), or len. */
// @ts-ignore: decorator
@inline
export function findSep(p: i32, len: i32): i32 {
  while (p + 16 <= len) {
    const m = isSepMask(v128.load(p))
    if (m != 0) return p + ctz<i32>(m)
    p += 16
  }
  while (p < len) {
    const c = <i32>load<u8>(p)
    if (c == COMMA || c == LF) return p
    p++
  }
  return len
}

/** The first quote in [p, len), or len. */
// @ts-ignore: decorator
@inline
export function findQuote(p: i32, len: i32): i32 {
  while (p + 16 <= len) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(p), i8x16.splat(QUOTE as i8)))
    if (m != 0) return p + ctz<i32>(m)
    p += 16
  }
  while (p < len) {
    if (<i32>load<u8>(p) == QUOTE) return p
    p++
  }
  return len
}

/** Line feeds in [i, e), sixteen bytes at a time. */
export function countLf(i: i32, e: i32): i32 {
  let c = 0
  for (; i + 16 <= e; i += 16) c += popcnt<i32>(i8x16.bitmask(i8x16.eq(v128.load(i), i8x16.splat(LF as i8))))
  for (; i < e; i++) if (<i32>load<u8>(i) == LF) c++
  return c
}

/** hashRange() of unit-store.ts over [s, e), its two halves stored at out and out + 4. */
export function hashRange(s: i32, e: i32, out: i32): void {
  let h1: u32 = 0x811c9dc5 ^ <u32>(e - s)
  let h2: u32 = 0x27d4eb2f
  let i = s
  for (; i + 4 <= e; i += 4) {
    const w = load<u32>(i)
    h1 = (h1 ^ w) * 0x01000193
    h1 ^= h1 >>> 13
    h2 = (h2 ^ w) * 0x5bd1e995
    h2 ^= h2 >>> 15
  }
  for (; i < e; i++) {
    const b = <u32>load<u8>(i)
    h1 = (h1 ^ b) * 0x01000193
    h2 = (h2 ^ b) * 0x5bd1e995
  }
  store<u32>(out, h1 ^ (h1 >>> 16))
  store<u32>(out + 4, h2 ^ (h2 >>> 13))
}

/**
 * Sixteen lowercase hex digits at p to eight bytes at out; false when any is not one. Even digits
 * are high nibbles: in a 16-bit lane the even digit is the low byte.
 */
// @ts-ignore: decorator
@inline
export function hexNibbles(p: i32): v128 {
  const v = v128.load(p)
  const digit = i8x16.sub(v, i8x16.splat(48))
  const letter = i8x16.sub(v, i8x16.splat(87))
  const isDigit = i8x16.lt_u(digit, i8x16.splat(10))
  const isLetter = v128.and(i8x16.ge_u(v, i8x16.splat(97)), i8x16.le_u(v, i8x16.splat(102)))
  // Not a hex digit: 0xff, caught by the check below.
  return v128.or(v128.bitselect(digit, letter, isDigit), v128.not(v128.or(isDigit, isLetter)))
}

// @ts-ignore: decorator
@inline
export function hexPack(n: v128): v128 {
  // Lane = even | odd << 8 → (even << 4) | odd in the low byte.
  return v128.or(v128.and(i16x8.shl(n, 4), i16x8.splat(0xf0)), i16x8.shr_u(n, 8))
}

/** The 64 hex digits at p as 32 bytes at out; false when any byte is not a lowercase hex digit. */
export function decodeHex64(p: i32, out: i32): bool {
  const a = hexNibbles(p)
  const b = hexNibbles(p + 16)
  const c = hexNibbles(p + 32)
  const d = hexNibbles(p + 48)
  const bad = v128.or(v128.or(a, b), v128.or(c, d))
  if (i8x16.bitmask(i8x16.gt_u(bad, i8x16.splat(15))) != 0) return false
  v128.store(out, i8x16.narrow_i16x8_u(hexPack(a), hexPack(b)))
  v128.store(out + 16, i8x16.narrow_i16x8_u(hexPack(c), hexPack(d)))
  return true
}

/**
 * A coordinate written as a plain decimal with at most six places (police.uk's are), as an integer
 * of millionths at out: the number is then exactly that integer / 1e6. False for anything else
 * (empty, quoted, an exponent, more places), which the JavaScript side reads itself.
 */
export function parseMicro(s: i32, e: i32, out: i32): bool {
  if (s >= e) return false
  let p = s
  const neg = load<u8>(p) == 45
  if (neg) p++
  let v: i64 = 0
  let digits = 0
  let scale = 0
  let dot = false
  for (; p < e; p++) {
    const c = <i32>load<u8>(p)
    if (c >= 48 && c <= 57) {
      v = v * 10 + <i64>(c - 48)
      digits++
      if (dot) scale++
    } else if (c == 46 && !dot) dot = true
    else return false
  }
  if (digits == 0 || digits > 12 || scale > 6) return false
  for (; scale < 6; scale++) v *= 10
  if (v > 2147483647) return false
  store<i32>(out, neg ? -<i32>v : <i32>v)
  return true
}
