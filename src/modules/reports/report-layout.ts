/**
 * A report's model laid out as blocks — headings, paragraphs, bullets, tables, charts — with every
 * figure already written as text. HTML, PDF (printed from the HTML) and Word are all rendered from
 * these blocks, so the three hold the same words and numbers.
 */
import { pClause } from '../../figures'
import { chartText, spcChartSvg } from '../../web/charts/spc-chart'
import { plateauStatusLabels } from '../performance/trends/trends.service'
import { shiftMonth } from '../performance/months'
import { RULES } from './headline-rules'
import type { ReportModel, TrackedMeasure } from './report-model'

export interface Cell {
  text: string
  href?: string
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; id?: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'headlines'; items: { id: string; text: string; figures: string; rule: string; href: string | null }[] }
  | { kind: 'table'; caption: string; head: string[]; rows: Cell[][]; numeric: boolean[] }
  | { kind: 'chart'; id: string; title: string; alt: string; svg: string; map?: boolean }
  | { kind: 'variation'; rows: { label: string; href: string; variation: string; assurance: string; icon: string }[] }
  | { kind: 'notes'; title: string; items: string[] }

export const VARIATION_WORDS: Record<string, string> = {
  common_cause: 'Common cause: no significant change',
  special_cause_improvement: 'Special cause: improvement',
  special_cause_concern: 'Special cause: concern',
  special_cause_neutral_high: 'Special cause: higher (neither better nor worse)',
  special_cause_neutral_low: 'Special cause: lower (neither better nor worse)',
}

export const ASSURANCE_WORDS: Record<string, string> = {
  consistent_pass: 'Will consistently meet the target',
  consistent_fail: 'Will consistently miss the target',
  inconsistent: 'Hit and miss: the target lies within the limits',
  none: 'No target set',
}

/** The Making Data Count icon for a variation, drawn in SVG: a letter in a circle, so it reads without colour. */
export function variationIcon(variation: string): string {
  const [fill, letter] =
    variation === 'special_cause_improvement'
      ? ['#1d70b8', 'I']
      : variation === 'special_cause_concern'
        ? ['#f47738', 'C']
        : variation.startsWith('special_cause_neutral')
          ? ['#4c2c92', 'N']
          : ['#505a5f', '~']
  return `<svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true" focusable="false"><circle cx="14" cy="14" r="12" fill="${fill}"/><text x="14" y="19" text-anchor="middle" font-size="14" font-weight="700" fill="#fff">${letter}</text></svg>`
}

/** A headline's rule by name, for the page ("officer" for one an officer added). */
export const RULE_NAMES: Record<string, string> = { ...RULES, officer: 'Added by an officer' }

const n = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 1 })

export function layoutReport(model: ReportModel, status: { state: 'draft' | 'issued'; version: number }): Block[] {
  const small = (v: number | null): string =>
    v === null
      ? 'not held'
      : model.audience === 'public' && v > 0 && v < model.smallCount && Number.isInteger(v)
        ? `fewer than ${model.smallCount}`
        : n(v)
  const fig = (m: TrackedMeasure, v: number | null) =>
    v === null ? 'not held' : m.unit === '%' ? `${v.toFixed(1)}%` : small(v)
  const change = (m: TrackedMeasure, a: number | null, b: number | null) =>
    a === null || b === null || b === 0
      ? '–'
      : m.unit === '%'
        ? `${a - b >= 0 ? '+' : '−'}${Math.abs(a - b).toFixed(1)} points`
        : `${a - b >= 0 ? '+' : '−'}${Math.abs((100 * (a - b)) / b).toFixed(0)}%`
  const quarterly = model.template === 'quarterly'
  const periodWord = quarterly ? 'quarter' : 'month'
  const out: Block[] = []
  out.push({ kind: 'heading', level: 1, text: model.title, id: 'top' })
  out.push({
    kind: 'paragraph',
    text: `${model.partnership.name}. ${model.audience === 'public' ? 'Public version' : 'Restricted version: not for publication'}. ${
      status.state === 'issued' ? `Issued, version ${status.version}` : `Draft, version ${status.version}`
    }; figures as held on ${model.builtAt.slice(0, 10)}.`,
  })
  out.push({ kind: 'heading', level: 2, text: 'Headlines', id: 'headlines' })
  const live = model.headlines.filter((h) => !h.removed)
  if (live.length)
    out.push({
      kind: 'headlines',
      items: live.map((h) => ({
        id: h.id,
        text: h.text,
        figures: h.figures,
        rule: h.rule === 'officer' ? 'Added by an officer' : (RULES[h.rule as keyof typeof RULES] ?? h.rule),
        href: h.section ? `#${h.section}` : null,
      })),
    })
  else out.push({ kind: 'paragraph', text: 'No headlines.' })

  if (!model.measures.length)
    out.push({
      kind: 'paragraph',
      text: "No priority tracks a crime group or partner measure yet. Link them on each priority's page (Registers, Priorities) and rebuild the report.",
    })
  else {
    out.push({
      kind: 'heading',
      level: 2,
      text: quarterly ? 'Variation and assurance' : `The ${periodWord} at a glance`,
      id: 'summary',
    })
    if (quarterly)
      out.push({
        kind: 'variation',
        rows: model.measures.map((m) => ({
          label: `${m.label} (${m.priority.ref})`,
          href: `#${m.id}`,
          variation: VARIATION_WORDS[m.variation] ?? m.variation,
          assurance: ASSURANCE_WORDS[m.assurance ?? 'none'] ?? '',
          icon: variationIcon(m.variation),
        })),
      })
    out.push({
      kind: 'table',
      caption: quarterly
        ? `Each tracked measure: ${model.period.label} against the same quarter a year before`
        : `Each tracked measure: ${model.period.label} against the month before and the same month a year before`,
      head: quarterly
        ? [
            'Measure',
            'Priority',
            `This ${periodWord}`,
            'Same quarter last year',
            'Change',
            'Rolling 12 months',
            'Variation',
          ]
        : [
            'Measure',
            'Priority',
            'This month',
            'Previous month',
            'Same month last year',
            'Rolling 12 months',
            'Variation',
          ],
      numeric: [false, false, true, true, true, true, false],
      rows: model.measures.map((m) => [
        { text: m.label, href: `#${m.id}` },
        { text: `${m.priority.ref}: ${m.priority.title}` },
        { text: fig(m, m.value) },
        ...(quarterly
          ? [{ text: fig(m, m.lastYear) }, { text: change(m, m.value, m.lastYear) }]
          : [{ text: fig(m, m.previous) }, { text: fig(m, m.lastYear) }]),
        { text: m.rolling12 === null ? '–' : fig(m, m.rolling12) },
        { text: VARIATION_WORDS[m.variation] ?? m.variation },
      ]),
    })
  }

  for (const m of model.measures) {
    out.push({ kind: 'heading', level: 2, text: `${m.label}: ${m.priority.ref}, ${m.priority.title}`, id: m.id })
    const rows: Cell[][] = [
      [{ text: model.period.label }, { text: fig(m, m.value) }],
      [{ text: `${model.period.previous.label} (the ${periodWord} before)` }, { text: fig(m, m.previous) }],
      [{ text: `${model.period.lastYear.label} (a year before)` }, { text: fig(m, m.lastYear) }],
      [{ text: 'Change on a year before' }, { text: change(m, m.value, m.lastYear) }],
    ]
    if (m.test)
      rows.push([
        { text: 'Exact test of the change (conditional, two-sided)' },
        {
          text: `${pClause(m.test.p)}${m.test.lower !== null && m.test.upper !== null ? `; rate ratio 95% interval ${m.test.lower.toFixed(2)} to ${m.test.upper.toFixed(2)}` : ''}`,
        },
      ])
    if (m.rolling12 !== null)
      rows.push([
        { text: 'Rolling 12 months (the 12 before)' },
        { text: `${fig(m, m.rolling12)} (${m.rolling12Before === null ? 'not held' : fig(m, m.rolling12Before)})` },
      ])
    rows.push([{ text: 'Latest month on the chart' }, { text: VARIATION_WORDS[m.variation] ?? m.variation }])
    rows.push([{ text: 'Trend status (§5.4)' }, { text: plateauStatusLabels[m.plateau] ?? m.plateau }])
    out.push({
      kind: 'table',
      caption: `${m.label}: the figures`,
      head: ['Figure', 'Value'],
      numeric: [false, true],
      rows,
    })
    if (m.series.length) {
      const series = {
        title: `${m.label}, ${model.partnership.area}`,
        rows: m.series,
        limits: m.limits,
        unit: m.unit,
        id: `chart-${m.id}`,
      }
      const text = chartText(series)
      const gaps = missingRuns(m.series.map((x) => x.month))
      out.push({
        kind: 'chart',
        id: `chart-${m.id}`,
        title: text.title,
        alt: gaps ? `${text.desc} Months not held are left out (not counted as zero): ${gaps}.` : text.desc,
        svg: spcChartSvg(series),
      })
      out.push({
        kind: 'table',
        caption: `${m.label}: the chart's figures by month`,
        head: ['Month', 'Value', 'Variation'],
        numeric: [false, true, false],
        rows: m.series.map((p) => [
          { text: p.month },
          { text: fig(m, p.value) },
          { text: VARIATION_WORDS[p.variation] ?? p.variation },
        ]),
      })
    }
    if (m.localities.length)
      out.push({
        kind: 'table',
        caption: `${m.label} by locality${listedNote(m.localities.length)}`,
        head: ['Locality', model.period.label, model.period.lastYear.label, 'Change'],
        numeric: [false, true, true, true],
        rows: largest(m.localities).map((l) => [
          { text: l.name },
          { text: small(l.value) },
          { text: small(l.lastYear) },
          { text: change(m, l.value, l.lastYear) },
        ]),
      })
    if (m.missing.length)
      out.push({ kind: 'paragraph', text: `Months of the period not held: ${m.missing.join(', ')}.` })
  }

  for (const h of model.hotspots) {
    out.push({ kind: 'heading', level: 2, text: `${h.label} hotspots`, id: `hotspots-${h.group}` })
    if (h.message) {
      out.push({ kind: 'paragraph', text: h.message })
      continue
    }
    out.push({
      kind: 'paragraph',
      text:
        `${small(h.total)} crimes in ${model.period.label}, compared ${h.noun} by ${h.noun} against the rest of the area${h.setLabel ? ` (${h.setLabel})` : ''}.` +
        (h.unallocated
          ? ` Crimes placed inside the partnership's area but in no ${h.noun}, so not compared: ${small(h.unallocated)}.`
          : ''),
    })
    if (h.map)
      out.push({ kind: 'chart', id: `map-${h.group}`, title: h.map.title, alt: h.map.alt, svg: h.map.svg, map: true })
    out.push({
      kind: 'table',
      caption: `${h.label}: hotspot ${h.noun}s, ${model.period.label}`,
      head: [
        h.noun[0]!.toUpperCase() + h.noun.slice(1),
        'Localities',
        'Crimes',
        'Location quotient',
        'Band',
        'Persistence',
      ],
      numeric: [false, false, true, true, false, false],
      rows: h.rows.length
        ? h.rows.map((r) => [
            { text: r.name },
            { text: r.localities || '–' },
            { text: small(r.count) },
            { text: r.lq === null ? '–' : r.lq.toFixed(2) },
            { text: r.band ?? '–' },
            { text: r.persistence ?? '–' },
          ])
        : [[{ text: `No ${h.noun} stood out` }, { text: '' }, { text: '' }, { text: '' }, { text: '' }, { text: '' }]],
    })
    if (h.byLocality?.length)
      out.push({
        kind: 'table',
        caption: `${h.label} by locality: ${model.period.label} and the same period a year before${listedNote(h.byLocality.length)}`,
        head: ['Locality', model.period.label, model.period.lastYear.label, `Hotspot ${h.noun}s`],
        numeric: [false, true, true, true],
        rows: largest(h.byLocality).map((l) => [
          { text: l.name },
          { text: small(l.value) },
          { text: small(l.lastYear) },
          { text: String(l.hotspots) },
        ]),
      })
  }

  if (model.rural) {
    out.push({ kind: 'heading', level: 2, text: 'Rural crime', id: 'rural' })
    out.push({ kind: 'paragraph', text: `${model.rural.headline}. ${model.rural.detail}` })
  }
  if (model.repeats.length) {
    out.push({ kind: 'heading', level: 2, text: 'Domestic abuse: repeat victims and perpetrators', id: 'repeats' })
    const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`)
    out.push({
      kind: 'table',
      caption: `Repeat rates, ${model.period.label} (a repeat within the 12 months before)`,
      head: ['Measure', 'Victims', 'Repeat victims', 'Repeat perpetrators'],
      numeric: [false, true, true, true],
      rows: model.repeats.map((r) => [
        { text: r.label },
        { text: r.victims === null ? '–' : small(r.victims) },
        { text: pct(r.victimRate) },
        { text: pct(r.perpetratorRate) },
      ]),
    })
  }
  if (quarterly) {
    out.push({ kind: 'heading', level: 2, text: 'Serious Violence Duty interventions', id: 'interventions' })
    if (model.interventions.length)
      out.push({
        kind: 'table',
        caption: 'Interventions and their status',
        head: ['Ref', 'Intervention', 'Lead', 'Status', 'Funding ends'],
        numeric: [false, false, false, false, false],
        rows: model.interventions.map((i) => [
          { text: i.ref },
          { text: i.title },
          { text: i.lead || '–' },
          { text: i.status },
          { text: i.fundingEnds ?? '–' },
        ]),
      })
    else out.push({ kind: 'paragraph', text: 'No interventions are recorded.' })
    out.push({ kind: 'heading', level: 2, text: 'Open actions by owner', id: 'actions' })
    if (model.actions.length)
      out.push({
        kind: 'table',
        caption: 'Open actions, by owner',
        head: ['Owner', 'Action', 'Due'],
        numeric: [false, false, false],
        rows: model.actions.flatMap((o) =>
          o.items.map((a, i) => [
            { text: i === 0 ? o.owner : '' },
            { text: `${a.ref}. ${a.text}` },
            {
              text:
                `${a.due ?? 'Not set'}` + (a.overdue ? `; overdue${a.overdueText ? `: ${a.overdueText}` : ''}` : ''),
            },
          ]),
        ),
      })
    else out.push({ kind: 'paragraph', text: 'No actions are open.' })
  }
  if (model.dhr) {
    out.push({ kind: 'heading', level: 2, text: 'Domestic Homicide Reviews (restricted)', id: 'dhr' })
    out.push({
      kind: 'paragraph',
      text: `${model.dhr.reviews} reviews in the two years to ${model.period.months[model.period.months.length - 1]}; ${model.dhr.overCompletionDeadline} past the completion deadline.`,
    })
    if (model.dhr.byStage.length)
      out.push({
        kind: 'table',
        caption: 'Reviews by stage',
        head: ['Stage', 'Reviews'],
        numeric: [false, true],
        rows: model.dhr.byStage.map((s) => [{ text: s.stage }, { text: String(s.count) }]),
      })
  }
  const months = [...new Set(model.basis.crimeUnits.map((u) => u.month))].sort()
  out.push({
    kind: 'notes',
    title: 'About these figures',
    items: [
      ...model.notes,
      `Built from police.uk crime for ${months.length ? `${months[0]} to ${months[months.length - 1]} (${months.length} months, ${model.basis.crimeUnits.length} force-months)` : 'no months'}; boundaries: ${model.basis.boundarySets.map((b) => b.label).join(', ') || 'none imported (ONS areas stand in)'}.`,
      `Methods: ${model.methods}.`,
    ],
  })
  return out
}

/**
 * Localities listed in a report's tables: all of them up to this many; beyond it (wards standing
 * in for localities across a large force area run to thousands) the ones with the most crime.
 */
const MAX_LOCALITIES = 25

/** The localities a table lists: every one, or the most crime first when there are too many, in name order. */
function largest<T extends { name: string; value: number }>(rows: readonly T[]): T[] {
  if (rows.length <= MAX_LOCALITIES) return [...rows]
  return [...rows]
    .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name))
    .slice(0, MAX_LOCALITIES)
    .sort((a, b) => a.name.localeCompare(b.name))
}

function listedNote(n: number): string {
  return n > MAX_LOCALITIES
    ? ` (the ${MAX_LOCALITIES} with the most crime this period, of ${n.toLocaleString('en-GB')}; the Trends and Hotspots pages list all)`
    : ''
}

/** The months missing between the first and last of a series, as runs: "2024-05 to 2024-12", or "" when none. */
function missingRuns(months: readonly string[]): string {
  const runs: string[] = []
  for (let i = 1; i < months.length; i++) {
    const from = shiftMonth(months[i - 1]!, 1)
    if (from === months[i]) continue
    const to = shiftMonth(months[i]!, -1)
    runs.push(from === to ? from : `${from} to ${to}`)
  }
  return runs.join(', ')
}
