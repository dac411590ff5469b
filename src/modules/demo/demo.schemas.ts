import { boundaryLayers } from '../performance/boundaries/boundaries.table'
import { z } from 'zod'
import { agendaItemKinds } from '../governance/minutes/minutes.table'
import { attendanceGroups, meetingStatuses, minutesStatuses } from '../governance/meetings/meetings.table'
import { membershipRoles } from '../governance/partnership/partnership.table'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')

export const partnershipFile = z.object({
  partnership: z.object({
    name: z.string().min(1),
    areaName: z.string().min(1),
    quorumMinStatutoryAgencies: z.number().int().min(1),
    defaultPlatform: z.string().optional(),
  }),
  agencies: z.array(
    z.object({
      name: z.string().min(1),
      shortName: z.string().optional(),
      statutory: z.boolean(),
      sector: z.enum(['local_authority', 'police', 'fire', 'health', 'probation', 'pcc', 'youth_justice', 'voluntary', 'other']),
    }),
  ),
  people: z.array(
    z.object({
      honorific: z.string().optional(),
      fullName: z.string().min(1),
      email: z.string().email().optional(),
      aliases: z.array(z.object({ alias: z.string().min(1), note: z.string().optional() })).optional(),
    }),
  ),
  memberships: z.array(
    z.object({
      person: z.string(),
      agency: z.string(),
      affiliation: z.string(),
      role: z.enum(membershipRoles),
      startDate: isoDate.optional(),
      endDate: isoDate.optional(),
    }),
  ),
})

const actionSpec = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  targetMeeting: z.string().optional(),
  dueDate: isoDate.optional(),
  carriedFrom: z.string().optional(),
})

export const meetingsFile = z.object({
  meetings: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      date: isoDate.optional(),
      dateNotBefore: isoDate.optional(),
      dateNotAfter: isoDate.optional(),
      dateNote: z.string().optional(),
      note: z.string().optional(),
      startTime: z.string().regex(/^\d{2}:\d{2}$/).optional(),
      endTime: z.string().regex(/^\d{2}:\d{2}$/).optional(),
      venue: z.string().optional(),
      onlinePlatform: z.string().optional(),
      onlineUrl: z.string().url().optional(),
      status: z.enum(meetingStatuses),
      minutes: z.object({ status: z.enum(minutesStatuses), approvedAt: z.string().optional() }).optional(),
      attendance: z
        .array(z.object({ group: z.enum(attendanceGroups), people: z.array(z.object({ person: z.string(), affiliation: z.string(), chair: z.boolean().optional() })) }))
        .optional(),
      apologies: z.array(z.object({ person: z.string(), agency: z.string(), affiliation: z.string() })).optional(),
      items: z
        .array(
          z.object({
            number: z.number().int().min(1),
            title: z.string(),
            kind: z.enum(agendaItemKinds),
            presenter: z.string().optional(),
            paragraphs: z.array(
              z.object({
                number: z.string().regex(/^\d+\.\d+$/),
                heading: z.string().optional(),
                cites: z.string().optional(),
                body: z.array(z.string()),
                actions: z.array(actionSpec).optional(),
              }),
            ),
          }),
        )
        .optional(),
      decisions: z.array(z.object({ paragraph: z.string(), topic: z.string(), wording: z.string() })).optional(),
      generateAgenda: z.boolean().optional(),
    }),
  ),
  forwardPlan: z.array(
    z.object({
      title: z.string(),
      description: z.string().optional(),
      lead: z.string().optional(),
      source: z.object({ meeting: z.string(), paragraph: z.string() }).optional(),
      targetMeeting: z.string().optional(),
      targetMonth: z.string().regex(/^\d{4}-\d{2}$/).optional(),
      targetNote: z.string().optional(),
      report: z.object({ template: z.enum(['quarterly', 'monthly']), period: z.string().optional() }).optional(),
    }),
  ),
})

export const performanceFile = z.object({
  boundaries: z.array(
    z.object({
      file: z.string(),
      layer: z.enum(boundaryLayers),
      effectiveFrom: isoDate,
      label: z.string(),
      codeField: z.string().optional(),
      nameField: z.string().optional(),
    }),
  ),
  crime: z.array(z.string()),
  lookups: z.array(z.object({ file: z.string(), codeField: z.string(), nameField: z.string().optional(), lsoaField: z.string().optional(), label: z.string() })).default([]),
})

export const registersFile = z.object({
  /** The named risk registers the partnership keeps (the minutes' DHR risk register is one). */
  riskRegisters: z.array(z.string().min(1)).default([]),
  entries: z.array(
    z.object({
      register: z.enum(['priorities', 'assessments', 'interventions', 'risks']),
      ref: z.string().min(1),
      title: z.string().min(1),
      status: z.string().min(1),
      since: isoDate,
      lead: z.string().optional(),
      owner: z.string().optional(),
      fields: z.record(z.string(), z.string()).default({}),
      /** Paragraph numbers of the reference meeting that discuss the entry. */
      links: z.array(z.string().regex(/^\d{1,2}\.\d{1,2}$/, 'must be a paragraph number like 3.2')).default([]),
      moves: z.array(z.object({ to: z.string().min(1), date: isoDate, reason: z.string() })).default([]),
      rename: z.object({ title: z.string().min(1), date: isoDate, reason: z.string() }).optional(),
      /** Titles of the actions and topics of the decisions that concern the entry. */
      actions: z.array(z.string().min(1)).default([]),
      decisions: z.array(z.string().min(1)).default([]),
    }),
  ),
})
