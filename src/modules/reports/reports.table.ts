/** A board report: a stored snapshot (model JSON) in one version of a template, period and audience. */
export interface ReportTable {
  id: string
  partnership_id: string
  template: 'monthly' | 'quarterly'
  /** 2025-03 or 2025-Q1. */
  period: string
  audience: 'public' | 'restricted'
  version: number
  status: 'draft' | 'issued'
  title: string
  /** JSON: the ReportModel, headlines and their edits included. */
  model: string
  /** The version this one rebuilt with newer data. */
  previous_id: string | null
  /** JSON: the headline figures that changed from the previous version. */
  changes: string | null
  /** The agenda item it is the paper of. */
  agenda_item_id: string | null
  created_at: string
  created_by: string
  issued_at: string | null
  issued_by: string | null
}

export interface ReportTables {
  report: ReportTable
}
