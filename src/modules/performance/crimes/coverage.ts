import { monthsBetween } from '../months'

/** A list of months in words, runs joined: "2024-01 to 2024-03, 2024-06". */
export function monthRuns(months: readonly string[]): string {
  const sorted = [...new Set(months)].sort()
  const runs: string[][] = []
  for (const m of sorted) {
    const last = runs[runs.length - 1]
    if (last && monthsBetween(last[last.length - 1]!, m).length === 2) last.push(m)
    else runs.push([m])
  }
  return runs.map((r) => (r.length === 1 ? r[0]! : `${r[0]} to ${r[r.length - 1]}`)).join(', ')
}

export interface CoverageInput {
  /** The months asked for, inclusive; absent ends mean the months held. */
  from?: string | undefined
  to?: string | undefined
  /** Every month of crime held (any force). */
  held: readonly string[]
  /** Held months whose crimes were counted on no set of the layer, when the layer is imported boundaries. */
  withoutBoundaries?: readonly string[]
  /** The layer's name in the plural ("beats"). */
  layer?: string
}

/**
 * What a set of figures leaves out, in words for the page, the CLI (stderr) and a download's
 * notes: months asked for that are not held, a window reaching outside the months held, and
 * months held that no boundaries were in effect for. Empty when nothing is left out.
 */
export function coverageNotes(c: CoverageInput): string[] {
  const notes: string[] = []
  const held = [...new Set(c.held)].sort()
  if (!held.length) return ['No police.uk crime is held yet.']
  const first = held[0]!
  const last = held[held.length - 1]!
  const from = c.from ?? first
  const to = c.to ?? last
  if (from > last || to < first)
    return [`No crime is held for ${from === to ? from : `${from} to ${to}`}: the months held are ${monthRuns(held)}.`]
  if (from < first)
    notes.push(`The window starts at ${from}, before the first month held (${first}): the figures start at ${first}.`)
  if (to > last)
    notes.push(`The window ends at ${to}, after the latest month held (${last}): the figures stop at ${last}.`)
  const inside = monthsBetween(from < first ? first : from, to > last ? last : to)
  const heldSet = new Set(held)
  const gaps = inside.filter((m) => !heldSet.has(m))
  if (gaps.length)
    notes.push(
      `No police.uk crime is held for ${monthRuns(gaps)}, inside the window: ${gaps.length === 1 ? 'that month is' : 'those months are'} missing from these figures, not zero.`,
    )
  const bare = (c.withoutBoundaries ?? []).filter((m) => m >= from && m <= to)
  if (bare.length)
    notes.push(
      `No ${c.layer ?? 'boundaries'} were in effect for ${monthRuns(bare)}: ${bare.length === 1 ? "that month's" : "those months'"} crimes are not in these figures. Import ${c.layer ?? 'boundaries'} that apply to ${bare.length === 1 ? 'it' : 'them'} (or without a date, to cover every earlier month).`,
    )
  return notes
}
