// The period a report covers: a month (monthly operational) or a quarter (quarterly partnership).
import { RuleError } from '../../errors'
import { MONTH, monthsBetween, shiftMonth } from '../performance/months'
import { MONTH_NAMES, monthText as monthLabel } from '../governance/meetings/meeting-date'

export type ReportTemplate = 'monthly' | 'quarterly'

export interface ReportPeriod {
  /** 2025-03 or 2025-Q1. */
  key: string
  /** "March 2025", "January to March 2025". */
  label: string
  months: string[]
  /** The same period a year before. */
  lastYear: { key: string; label: string; months: string[] }
  /** The period before (the previous month; the previous quarter). */
  previous: { key: string; label: string; months: string[] }
}

const QUARTER = /^(\d{4})-Q([1-4])$/i

function quarterOf(key: string) {
  const m = QUARTER.exec(key)!
  const year = Number(m[1])
  const q = Number(m[2])
  const first = `${year}-${String(3 * q - 2).padStart(2, '0')}`
  const months = monthsBetween(first, shiftMonth(first, 2))
  const label = `${MONTH_NAMES[3 * q - 3]} to ${MONTH_NAMES[3 * q - 1]} ${year}`
  return { key: `${year}-Q${q}`, label, months }
}

/** The period of a template from its key, refused with what to write when it is not one. */
export function reportPeriod(template: ReportTemplate, key: string): ReportPeriod {
  if (template === 'monthly') {
    if (!MONTH.test(key)) throw new RuleError(`"${key}" is not a month: write it YYYY-MM, e.g. 2025-03.`, 'period')
    const one = (m: string) => ({ key: m, label: monthLabel(m), months: [m] })
    return { ...one(key), lastYear: one(shiftMonth(key, -12)), previous: one(shiftMonth(key, -1)) }
  }
  if (!QUARTER.test(key))
    throw new RuleError(`"${key}" is not a quarter: write it YYYY-Qn, e.g. 2025-Q1 (January to March).`, 'period')
  const here = quarterOf(key)
  const shiftQuarter = (by: number) => {
    const start = shiftMonth(here.months[0]!, 3 * by)
    return quarterOf(`${start.slice(0, 4)}-Q${(Number(start.slice(5)) + 2) / 3}`)
  }
  return { ...here, lastYear: shiftQuarter(-4), previous: shiftQuarter(-1) }
}

/** The quarter a month falls in, e.g. 2025-Q1 for 2025-02. */
export function quarterOfMonth(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`
}
