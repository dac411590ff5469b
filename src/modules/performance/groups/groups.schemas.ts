import { z } from 'zod'
import { requiredText } from '../../../web/forms'
import { POLICE_UK_TYPES } from './groups.service'

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)

export const groupForm = z.object({
  label: requiredText('Enter the name of the group', 100),
  key: z.preprocess(
    trimmed,
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,39}$/,
        'Enter a short key: lower-case letters, digits and hyphens, for example acquisitive',
      ),
  ),
  // One checkbox arrives as a string, several as an array.
  types: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
    z.array(z.enum(POLICE_UK_TYPES)).min(1, 'Select at least one crime type'),
  ),
})
