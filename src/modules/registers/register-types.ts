// The registers' shared types and small rules, used by the service's parts, the routes and the views.
import { type Visibility } from '../access/restriction'
import { longDate } from '../governance/meetings/meeting-date'
import { type DhrReason, type RecommendationLevel, type RecommendationStatus } from './dhr-analysis'
import type { RegisterKind } from './registers.table'
import { type FieldValue } from './register-defs'

export const registerTitles: Record<RegisterKind, string> = {
  priorities: 'Priorities',
  assessments: 'Assessments',
  interventions: 'Serious Violence Duty interventions',
  dhr: 'Domestic Homicide Reviews',
  risks: 'Risk register',
}

export interface DhrDetails {
  notifiedOn: string
  /** Extensions to the completion deadline agreed by the partnership (months, why, when). */
  extensions: { months: number; reason: string; date: string }[]
  /** Why the review was held, its learning themes and the impact on local practice (the analysis reads these). */
  reason?: DhrReason | null
  themes?: string[]
  impact?: string
}

export interface NewRecommendation {
  ref: string | null
  text: string
  level: RecommendationLevel
  agencyId: string | null
  owner: string
  dueDate: string | null
  status: RecommendationStatus
  date: string
}

export interface NewDhr {
  ref: string
  title: string
  notifiedOn: string
  leadAgencyId: string | null
  visibility: Visibility
  userIds: readonly string[]
  groupIds?: readonly string[]
}

/**
 * Why an entry needs looking at today, in words, or null: an intervention still marked as being
 * delivered after its funding ended, a risk past its review date, an assessment past its due date.
 */
export function needsAttention(
  kind: string,
  status: string,
  closed: boolean,
  details: Record<string, FieldValue>,
  today: string,
): string | null {
  if (closed) return null
  const date = (k: string) =>
    typeof details[k] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(details[k]) ? details[k] : null
  const funding = date('fundingEnds')
  if (kind === 'interventions' && status === 'active' && funding && funding < today)
    return `Funding ended on ${longDate(funding)} but it is still marked as being delivered: review it`
  const review = date('reviewDate')
  if (kind === 'risks' && review && review < today) return `Its review was due on ${longDate(review)}`
  const due = date('dueDate')
  if (kind === 'assessments' && due && due < today) return `It was due on ${longDate(due)}`
  return null
}
