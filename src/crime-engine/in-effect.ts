/** A boundary set as far as choosing the one in effect goes. */
export interface DatedSet {
  layer: string
  effectiveFrom: string
  /** Imported without a date: it also applies to every earlier month no other set of its layer covers. */
  backdated: boolean
}

/**
 * The set of a layer in effect on a day: the latest effective date on or before it (the first such
 * in `sets` on a tie, so pass them newest import first); before every set, the earliest set that
 * was imported without a date, so boundaries imported after the crime they describe count it.
 */
export function setInEffect<T extends DatedSet>(sets: readonly T[], layer: string, day: string): T | undefined {
  let best: T | undefined
  let back: T | undefined
  for (const s of sets) {
    if (s.layer !== layer) continue
    if (s.effectiveFrom <= day && (!best || s.effectiveFrom > best.effectiveFrom)) best = s
    if (s.backdated && (!back || s.effectiveFrom < back.effectiveFrom)) back = s
  }
  return best ?? back
}
