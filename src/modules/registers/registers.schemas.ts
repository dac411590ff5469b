import { z } from 'zod'
import { RuleError } from '../../errors'
import { visibilities } from '../access/restriction'
import { always, dateParts, optionalText, requiredText, ticked } from '../../web/forms'
import { dhrReasons, recommendationLevels, recommendationStatuses } from './dhr-analysis'

/** A form with GOV.UK dates (three boxes each) read into their names as ISO dates (null when optional and empty). */
function withDates<T extends z.ZodRawShape, N extends string>(
  shape: T,
  dates: readonly { name: N; label: string; required?: boolean }[],
) {
  const parts = dates.map((d) => ({ name: d.name, p: dateParts(d.name, d.label, d.required ?? true) }))
  const schema = z
    .object({ ...shape, ...Object.assign({}, ...parts.map((x) => x.p.schema)) })
    .superRefine((v, ctx) => {
      for (const { name, p } of parts) {
        const d = p.read(v)
        if ('error' in d) ctx.addIssue({ code: 'custom', path: [name], message: d.error })
      }
    }, always)
    .transform(
      (v) =>
        ({
          ...v,
          ...Object.fromEntries(parts.map(({ name, p }) => [name, (p.read(v) as { iso: string | null }).iso])),
        }) as z.output<z.ZodObject<T>> & Record<N, string>,
    )
  return { schema, hrefs: Object.assign({}, ...parts.map((x) => x.p.href)) as Record<string, string> }
}
/** A form with one required GOV.UK date. */
const withDate = <T extends z.ZodRawShape, N extends string>(shape: T, name: N, label: string) =>
  withDates(shape, [{ name, label }])

export const dhrForm = withDate(
  {
    ref: requiredText('Enter the case reference', 40),
    title: requiredText('Enter a title that identifies nobody, like "DHR 2024/03"', 200),
    leadAgencyId: optionalText(100),
    visibility: z.enum(visibilities, { error: 'Select who can see it' }),
    users: ticked,
    groups: ticked,
  },
  'notifiedOn',
  'the date the partnership was notified',
)

export const dhrMoveForm = withDate(
  { to: requiredText('Select the stage the review has reached', 40), reason: optionalText(2000) },
  'date',
  'the date it happened',
)
export const updateForm = withDate({ text: requiredText('Enter the update', 5000) }, 'date', 'the date of the update')
export const extendForm = withDate(
  {
    months: z.coerce
      .number({ error: 'Enter the months of extension as a number' })
      .int('Enter whole months')
      .min(1, 'Enter at least 1 month')
      .max(24, 'Enter 24 months or fewer'),
    reason: requiredText('Enter why the extension was agreed', 2000),
  },
  'date',
  'the date it was agreed',
)
export const linkForm = z.object({ paragraphId: requiredText('Choose a paragraph of the minutes', 100) })
export const actionLinkForm = z.object({ actionId: requiredText('Choose an action', 100) })
export const decisionLinkForm = z.object({ decisionId: requiredText('Choose a decision', 100) })
export const unlinkForm = z.object({
  targetType: z.enum(['minute_paragraph', 'action', 'decision'], { error: 'Say which link to remove' }),
  targetId: requiredText('Say which link to remove', 100),
})

const whole = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter ${label} as a number` })
    .int(`Enter ${label} as a whole number`)
    .min(min, `Enter ${label} of at least ${min}`)
    .max(max, `Enter ${label} of ${max} or fewer`)
export const dhrSettingsForm = z.object({
  decisionDueMonths: whole('the months to decide', 1, 12),
  completionDueMonths: whole('the months to complete', 1, 36),
  publicationDueDays: whole('the days to publish', 0, 365),
  pauseStopsClock: z
    .enum(['yes', 'no'], { error: 'Say whether a pause stops the clock' })
    .transform((v) => v === 'yes'),
})

export const entryForm = withDate(
  {
    ref: optionalText(40),
    title: requiredText('Enter a title', 300),
    status: requiredText('Select its status', 40),
    leadAgencyId: optionalText(100),
    ownerPersonId: optionalText(100),
    visibility: z.enum(visibilities, { error: 'Select who can see it' }),
    users: ticked,
    groups: ticked,
  },
  'statusDate',
  'the date it took that status',
)
export const moveForm = withDate(
  { to: requiredText('Select the new status', 40), reason: optionalText(2000) },
  'date',
  'the date it changed',
)
export const renameForm = withDate(
  { title: requiredText('Enter the new name', 300), reason: optionalText(2000) },
  'date',
  'the date it was renamed',
)
export const fieldsForm = withDate({}, 'date', 'the date of the change')

/**
 * A register's own fields as a form sends them: text, or several ticked values. Which fields there
 * are, and each one's rules, come from the register's settings (readFields() checks them).
 */
const fieldValueSchema = z.record(
  z.string().max(80),
  z.union([z.string().max(20000), z.array(z.string().max(20000)).max(500)]),
)
export type FieldValues = z.infer<typeof fieldValueSchema>

/** The form's register fields, parsed; a value too long or of the wrong shape is a RuleError on its field. */
export function fieldValues(body: unknown): FieldValues {
  const r = fieldValueSchema.safeParse(body ?? {})
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  throw new RuleError(`This value is too long or not text: shorten it and save again.`, String(issue.path[0] ?? ''))
}

export const dhrAboutForm = z.object({
  reason: z
    .union([z.enum(dhrReasons), z.literal('')], { error: 'Select why the review was held' })
    .transform((v) => (v === '' ? null : v)),
  themes: optionalText(3000),
  impact: optionalText(5000),
})

const recommendationStatus = z.enum(recommendationStatuses, { error: 'Select its delivery status' })
export const recommendationForm = withDates(
  {
    ref: optionalText(20),
    text: requiredText('Enter the recommendation', 3000),
    level: z.enum(recommendationLevels, { error: 'Select the level it is for' }),
    agencyId: optionalText(100),
    owner: optionalText(200),
    status: recommendationStatus,
  },
  [
    { name: 'date', label: 'the date it was agreed' },
    { name: 'dueDate', label: 'the due date', required: false },
  ],
)
export const recommendationUpdateForm = withDates(
  { status: recommendationStatus, owner: optionalText(200), evidence: optionalText(3000) },
  [
    { name: 'date', label: 'the date of the change' },
    { name: 'dueDate', label: 'the due date', required: false },
  ],
)

/** The analysis window: the day it runs to and how many months back. */
export const analysisQuery = withDates(
  {
    months: z.preprocess(
      (v) => (v === undefined || v === '' ? 24 : v),
      z.coerce
        .number({ error: 'Enter the months as a number' })
        .int('Enter whole months')
        .min(1, 'Enter at least 1 month')
        .max(120, 'Enter 120 months or fewer'),
    ),
  },
  [{ name: 'to', label: 'the last day it covers', required: false }],
)

/** A register's statuses: rows of code (kept), label, progress and "ends the entry", read by the route; risk registers one a line. */
export const settingsForm = z.looseObject({ books: optionalText(3000) })

/** Route parameters of a register's pages and of one entry's. */
export type KindParams = { Params: { kind: string } }
export type EntryParams = { Params: { kind: string; id: string } }
