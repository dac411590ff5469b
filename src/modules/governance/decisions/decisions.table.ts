export interface DecisionTable {
  id: string
  partnership_id: string
  ref: number
  meeting_id: string
  paragraph_id: string | null
  topic: string
  /** The decision in the minutes' own words. */
  wording: string
  created_at: string
}

export interface DecisionTables {
  decision: DecisionTable
}
