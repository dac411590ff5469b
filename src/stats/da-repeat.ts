/**
 * Domestic-abuse repeat victimisation and perpetration (methods.md §7.2–7.3). DA only: the
 * partnership decided against repeat measures for ASB. Identities are pseudonymous ids; nothing
 * here returns them, only counts and rates.
 */
export interface DaOccurrence {
  victim: string
  perpetrator?: string | null | undefined
  /** YYYY-MM-DD */
  date: string
}

/** The same day 12 calendar months earlier (29 February falls back to 28 February). */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) - months
  const yy = Math.floor(total / 12)
  const mm = (total % 12) + 1
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate()
  return `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/** Same-day occurrences for the same victim–perpetrator pair count once. */
export function dedupeSameDay(occurrences: readonly DaOccurrence[]): DaOccurrence[] {
  const seen = new Set<string>()
  return occurrences.filter((o) => {
    const key = `${o.victim}\u0000${o.perpetrator ?? ''}\u0000${o.date}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export interface RepeatRates {
  occurrences: number
  repeatOccurrences: number
  victims: number
  repeatVictims: number
  /** Repeat victims over victims; null with no victim in the period. */
  repeatVictimRate: number | null
  repeatOccurrenceRate: number | null
  perpetrators: number
  repeatPerpetrators: number
  repeatPerpetratorRate: number | null
  /** Perpetrators linked to 2+ distinct victims within the serial window. */
  serialPerpetrators: number
}

/**
 * Rates for the period [from, to] (YYYY-MM-DD, inclusive). An occurrence is a repeat when the same
 * victim had another within the 12 calendar months before it (the look-back may reach before the
 * period); a perpetrator repeats when linked to 2+ occurrences within 12 months ending in the period.
 */
export function repeatRates(
  all: readonly DaOccurrence[],
  from: string,
  to: string,
  options: { lookbackMonths?: number; serialWindowMonths?: number; dedupe?: boolean } = {},
): RepeatRates {
  const lookback = options.lookbackMonths ?? 12
  const serialWindow = options.serialWindowMonths ?? 36
  const occ = ((options.dedupe ?? true) ? dedupeSameDay(all) : [...all]).sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  )
  const byVictim = new Map<string, string[]>()
  for (const o of occ) byVictim.set(o.victim, [...(byVictim.get(o.victim) ?? []), o.date])
  const inPeriod = occ.filter((o) => o.date >= from && o.date <= to)
  const isRepeat = (o: DaOccurrence) => {
    const start = monthsBefore(o.date, lookback)
    const dates = byVictim.get(o.victim)!
    // Another occurrence strictly before this one, on or after the look-back start.
    let others = 0
    for (const d of dates) if (d >= start && d < o.date) others++
    return others > 0
  }
  const repeatOcc = inPeriod.filter(isRepeat)
  const victims = new Set(inPeriod.map((o) => o.victim))
  const repeatVictims = new Set(repeatOcc.map((o) => o.victim))

  const byPerp = new Map<string, DaOccurrence[]>()
  for (const o of occ) if (o.perpetrator) byPerp.set(o.perpetrator, [...(byPerp.get(o.perpetrator) ?? []), o])
  const perps = new Set(inPeriod.filter((o) => o.perpetrator).map((o) => o.perpetrator!))
  let repeatPerps = 0
  let serial = 0
  for (const p of perps) {
    const list = byPerp.get(p)!
    // Some 12-month window ending in the period holds 2+ of their occurrences: an occurrence in the
    // period with another in the 12 months before it.
    if (
      list.some(
        (o) =>
          o.date >= from &&
          o.date <= to &&
          list.some((x) => x !== o && x.date <= o.date && x.date >= monthsBefore(o.date, lookback)),
      )
    )
      repeatPerps++
    if (
      list.some(
        (o) =>
          o.date >= from &&
          o.date <= to &&
          new Set(
            list.filter((x) => x.date <= o.date && x.date >= monthsBefore(o.date, serialWindow)).map((x) => x.victim),
          ).size >= 2,
      )
    )
      serial++
  }
  const rate = (a: number, b: number) => (b === 0 ? null : a / b)
  return {
    occurrences: inPeriod.length,
    repeatOccurrences: repeatOcc.length,
    victims: victims.size,
    repeatVictims: repeatVictims.size,
    repeatVictimRate: rate(repeatVictims.size, victims.size),
    repeatOccurrenceRate: rate(repeatOcc.length, inPeriod.length),
    perpetrators: perps.size,
    repeatPerpetrators: repeatPerps,
    repeatPerpetratorRate: rate(repeatPerps, perps.size),
    serialPerpetrators: serial,
  }
}
