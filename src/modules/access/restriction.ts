import { AsyncLocalStorage } from 'node:async_hooks'
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { Queryable } from '../../db/database'
import { RuleError } from '../../errors'
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
export type Viewer =
  | { kind: 'all' }
  | { kind: 'anonymous' }
  | { kind: 'partners' }
  /** `at`: the service clock's time of the request, against which break-glass grants end. */
  | { kind: 'user'; userId: string; at?: string }
export const EVERYONE: Viewer = { kind: 'all' }
export const ANONYMOUS: Viewer = { kind: 'anonymous' }
/** Every record but the restricted ones: what a report's public version is built from. */
export const NO_RESTRICTED: Viewer = { kind: 'partners' }

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

/**
 * Runs `fn` as a reader who sees everything: the command line, start-up and the demo loader, which
 * are the server's operator. Work outside any scope reads as an anonymous visitor (fails closed).
 */
export function runAsEveryone<T>(fn: () => T): T {
  return scope.run({ viewer: EVERYONE }, fn)
}

/** The current viewer: the request's, or everyone's inside runAsEveryone; anywhere else an anonymous visitor. */
export function currentViewer(): Viewer {
  return scope.getStore()?.viewer ?? ANONYMOUS
}

const always = sql<SqlBool>`1 = 1`

/** SQL: the rows of `table` (an alias of a table with id and visibility) the viewer may see. */
export function visibleIn(eb: ExpressionBuilder<any, any>, table: string, viewer: Viewer): Expression<SqlBool> {
  if (viewer.kind === 'all') return always
  if (viewer.kind === 'anonymous') return eb(`${table}.visibility`, '=', 'public')
  if (viewer.kind === 'partners') return eb(`${table}.visibility`, '!=', 'restricted')
  return eb.or([
    eb(`${table}.visibility`, '!=', 'restricted'),
    eb.exists(
      eb
        .selectFrom('record_access')
        .select('record_access.user_id')
        .whereRef('record_access.subject_id', '=', `${table}.id`)
        .where('record_access.user_id', '=', viewer.userId),
    ),
    // Through a named group the viewer belongs to.
    eb.exists(
      eb
        .selectFrom('record_group_access')
        .innerJoin('access_group_member', 'access_group_member.group_id', 'record_group_access.group_id')
        .select('record_group_access.group_id')
        .whereRef('record_group_access.subject_id', '=', `${table}.id`)
        .where('access_group_member.user_id', '=', viewer.userId),
    ),
    // Through an administrator's break-glass grant, until it ends.
    eb.exists(
      eb
        .selectFrom('break_glass')
        .select('break_glass.id')
        .whereRef('break_glass.subject_id', '=', `${table}.id`)
        .where('break_glass.user_id', '=', viewer.userId)
        .where('break_glass.expires_at', '>', viewer.at ?? new Date().toISOString()),
    ),
  ])
}

/**
 * SQL for a record raised in the minutes (an action, decision or forward-plan entry): visible when
 * it has no source paragraph, or the viewer may see both the paragraph and its item. Expects the
 * query to have left-joined `minute_paragraph` and `agenda_item`.
 */
export function visibleSource(eb: ExpressionBuilder<any, any>, viewer: Viewer): Expression<SqlBool> {
  if (viewer.kind === 'all') return always
  return eb.or([
    eb('minute_paragraph.id', 'is', null),
    eb.and([visibleIn(eb, 'minute_paragraph', viewer), visibleIn(eb, 'agenda_item', viewer)]),
  ])
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
export async function auditRestrictedViews(
  q: Queryable,
  at: Date,
  subjects: readonly { type: string; id: string; visibility: Visibility }[],
): Promise<void> {
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
    ...(await q
      .selectFrom('agenda_item')
      .select('id')
      .where('id', 'in', ids)
      .where('visibility', '=', 'restricted')
      .execute()),
    ...(await q
      .selectFrom('register_entry')
      .select('id')
      .where('id', 'in', ids)
      .where('visibility', '=', 'restricted')
      .execute()),
    ...(await q
      .selectFrom('minute_paragraph')
      .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
      .select('minute_paragraph.id')
      .where('minute_paragraph.id', 'in', ids)
      .where((eb) =>
        eb.or([eb('minute_paragraph.visibility', '=', 'restricted'), eb('agenda_item.visibility', '=', 'restricted')]),
      )
      .execute()),
  ]
  const raised = async (table: 'action' | 'decision') =>
    q
      .selectFrom(table)
      .innerJoin('minute_paragraph', 'minute_paragraph.id', `${table}.paragraph_id`)
      .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
      .select(`${table}.id as id`)
      .where(`${table}.id`, 'in', ids)
      .where((eb) =>
        eb.or([eb('minute_paragraph.visibility', '=', 'restricted'), eb('agenda_item.visibility', '=', 'restricted')]),
      )
      .execute()
  return [...new Set([...direct, ...(await raised('action')), ...(await raised('decision'))].map((r) => r.id))]
}

/** The tables whose rows carry a visibility and can name who may see them. */
export type RestrictableTable = 'agenda_item' | 'minute_paragraph' | 'register_entry'

/** Someone who may see a restricted record: named on it, or a member of a group named on it (`via`). */
export interface NamedPerson {
  id: string
  name: string
  email: string
  /** Not disabled: someone who can still sign in and be emailed. */
  active: boolean
  /** Named on the record itself (not only through a group): what the form ticks. */
  direct: boolean
  /** The groups they see it through. */
  via: string[]
}

/**
 * Everyone who may see each restricted record, by record: the accounts named on it and the active
 * members of the groups named on it, once each, by name. Break-glass grants are not included: they
 * are an administrator's exception, not the record's audience.
 */
export async function namedOn(q: Queryable, subjectIds: readonly string[]) {
  const out = new Map<string, NamedPerson[]>()
  if (subjectIds.length === 0) return out
  const [direct, viaGroups] = await Promise.all([
    q
      .selectFrom('record_access')
      .innerJoin('app_user', 'app_user.id', 'record_access.user_id')
      .select(['record_access.subject_id', 'app_user.id', 'app_user.name', 'app_user.email', 'app_user.disabled'])
      .where('record_access.subject_id', 'in', subjectIds)
      .execute(),
    q
      .selectFrom('record_group_access')
      .innerJoin('access_group', 'access_group.id', 'record_group_access.group_id')
      .innerJoin('access_group_member', 'access_group_member.group_id', 'access_group.id')
      .innerJoin('app_user', 'app_user.id', 'access_group_member.user_id')
      .select([
        'record_group_access.subject_id',
        'app_user.id',
        'app_user.name',
        'app_user.email',
        'app_user.disabled',
        'access_group.name as group',
      ])
      .where('record_group_access.subject_id', 'in', subjectIds)
      .execute(),
  ])
  const find = (subject: string, u: { id: string; name: string; email: string; disabled: number }) => {
    const list = out.get(subject) ?? []
    out.set(subject, list)
    let p = list.find((x) => x.id === u.id)
    if (!p) list.push((p = { id: u.id, name: u.name, email: u.email, active: !u.disabled, direct: false, via: [] }))
    return p
  }
  for (const r of direct) find(r.subject_id, r).direct = true
  for (const r of viaGroups) find(r.subject_id, r).via.push(r.group)
  for (const list of out.values()) list.sort((a, b) => a.name.localeCompare(b.name))
  return out
}

/** The groups named on each restricted record, by record. */
export async function groupsOn(q: Queryable, subjectIds: readonly string[]) {
  const out = new Map<string, { id: string; name: string }[]>()
  if (subjectIds.length === 0) return out
  const rows = await q
    .selectFrom('record_group_access')
    .innerJoin('access_group', 'access_group.id', 'record_group_access.group_id')
    .select(['record_group_access.subject_id', 'access_group.id', 'access_group.name'])
    .where('record_group_access.subject_id', 'in', subjectIds)
    .orderBy('access_group.name')
    .execute()
  for (const r of rows) out.set(r.subject_id, [...(out.get(r.subject_id) ?? []), { id: r.id, name: r.name }])
  return out
}

/** Sets who may see a record: its visibility, and (when restricted) exactly the accounts and groups named. */
export async function setAccess(
  q: Queryable,
  subjectType: RestrictableTable,
  subjectId: string,
  visibility: string,
  userIds: readonly string[],
  now: string,
  groupIds: readonly string[] = [],
) {
  await q
    .updateTable(subjectType)
    .set({ visibility: visibility as never })
    .where('id', '=', subjectId)
    .execute()
  await q.deleteFrom('record_access').where('subject_id', '=', subjectId).execute()
  await q.deleteFrom('record_group_access').where('subject_id', '=', subjectId).execute()
  if (visibility !== 'restricted') return
  for (const userId of new Set(userIds))
    await q
      .insertInto('record_access')
      .values({ subject_type: subjectType, subject_id: subjectId, user_id: userId, created_at: now })
      .execute()
  for (const groupId of new Set(groupIds))
    await q
      .insertInto('record_group_access')
      .values({ subject_type: subjectType, subject_id: subjectId, group_id: groupId, created_at: now })
      .execute()
}

/** Who a restricted record names: accounts and groups. */
export interface Named {
  userIds: string[]
  groupIds: string[]
}

/**
 * The accounts and groups a restricted record will name: those ticked plus the person restricting
 * it (nobody locks themselves out), each an active account or a group of this partnership. None
 * when the record is not restricted.
 */
export async function accountsToName(
  q: Queryable,
  visibility: Visibility,
  userIds: readonly string[],
  self: string | undefined,
  required: boolean,
  groupIds: readonly string[] = [],
): Promise<Named> {
  if (visibility !== 'restricted') return { userIds: [], groupIds: [] }
  const ids = [...new Set([...userIds, ...(self ? [self] : [])])]
  const groups = [...new Set(groupIds)]
  if (ids.length === 0 && groups.length === 0) {
    if (required)
      throw new RuleError('Name at least one person who may see it: with no accounts yet, nobody could.', 'users')
    return { userIds: [], groupIds: [] }
  }
  const known = ids.length
    ? await q.selectFrom('app_user').select('id').where('id', 'in', ids).where('disabled', '=', 0).execute()
    : []
  const unknown = ids.filter((id) => !known.some((k) => k.id === id))
  if (unknown.length) {
    const who = unknown.length === 1 ? 'One of the people named is' : `${unknown.length} of the people named are`
    throw new RuleError(`${who} not an active account. Choose from the list.`, 'users')
  }
  const knownGroups = groups.length
    ? await q.selectFrom('access_group').select('id').where('id', 'in', groups).execute()
    : []
  if (knownGroups.length !== groups.length) throw new RuleError('Choose groups from the list.', 'groups')
  return { userIds: ids, groupIds: groups }
}

/** Changes who may see a record inside the caller's transaction, audited with before and after. */
export async function changeAccess(
  tx: Queryable,
  actor: Actor,
  at: Date,
  subject: { type: RestrictableTable; id: string; visibility: Visibility },
  input: { visibility: Visibility; userIds: readonly string[]; groupIds?: readonly string[] | undefined },
  self: string | undefined,
  details: Record<string, unknown> = {},
) {
  // Someone who sees a restricted record only through break-glass may read it, not change who sees it
  // (the form would otherwise name them on it for good, untold to anyone).
  if (self && subject.visibility === 'restricted') {
    const seen = ((await namedOn(tx, [subject.id])).get(subject.id) ?? []).some((u) => u.id === self)
    if (!seen)
      throw new RuleError(
        'You see this record through break-glass access: you may read it, not change who can see it. ' +
          'Ask someone named on it.',
        'visibility',
      )
  }
  const named = await accountsToName(tx, input.visibility, input.userIds, self, true, input.groupIds ?? [])
  const state = async (visibility: Visibility) => ({
    visibility,
    named: ((await namedOn(tx, [subject.id])).get(subject.id) ?? []).filter((u) => u.direct).map((u) => u.email),
    groups: ((await groupsOn(tx, [subject.id])).get(subject.id) ?? []).map((g) => g.name),
  })
  const before = await state(subject.visibility)
  await setAccess(tx, subject.type, subject.id, input.visibility, named.userIds, at.toISOString(), named.groupIds)
  const after = await state(input.visibility)
  await recordAudit(tx, actor, at, {
    action: 'restriction.change',
    subjectType: subject.type,
    subjectId: subject.id,
    details: { ...details, before, after },
  })
}

/** Runs `fn` as a given reader: a public report is built as an anonymous visitor sees the records. */
export function runAsViewer<T>(viewer: Viewer, fn: () => T): T {
  return scope.run({ viewer }, fn)
}
