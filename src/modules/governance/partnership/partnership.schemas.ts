import { z } from 'zod'
import { always, dateParts, optionalText, requiredText } from '../../../web/forms'
import { membershipRoles } from './partnership.table'

const startDate = dateParts('startDate', 'the start date', false)
const endDate = dateParts('endDate', 'the end date', false)
const role = z.enum(membershipRoles, { error: 'Select their role in the partnership' })
const email = optionalText(200).refine(
  (s) => s === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s),
  'Enter an email address in the correct format, like name@example.org',
)

function readDates(
  v: Record<string, unknown>,
  ctx: z.RefinementCtx,
  parts: { read: typeof startDate.read }[],
  names: string[],
) {
  parts.forEach((p, i) => {
    const d = p.read(v)
    if ('error' in d) ctx.addIssue({ code: 'custom', path: [names[i]!], message: d.error })
  })
}

export const personForm = z
  .object({
    honorific: optionalText(40),
    fullName: requiredText('Enter their full name', 200),
    email,
    agencyId: requiredText('Select their agency', 100),
    affiliation: optionalText(200),
    role,
    ...startDate.schema,
  })
  .superRefine((v, ctx) => readDates(v, ctx, [startDate], ['startDate']), always)
  .transform((v) => ({ ...v, startDate: (startDate.read(v) as { iso: string | null }).iso }))
export type PersonInput = z.output<typeof personForm>
export const personHrefs = { ...startDate.href }

export const aliasForm = z.object({
  alias: requiredText('Enter the name as it is written, like Di Evans', 200),
  note: optionalText(300),
})
export type AliasInput = z.output<typeof aliasForm>

export const membershipForm = z
  .object({
    agencyId: requiredText('Select the agency', 100),
    affiliation: optionalText(200),
    role,
    ...startDate.schema,
    ...endDate.schema,
  })
  .superRefine((v, ctx) => {
    readDates(v, ctx, [startDate, endDate], ['startDate', 'endDate'])
    const s = startDate.read(v)
    const e = endDate.read(v)
    if ('iso' in s && 'iso' in e && s.iso && e.iso && e.iso < s.iso)
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: 'The end date must be the same as or after the start date',
      })
  }, always)
  .transform((v) => ({
    agencyId: v.agencyId,
    affiliation: v.affiliation,
    role: v.role,
    startDate: (startDate.read(v) as { iso: string | null }).iso,
    endDate: (endDate.read(v) as { iso: string | null }).iso,
  }))
export type MembershipInput = z.output<typeof membershipForm>
export const membershipHrefs = { ...startDate.href, ...endDate.href }

export const settingsForm = z.object({
  name: requiredText('Enter the name of the partnership', 200),
  areaName: requiredText('Enter the area the partnership covers', 200),
  quorumMinStatutoryAgencies: z.coerce
    .number({ error: 'Enter the quorum as a whole number, like 3' })
    .int('Enter the quorum as a whole number, like 3')
    .min(1, 'The quorum must be at least 1 agency')
    .max(20, 'The quorum must be 20 agencies or fewer'),
  defaultPlatform: optionalText(100),
  localitySharePercent: z.coerce
    .number({ error: 'Enter the share as a whole number of per cent, like 50' })
    .int('Enter the share as a whole number of per cent, like 50')
    .min(1, 'The share must be between 1 and 100 per cent')
    .max(100, 'The share must be between 1 and 100 per cent'),
  papersDueDays: optionalText(3)
    .refine(
      (s) => s === null || (/^\d{1,2}$/.test(s) && Number(s) <= 60),
      'Enter the days as a whole number from 0 to 60',
    )
    .transform((s) => (s === null ? 7 : Number(s))),
})
export type SettingsInput = z.output<typeof settingsForm>

export const agencyForm = z.object({
  name: requiredText('Enter the name of the agency', 200),
  statutory: z.enum(['yes', 'no'], { error: 'Select whether the agency is a responsible authority' }),
  sector: z.enum(
    ['local_authority', 'police', 'fire', 'health', 'probation', 'pcc', 'youth_justice', 'voluntary', 'other'],
    { error: 'Select the kind of agency' },
  ),
})
export type AgencyInput = z.output<typeof agencyForm>
