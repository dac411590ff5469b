import { z } from 'zod'
import { forwardPlanStatuses } from './forward-plan.table'
import { always, optionalText, requiredText } from '../../../web/forms'

export const forwardPlanForm = z
  .object({
    title: requiredText('Enter what is coming to the partnership', 300),
    description: optionalText(2000),
    leadPersonId: optionalText(100),
    targetMeetingId: optionalText(100),
    targetMonth: optionalText(7).refine(
      (s) => s === null || /^\d{4}-(0[1-9]|1[0-2])$/.test(s),
      'Enter the month as year and month, like 2025-03',
    ),
    targetNote: optionalText(300),
  })
  .superRefine((v, ctx) => {
    if (!v.targetMeetingId && !v.targetMonth) {
      ctx.addIssue({
        code: 'custom',
        path: ['targetMeetingId'],
        message: 'Select the meeting it is coming to, or enter the month',
      })
    }
  }, always)
export type ForwardPlanInput = z.output<typeof forwardPlanForm>

export const forwardPlanStatusForm = z.object({
  status: z.enum(forwardPlanStatuses, { error: 'Select the new status' }),
})
