import type { Insertable, Updateable } from 'kysely'
import type { Queryable } from '../../../db/database'
import type { AttendanceTable, MeetingTable } from './meetings.table'

export function listMeetings(q: Queryable, partnershipId: string) {
  return q.selectFrom('meeting').selectAll().where('partnership_id', '=', partnershipId).execute()
}

export function findMeeting(q: Queryable, id: string) {
  return q.selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertMeeting(q: Queryable, row: Insertable<MeetingTable>) {
  return q.insertInto('meeting').values(row).execute()
}

export function updateMeeting(q: Queryable, id: string, changes: Updateable<MeetingTable>) {
  return q.updateTable('meeting').set(changes).where('id', '=', id).executeTakeFirst()
}

export function listAttendance(q: Queryable, meetingId: string) {
  return q
    .selectFrom('attendance')
    .innerJoin('person', 'person.id', 'attendance.person_id')
    .innerJoin('agency', 'agency.id', 'attendance.agency_id')
    .select([
      'attendance.id',
      'attendance.person_id',
      'attendance.agency_id',
      'attendance.affiliation',
      'attendance.attendance_group',
      'attendance.status',
      'attendance.is_chair',
      'attendance.position',
      'person.full_name',
      'person.honorific',
      'agency.name as agency_name',
      'agency.statutory as agency_statutory',
    ])
    .where('attendance.meeting_id', '=', meetingId)
    .orderBy('attendance.position')
    .execute()
}

export function upsertAttendance(q: Queryable, row: Insertable<AttendanceTable>) {
  return q
    .insertInto('attendance')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['meeting_id', 'person_id']).doUpdateSet({
        agency_id: row.agency_id,
        affiliation: row.affiliation,
        attendance_group: row.attendance_group,
        status: row.status,
        is_chair: row.is_chair ?? 0,
      }),
    )
    .execute()
}

export async function nextAttendancePosition(q: Queryable, meetingId: string): Promise<number> {
  const r = await q
    .selectFrom('attendance')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
  return Number(r?.max ?? 0) + 1
}

export function attendanceHistory(q: Queryable, personId: string) {
  return q
    .selectFrom('attendance')
    .innerJoin('meeting', 'meeting.id', 'attendance.meeting_id')
    .select([
      'attendance.status',
      'attendance.attendance_group',
      'attendance.affiliation',
      'meeting.id as meeting_id',
      'meeting.title',
      'meeting.date',
      'meeting.date_not_before',
      'meeting.date_not_after',
      'meeting.status as meeting_status',
    ])
    .where('attendance.person_id', '=', personId)
    .execute()
}
