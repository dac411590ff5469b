/**
 * The statutory clock of a Domestic Homicide Review (methods.md §8.2–8.3; 2016 guidance): the
 * partnership decides whether to hold a review within a month of notification, completes it within
 * six months of that decision (plus extensions agreed, and time paused for criminal proceedings if
 * local policy stops the clock), and publishes after the Home Office Quality Assurance Panel
 * approves. Pure: dates are ISO strings, "today" is passed in.
 */

import { addDays } from '../governance/meetings/meeting-date'

export const dhrStatuses = [
  'notified',
  'decision_pending',
  'ongoing',
  'paused',
  'submitted_qa',
  'qa_revisions',
  'approved',
  'published',
  'not_published',
  'not_met',
  'transferred',
] as const
export type DhrStatus = (typeof dhrStatuses)[number]

export const dhrStatusLabels: Record<DhrStatus, string> = {
  notified: 'Notification received',
  decision_pending: 'Deciding whether the criteria are met',
  ongoing: 'Review ongoing',
  paused: 'Paused for criminal proceedings',
  submitted_qa: 'Submitted to the Home Office Quality Assurance Panel',
  qa_revisions: 'Revisions asked for by the Quality Assurance Panel',
  approved: 'Approved by the Quality Assurance Panel',
  published: 'Published',
  not_published: 'Approved, not published',
  not_met: 'Did not meet the criteria',
  transferred: 'Transferred to another partnership',
}

/** Where a review may go next from each stage. */
export const dhrTransitions: Record<DhrStatus, readonly DhrStatus[]> = {
  notified: ['decision_pending', 'ongoing', 'not_met', 'transferred'],
  decision_pending: ['ongoing', 'not_met', 'transferred'],
  ongoing: ['paused', 'submitted_qa', 'transferred'],
  paused: ['ongoing'],
  submitted_qa: ['qa_revisions', 'approved'],
  qa_revisions: ['submitted_qa'],
  approved: ['published', 'not_published'],
  not_published: ['published'],
  published: [],
  not_met: [],
  transferred: [],
}

/** The decision whether to hold a review: made by the first move to one of these. */
const DECIDED: readonly DhrStatus[] = ['ongoing', 'not_met', 'transferred']
const CLOSED: readonly DhrStatus[] = ['published', 'not_published', 'not_met', 'transferred']

export interface DhrSettings {
  decisionDueMonths: number
  completionDueMonths: number
  /** Local policy: days from the Panel's approval to publication. */
  publicationDueDays: number
  /** Whether time paused for criminal proceedings stops the completion clock. */
  pauseStopsClock: boolean
}

export const defaultDhrSettings: DhrSettings = {
  decisionDueMonths: 1,
  completionDueMonths: 6,
  publicationDueDays: 30,
  pauseStopsClock: true,
}

export interface DhrEvent {
  status: DhrStatus
  /** The day it happened (YYYY-MM-DD). */
  date: string
}

export interface DhrClock {
  status: DhrStatus
  statusSince: string
  daysInStatus: number
  notifiedOn: string
  decidedOn: string | null
  decisionDue: string
  completionDue: string | null
  completedOn: string | null
  approvedOn: string | null
  publicationDue: string | null
  pausedDays: number
  extensionMonths: number
  overdue: { decision: boolean; completion: boolean; publication: boolean }
  /** Days past the deadline that is overdue now, or null. */
  daysOverdue: number | null
  closed: boolean
}

const DAY = 86400000
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`)
const iso = (d: Date) => d.toISOString().slice(0, 10)
export const daysBetween = (a: string, b: string) => Math.round((toDate(b).getTime() - toDate(a).getTime()) / DAY)
export { addDays }

/** Calendar months, clamped to the month's last day (31 January + 1 month = 28 or 29 February). */
export function addMonths(a: string, n: number): string {
  const d = toDate(a)
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth() + n
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  return iso(new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last))))
}

/**
 * Whether a move to `to` on `date` may follow the history: a known stage, reachable from the
 * current one, not before the last event and not in the future. Returns the reason when not.
 */
export function checkDhrMove(history: readonly DhrEvent[], to: string, date: string, today: string): string | null {
  if (!(dhrStatuses as readonly string[]).includes(to))
    return `"${to}" is not a DHR stage. Use one of: ${dhrStatuses.join(', ')}.`
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(toDate(date).getTime()))
    return `"${date}" is not a date written YYYY-MM-DD.`
  if (date > today) return `${date} is in the future: record a stage when it has happened.`
  const last = history.at(-1)
  if (!last) return to === 'notified' ? null : 'A review starts with its notification.'
  const allowed = dhrTransitions[last.status]
  if (!allowed.includes(to as DhrStatus)) {
    return `A review that is "${dhrStatusLabels[last.status]}" cannot become "${dhrStatusLabels[to as DhrStatus]}"${allowed.length ? `: next comes ${allowed.map((s) => `"${dhrStatusLabels[s]}"`).join(' or ')}` : ': it is closed'}.`
  }
  if (date < last.date)
    return `"${dhrStatusLabels[to as DhrStatus]}" on ${date} would come before "${dhrStatusLabels[last.status]}" on ${last.date}. Check the dates.`
  return null
}

export function dhrClock(
  history: readonly DhrEvent[],
  today: string,
  settings: DhrSettings = defaultDhrSettings,
  extensionMonths = 0,
): DhrClock {
  if (history.length === 0 || history[0]!.status !== 'notified')
    throw new Error('A review starts with its notification.')
  const notifiedOn = history[0]!.date
  const current = history.at(-1)!
  const decidedOn = history.find((e) => DECIDED.includes(e.status))?.date ?? null
  const commissioned = history.some((e) => e.status === 'ongoing')
  const completedOn = history.find((e) => e.status === 'submitted_qa')?.date ?? null
  const approvedOn = history.find((e) => e.status === 'approved')?.date ?? null

  // Days paused for criminal proceedings, up to completion (or today while still paused).
  let pausedDays = 0
  history.forEach((e, i) => {
    if (e.status !== 'paused') return
    const end = history[i + 1]?.date ?? today
    pausedDays += Math.max(0, daysBetween(e.date, end))
  })

  const decisionDue = addMonths(notifiedOn, settings.decisionDueMonths)
  const completionDue =
    decidedOn && commissioned
      ? addDays(
          addMonths(decidedOn, settings.completionDueMonths + extensionMonths),
          settings.pauseStopsClock ? pausedDays : 0,
        )
      : null
  const publicationDue = approvedOn ? addDays(approvedOn, settings.publicationDueDays) : null
  const overdue = {
    decision: !decidedOn && today > decisionDue,
    completion: !!completionDue && !completedOn && current.status !== 'transferred' && today > completionDue,
    publication: !!publicationDue && current.status === 'approved' && today > publicationDue,
  }
  const due = overdue.decision
    ? decisionDue
    : overdue.completion
      ? completionDue
      : overdue.publication
        ? publicationDue
        : null
  return {
    status: current.status,
    statusSince: current.date,
    daysInStatus: daysBetween(current.date, today),
    notifiedOn,
    decidedOn,
    decisionDue,
    completionDue,
    completedOn,
    approvedOn,
    publicationDue,
    pausedDays,
    extensionMonths,
    overdue,
    daysOverdue: due ? daysBetween(due, today) : null,
    closed: CLOSED.includes(current.status),
  }
}
