import { z } from 'zod'
import { always, dateParts, optionalText, requiredText } from '../../../web/forms'
import { parseClock } from './meeting-date'
import { attendanceGroups, attendanceStatuses, meetingStatuses } from './meetings.table'

const meetingDate = dateParts('date', 'the date of the meeting', true)

const clock = (label: string, required: boolean) =>
  optionalText(20).transform((s, ctx) => {
    if (s === null) {
      if (required) ctx.addIssue({ code: 'custom', message: `Enter the ${label}, like 14:00 or 2pm` })
      return null
    }
    const t = parseClock(s)
    if (!t) ctx.addIssue({ code: 'custom', message: `Enter the ${label} as a time, like 14:00 or 2pm` })
    return t ?? null
  })

export const meetingForm = z
  .object({
    title: requiredText('Enter the name of the meeting', 200),
    ...meetingDate.schema,
    startTime: clock('start time', true),
    endTime: clock('end time', false),
    venue: optionalText(300),
    onlinePlatform: optionalText(100),
    onlineUrl: optionalText(500).refine(
      (s) => s === null || /^https:\/\/\S+$/.test(s),
      'Enter the meeting link as a full web address starting https://',
    ),
    status: z.enum(meetingStatuses, { error: 'Select the status of the meeting' }),
    note: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    const d = meetingDate.read(v)
    if ('error' in d) ctx.addIssue({ code: 'custom', path: ['date'], message: d.error })
    if (!v.venue && !v.onlinePlatform) {
      ctx.addIssue({
        code: 'custom',
        path: ['venue'],
        message: 'Enter a venue or an online platform, like Microsoft Teams',
      })
    }
    if (typeof v.startTime === 'string' && typeof v.endTime === 'string' && v.endTime <= v.startTime) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'The end time must be after the start time' })
    }
  }, always)
  .transform((v) => ({
    title: v.title,
    date: (meetingDate.read(v) as { iso: string }).iso,
    startTime: v.startTime,
    endTime: v.endTime,
    venue: v.venue,
    onlinePlatform: v.onlinePlatform,
    onlineUrl: v.onlineUrl,
    status: v.status,
    note: v.note,
  }))
export type MeetingInput = z.output<typeof meetingForm>
export const meetingFormHrefs = { ...meetingDate.href }

export const attendanceForm = z.object({
  personId: requiredText('Select the person', 100),
  group: z.enum(attendanceGroups, { error: 'Select which table of the attendance they belong in' }),
  status: z.enum(attendanceStatuses, { error: 'Select whether they attended or sent apologies' }),
  affiliation: optionalText(200),
})
export type AttendanceInput = z.output<typeof attendanceForm>
