/**
 * A Domestic Homicide Review's recommendations (its action plan, methods.md §8.3) and the analysis
 * the reference minutes describe at 7.2: the reasons for holding reviews, the reviews completed,
 * the learning themes, the actions partners took and the impact on local practice, over a window
 * (two years by default). Pure: dates are ISO strings, "today" is passed in.
 */
import { addMonths, daysBetween, dhrStatusLabels, type DhrClock, type DhrStatus } from './dhr-clock'

export const recommendationStatuses = [
  'not_started',
  'in_progress',
  'complete',
  'complete_evidenced',
  'outside_local_control',
  'superseded',
] as const
export type RecommendationStatus = (typeof recommendationStatuses)[number]
export const recommendationStatusLabels: Record<RecommendationStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
  complete_evidenced: 'Complete, with evidence of change',
  outside_local_control: 'Outside local control: national practice',
  superseded: 'Superseded',
}
/** Delivered, for "% complete". */
const DONE: readonly RecommendationStatus[] = ['complete', 'complete_evidenced']
/** Still the partners' to deliver: these can be overdue. */
const OPEN: readonly RecommendationStatus[] = ['not_started', 'in_progress']

export const recommendationLevels = ['local', 'single_agency', 'national'] as const
export type RecommendationLevel = (typeof recommendationLevels)[number]
export const recommendationLevelLabels: Record<RecommendationLevel, string> = {
  local: 'Local (partnership)',
  single_agency: 'Single agency',
  national: 'National',
}

/** Why a review was held: the relationship in s.9 of the 2004 Act, and the 2016 guidance's suicide case. */
export const dhrReasons = ['intimate_partner', 'relative', 'household', 'suicide', 'other'] as const
export type DhrReason = (typeof dhrReasons)[number]
export const dhrReasonLabels: Record<DhrReason, string> = {
  intimate_partner: 'Homicide by a current or former intimate partner',
  relative: 'Homicide by a relative',
  household: 'Homicide by a member of the same household',
  suicide: 'Death by suicide where domestic abuse was present',
  other: 'Other death meeting the criteria',
}

export interface Recommendation {
  ref: string
  text: string
  level: RecommendationLevel
  agency: string | null
  owner: string
  dueDate: string | null
  status: RecommendationStatus
  statusSince: string
  evidence: string
}

/** Overdue: still the partners' to deliver and past its due date. Days past due, or null. */
export function recommendationOverdue(r: Pick<Recommendation, 'status' | 'dueDate'>, today: string): number | null {
  if (!r.dueDate || !OPEN.includes(r.status) || today <= r.dueDate) return null
  return daysBetween(r.dueDate, today)
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/**
 * The action plan's figures (methods.md §8.3): % complete and % overdue of the recommendations that
 * count (superseded ones left out), the median days overdue, and how many are outside local control.
 */
export function recommendationFigures(recs: readonly Pick<Recommendation, 'status' | 'dueDate'>[], today: string) {
  const counted = recs.filter((r) => r.status !== 'superseded')
  const overdue = counted.map((r) => recommendationOverdue(r, today)).filter((d): d is number => d !== null)
  const complete = counted.filter((r) => DONE.includes(r.status)).length
  const pct = (n: number) => (counted.length ? Math.round((1000 * n) / counted.length) / 10 : null)
  return {
    total: recs.length,
    counted: counted.length,
    complete,
    percentComplete: pct(complete),
    overdue: overdue.length,
    percentOverdue: pct(overdue.length),
    medianDaysOverdue: median(overdue),
    outsideLocalControl: counted.filter((r) => r.status === 'outside_local_control').length,
    byStatus: recommendationStatuses.map((s) => ({
      status: s,
      label: recommendationStatusLabels[s],
      count: recs.filter((r) => r.status === s).length,
    })),
  }
}

export interface ReviewForAnalysis {
  id: string
  ref: string
  title: string
  reason: DhrReason | null
  themes: readonly string[]
  impact: string
  clock: DhrClock
  /** The day the review closed (published, not published, did not meet the criteria, transferred), or null while open. */
  closedOn: string | null
  recommendations: readonly Recommendation[]
}

/** The window the analysis covers: `months` back from `to` (the minutes' "past two years" is 24). */
export function analysisWindow(to: string, months = 24) {
  return { from: addMonths(to, -months), to }
}

/**
 * The analysis over [from, to]: the reviews live at any time in it (notified by `to`, not closed
 * before `from`), why they were held, which were completed (reached the Quality Assurance Panel) in
 * it, the learning themes across them (case and spacing ignored, the first spelling kept), the
 * recommendations and what became of them, and the impact recorded.
 */
export function dhrAnalysis(
  reviews: readonly ReviewForAnalysis[],
  window: { from: string; to: string },
  today: string,
) {
  const inWindow = reviews.filter(
    (r) => r.clock.notifiedOn <= window.to && (r.closedOn === null || r.closedOn >= window.from),
  )
  const notified = inWindow.filter((r) => r.clock.notifiedOn >= window.from)
  const completed = inWindow.filter(
    (r) => r.clock.completedOn && r.clock.completedOn >= window.from && r.clock.completedOn <= window.to,
  )
  const reasons = dhrReasons
    .map((reason) => ({
      reason,
      label: dhrReasonLabels[reason],
      refs: inWindow.filter((r) => r.reason === reason).map((r) => r.ref),
    }))
    .concat([
      {
        reason: 'not_recorded' as DhrReason,
        label: 'Not recorded',
        refs: inWindow.filter((r) => !r.reason).map((r) => r.ref),
      },
    ])
    .filter((x) => x.refs.length > 0)
  const themes = new Map<string, { theme: string; refs: string[] }>()
  for (const r of inWindow) {
    for (const raw of r.themes) {
      const key = raw.trim().replace(/\s+/g, ' ').toLowerCase()
      if (!key) continue
      const t = themes.get(key) ?? { theme: raw.trim().replace(/\s+/g, ' '), refs: [] }
      if (!t.refs.includes(r.ref)) t.refs.push(r.ref)
      themes.set(key, t)
    }
  }
  const recs = inWindow.flatMap((r) =>
    r.recommendations.map((x) => ({
      ...x,
      review: r.ref,
      reviewId: r.id,
      daysOverdue: recommendationOverdue(x, today),
    })),
  )
  const byStage = Object.entries(dhrStatusLabels)
    .map(([status, label]) => ({
      status: status as DhrStatus,
      label,
      count: inWindow.filter((r) => r.clock.status === status).length,
    }))
    .filter((s) => s.count > 0)
  return {
    window,
    reviews: inWindow.length,
    notified: notified.length,
    byStage,
    reasons,
    completed: completed.map((r) => ({
      id: r.id,
      ref: r.ref,
      title: r.title,
      completedOn: r.clock.completedOn!,
      status: r.clock.status,
      statusLabel: dhrStatusLabels[r.clock.status],
      recommendations: r.recommendations.length,
    })),
    /** Reviews that went past the completion deadline (or are past it now). */
    overCompletionDeadline: inWindow
      .filter((r) => r.clock.completionDue && (r.clock.completedOn ?? today) > r.clock.completionDue)
      .map((r) => r.ref),
    themes: [...themes.values()].sort((a, b) => b.refs.length - a.refs.length || a.theme.localeCompare(b.theme)),
    figures: recommendationFigures(recs, today),
    byLevel: recommendationLevels
      .map((level) => ({
        level,
        label: recommendationLevelLabels[level],
        count: recs.filter((r) => r.level === level).length,
      }))
      .filter((l) => l.count > 0),
    outsideLocalControl: recs.filter((r) => r.status === 'outside_local_control'),
    overdue: recs.filter((r) => r.daysOverdue !== null).sort((a, b) => b.daysOverdue! - a.daysOverdue!),
    impact: [
      ...inWindow
        .filter((r) => r.impact.trim())
        .map((r) => ({ review: r.ref, reviewId: r.id, source: 'Review', text: r.impact.trim() })),
      ...recs
        .filter((r) => r.status === 'complete_evidenced' && r.evidence.trim())
        .map((r) => ({
          review: r.review,
          reviewId: r.reviewId,
          source: `Recommendation ${r.ref}`,
          text: r.evidence.trim(),
        })),
    ],
  }
}
export type DhrAnalysis = ReturnType<typeof dhrAnalysis>
