// The crime service's shared types and names (the import, the counts and their callers use them).
import { type RejectedRow, type UnitQuirks } from '../../../crime-engine'
import type { CountRow } from './counts-format'
import { type OnsDimension } from '../reference/ons-reference'

export const UNALLOCATED = 'unallocated'

/** The layers figures can be given by: imported beats and localities, and the ONS wards and LSOAs. */
export const areaDimensions = ['beat', 'locality', 'ward', 'lsoa'] as const
export type AreaDimension = (typeof areaDimensions)[number]

export interface LayerArea {
  code: string
  name: string
  /** Census 2021 usual residents (shared by area for imported boundaries); null where unknown. */
  population: number | null
}

export interface AreaLayer {
  /** What was asked for. */
  dimension: AreaDimension
  /** Where the areas come from: an imported boundary set, or the ONS lookup. */
  source: 'boundaries' | OnsDimension
  id: string
  label: string
  effectiveFrom: string | null
  areas: LayerArea[]
  /** Said on the page and the CLI when the layer stands in for one not imported. */
  note: string | null
}

export interface LayerCounts {
  layer: AreaLayer | null
  setIds: string[]
  counts: CountRow[]
}
export type Quirks = UnitQuirks
export type { RejectedRow }

export interface UnitReport {
  force: string
  month: string
  source: string
  rows: number
  located: number
  unlocated: number
  rejected: number
  unallocated: number
  replaced: boolean
  quirks: Quirks
}

export interface CrimeImportReport {
  importId: string
  sources: number
  skipped: string[]
  units: UnitReport[]
  totals: {
    rows: number
    located: number
    unlocated: number
    rejected: number
    outsideArea: number
    unallocated: number
  }
  /** The first rejected rows, with their line and reason. */
  rejectedRows: RejectedRow[]
  /** What the figures built from this import leave out or stand in for, in words. */
  notes: string[]
}

export interface ImportProgress {
  source: string
  sourceIndex: number
  sources: number
  bytesRead: number
  bytesTotal: number
  /** Rows read so far from this source (all its parts). */
  rows: number
  /** Which part of a split source this news is from (0 for a whole file). */
  part: number
}
