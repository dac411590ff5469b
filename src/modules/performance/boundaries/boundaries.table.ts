/** lsoas: the places of the rural concentration check (their areas are its exposure); they do not change crime counts. */
export const boundaryLayers = ['beats', 'localities', 'area', 'lsoas'] as const
export type BoundaryLayer = (typeof boundaryLayers)[number]

export interface BoundarySetTable {
  id: string
  partnership_id: string
  layer: BoundaryLayer
  label: string
  source_name: string
  source_sha256: string
  format: string
  source_crs: string
  code_field: string
  name_field: string | null
  /** The first day these boundaries apply to (ISO date): figures for a month use the set in effect then. */
  effective_from: string
  /** 1 when imported without a date: it applies to every earlier month no other set of its layer covers. */
  backdated: number
  feature_count: number
  /** The areas' point index (src/geo/polygon-index.ts indexToBytes), built at import; null for sets imported before it was kept. */
  point_index: Buffer | null
  /** JSON: the import report (repairs and warnings by feature). */
  report: string
  note: string | null
  imported_at: string
  imported_by: string
}

export interface BoundaryAreaTable {
  id: string
  set_id: string
  code: string
  name: string
  /** GeoJSON MultiPolygon coordinates, WGS84. */
  geometry: string
  min_lon: number
  min_lat: number
  max_lon: number
  max_lat: number
  /** Area in square metres, measured on British National Grid. */
  area_m2: number
  /** Census 2021 residents shared from LSOAs by area; null until first asked for (then kept). */
  population: number | null
}

export interface AreaOverlapTable {
  beat_set_id: string
  locality_set_id: string
  beat_code: string
  locality_code: string
  /** Share of the beat's area inside the locality (0–1). */
  area_share: number
  /** Share of the beat's located crime inside the locality, where crime data allows (0–1). */
  crime_share: number | null
}

export interface BoundaryTables {
  boundary_set: BoundarySetTable
  boundary_area: BoundaryAreaTable
  area_overlap: AreaOverlapTable
}
