import { z } from 'zod'
import { optionalText, requiredText } from '../../../web/forms'

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)

export const measureForm = z.object({
  label: requiredText('Enter the name of the measure', 200),
  key: z.preprocess(
    trimmed,
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,39}$/,
        'Enter a short key: lower-case letters, digits and hyphens, for example fly-tipping',
      ),
  ),
  kind: z.enum(['series', 'da_cases'], { error: 'Select what the partner supplies' }),
  direction: z.enum(['increase', 'decrease', 'neutral'], { error: 'Select which way is better' }),
  owner: optionalText(200),
  description: optionalText(1000),
  target: z
    .preprocess(
      trimmed,
      z.union([z.literal(''), z.string().regex(/^-?\d+(\.\d+)?$/, 'Enter the target as a number, or leave it blank')]),
    )
    .transform((s) => (s === '' ? null : Number(s))),
})

export const valueForm = z.object({
  month: z.preprocess(
    trimmed,
    z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Enter the month as YYYY-MM, for example 2025-03'),
  ),
  value: z.preprocess(trimmed, z.string().regex(/^-?\d+(\.\d+)?$/, 'Enter the value as a number')).transform(Number),
  denominator: z
    .preprocess(
      trimmed,
      z.union([
        z.literal(''),
        z.string().regex(/^\d+(\.\d+)?$/, 'Enter the denominator as a number above zero, or leave it blank'),
      ]),
    )
    .transform((s) => (s === '' ? null : Number(s))),
})
