// Crime types renamed or left out for a figure: one group's types, or a group's against the rest.
import { sortCounts, type CountRow } from './counts-format'

/** A crime type's name in the figures asked for, or null to leave it out (see layerCounts). */
export type TypeMapping = (crimeType: string) => string | null

/** Only the crime types of a group, by name. */
export const onlyTypes =
  (types: ReadonlySet<string>): TypeMapping =>
  (t) =>
    types.has(t) ? t : null

/** A group's types as one, and every other type as one: what a location quotient compares. */
export const IN_GROUP = 'in the group'
export const OTHER_TYPES = 'other types'
export const groupAndRest =
  (types: ReadonlySet<string>): TypeMapping =>
  (t) =>
    types.has(t) ? IN_GROUP : OTHER_TYPES

/** Counts renamed by `typeOf` and added up under each new name, in the same order (area, month, type). */
export function retyped<T extends CountRow>(rows: readonly T[], typeOf: TypeMapping): T[] {
  const out = new Map<string, T>()
  for (const r of rows) {
    const t = typeOf(r.crime_type)
    if (t === null) continue
    const key = `${r.area_code}\u0000${r.month}\u0000${t}`
    const o = out.get(key)
    if (o) o.count += r.count
    else out.set(key, { ...r, crime_type: t })
  }
  return sortCounts([...out.values()])
}
