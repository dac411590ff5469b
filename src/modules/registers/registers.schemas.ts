import { z } from 'zod'
import { visibilities } from '../access/restriction'
import { always, dateParts, optionalText, requiredText, ticked } from '../../web/forms'

/** A form with one GOV.UK date (three boxes) read into `name` as an ISO date. */
function withDate<T extends z.ZodRawShape, N extends string>(shape: T, name: N, label: string) {
  const date = dateParts(name, label, true)
  const schema = z
    .object({ ...shape, ...date.schema })
    .superRefine((v, ctx) => {
      const d = date.read(v)
      if ('error' in d) ctx.addIssue({ code: 'custom', path: [name], message: d.error })
    }, always)
    .transform((v) => ({ ...v, [name]: (date.read(v) as { iso: string }).iso }) as z.output<z.ZodObject<T>> & Record<N, string>)
  return { schema, hrefs: date.href }
}

export const dhrForm = withDate(
  {
    ref: requiredText('Enter the case reference', 40),
    title: requiredText('Enter a title that identifies nobody, like "DHR 2024/03"', 200),
    leadAgencyId: optionalText(100),
    visibility: z.enum(visibilities, { error: 'Select who can see it' }),
    users: ticked,
  },
  'notifiedOn',
  'the date the partnership was notified',
)

export const dhrMoveForm = withDate({ to: requiredText('Select the stage the review has reached', 40), reason: optionalText(2000) }, 'date', 'the date it happened')
export const updateForm = withDate({ text: requiredText('Enter the update', 5000) }, 'date', 'the date of the update')
export const extendForm = withDate(
  { months: z.coerce.number({ error: 'Enter the months of extension as a number' }).int('Enter whole months').min(1, 'Enter at least 1 month').max(24, 'Enter 24 months or fewer'), reason: requiredText('Enter why the extension was agreed', 2000) },
  'date',
  'the date it was agreed',
)
export const linkForm = z.object({ paragraphId: requiredText('Choose a paragraph of the minutes', 100) })

const whole = (label: string, min: number, max: number) => z.coerce.number({ error: `Enter ${label} as a number` }).int(`Enter ${label} as a whole number`).min(min, `Enter ${label} of at least ${min}`).max(max, `Enter ${label} of ${max} or fewer`)
export const dhrSettingsForm = z.object({
  decisionDueMonths: whole('the months to decide', 1, 12),
  completionDueMonths: whole('the months to complete', 1, 36),
  publicationDueDays: whole('the days to publish', 0, 365),
  pauseStopsClock: z.enum(['yes', 'no'], { error: 'Say whether a pause stops the clock' }).transform((v) => v === 'yes'),
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
  },
  'statusDate',
  'the date it took that status',
)
export const moveForm = withDate({ to: requiredText('Select the new status', 40), reason: optionalText(2000) }, 'date', 'the date it changed')
export const renameForm = withDate({ title: requiredText('Enter the new name', 300), reason: optionalText(2000) }, 'date', 'the date it was renamed')
export const fieldsForm = withDate({}, 'date', 'the date of the change')
