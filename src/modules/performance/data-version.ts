import { sql } from 'kysely'
import type { Queryable } from '../../db/database'

let generation = 0

/** Called by a change to what figures are made from, in this process (the database tells of other processes' changes). */
export function dataChanged(): void {
  generation++
}

/**
 * What the partnership's figures are made from, as one string: it changes whenever crime,
 * boundaries, lookups, crime groups or the locality threshold change — in this process or another
 * (a CLI import) — and costs a handful of indexed aggregates to read.
 */
export async function dataVersion(q: Queryable, partnershipId: string): Promise<string> {
  const { rows } = await sql<{ v: string }>`
    select
      (select count(*) || ':' || coalesce(max(imported_at), '') || ':' || coalesce(sum(rows), 0) from crime_unit where partnership_id = ${partnershipId}) || '|' ||
      (select count(*) || ':' || coalesce(max(imported_at), '') from boundary_set where partnership_id = ${partnershipId}) || '|' ||
      (select count(*) || ':' || coalesce(max(imported_at), '') from lsoa_lookup where partnership_id = ${partnershipId}) || '|' ||
      (select count(*) || ':' || coalesce(max(updated_at), '') from crime_group where partnership_id = ${partnershipId}) || '|' ||
      (select coalesce(max(locality_share_threshold), 0) || '' from partnership where id = ${partnershipId}) as v`.execute(
    q,
  )
  return `${generation}|${rows[0]?.v ?? ''}`
}

/**
 * Keeps the last results of an expensive computation by its arguments and the data version, so
 * a page many people open (hotspots, trends) is computed once per change of the data rather than
 * once per request: under load the event loop stays free for everything else (/health included).
 * The day is part of the key, for figures that depend on today's date.
 */
export function memoByDataVersion<A extends unknown[], R>(
  version: (partnershipId: string) => Promise<string>,
  compute: (partnershipId: string, ...args: A) => Promise<R>,
  size = 64,
  clock: () => Date = () => new Date(),
) {
  const cache = new Map<string, Promise<R>>()
  return async (partnershipId: string, ...args: A): Promise<R> => {
    const key = `${partnershipId}\u0000${await version(partnershipId)}\u0000${clock().toISOString().slice(0, 10)}\u0000${JSON.stringify(args)}`
    let hit = cache.get(key)
    if (hit) {
      // Most recently used last, so the oldest goes first when the cache is full.
      cache.delete(key)
      cache.set(key, hit)
      return hit
    }
    hit = compute(partnershipId, ...args)
    cache.set(key, hit)
    // A failure (a refused window) is not kept: the next request computes again.
    hit.catch(() => cache.delete(key))
    if (cache.size > size) cache.delete(cache.keys().next().value!)
    return hit
  }
}
