import { bbox, boxesOverlap, overlapArea, planarArea } from './area'
import type { MultiPolygon } from './polygon-index'

/** A small area with a population (an LSOA), in projected metres. */
export interface PopulatedArea {
  polygons: MultiPolygon
  population: number
}

/**
 * Shares small areas' population among larger ones by area (docs/decisions.md, "Population"):
 * each small area gives each large one its population times the share of its own area that lies
 * inside. Polygons in projected metres (British National Grid). Returns each large area's population.
 */
export function populationByArea(large: readonly { code: string; polygons: MultiPolygon }[], small: readonly PopulatedArea[]): Map<string, number> {
  const smallBoxes = small.map((s) => ({ ...s, box: bbox(s.polygons), area: planarArea(s.polygons) }))
  const out = new Map<string, number>()
  for (const l of large) {
    const box = bbox(l.polygons)
    let pop = 0
    for (const s of smallBoxes) {
      if (s.area <= 0 || s.population <= 0 || !boxesOverlap(box, s.box)) continue
      const share = Math.min(1, overlapArea(l.polygons, s.polygons) / s.area)
      pop += share * s.population
    }
    out.set(l.code, pop)
  }
  return out
}
