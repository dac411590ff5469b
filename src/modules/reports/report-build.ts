/**
 * Builds a report's model from the partnership's data: the crime groups and partner measures its
 * priorities track (R1 links), hotspots, the rural verdict, repeat rates, Serious Violence Duty
 * interventions, open actions and (restricted version only) DHR figures. What it reads is listed
 * in the model's basis, so a later rebuild can say what changed.
 */
import type { ActionsService } from '../governance/actions/actions.service'
import type { PartnershipService } from '../governance/partnership/partnership.service'
import type { RegistersService } from '../registers/registers.service'
import type { BoundariesService } from '../performance/boundaries/boundaries.service'
import type { CrimesService } from '../performance/crimes/crimes.service'
import type { LayerCounts } from '../performance/crimes/crime-types'
import type { HotspotsService } from '../performance/hotspots/hotspots.service'
import type { MeasuresService } from '../performance/measures/measures.service'
import type { RuralService } from '../performance/rural/rural.service'
import type { TrendsService } from '../performance/trends/trends.service'
import { compareCounts } from '../../stats/significance'
import { shiftMonth } from '../performance/months'
import { areaNoun, BAND_COLOURS, bandRange, type HotspotResult } from '../performance/hotspots/hotspots.service'
import { LQ_BANDS, LQ_DEFAULTS } from '../../stats/lq'
import type { MultiPolygon } from '../../geo/polygon-index'
import { areaMapSvg } from '../../web/charts/area-map'
import { RuleError } from '../../errors'
import { draftHeadlines } from './headline-rules'
import type { Audience, HotspotSummary, MonthPoint, ReportModel, TrackedMeasure } from './report-model'
import { reportPeriod, type ReportTemplate } from './report-period'

/** Counts under this are shown as "fewer than 5" in the public version (the usual statistical disclosure rule). */
export const SMALL_COUNT = 5
/** Which version of the methods (docs/methods.md) the figures follow: stored with each report. */
export const METHODS_VERSION =
  'methods.md 2026-12: XmR limits and Making Data Count rules (7-point runs), exact conditional test for two counts, location quotients with Benjamini–Hochberg, rural decision §3.5'

/** What a report reads: the services it is built from (the container's, in the app). */
export interface ReportSources {
  partnership: Pick<PartnershipService, 'current'>
  crimes: Pick<CrimesService, 'units' | 'layerCounts'>
  trends: Pick<TrendsService, 'compute'>
  hotspots: Pick<HotspotsService, 'compute'>
  rural: Pick<RuralService, 'compute'>
  measures: Pick<MeasuresService, 'list' | 'find' | 'chart' | 'daRates'>
  registers: Pick<RegistersService, 'list' | 'dhrAnalysis'>
  actions: Pick<ActionsService, 'open'>
  boundaries: Pick<BoundariesService, 'sets' | 'layerShapes' | 'inEffect' | 'areas'>
}

export interface BuildRequest {
  template: ReportTemplate
  period: string
  audience: Audience
}

const sum = (xs: readonly (number | null)[]): number | null =>
  xs.some((x) => x === null) ? null : xs.reduce<number>((s, x) => s + x!, 0)

/** Where a build has got to: the step in words, and how many of how many are done. */
export type BuildProgress = (p: { step: string; done: number; total: number }) => void

/** The period read and checked against the months held, before any work: a bad request fails here, at its field. */
export async function checkRequest(services: Pick<ReportSources, 'crimes'>, partnershipId: string, req: BuildRequest) {
  const period = reportPeriod(req.template, req.period)
  const units = await services.crimes.units(partnershipId)
  const held = new Set(units.map((u) => u.month))
  if (!units.some((u) => period.months.includes(u.month)))
    throw new RuleError(
      `No police.uk crime is held for ${period.label}. Import it on the Data page (or csp crimes import) first; months held: ${[...held].sort().join(', ') || 'none'}.`,
      'period',
    )
  return { period, units, held }
}

export async function buildReport(
  services: ReportSources,
  partnershipId: string,
  req: BuildRequest,
  now: Date,
  progress: BuildProgress = () => {},
): Promise<ReportModel> {
  const { period, units, held } = await checkRequest(services, partnershipId, req)
  const partnership = await services.partnership.current()
  const end = period.months[period.months.length - 1]!
  const priorities = (await services.registers.list(partnershipId, 'priorities')).filter((p) => !p.closed)
  // What each priority tracks, once each: a crime group, then its partner measures.
  const tracked: { kind: 'group' | 'measure'; key: string; priority: TrackedMeasure['priority'] }[] = []
  const seen = new Set<string>()
  for (const p of priorities) {
    const priority = { ref: p.ref, title: p.title }
    const group = typeof p.details.trendGroup === 'string' ? p.details.trendGroup : ''
    if (group && !seen.has(`g:${group}`)) {
      seen.add(`g:${group}`)
      tracked.push({ kind: 'group', key: group, priority })
    }
    for (const key of Array.isArray(p.details.measures) ? p.details.measures.map(String) : []) {
      if (seen.has(`m:${key}`)) continue
      seen.add(`m:${key}`)
      tracked.push({ kind: 'measure', key, priority })
    }
  }
  const total = tracked.length + 2 + (req.template === 'quarterly' ? 1 : 0) + 1
  let done = 0
  // Each step lets the event loop run first: with SQLite every query is synchronous, and without
  // this the server would answer nobody (not even the progress page) until the build ended.
  const step = async (text: string) => {
    progress({ step: text, done: done++, total })
    await new Promise((resolve) => setImmediate(resolve))
  }
  // Counts by locality are read once, every type over both periods, and shared by every section:
  // without imported localities they come from police.uk's LSOA column, a scan of the rows.
  let localityRows: Promise<LayerCounts> | null = null
  const byLocality = () =>
    (localityRows ??= services.crimes.layerCounts(partnershipId, 'locality', {
      from: period.lastYear.months[0],
      to: end,
    }))
  const measures: TrackedMeasure[] = []
  for (const t of tracked) {
    await step(
      `Working out the figures for ${t.priority.ref}, ${t.priority.title}${t.kind === 'measure' ? ` (partner measure ${t.key})` : ''}`,
    )
    const m =
      t.kind === 'group'
        ? await crimeMeasure(services, partnershipId, t.key, t.priority, period, end, held, measures.length, byLocality)
        : await partnerMeasure(services, partnershipId, t.key, t.priority, period, end, measures.length)
    if (m) measures.push(m)
  }
  const hotspots: HotspotSummary[] = []
  for (const group of ['asb', 'violence']) {
    await step(`Finding the ${group === 'asb' ? 'anti-social behaviour' : 'violence'} hotspots and drawing their map`)
    const r = await services.hotspots.compute(partnershipId, {
      group,
      by: 'beat',
      from: period.months[0],
      to: end,
    })
    const noun = areaNoun(r)
    hotspots.push({
      group,
      label: r.group.label,
      noun: noun.one,
      setLabel: r.set?.label ?? r.layer?.label ?? null,
      total: r.typeTotal,
      unallocated: r.unallocated.type,
      message: r.message,
      rows: r.rows
        .filter((x) => x.hotspot)
        .sort((a, b) => (b.lq ?? 0) - (a.lq ?? 0))
        .map((x) => ({
          code: x.area_code,
          name: x.area_name,
          count: x.type_count,
          lq: x.lq,
          band: x.band_text ?? x.band,
          persistence: x.persistence,
          localities: x.localities.map((l) => l.name).join(', '),
        })),
      byLocality: r.message
        ? []
        : localityCounts(await byLocality(), new Set(r.group.types), period).map((l) => ({
            ...l,
            hotspots: r.rows.filter((x) => x.hotspot && x.localities.some((y) => y.name === l.name)).length,
          })),
      map: r.message ? null : await hotspotMap(services, partnershipId, r),
    })
  }
  let rural: ReportModel['rural'] = null
  if (req.template === 'quarterly') {
    await step('Making the rural verdict (two years to the period’s end)')
    try {
      // The §3.5 window: the two years to the period's end.
      const r = await services.rural.compute(partnershipId, { to: end })
      rural = r.verdict ?? (r.message ? { headline: 'No rural verdict', detail: r.message } : null)
    } catch (e) {
      if (!(e instanceof RuleError)) throw e
      rural = { headline: 'The rural verdict could not be made', detail: e.message }
    }
  }
  await step('Reading repeat rates, interventions and open actions')
  const repeats: ReportModel['repeats'] = []
  for (const m of await services.measures.list(partnershipId)) {
    if (m.kind !== 'da_cases') continue
    const r = await services.measures.daRates(m.id, `${period.months[0]}-01`, `${end}-31`)
    repeats.push({
      label: m.label,
      victims: r.victims,
      victimRate: r.repeatVictimRate,
      perpetratorRate: r.repeatPerpetratorRate,
    })
  }
  const interventions = (await services.registers.list(partnershipId, 'interventions')).map((e) => ({
    ref: e.ref,
    title: e.title,
    status: e.statusLabel,
    lead: e.lead_agency ?? e.owner_name ?? '',
    fundingEnds: typeof e.details.fundingEnds === 'string' ? e.details.fundingEnds : null,
  }))
  const byOwner = new Map<string, ReportModel['actions'][number]['items']>()
  for (const a of await services.actions.open(partnershipId)) {
    const owner = a.ownersText || 'No owner named'
    const items = byOwner.get(owner) ?? []
    items.push({
      ref: String(a.ref),
      text: a.title,
      due: a.targetText,
      overdue: a.overdue,
      overdueText: a.overdueText,
    })
    byOwner.set(owner, items)
  }
  const actions = [...byOwner].sort(([a], [b]) => a.localeCompare(b)).map(([owner, items]) => ({ owner, items }))
  let dhr: ReportModel['dhr'] = null
  if (req.audience === 'restricted' && req.template === 'quarterly') {
    // The reviews the reader may see over the two years to the period's end, as the DHR analysis counts them.
    const a = await services.registers.dhrAnalysis(partnershipId, {
      from: `${shiftMonth(end, -23)}-01`,
      to: `${end}-31`,
    })
    dhr = {
      reviews: a.reviews,
      overCompletionDeadline: a.overCompletionDeadline.length,
      byStage: a.byStage.map((x) => ({ stage: x.label, count: x.count })),
    }
  }
  const boundarySets = (await services.boundaries.sets(partnershipId)).map((s) => ({
    id: s.id,
    layer: s.layer,
    label: s.label,
  }))
  const notes = [
    'Crime figures are police.uk street-level data: each crime is placed at an anonymised point near where it happened, and a month is published about two months after it ends.',
    ...(req.audience === 'public'
      ? [
          `This is the public version: restricted records are left out, and counts under ${SMALL_COUNT} are shown as "fewer than ${SMALL_COUNT}".`,
        ]
      : ['This version holds restricted records: do not publish it.']),
  ]
  const model: ReportModel = {
    schema: 1,
    template: req.template,
    title: `${req.template === 'quarterly' ? 'Quarterly partnership report' : 'Monthly operational report'}: ${period.label}`,
    partnership: { name: partnership.name, area: partnership.area_name || partnership.name },
    period,
    audience: req.audience,
    builtAt: now.toISOString(),
    methods: METHODS_VERSION,
    basis: {
      crimeUnits: units
        .filter((u) => u.month >= shiftMonth(end, -35) && u.month <= end)
        .map((u) => ({ force: u.force, month: u.month, importId: u.import_id, rows: u.rows }))
        .sort((a, b) => (a.month + a.force).localeCompare(b.month + b.force)),
      boundarySets,
      measures: measures
        .filter((m) => m.kind === 'partner')
        .map((m) => ({ key: m.key, label: m.label, updatedAt: null })),
    },
    smallCount: SMALL_COUNT,
    measures,
    hotspots,
    rural,
    repeats,
    interventions,
    actions,
    dhr,
    notes,
    headlines: [],
  }
  model.headlines = draftHeadlines(model)
  progress({ step: 'Drafting the headlines', done: total, total })
  return model
}

async function crimeMeasure(
  services: ReportSources,
  partnershipId: string,
  group: string,
  priority: TrackedMeasure['priority'],
  period: ReturnType<typeof reportPeriod>,
  end: string,
  held: ReadonlySet<string>,
  index: number,
  byLocality: () => Promise<LayerCounts>,
): Promise<TrackedMeasure> {
  const t = await services.trends.compute(partnershipId, { group, to: end })
  const byMonth = new Map(t.rows.map((r) => [r.month, r]))
  const value = (m: string) => (held.has(m) ? (byMonth.get(m)?.value ?? null) : null)
  const lastYearOf = (m: string) =>
    held.has(shiftMonth(m, -12)) ? (byMonth.get(m)?.same_month_last_year ?? null) : null
  const a = sum(period.months.map(value))
  const b = sum(period.months.map(lastYearOf))
  const prev = sum(period.previous.months.map((m) => (byMonth.has(m) ? byMonth.get(m)!.value : null)))
  const last = byMonth.get(end)
  // Counts by locality for the period and the same period last year, for "particularly in…".
  const localities = localityCounts(await byLocality(), new Set(t.group.types), period)
  const series: MonthPoint[] = t.rows.map((r) => ({
    month: r.month,
    value: r.value,
    signal: r.signal || null,
    variation: r.variation,
  }))
  const test = a !== null && b !== null ? compareCounts(a, b) : null
  return {
    id: `m${index + 1}`,
    kind: 'crime',
    priority,
    key: t.group.key,
    label: t.group.label,
    unit: '',
    direction: t.direction,
    series,
    limits: t.chart.limits,
    variation: last?.variation ?? 'common_cause',
    assurance: t.chart.assurance,
    plateau: t.plateau.status,
    value: a,
    lastYear: b,
    previous: prev,
    test: test && { p: test.p, changePct: test.changePct, lower: test.lower, upper: test.upper },
    rolling12: last?.rolling_12 ?? null,
    rolling12Before:
      last?.rolling_12 != null && last.rolling_12_change_pct != null
        ? Math.round(last.rolling_12 / (1 + last.rolling_12_change_pct / 100))
        : null,
    localities,
    missing: period.months.filter((m) => !held.has(m)),
  }
}

async function partnerMeasure(
  services: ReportSources,
  partnershipId: string,
  key: string,
  priority: TrackedMeasure['priority'],
  period: ReturnType<typeof reportPeriod>,
  end: string,
  index: number,
): Promise<TrackedMeasure | null> {
  let m
  try {
    m = await services.measures.find(partnershipId, key)
  } catch {
    return null
  }
  const c = await services.measures.chart(m.id)
  const upto = c.points.map((p, i) => ({ p, s: c.chart.points[i]! })).filter((x) => x.p.month <= end)
  const series: MonthPoint[] = upto.slice(-24).map((x) => ({
    month: x.p.month,
    value: x.p.value,
    signal: x.s.signal,
    variation: x.s.variation,
  }))
  const byMonth = new Map(c.points.map((p) => [p.month, p.value]))
  const rate = m.kind === 'da_cases'
  const of = (months: readonly string[]) => {
    const vals = months.map((mm) => byMonth.get(mm) ?? null)
    const total = sum(vals)
    return total === null ? null : rate ? total / months.length : total
  }
  const a = of(period.months)
  const b = of(period.lastYear.months)
  const last12 = Array.from({ length: 12 }, (_, k) => shiftMonth(end, -k))
  const before12 = last12.map((mm) => shiftMonth(mm, -12))
  const test = !rate && a !== null && b !== null ? compareCounts(a, b) : null
  return {
    id: `m${index + 1}`,
    kind: 'partner',
    priority,
    key: m.key,
    label: m.label,
    unit: rate ? '%' : '',
    direction: m.direction,
    series,
    limits: c.chart.limits,
    variation: series[series.length - 1]?.variation ?? 'common_cause',
    assurance: c.chart.assurance,
    plateau: c.plateau.status,
    value: a,
    lastYear: b,
    previous: of(period.previous.months),
    test: test && { p: test.p, changePct: test.changePct, lower: test.lower, upper: test.upper },
    rolling12: rate ? null : of(last12),
    rolling12Before: rate ? null : of(before12),
    localities: [],
    missing: period.months.filter((mm) => !byMonth.has(mm)),
  }
}

/**
 * A crime group's counts by locality for the period and the same period last year, from the
 * report's one count by locality (every type, both periods): none without localities.
 */
function localityCounts(
  layered: LayerCounts,
  types: ReadonlySet<string>,
  period: ReturnType<typeof reportPeriod>,
): TrackedMeasure['localities'] {
  if (!layered.layer) return []
  const totals = new Map<string, { name: string; value: number; lastYear: number }>()
  for (const c of layered.counts) {
    if (c.area_code === 'unallocated' || !types.has(c.crime_type)) continue
    const row = totals.get(c.area_code) ?? { name: c.area_name, value: 0, lastYear: 0 }
    if (period.months.includes(c.month)) row.value += c.count
    else if (period.lastYear.months.includes(c.month)) row.lastYear += c.count
    totals.set(c.area_code, row)
  }
  return [...totals.values()].sort((x, y) => x.name.localeCompare(y.name))
}

/** Where a report's maps come from, and what they cannot show. */
export const MAP_ATTRIBUTION = 'Boundaries: police.uk and ONS. Crime: police.uk. Open Government Licence v3.0.'
export const MAP_CAVEAT =
  'police.uk moves each crime to an anonymised point near where it happened: small areas are approximate.'
/** Hotspots named on a map; the rest are named in the table beside it. */
const MAP_LABELS = 12

/** The hotspot map as a static SVG: areas by LQ band, hotspots outlined and named, localities dashed and named. */
async function hotspotMap(
  services: ReportSources,
  partnershipId: string,
  r: HotspotResult,
): Promise<HotspotSummary['map']> {
  if (!r.layer) return null
  const noun = areaNoun(r)
  const shapes = await services.boundaries.layerShapes(r.layer)
  const rows = new Map(r.rows.map((x) => [x.area_code, x]))
  const areas = [...shapes]
    .filter(([code]) => rows.has(code))
    .map(([code, polygons]) => {
      const x = rows.get(code)!
      return {
        code,
        name: x.area_name,
        polygons,
        fill: x.band ? BAND_COLOURS[x.band] : NO_BAND,
        outline: x.hotspot,
        lq: x.lq ?? 0,
      }
    })
    // Hotspots first, highest quotient first: the most marked are named while there is room.
    .sort((a, b) => Number(b.outline) - Number(a.outline) || b.lq - a.lq)
  if (!areas.length) return null
  const localitySet =
    r.by === 'beat' && r.layer.source === 'boundaries'
      ? await services.boundaries.inEffect(partnershipId, 'localities', `${r.to}-01`)
      : undefined
  const overlays = localitySet
    ? (await services.boundaries.areas(localitySet.id)).map((a) => ({
        code: a.code,
        name: a.name,
        polygons: JSON.parse(a.geometry) as MultiPolygon,
      }))
    : []
  const hot = areas.filter((a) => a.outline)
  const named = hot.slice(0, MAP_LABELS).map((a) => a.name)
  const bands = LQ_BANDS.map((b, i) => ({
    label: `${b[0]!.toUpperCase()}${b.slice(1)} (${bandRange(i, LQ_DEFAULTS.bands)})`,
    colour: BAND_COLOURS[b],
  }))
  const title = `${r.group.label} by ${noun.one}, ${r.from === r.to ? r.to : `${r.from} to ${r.to}`}: location quotient bands and hotspots`
  const desc =
    `Map of ${areas.length.toLocaleString('en-GB')} ${noun.many} shaded by location quotient band. ` +
    (hot.length
      ? `${hot.length} ${hot.length === 1 ? `${noun.one} is a hotspot` : `${noun.many} are hotspots`}, outlined in black; ${hot.length > named.length ? `the ${named.length} with the highest quotients are named: ` : 'named: '}${named.join(', ')}. `
      : `No ${noun.one} stands out. `) +
    (overlays.length ? `Localities are dashed and named: ${overlays.map((o) => o.name).join(', ')}. ` : '') +
    'The table below gives every figure.'
  return {
    title,
    alt: desc,
    svg: areaMapSvg({
      id: `map-${r.group.key}`,
      title,
      desc,
      areas,
      overlays,
      legend: [
        ...bands,
        { label: 'Too few crimes for a quotient', colour: NO_BAND },
        { label: `Hotspot ${noun.one}`, colour: '#ffffff', line: 'solid' },
        ...(overlays.length ? [{ label: 'Locality', colour: '#ffffff', line: 'dashed' as const }] : []),
      ],
      attribution: MAP_ATTRIBUTION,
      caveat: MAP_CAVEAT,
      maxLabels: MAP_LABELS,
    }),
  }
}

const NO_BAND = '#b1b4b6'
