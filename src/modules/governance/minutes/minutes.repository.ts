import type { Insertable, Updateable } from 'kysely'
import type { Queryable } from '../../../db/database'
import { EVERYONE, visibleIn, type Viewer } from '../../access/restriction'
import type { AgendaItemTable, MinuteParagraphTable } from './minutes.table'

// Reads take the viewer they are for; internal work (snapshots, renumbering, agenda generation)
// passes EVERYONE, so it never acts on half the minutes.

export function listItems(q: Queryable, meetingId: string, viewer: Viewer = EVERYONE) {
  return q
    .selectFrom('agenda_item')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where((eb) => visibleIn(eb, 'agenda_item', viewer))
    .orderBy('number')
    .execute()
}

export function listParagraphs(q: Queryable, meetingId: string, viewer: Viewer = EVERYONE) {
  return q
    .selectFrom('minute_paragraph')
    .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
    .selectAll('minute_paragraph')
    .select(['agenda_item.number as item_number', 'agenda_item.visibility as item_visibility'])
    .where('agenda_item.meeting_id', '=', meetingId)
    .where((eb) => eb.and([visibleIn(eb, 'minute_paragraph', viewer), visibleIn(eb, 'agenda_item', viewer)]))
    .orderBy('agenda_item.number')
    .orderBy('minute_paragraph.seq')
    .execute()
}

export function findParagraph(q: Queryable, id: string, viewer: Viewer = EVERYONE) {
  return q
    .selectFrom('minute_paragraph')
    .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
    .selectAll('minute_paragraph')
    .select([
      'agenda_item.number as item_number',
      'agenda_item.meeting_id',
      'agenda_item.title as item_title',
      'agenda_item.visibility as item_visibility',
    ])
    .where('minute_paragraph.id', '=', id)
    .where((eb) => eb.and([visibleIn(eb, 'minute_paragraph', viewer), visibleIn(eb, 'agenda_item', viewer)]))
    .executeTakeFirst()
}

export function insertItem(q: Queryable, row: Insertable<AgendaItemTable>) {
  return q.insertInto('agenda_item').values(row).execute()
}

export function updateItem(q: Queryable, id: string, changes: Updateable<AgendaItemTable>) {
  return q.updateTable('agenda_item').set(changes).where('id', '=', id).execute()
}

export function insertParagraph(q: Queryable, row: Insertable<MinuteParagraphTable>) {
  return q.insertInto('minute_paragraph').values(row).execute()
}

export function updateParagraph(q: Queryable, id: string, changes: Updateable<MinuteParagraphTable>) {
  return q.updateTable('minute_paragraph').set(changes).where('id', '=', id).execute()
}

export function deleteParagraphs(q: Queryable, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return q.deleteFrom('minute_paragraph').where('id', 'in', ids).execute()
}

/** Bumps the minutes version only if it is still the one the editor loaded: the optimistic lock. */
export async function bumpVersion(q: Queryable, meetingId: string, expected: number, now: string): Promise<boolean> {
  const r = await q
    .updateTable('meeting')
    .set({ minutes_version: expected + 1, updated_at: now })
    .where('id', '=', meetingId)
    .where('minutes_version', '=', expected)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export function insertVersion(
  q: Queryable,
  row: {
    id: string
    meeting_id: string
    version: number
    status: string
    snapshot: string
    note: string
    actor: string
    created_at: string
  },
) {
  return q.insertInto('minutes_version').values(row).execute()
}

export function listVersions(q: Queryable, meetingId: string) {
  return q
    .selectFrom('minutes_version')
    .select(['id', 'version', 'status', 'note', 'actor', 'created_at'])
    .where('meeting_id', '=', meetingId)
    .orderBy('version', 'desc')
    .execute()
}

export function findVersion(q: Queryable, meetingId: string, version: number) {
  return q
    .selectFrom('minutes_version')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('version', '=', version)
    .executeTakeFirst()
}

export function actionsForMeetingParagraphs(q: Queryable, meetingId: string, viewer: Viewer = EVERYONE) {
  return q
    .selectFrom('action')
    .innerJoin('minute_paragraph', 'minute_paragraph.id', 'action.paragraph_id')
    .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
    .select(['action.id', 'action.ref', 'action.paragraph_id', 'action.marker_index', 'action.title', 'action.status'])
    .where('agenda_item.meeting_id', '=', meetingId)
    .where((eb) => eb.and([visibleIn(eb, 'minute_paragraph', viewer), visibleIn(eb, 'agenda_item', viewer)]))
    .execute()
}
