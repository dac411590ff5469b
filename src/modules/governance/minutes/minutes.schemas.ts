import { z } from 'zod'
import { always, optionalText, requiredText, ticked } from '../../../web/forms'
import { parseMinutesMarkup } from './minutes-markup'
import { visibilities } from '../../access/restriction'

const version = z.coerce.number({ error: 'The form is missing its version: reload the page' }).int().min(1)

export const paragraphForm = z
  .object({
    heading: optionalText(300),
    cites: optionalText(20).refine(
      (s) => s === null || /^\d{1,2}\.\d{1,2}$/.test(s),
      'Enter the paragraph it reports on as item and paragraph number, like 3.3',
    ),
    body: requiredText('Enter the text of the paragraph', 20000),
    version,
  })
  .superRefine((v, ctx) => {
    if (typeof v.body !== 'string' || !v.body) return
    const { problems } = parseMinutesMarkup(v.body)
    if (problems.length)
      ctx.addIssue({ code: 'custom', path: ['body'], message: problems.map((p) => p.message).join('. ') })
  }, always)
export type ParagraphInput = z.output<typeof paragraphForm>

export const itemForm = z.object({
  title: requiredText('Enter the title of the agenda item', 300),
  version,
})
export type ItemInput = z.output<typeof itemForm>

export const itemPurposes = ['decision', 'information', 'discussion'] as const
export const itemDetailsForm = z.object({
  title: requiredText('Enter the title of the agenda item', 300),
  presenter: optionalText(100),
  purpose: z
    .enum(['', ...itemPurposes], { error: 'Choose why it comes to the meeting' })
    .optional()
    .transform((v) => (v ? v : null)),
  minutes: optionalText(40).refine(
    (s) => s === null || (/^\d{1,3}$/.test(s) && Number(s) >= 1 && Number(s) <= 480),
    'Enter the minutes as a whole number from 1 to 480',
  ),
  version,
})
export type ItemDetailsInput = z.output<typeof itemDetailsForm>

export const minutesTransitionForm = z
  .object({
    to: z.enum(['draft', 'circulated', 'approved', 'published'], { error: 'Select what to do with the minutes' }),
    approvedAtMeetingId: optionalText(100),
    version,
  })
  .superRefine((v, ctx) => {
    if (v.to === 'approved' && !v.approvedAtMeetingId) {
      ctx.addIssue({
        code: 'custom',
        path: ['approvedAtMeetingId'],
        message: 'Select the meeting that approved the minutes',
      })
    }
  }, always)
export type MinutesTransitionInput = z.output<typeof minutesTransitionForm>

export const visibilityForm = z.object({
  visibility: z.enum(visibilities, { error: 'Select who can see it' }),
  users: ticked,
  groups: ticked,
})
export type VisibilityInput = z.output<typeof visibilityForm>
