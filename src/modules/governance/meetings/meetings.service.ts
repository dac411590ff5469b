import { randomUUID } from 'node:crypto'
import type { Db } from '../../../db/database'
import { NotFoundError, RuleError } from '../../../errors'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { displayName } from '../partnership/partnership.service'
import * as partnershipRepo from '../partnership/partnership.repository'
import { describeMeetingDate, meetingSortKey } from './meeting-date'
import type { AttendanceInput, MeetingInput } from './meetings.schemas'
import * as repo from './meetings.repository'
import type { AttendanceGroup, MeetingTable } from './meetings.table'
import { countQuorum } from './quorum'

export const attendanceGroupLabels: Record<AttendanceGroup, string> = {
  core: 'Core members',
  attendee: 'Partners attending',
  support: 'Officers and support',
}

export const meetingStatusLabels = { scheduled: 'Scheduled', held: 'Held', cancelled: 'Cancelled' } as const
export const minutesStatusLabels = {
  draft: 'Draft',
  circulated: 'Circulated',
  approved: 'Approved',
  published: 'Published',
} as const

/** The fields an invitation shows: changing any of them bumps the iCalendar SEQUENCE. */
const calendarFields = [
  'title',
  'date',
  'start_time',
  'end_time',
  'venue',
  'online_platform',
  'online_url',
  'status',
] as const

export type MeetingsService = ReturnType<typeof meetingsService>

export function meetingsService(db: Db, clock: () => Date) {
  function view(m: MeetingTable) {
    return {
      ...m,
      dateText: describeMeetingDate(m),
      statusLabel: meetingStatusLabels[m.status],
      minutesStatusLabel: minutesStatusLabels[m.minutes_status],
      sortKey: meetingSortKey(m),
    }
  }

  async function get(id: string) {
    const m = await repo.findMeeting(db, id)
    if (!m) throw new NotFoundError(`There is no meeting with id ${id}.`)
    return view(m)
  }

  return {
    get,

    async list(partnershipId: string) {
      const rows = await repo.listMeetings(db, partnershipId)
      return rows.map(view).sort((a, b) => a.sortKey.localeCompare(b.sortKey))
    },

    /** The meeting before and after this one in date order (unknown dates sort within their bounds). */
    async neighbours(id: string) {
      const m = await get(id)
      const all = (await repo.listMeetings(db, m.partnership_id))
        .map(view)
        .filter((x) => x.status !== 'cancelled' || x.id === id)
      all.sort((a, b) => a.sortKey.localeCompare(b.sortKey))
      const i = all.findIndex((x) => x.id === id)
      return { previous: i > 0 ? all[i - 1] : undefined, next: i >= 0 ? all[i + 1] : undefined }
    },

    async create(partnershipId: string, input: MeetingInput, actor: Actor) {
      const id = randomUUID()
      const now = clock().toISOString()
      await db.transaction().execute(async (tx) => {
        await repo.insertMeeting(tx, {
          id,
          partnership_id: partnershipId,
          title: input.title,
          date: input.date,
          start_time: input.startTime,
          end_time: input.endTime,
          venue: input.venue,
          online_platform: input.onlinePlatform,
          online_url: input.onlineUrl,
          status: input.status,
          note: input.note,
          sequence: 0,
          minutes_status: 'draft',
          minutes_version: 1,
          created_at: now,
          updated_at: now,
        })
        await recordAudit(tx, actor, clock(), {
          action: 'meeting.create',
          subjectType: 'meeting',
          subjectId: id,
          details: { ...input },
        })
      })
      return id
    },

    async update(id: string, input: MeetingInput, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const before = await repo.findMeeting(tx, id)
        if (!before) throw new NotFoundError(`There is no meeting with id ${id}.`)
        const after = {
          title: input.title,
          date: input.date,
          start_time: input.startTime,
          end_time: input.endTime,
          venue: input.venue,
          online_platform: input.onlinePlatform,
          online_url: input.onlineUrl,
          status: input.status,
          note: input.note,
        }
        const changed = calendarFields.filter((f) => before[f] !== after[f])
        await repo.updateMeeting(tx, id, {
          ...after,
          date_not_before: after.date ? null : before.date_not_before,
          date_not_after: after.date ? null : before.date_not_after,
          sequence: changed.length ? before.sequence + 1 : before.sequence,
          updated_at: clock().toISOString(),
        })
        await recordAudit(tx, actor, clock(), {
          action: 'meeting.update',
          subjectType: 'meeting',
          subjectId: id,
          details: {
            changed,
            before: Object.fromEntries(changed.map((f) => [f, before[f]])),
            after: Object.fromEntries(changed.map((f) => [f, after[f]])),
          },
        })
      })
    },

    async attendance(meetingId: string) {
      const m = await get(meetingId)
      const [rows, agencies, partnership] = await Promise.all([
        repo.listAttendance(db, meetingId),
        partnershipRepo.listAgencies(db, m.partnership_id),
        partnershipRepo.findPartnership(db, m.partnership_id),
      ])
      const people = rows.map((r) => ({
        ...r,
        displayName: displayName(r),
        label: r.is_chair ? `${r.affiliation} (Chair)` : r.affiliation,
      }))
      const present = people.filter((r) => r.status === 'present')
      return {
        groups: (Object.keys(attendanceGroupLabels) as AttendanceGroup[]).map((g) => ({
          key: g,
          label: attendanceGroupLabels[g],
          people: present.filter((r) => r.attendance_group === g),
        })),
        apologies: people.filter((r) => r.status === 'apologies'),
        absent: people.filter((r) => r.status === 'absent'),
        presentCount: present.length,
        quorum: countQuorum(
          rows,
          agencies.filter((a) => a.statutory),
          partnership?.quorum_min_statutory_agencies ?? 3,
        ),
      }
    },

    async recordAttendance(meetingId: string, input: AttendanceInput, actor: Actor) {
      const m = await get(meetingId)
      await db.transaction().execute(async (tx) => {
        const person = await partnershipRepo.findPerson(tx, input.personId)
        if (!person || person.partnership_id !== m.partnership_id)
          throw new RuleError('Select a person from the list', 'personId')
        const memberships = (await partnershipRepo.listMemberships(tx, m.partnership_id)).filter(
          (x) => x.person_id === person.id && !x.end_date,
        )
        const membership = memberships[0]
        if (!membership)
          throw new RuleError(
            `${person.full_name} has no current membership, so their agency is unknown. Add a membership first.`,
            'personId',
          )
        await repo.upsertAttendance(tx, {
          id: randomUUID(),
          meeting_id: meetingId,
          person_id: person.id,
          agency_id: membership.agency_id,
          affiliation: input.affiliation ?? membership.affiliation,
          attendance_group: input.group,
          status: input.status,
          is_chair: membership.role === 'chair' ? 1 : 0,
          position: await repo.nextAttendancePosition(tx, meetingId),
        })
        await recordAudit(tx, actor, clock(), {
          action: 'meeting.attendance',
          subjectType: 'meeting',
          subjectId: meetingId,
          details: { personId: person.id, status: input.status, group: input.group },
        })
      })
    },

    async attendanceHistory(personId: string) {
      const rows = await repo.attendanceHistory(db, personId)
      return rows
        .map((r) => ({ ...r, dateText: describeMeetingDate(r), sortKey: meetingSortKey(r) }))
        .sort((a, b) => b.sortKey.localeCompare(a.sortKey))
    },
  }
}
