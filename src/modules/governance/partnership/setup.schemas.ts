// The set-up pages' answers, forms and the statutory agencies they ask for.
import { z } from 'zod'
import { always, requiredText } from '../../../web/forms'
import { passwordProblem } from '../../access/passwords'
import { type CspEntry } from '../../performance/reference/ons-reference'
import { EMAIL, type AgencyPlan } from './partnership-setup'

/** The answers so far, kept on the server under the set-up cookie. */
export interface Draft {
  onsCode: string | null
  /** True once "it is not on the list" was chosen. */
  offList: boolean
  authorities: string[]
  name: string | null
  agencies: AgencyPlan[] | null
  admin: { name: string; email: string; passwordHash: string } | null
  touched: number
}

export const COOKIE = 'csp_setup'
export const DRAFT_MINUTES = 120
export const MAX_DRAFTS = 200

/** The statutory agencies the page asks for by name, and what it calls them. */
export const OTHER_STATUTORY: { key: string; label: string; sector: AgencyPlan['sector']; hint: string }[] = [
  {
    key: 'fire',
    label: 'Fire and rescue service',
    sector: 'fire',
    hint: 'For example, Dorset & Wiltshire Fire and Rescue Service',
  },
  {
    key: 'health',
    label: 'Integrated care board (health)',
    sector: 'health',
    hint: 'For example, NHS Bath and North East Somerset, Swindon and Wiltshire ICB',
  },
  {
    key: 'probation',
    label: 'Probation service',
    sector: 'probation',
    hint: 'For example, Probation Service (South West)',
  },
]

export const nameForm = z.object({ name: requiredText("Enter the partnership's name as its minutes write it", 200) })
export const adminFields = {
  adminName: requiredText('Enter your name', 200),
  email: requiredText('Enter your email address', 200).refine(
    (s) => EMAIL.test(s),
    'Enter an email address in the correct format, like name@example.org',
  ),
  password: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
}
export const adminForm = z.object(adminFields).superRefine((v, ctx) => {
  const problem = v.password ? passwordProblem(v.password) : 'Enter a password'
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem })
}, always)
/** Changing the name or email on the way back: the password already chosen is kept. */
export const adminKeepingPassword = z.object(adminFields)

export function cspDescription(e: CspEntry): string {
  return `${e.authorities.map((a) => a.name).join(', ')} · ${e.forces.map((f) => (/police/i.test(f.name) ? f.name : `${f.name} Police`)).join(', ')} · ${e.code}`
}
