// What an import's report says beyond its figures, and when an import asks before replacing.
import type { Queryable } from '../../../db/database'
import { CrimeFileError } from '../../../crime-engine'
import { coverageNotes } from './coverage'
import { lsoaKey, lsoasOf } from '../reference/ons-reference'
import type { CrimeImportReport } from './crime-types'

/**
 * The partnership's area as LSOA keys when it was set up from the ONS list (its authorities'
 * LSOAs), else undefined: the area is then an imported polygon, or everywhere.
 */
export async function units2months(q: Queryable, partnershipId: string) {
  return q
    .selectFrom('crime_unit')
    .select(['month', 'beat_set_id', 'locality_set_id'])
    .where('partnership_id', '=', partnershipId)
    .execute()
}

export async function areaLsoaKeys(q: Queryable, partnershipId: string): Promise<Set<number> | undefined> {
  const authorities = await q
    .selectFrom('partnership_authority')
    .select('code')
    .where('partnership_id', '=', partnershipId)
    .execute()
  if (!authorities.length) return undefined
  return new Set(lsoasOf(authorities.map((a) => a.code)).map((p) => lsoaKey(p.lsoa)))
}

/** What the figures built on an import leave out, or where they come from when that is not obvious. */
export function importNotes(
  report: CrimeImportReport,
  months: { month: string; beat_set_id: string | null; locality_set_id: string | null }[],
  lsoaArea: boolean,
  layers: string[],
): string[] {
  const notes: string[] = []
  const imported = new Set(report.units.map((u) => u.month))
  const mine = months.filter((m) => imported.has(m.month))
  if (lsoaArea)
    notes.push(
      "A crime is in the partnership's area when police.uk's LSOA code is one of its local authorities' LSOAs; the rest are kept but not counted.",
    )
  else if (!layers.includes('area'))
    notes.push(
      "No partnership area is set, so every located crime counts as the partnership's. Set one up from the ONS list, or import the area's boundary.",
    )
  for (const [layer, key, word] of [
    ['beats', 'beat_set_id', 'beats'],
    ['localities', 'locality_set_id', 'localities'],
  ] as const) {
    if (!layers.includes(layer)) continue
    const bare = mine.filter((m) => m[key] === null).map((m) => m.month)
    if (bare.length)
      notes.push(...coverageNotes({ held: [...imported], withoutBoundaries: bare, layer: word }).slice(-1))
  }
  if (!layers.includes('beats'))
    notes.push(
      lsoaArea
        ? 'No police beats are imported: hotspots and counts use electoral wards until they are.'
        : "No police beats are imported: hotspots and counts use the electoral wards police.uk's LSOA codes fall in until they are.",
    )
  const held = [...new Set(months.map((m) => m.month))].sort()
  const gaps = coverageNotes({ held }).filter((n) => n.includes('inside the window'))
  notes.push(...gaps)
  return notes
}

/** A force-month replaced by fewer than half its rows is asked about first. */
export const SHRINK_ASKS = 0.5

/** How an import reads its files (the defaults suit everyone; tests and the web app set some). */
export interface ImportOptions {
  workers?: number
  offMainThread?: boolean
  replaceSmaller?: boolean
  /** Plain files this big or bigger are split between the workers (tests set it low). */
  splitFrom?: number
}

/** An import that would replace force-months with far fewer rows than are held: nothing was written. */
export class ShrinkingImportError extends CrimeFileError {
  constructor(readonly units: readonly string[]) {
    super(
      `Nothing was imported: ${units.length === 1 ? 'a force-month' : `${units.length} force-months`} would be replaced by far fewer rows than are held (${units.slice(0, 5).join('; ')}${units.length > 5 ? '; …' : ''}). If that is what you mean, import again and confirm the replacement.`,
    )
  }
}
