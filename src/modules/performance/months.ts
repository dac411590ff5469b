import { RuleError } from '../../errors'

/** Months written YYYY-MM, the unit of every performance window. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let [y, m] = from.split('-').map(Number) as [number, number]
  for (;;) {
    const s = `${y}-${String(m).padStart(2, '0')}`
    if (s > to) break
    out.push(s)
    if (++m > 12) {
      m = 1
      y++
    }
  }
  return out
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const t = y * 12 + (m - 1) + by
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`
}

/** Refuses a from/to month that is not YYYY-MM, naming the field. */
export function checkMonths(q: { from?: string | undefined; to?: string | undefined }): void {
  for (const [name, v] of [
    ['from', q.from],
    ['to', q.to],
  ] as const)
    if (v !== undefined && !MONTH.test(v))
      throw new RuleError(`${name === 'from' ? 'From' : 'To'} month "${v}" is not a month written YYYY-MM.`, name)
}

/** The default start of a long window: two years before `to`, or the first month held if that is later. */
export function twoYearsOrHeld(to: string, firstHeld: string): string {
  const twoYears = shiftMonth(to, -23)
  return twoYears > firstHeld ? twoYears : firstHeld
}

/** A group key as it can go into a download's file name. */
export function fileSlug(key: string): string {
  return key.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()
}
