import type { Insertable } from 'kysely'
import type { Queryable } from '../../../db/database'
import { EVERYONE, visibleSource, type Viewer } from '../../access/restriction'
import type { ActionStatus, ActionTable, ActionUpdateTable } from './actions.table'

/** Actions the viewer may see: those raised in a paragraph they may not see are left out. */
function baseQuery(q: Queryable, viewer: Viewer) {
  return q
    .selectFrom('action')
    .innerJoin('meeting as raised', 'raised.id', 'action.meeting_id')
    .leftJoin('minute_paragraph', 'minute_paragraph.id', 'action.paragraph_id')
    .leftJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
    .leftJoin('meeting as target', 'target.id', 'action.target_meeting_id')
    .selectAll('action')
    .select([
      'raised.date as raised_date',
      'raised.date_not_before as raised_not_before',
      'raised.date_not_after as raised_not_after',
      'agenda_item.number as item_number',
      'minute_paragraph.seq as paragraph_seq',
      'minute_paragraph.cites as paragraph_cites',
      'target.date as target_date',
      'target.title as target_title',
      'target.status as target_status',
      'minute_paragraph.visibility as source_visibility',
      'agenda_item.visibility as source_item_visibility',
    ])
    .where((eb) => visibleSource(eb, viewer))
}

export function listActions(
  q: Queryable,
  partnershipId: string,
  statuses?: readonly ActionStatus[],
  viewer: Viewer = EVERYONE,
) {
  let query = baseQuery(q, viewer).where('action.partnership_id', '=', partnershipId)
  if (statuses && statuses.length) query = query.where('action.status', 'in', statuses)
  return query.orderBy('action.ref').execute()
}

export function findAction(q: Queryable, id: string, viewer: Viewer = EVERYONE) {
  return baseQuery(q, viewer).where('action.id', '=', id).executeTakeFirst()
}

export function listOwners(q: Queryable, actionIds: readonly string[]) {
  if (actionIds.length === 0) return Promise.resolve([])
  return q
    .selectFrom('action_owner')
    .innerJoin('person', 'person.id', 'action_owner.person_id')
    .select([
      'action_owner.action_id',
      'action_owner.person_id',
      'action_owner.position',
      'person.full_name',
      'person.honorific',
    ])
    .where('action_owner.action_id', 'in', actionIds)
    .orderBy('action_owner.position')
    .execute()
}

export function listUpdates(q: Queryable, actionId: string) {
  return q
    .selectFrom('action_update')
    .selectAll()
    .where('action_id', '=', actionId)
    .orderBy('update_date', 'desc')
    .orderBy('created_at', 'desc')
    .execute()
}

export function actionIdsOwnedBy(q: Queryable, personId: string) {
  return q.selectFrom('action_owner').select('action_id').where('person_id', '=', personId).execute()
}

export async function nextRef(q: Queryable, partnershipId: string): Promise<number> {
  const r = await q
    .selectFrom('action')
    .select((eb) => eb.fn.max('ref').as('max'))
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst()
  return Number(r?.max ?? 0) + 1
}

export function insertAction(q: Queryable, row: Insertable<ActionTable>) {
  return q.insertInto('action').values(row).execute()
}

export function insertOwner(q: Queryable, actionId: string, personId: string, position: number) {
  return q.insertInto('action_owner').values({ action_id: actionId, person_id: personId, position }).execute()
}

export function insertUpdate(q: Queryable, row: Insertable<ActionUpdateTable>) {
  return q.insertInto('action_update').values(row).execute()
}

export function setStatus(q: Queryable, id: string, status: ActionStatus, now: string) {
  return q.updateTable('action').set({ status, updated_at: now }).where('id', '=', id).execute()
}
