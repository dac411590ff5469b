import { z } from 'zod'
import { always, dateParts, optionalText, requiredText } from '../../../web/forms'
import { actionStatuses } from './actions.table'

const updateDate = dateParts('updateDate', 'the date of the update', true)

export const actionUpdateForm = z
  .object({
    status: z.enum(actionStatuses, { error: 'Select the status of the action' }),
    note: requiredText('Enter what has happened', 4000),
    ...updateDate.schema,
  })
  .superRefine((v, ctx) => {
    const d = updateDate.read(v)
    if ('error' in d) ctx.addIssue({ code: 'custom', path: ['updateDate'], message: d.error })
  }, always)
  .transform((v) => ({ status: v.status, note: v.note, updateDate: (updateDate.read(v) as { iso: string }).iso }))
export type ActionUpdateInput = z.output<typeof actionUpdateForm>
export const actionUpdateHrefs = { ...updateDate.href }

export const actionFilter = z.object({
  // 'current' is open and in progress together; each status has its own value, 'open' among them.
  status: z.enum(['current', 'all', ...actionStatuses]).catch('current'),
  owner: z.string().max(100).optional().catch(undefined),
})

const dueDate = dateParts('dueDate', 'the due date', false)

export const actionEditForm = z
  .object({
    title: requiredText('Enter a short title for the action', 300),
    description: requiredText('Enter what is to be done', 4000),
    ...dueDate.schema,
    targetMeetingId: optionalText(100),
  })
  .superRefine((v, ctx) => {
    const d = dueDate.read(v)
    if ('error' in d) ctx.addIssue({ code: 'custom', path: ['dueDate'], message: d.error })
  }, always)
  .transform((v) => ({
    title: v.title,
    description: v.description,
    dueDate: (dueDate.read(v) as { iso: string | null }).iso,
    targetMeetingId: v.targetMeetingId,
  }))
export type ActionEditInput = z.output<typeof actionEditForm>
export const actionEditHrefs = { ...dueDate.href }
