import { z } from 'zod'
import { always, dateParts, requiredText } from '../../../web/forms'
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
  status: z.enum(['open', 'all', ...actionStatuses]).catch('open'),
  owner: z.string().max(100).optional().catch(undefined),
})
