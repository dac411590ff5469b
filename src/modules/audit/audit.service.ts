import { randomUUID } from 'node:crypto'
import type { Queryable } from '../../db/database'

/** Who did something: a person's name in the web app (single-user until accounts land), or system:<user> in the CLI. */
export interface Actor {
  readonly name: string
  readonly requestId?: string | undefined
}

export interface AuditRecord {
  action: string
  subjectType: string
  subjectId: string
  details?: Record<string, unknown>
}

/** Writes the audit event with the change: callers pass the transaction the change runs in. */
export async function recordAudit(q: Queryable, actor: Actor, at: Date, record: AuditRecord): Promise<void> {
  await q
    .insertInto('audit_event')
    .values({
      id: randomUUID(),
      at: at.toISOString(),
      actor: actor.name,
      action: record.action,
      subject_type: record.subjectType,
      subject_id: record.subjectId,
      request_id: actor.requestId ?? null,
      details: JSON.stringify(record.details ?? {}),
    })
    .execute()
}

export async function listAudit(q: Queryable, subjectType: string, subjectId: string) {
  return q
    .selectFrom('audit_event')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('at', 'asc')
    .execute()
}

export interface AuditFilter {
  from?: string | undefined
  to?: string | undefined
  actor?: string | undefined
  action?: string | undefined
}

/** The trail, newest first, filtered; `limit` for a page, none for an export. Nothing can edit it. */
export async function searchAudit(q: Queryable, f: AuditFilter, limit?: number) {
  let query = q.selectFrom('audit_event').selectAll()
  if (f.from) query = query.where('at', '>=', f.from)
  if (f.to) query = query.where('at', '<', `${f.to}T99`)
  if (f.actor) query = query.where('actor', '=', f.actor)
  if (f.action) query = query.where('action', 'like', `${f.action}%`)
  query = query.orderBy('at', 'desc').orderBy('id')
  return (limit ? query.limit(limit) : query).execute()
}
