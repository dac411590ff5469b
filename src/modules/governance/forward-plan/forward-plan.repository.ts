import type { Insertable, Updateable } from 'kysely'
import type { Queryable } from '../../../db/database'
import { EVERYONE, visibleSource, type Viewer } from '../../access/restriction'
import type { ForwardPlanItemTable } from './forward-plan.table'

export function listItems(q: Queryable, partnershipId: string, viewer: Viewer = EVERYONE) {
  return q
    .selectFrom('forward_plan_item')
    .leftJoin('person', 'person.id', 'forward_plan_item.lead_person_id')
    .leftJoin('meeting', 'meeting.id', 'forward_plan_item.target_meeting_id')
    .leftJoin('minute_paragraph', 'minute_paragraph.id', 'forward_plan_item.source_paragraph_id')
    .leftJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
    .selectAll('forward_plan_item')
    .select([
      'person.full_name as lead_name',
      'meeting.date as target_date',
      'agenda_item.number as source_item_number',
      'minute_paragraph.seq as source_paragraph_seq',
      'agenda_item.meeting_id as source_meeting_id',
    ])
    .where('forward_plan_item.partnership_id', '=', partnershipId)
    .where((eb) => visibleSource(eb, viewer))
    .orderBy('forward_plan_item.created_at')
    .execute()
}

export function findItem(q: Queryable, id: string) {
  return q.selectFrom('forward_plan_item').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertItem(q: Queryable, row: Insertable<ForwardPlanItemTable>) {
  return q.insertInto('forward_plan_item').values(row).execute()
}

export function updateItem(q: Queryable, id: string, changes: Updateable<ForwardPlanItemTable>) {
  return q.updateTable('forward_plan_item').set(changes).where('id', '=', id).execute()
}
