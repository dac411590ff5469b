import { z } from 'zod'
import { forwardPlanStatuses } from './forward-plan.table'
import { always, optionalText, requiredText } from '../../../web/forms'
import { reportPeriod } from '../../reports/report-period'

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
    reportTemplate: z
      .enum(['', 'quarterly', 'monthly'], { error: 'Select the report it promises, or none' })
      .optional()
      .transform((v) => (v ? v : null)),
    reportPeriod: optionalText(7),
  })
  .superRefine((v, ctx) => {
    if (!v.targetMeetingId && !v.targetMonth) {
      ctx.addIssue({
        code: 'custom',
        path: ['targetMeetingId'],
        message: 'Select the meeting it is coming to, or enter the month',
      })
    }
    if (v.reportPeriod && !v.reportTemplate)
      ctx.addIssue({ code: 'custom', path: ['reportTemplate'], message: 'Select the report the period is for' })
    if (v.reportPeriod && v.reportTemplate) {
      try {
        reportPeriod(v.reportTemplate, v.reportPeriod)
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: ['reportPeriod'], message: e instanceof Error ? e.message : String(e) })
      }
    }
  }, always)
export type ForwardPlanInput = z.output<typeof forwardPlanForm>

export const forwardPlanStatusForm = z.object({
  status: z.enum(forwardPlanStatuses, { error: 'Select the new status' }),
})
