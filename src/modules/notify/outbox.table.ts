export type OutboxState = 'pending' | 'sent'

export interface OutboxMessageTable {
  id: string
  partnership_id: string
  /** What it is: "actions.digest", "actions.assigned", … */
  kind: string
  /** One message per key, ever: running the same notification twice sends nothing more. */
  dedupe_key: string
  to_address: string
  to_user_id: string | null
  subject: string
  body: string
  state: OutboxState
  attempts: number
  next_attempt_at: string
  last_error: string | null
  created_at: string
  sent_at: string | null
}

export interface OutboxTables {
  outbox_message: OutboxMessageTable
}
