import type { Insertable } from 'kysely'
import type { Queryable } from '../../../db/database'
import { EVERYONE, visibleSource, type Viewer } from '../../access/restriction'
import type { DecisionTable } from './decisions.table'

export function listDecisions(q: Queryable, partnershipId: string, viewer: Viewer = EVERYONE) {
  return q
    .selectFrom('decision')
    .innerJoin('meeting', 'meeting.id', 'decision.meeting_id')
    .leftJoin('minute_paragraph', 'minute_paragraph.id', 'decision.paragraph_id')
    .leftJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
    .selectAll('decision')
    .select([
      'meeting.date',
      'meeting.date_not_before',
      'meeting.date_not_after',
      'agenda_item.number as item_number',
      'minute_paragraph.seq as paragraph_seq',
    ])
    .select(['minute_paragraph.visibility as source_visibility', 'agenda_item.visibility as source_item_visibility'])
    .where('decision.partnership_id', '=', partnershipId)
    .where((eb) => visibleSource(eb, viewer))
    .orderBy('decision.ref')
    .execute()
}

export async function nextRef(q: Queryable, partnershipId: string): Promise<number> {
  const r = await q
    .selectFrom('decision')
    .select((eb) => eb.fn.max('ref').as('max'))
    .where('partnership_id', '=', partnershipId)
    .executeTakeFirst()
  return Number(r?.max ?? 0) + 1
}

export function insertDecision(q: Queryable, row: Insertable<DecisionTable>) {
  return q.insertInto('decision').values(row).execute()
}
