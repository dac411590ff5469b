/** A measure police.uk lacks, kept by a partner: a monthly series, or domestic-abuse occurrences. */
export interface MeasureTable {
  id: string
  partnership_id: string
  key: string
  label: string
  /** series: monthly values entered or uploaded; da_cases: occurrences from which repeat rates are computed. */
  kind: 'series' | 'da_cases'
  /** The agency or person who supplies it. */
  owner: string | null
  description: string | null
  direction: 'increase' | 'decrease' | 'neutral'
  target: number | null
  created_at: string
}

export interface MeasureValueTable {
  measure_id: string
  /** YYYY-MM */
  month: string
  value: number
  denominator: number | null
  updated_at: string
}

/** One domestic-abuse occurrence. The refs are the force's pseudonymous ids: never shown, never exported. */
export interface DaOccurrenceTable {
  measure_id: string
  seq: number
  /** YYYY-MM-DD */
  occurred_on: string
  victim_ref: string
  perpetrator_ref: string | null
  kind: 'crime' | 'incident'
}

export interface MeasureTables {
  measure: MeasureTable
  measure_value: MeasureValueTable
  da_occurrence: DaOccurrenceTable
}
