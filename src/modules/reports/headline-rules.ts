/**
 * The headline bullets of a report, drafted from its figures by named rules (no language model,
 * nothing invented). Each rule says what it rests on; the officer may edit, reorder, remove and
 * add before issuing, and the drafted text is kept beside the edited one.
 *
 * The rules never call common-cause variation a rise or a fall: a change is named only when the
 * monthly chart shows special cause in the period (Making Data Count) in the same direction as
 * the change on last year. Small numbers are flagged, not read into.
 */
import { pClause } from '../../figures'
import type { Headline, HotspotSummary, ReportModel, TrackedMeasure } from './report-model'

/** Below this, a count is too small to read a change into (flagged, not interpreted). */
export const SMALL_NUMBERS = 20

export const RULES = {
  change: 'Change on the same period last year, read with the monthly chart',
  small: 'Small numbers',
  plateau: 'Plateau (methods.md §5.4)',
  hotspots: 'Hotspots and their persistence',
  missing: 'Months not held',
  locations: 'Anonymised locations',
} as const

export const n = (v: number): string => v.toLocaleString('en-GB', { maximumFractionDigits: 1 })
const pct = (v: number) => `${Math.round(Math.abs(v))}%`

function figure(m: TrackedMeasure, v: number): string {
  return m.unit === '%' ? `${v.toFixed(1)}%` : n(v)
}

/** The variation in the period's months that is special cause, if any: improvement or concern. */
function specialCause(m: TrackedMeasure, months: readonly string[]): 'improvement' | 'concern' | null {
  const inPeriod = m.series.filter((p) => months.includes(p.month))
  if (inPeriod.some((p) => p.variation === 'special_cause_improvement')) return 'improvement'
  if (inPeriod.some((p) => p.variation === 'special_cause_concern')) return 'concern'
  return null
}

function changeHeadline(m: TrackedMeasure, model: ReportModel): Omit<Headline, 'id'> | null {
  if (m.value === null || m.lastYear === null) return null
  const period = model.template === 'quarterly' ? 'quarter' : 'month'
  const area = model.partnership.area
  const a = m.value
  const b = m.lastYear
  const figures = `${model.period.label}: ${figure(m, a)}; ${model.period.lastYear.label}: ${figure(m, b)}${
    m.test ? `; exact test ${pClause(m.test.p)}` : ''
  }`
  if (m.unit !== '%' && (a < SMALL_NUMBERS || b < SMALL_NUMBERS))
    return {
      rule: 'small',
      section: m.id,
      drafted: `${m.label} in ${area}: ${figure(m, a)} this ${period} against ${figure(m, b)} in the same ${period} last year. These are small numbers, so no change is read into them.`,
      text: '',
      figures,
      removed: false,
    }
  const cause = specialCause(m, model.period.months)
  const fell = a < b
  const goodWay = m.direction === 'neutral' ? null : (m.direction === 'decrease') === fell
  const agrees = cause !== null && a !== b && goodWay !== null && (cause === 'improvement') === goodWay
  const changeWords =
    b === 0
      ? ''
      : m.unit === '%'
        ? ` (${(a - b).toFixed(1)} points)`
        : ` (${fell ? '−' : '+'}${pct((100 * (a - b)) / b)})`
  let drafted: string
  if (agrees && b !== 0) {
    const verb = fell ? 'fell' : 'rose'
    const by = m.unit === '%' ? `${Math.abs(a - b).toFixed(1)} points` : pct((100 * (a - b)) / b)
    const where = particularly(m, fell)
    drafted = `${m.label} in ${area} ${verb} ${by} on the same ${period} last year (${figure(m, b)} → ${figure(m, a)})${where}; beyond normal variation (special cause, ${cause}).`
  } else {
    const tested =
      m.test && m.test.p < 0.05
        ? ' The difference on last year is unlikely to be chance (exact test), but the monthly chart shows no special cause.'
        : ''
    drafted = `${m.label} in ${area}: ${figure(m, a)} this ${period} against ${figure(m, b)} in the same ${period} last year${changeWords}; within normal variation.${tested}`
  }
  return { rule: 'change', section: m.id, drafted, text: '', figures, removed: false }
}

/** ", particularly in X (a → b)": the locality that carries most of a change in its direction. */
function particularly(m: TrackedMeasure, fell: boolean): string {
  const total = (m.value ?? 0) - (m.lastYear ?? 0)
  if (!m.localities.length || total === 0) return ''
  const top = [...m.localities].sort(
    (x, y) => (x.value - x.lastYear) * (fell ? 1 : -1) - (y.value - y.lastYear) * (fell ? 1 : -1),
  )[0]!
  const d = top.value - top.lastYear
  if (d === 0 || d < 0 !== fell || Math.abs(d) < 0.4 * Math.abs(total)) return ''
  return `, particularly in ${top.name} (${n(top.lastYear)} → ${n(top.value)})`
}

function plateauHeadline(m: TrackedMeasure): Omit<Headline, 'id'> | null {
  if (m.plateau !== 'plateau') return null
  const months = m.series.length
  return {
    rule: 'plateau',
    section: m.id,
    drafted: `${m.label} has reached a plateau: no significant trend over the last ${months} months, and no special cause.`,
    text: '',
    figures: `${months} months to ${m.series[m.series.length - 1]?.month ?? ''}; plateau test (Mann–Kendall with Theil–Sen slope)`,
    removed: false,
  }
}

function hotspotHeadline(h: HotspotSummary, model: ReportModel): Omit<Headline, 'id'> | null {
  if (h.message) return null
  const named = h.rows.map((r) => `${r.name}${r.persistence ? ` (${r.persistence})` : ''}`)
  const many = h.noun.endsWith('y') ? `${h.noun.slice(0, -1)}ies` : `${h.noun}s`
  return {
    rule: 'hotspots',
    section: `hotspots-${h.group}`,
    drafted: h.rows.length
      ? `${h.label} hotspots in ${model.period.label}: ${h.rows.length === 1 ? `1 ${h.noun}` : `${h.rows.length} ${many}`}, ${named.join('; ')}.`
      : `${h.label}: no ${h.noun} stood out as a hotspot in ${model.period.label}.`,
    text: '',
    figures: `${n(h.total)} crimes; location quotient against the rest of the area, Benjamini–Hochberg adjusted`,
    removed: false,
  }
}

/** Drafts the headlines of a report from its figures, in the order the board reads them. */
export function draftHeadlines(model: ReportModel): Headline[] {
  const out: Omit<Headline, 'id'>[] = []
  for (const m of model.measures) {
    const c = changeHeadline(m, model)
    if (c) out.push(c)
    const p = plateauHeadline(m)
    if (p) out.push(p)
  }
  for (const h of model.hotspots) {
    const x = hotspotHeadline(h, model)
    if (x) out.push(x)
  }
  const missing = [...new Set(model.measures.flatMap((m) => m.missing))].sort()
  if (missing.length)
    out.push({
      rule: 'missing',
      section: null,
      drafted: `Not yet held for this report: ${missing.join(', ')}. Figures for the period leave those months out.`,
      text: '',
      figures: `${missing.length} month${missing.length === 1 ? '' : 's'}`,
      removed: false,
    })
  if (model.hotspots.length)
    out.push({
      rule: 'locations',
      section: null,
      drafted:
        'police.uk places each crime at an anonymised point near where it happened, so counts by beat and locality are close, not exact.',
      text: '',
      figures: 'police.uk location anonymisation',
      removed: false,
    })
  return out.map((h, i) => ({ ...h, id: `h${i + 1}`, text: h.drafted }))
}
