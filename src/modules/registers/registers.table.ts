import type { Generated } from 'kysely'
import type { Visibility } from '../access/restriction'

export const registerKinds = ['priorities', 'assessments', 'interventions', 'dhr', 'risks'] as const
export type RegisterKind = (typeof registerKinds)[number]

export interface RegisterEntryTable {
  id: string
  partnership_id: string
  register: RegisterKind
  /** The register's own reference: a DHR's case reference, "P1" for a priority. */
  ref: string
  title: string
  status: string
  /** The day the current status began (YYYY-MM-DD). */
  status_since: string
  lead_agency_id: string | null
  owner_person_id: string | null
  /** The register's own fields, as JSON (dates, funding, likelihood and impact, …). */
  details: string
  visibility: Generated<Visibility>
  created_at: string
  updated_at: string
}

/** created, status (from → to, with the reason), update (progress), rename, change. */
export type RegisterEventKind = 'created' | 'status' | 'update' | 'rename' | 'change'

export interface RegisterEventTable {
  id: string
  entry_id: string
  date: string
  kind: RegisterEventKind
  status: string | null
  from_status: string | null
  text: string
  actor: string
  created_at: string
}

export type RegisterLinkTarget = 'minute_paragraph' | 'action' | 'decision'

export interface RegisterLinkTable {
  entry_id: string
  target_type: RegisterLinkTarget
  target_id: string
  created_at: string
}

export interface RegisterSettingTable {
  partnership_id: string
  register: RegisterKind
  settings: string
  updated_at: string
}

export interface RegisterTables {
  register_entry: RegisterEntryTable
  register_event: RegisterEventTable
  register_link: RegisterLinkTable
  register_setting: RegisterSettingTable
  register_recommendation: RegisterRecommendationTable
}

/** A review's recommendation: one line of its action plan. */
export interface RegisterRecommendationTable {
  id: string
  entry_id: string
  ref: string
  text: string
  level: string
  agency_id: string | null
  owner: string
  due_date: string | null
  status: string
  status_since: string
  evidence: string
  created_at: string
  updated_at: string
}
