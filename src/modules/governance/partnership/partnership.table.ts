import type { Generated } from 'kysely'
export interface PartnershipTable {
  id: string
  name: string
  area_name: string
  quorum_min_statutory_agencies: number
  /** Days before a meeting its papers are due. */
  papers_due_days: Generated<number>
  default_platform: string | null
  /** Share (0–1) of a beat's area that must lie in a locality for the beat to belong to it. */
  locality_share_threshold: number
  created_at: string
  /** The ONS code of the Community Safety Partnership (E22…/W14…) when it was set up from the ONS list. */
  ons_code: string | null
}

/** A local authority (LTLA 2024) whose LSOAs make up the partnership's area. */
export interface PartnershipAuthorityTable {
  partnership_id: string
  code: string
  name: string
}

export type AgencySector =
  'local_authority' | 'police' | 'fire' | 'health' | 'probation' | 'pcc' | 'youth_justice' | 'voluntary' | 'other'

export interface AgencyTable {
  id: string
  partnership_id: string
  name: string
  short_name: string | null
  /** 1 when the agency is a responsible authority under the Crime and Disorder Act 1998: counts for quorum. */
  statutory: number
  sector: AgencySector
  created_at: string
}

export interface PersonTable {
  id: string
  partnership_id: string
  honorific: string | null
  full_name: string
  email: string | null
  created_at: string
}

export interface PersonAliasTable {
  id: string
  person_id: string
  alias: string
  alias_key: string
  note: string | null
}

export const membershipRoles = ['chair', 'core_member', 'partner_attending', 'officer_support'] as const
export type MembershipRole = (typeof membershipRoles)[number]

export interface MembershipTable {
  id: string
  partnership_id: string
  person_id: string
  agency_id: string
  /** The agency as the minutes write it, e.g. "Dorset Council (Community Safety, Place)". */
  affiliation: string
  role: MembershipRole
  start_date: string | null
  end_date: string | null
  created_at: string
}

export interface PartnershipTables {
  partnership: PartnershipTable
  partnership_authority: PartnershipAuthorityTable
  agency: AgencyTable
  person: PersonTable
  person_alias: PersonAliasTable
  membership: MembershipTable
}
