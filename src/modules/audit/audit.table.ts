export interface AuditEventTable {
  id: string
  at: string
  actor: string
  action: string
  subject_type: string
  subject_id: string
  request_id: string | null
  details: string
}

export interface AuditTables {
  audit_event: AuditEventTable
}
