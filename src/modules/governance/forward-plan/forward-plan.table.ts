export const forwardPlanStatuses = ['planned', 'on_agenda', 'done', 'withdrawn'] as const
export type ForwardPlanStatus = (typeof forwardPlanStatuses)[number]

export interface ForwardPlanItemTable {
  id: string
  partnership_id: string
  title: string
  description: string | null
  lead_person_id: string | null
  source_paragraph_id: string | null
  target_meeting_id: string | null
  /** YYYY-MM when the promise names a month ("in March") rather than a meeting. */
  target_month: string | null
  /** The promise as worded ("at the next meeting"). */
  target_note: string | null
  status: ForwardPlanStatus
  /** A board report the item promises ('quarterly' or 'monthly'), and its period when named (2025-Q1, 2025-03). */
  report_template: string | null
  report_period: string | null
  created_at: string
  updated_at: string
}

export interface ForwardPlanTables {
  forward_plan_item: ForwardPlanItemTable
}
