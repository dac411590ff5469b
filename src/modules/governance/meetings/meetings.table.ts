export const meetingStatuses = ['scheduled', 'held', 'cancelled'] as const
export type MeetingStatus = (typeof meetingStatuses)[number]

export const minutesStatuses = ['draft', 'circulated', 'approved', 'published'] as const
export type MinutesStatus = (typeof minutesStatuses)[number]

export interface MeetingTable {
  id: string
  partnership_id: string
  title: string
  /** ISO date; null when the record does not say (then date_not_before/after bound it). */
  date: string | null
  date_not_before: string | null
  date_not_after: string | null
  date_note: string | null
  /** A free-text note shown on the meeting page, as ModernGov's "Note". */
  note: string | null
  /** HH:MM, Europe/London wall-clock time. */
  start_time: string | null
  end_time: string | null
  venue: string | null
  online_platform: string | null
  online_url: string | null
  status: MeetingStatus
  /** iCalendar SEQUENCE: bumped on every change a calendar would show. */
  sequence: number
  minutes_status: MinutesStatus
  minutes_version: number
  minutes_approved_at_meeting_id: string | null
  minutes_approved_on: string | null
  minutes_published_on: string | null
  /** When the agenda and its papers went to the members (ISO time), and by whom. */
  agenda_published_at: string | null
  agenda_published_by: string | null
  created_at: string
  updated_at: string
}

/** The three tables of the reference minutes. */
export const attendanceGroups = ['core', 'attendee', 'support'] as const
export type AttendanceGroup = (typeof attendanceGroups)[number]
export const attendanceStatuses = ['present', 'apologies', 'absent'] as const
export type AttendanceStatus = (typeof attendanceStatuses)[number]

export interface AttendanceTable {
  id: string
  meeting_id: string
  person_id: string
  agency_id: string
  affiliation: string
  attendance_group: AttendanceGroup
  status: AttendanceStatus
  is_chair: number
  position: number
}

export interface MeetingTables {
  meeting: MeetingTable
  attendance: AttendanceTable
}
