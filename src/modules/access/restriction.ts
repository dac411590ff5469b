import { AsyncLocalStorage } from 'node:async_hooks'
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { Queryable } from '../../db/database'
import { recordAudit, type Actor } from '../audit/audit.service'

/**
 * Record-level restriction. A meeting item or minute paragraph (and later a register entry) is
 * public (shown in published minutes), partners (any signed-in account) or restricted (only the
 * accounts named on it). A record someone may not see is not there for them: not on a page, in a
 * list, an export, the calendar, the API or an error message — the queries leave it out.
 */
export const visibilities = ['public', 'partners', 'restricted'] as const
export type Visibility = (typeof visibilities)[number]

export const visibilityLabels: Record<Visibility, string> = {
  public: 'Public: shown in the published minutes',
  partners: 'Partners: anyone with an account',
  restricted: 'Restricted: only the people named',
}

/** Who is reading: everyone (the CLI, single-user mode, internal work), an anonymous visitor, or an account. */
export type Viewer = { kind: 'all' } | { kind: 'anonymous' } | { kind: 'user'; userId: string }
export const EVERYONE: Viewer = { kind: 'all' }
export const ANONYMOUS: Viewer = { kind: 'anonymous' }

interface RequestScope {
  viewer: Viewer
  actor?: Actor | undefined
}

const scope = new AsyncLocalStorage<RequestScope>()

/** Runs `fn` (a whole web request) with a viewer the access hooks fill in; anonymous until they do. */
export function runInScope(fn: () => void): void {
  scope.run({ viewer: ANONYMOUS }, fn)
}

/** Sets who the current request reads as, and who to name in audit events of restricted views. */
export function setViewer(viewer: Viewer, actor?: Actor): void {
  const s = scope.getStore()
  if (!s) throw new Error('setViewer outside a request scope')
  s.viewer = viewer
  s.actor = actor
}

/** The current request's viewer; outside a request (the CLI, start-up) everything is visible. */
export function currentViewer(): Viewer {
  return scope.getStore()?.viewer ?? EVERYONE
}

const always = sql<SqlBool>`1 = 1`

/** SQL: the rows of `table` (an alias of a table with id and visibility) the viewer may see. */
export function visibleIn(eb: ExpressionBuilder<any, any>, table: string, viewer: Viewer): Expression<SqlBool> {
  if (viewer.kind === 'all') return always
  if (viewer.kind === 'anonymous') return eb(`${table}.visibility`, '=', 'public')
  return eb.or([
    eb(`${table}.visibility`, '!=', 'restricted'),
    eb.exists(eb.selectFrom('record_access').select('record_access.user_id').whereRef('record_access.subject_id', '=', `${table}.id`).where('record_access.user_id', '=', viewer.userId)),
  ])
}

/**
 * SQL for a record raised in the minutes (an action, decision or forward-plan entry): visible when
 * it has no source paragraph, or the viewer may see both the paragraph and its item. Expects the
 * query to have left-joined `minute_paragraph` and `agenda_item`.
 */
export function visibleSource(eb: ExpressionBuilder<any, any>, viewer: Viewer): Expression<SqlBool> {
  if (viewer.kind === 'all') return always
  return eb.or([eb('minute_paragraph.id', 'is', null), eb.and([visibleIn(eb, 'minute_paragraph', viewer), visibleIn(eb, 'agenda_item', viewer)])])
}

/** The stricter of two visibilities: a paragraph is no more visible than its item. */
export function stricter(a: Visibility | null | undefined, b: Visibility | null | undefined): Visibility {
  const order: Visibility[] = ['public', 'partners', 'restricted']
  return order[Math.max(order.indexOf(a ?? 'public'), order.indexOf(b ?? 'public'))]!
}

/**
 * Writes an audit event for each restricted record shown to a signed-in person (who, what, when,
 * request id). Nothing is written for the CLI or single-user mode, which see everything anyway.
 */
export async function auditRestrictedViews(q: Queryable, at: Date, subjects: readonly { type: string; id: string; visibility: Visibility }[]): Promise<void> {
  const s = scope.getStore()
  if (!s || s.viewer.kind !== 'user' || !s.actor) return
  const seen = new Set<string>()
  for (const subject of subjects) {
    if (subject.visibility !== 'restricted' || seen.has(subject.id)) continue
    seen.add(subject.id)
    await recordAudit(q, s.actor, at, { action: 'restricted.view', subjectType: subject.type, subjectId: subject.id })
  }
}

/**
 * Which of these ids (from an address someone was refused) are restricted records, or actions and
 * decisions raised in one: a guess at a restricted record is audited, though the person only ever
 * sees "not found".
 */
export async function restrictedAmong(q: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return []
  const direct = [
    ...(await q.selectFrom('agenda_item').select('id').where('id', 'in', ids).where('visibility', '=', 'restricted').execute()),
    ...(await q.selectFrom('minute_paragraph').innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id').select('minute_paragraph.id').where('minute_paragraph.id', 'in', ids).where((eb) => eb.or([eb('minute_paragraph.visibility', '=', 'restricted'), eb('agenda_item.visibility', '=', 'restricted')])).execute()),
  ]
  const raised = async (table: 'action' | 'decision') =>
    q.selectFrom(table).innerJoin('minute_paragraph', 'minute_paragraph.id', `${table}.paragraph_id`).innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
      .select(`${table}.id as id`).where(`${table}.id`, 'in', ids).where((eb) => eb.or([eb('minute_paragraph.visibility', '=', 'restricted'), eb('agenda_item.visibility', '=', 'restricted')])).execute()
  return [...new Set([...direct, ...(await raised('action')), ...(await raised('decision'))].map((r) => r.id))]
}
