export const roles = ['administrator', 'coordinator', 'analyst', 'member', 'viewer'] as const
export type Role = (typeof roles)[number]

export interface AppUserTable {
  id: string
  partnership_id: string
  /** Lower-case; what people sign in with. */
  email: string
  name: string
  agency_id: string | null
  /** The person in the partnership's records this account is (for "their own" actions). */
  person_id: string | null
  role: Role
  /** scrypt$N$r$p$salt$hash (base64url). */
  password_hash: string
  disabled: number
  failed_sign_ins: number
  /** ISO time until which sign-in is refused after repeated failures. */
  locked_until: string | null
  created_at: string
  password_changed_at: string
  /** The kinds of email the person turned off, comma-separated (see notify/mail-kinds.ts). */
  mail_off: string
}

export interface AppSessionTable {
  /** SHA-256 of the cookie value: a stolen database does not hold usable sessions. */
  id_hash: string
  user_id: string
  created_at: string
  expires_at: string
}

/** The accounts named on a restricted record: only they see it. */
export interface RecordAccessTable {
  subject_type: string
  subject_id: string
  user_id: string
  created_at: string
}

/** An account's secret calendar address (the token is the whole secret; see docs/decisions.md). */
export interface CalendarFeedTable {
  token: string
  user_id: string
  created_at: string
}

/** A one-time link emailed to set a password (the SHA-256 of its token). */
export interface AccountLinkTable {
  token_hash: string
  user_id: string
  purpose: 'invite' | 'reset'
  created_at: string
  expires_at: string
  used_at: string | null
}

/** A named group (e.g. "DHR panel") a restricted record can be shown to. */
export interface AccessGroupTable {
  id: string
  partnership_id: string
  name: string
  purpose: string
  created_at: string
}

export interface AccessGroupMemberTable {
  group_id: string
  user_id: string
  added_at: string
}

/** The groups named on a restricted record: their members see it. */
export interface RecordGroupAccessTable {
  subject_type: string
  subject_id: string
  group_id: string
  created_at: string
}

/** An administrator's break-glass access to a restricted record: why, and until when. */
export interface BreakGlassTable {
  id: string
  subject_type: string
  subject_id: string
  user_id: string
  reason: string
  granted_at: string
  expires_at: string
}

export interface AccessTables {
  access_group: AccessGroupTable
  access_group_member: AccessGroupMemberTable
  record_group_access: RecordGroupAccessTable
  break_glass: BreakGlassTable

  account_link: AccountLinkTable
  calendar_feed: CalendarFeedTable
  app_user: AppUserTable
  app_session: AppSessionTable
  record_access: RecordAccessTable
}
