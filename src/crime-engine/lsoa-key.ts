/**
 * An LSOA code as a number, for fast set lookups in the crime engine: a letter and eight digits
 * (E01012345) become letter × 10⁸ + digits; anything else is -1.
 */
export function lsoaKey(code: string): number {
  if (code.length !== 9) return -1
  const letter = code.charCodeAt(0)
  if (letter < 65 || letter > 90) return -1
  let n = 0
  for (let i = 1; i < 9; i++) {
    const d = code.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return letter * 1e8 + n
}

/** lsoaKey() of bytes buf[s, e). */
export function lsoaKeyBytes(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 9) return -1
  const letter = buf[s]!
  if (letter < 65 || letter > 90) return -1
  let n = 0
  for (let i = s + 1; i < e; i++) {
    const d = buf[i]! - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return letter * 1e8 + n
}
