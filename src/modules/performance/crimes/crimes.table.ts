export interface CrimeImportTable {
  id: string
  partnership_id: string
  started_at: string
  finished_at: string
  actor: string
  /** JSON: the import report. */
  report: string
}

/** One force-month as police.uk publishes it: re-importing it replaces it whole. */
export interface CrimeUnitTable {
  id: string
  partnership_id: string
  force: string
  /** YYYY-MM */
  month: string
  source_name: string
  import_id: string
  rows: number
  located: number
  unlocated: number
  rejected: number
  /** Located rows outside the partnership's area: kept, but not in its figures. */
  outside_area: number
  /** Located rows inside the area but in no beat. */
  unallocated: number
  beat_set_id: string | null
  locality_set_id: string | null
  area_set_id: string | null
  /** JSON: counts of the real police.uk quirks met in this unit. */
  quirks: string
  imported_at: string
  /** How crime_unit_data holds the rows: 'csv' chunks of the published bytes, or 'seg1' compact segments (unit-store.ts). */
  storage: 'csv' | 'seg1'
}

/** A unit's rows as police.uk published them, in pieces: CSV bytes or segments (see crime_unit.storage). */
export interface CrimeUnitDataTable {
  unit_id: string
  seq: number
  data: Uint8Array
}

export type CountDimension = 'beat' | 'locality' | 'lsoa'

/**
 * One unit's counts against one boundary set: JSON {types: string[], cells: number[]} where cells
 * holds [areaIndex, typeIndex, inArea, n] in fours; areaIndex is the position of the area's code
 * in the set's sorted codes, -1 for "in no area". Non-zero cells only.
 */
export interface CrimeCountTable {
  unit_id: string
  /** beat_locality: cells are [beatIndex, localityIndex, 1, n] against the beat set (set_id) and the unit's locality set. */
  dimension: 'beat' | 'locality' | 'beat_locality'
  set_id: string
  month: string
  cells: number
  total: number
  data: string
}

export interface CrimeTables {
  crime_import: CrimeImportTable
  crime_unit: CrimeUnitTable
  crime_unit_data: CrimeUnitDataTable
  crime_count: CrimeCountTable
}
