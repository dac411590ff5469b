// A register entry's page: what it shows, the charts of the measures it tracks, the choices its forms offer.
import { asText } from '../../words'
import type { RegisterDef } from './register-defs'
import type { Services } from '../../container'
import { dhrStatusLabels, dhrTransitions, type DhrStatus } from './dhr-clock'
import {
  dhrReasons,
  dhrReasonLabels,
  recommendationLevelLabels,
  recommendationLevels,
  recommendationStatusLabels,
  recommendationStatuses,
} from './dhr-analysis'
import type { RegisterKind } from './registers.table'
import { RuleError } from '../../errors'
import { chartLegend, spcChartSvg } from '../../web/charts/spc-chart'
import { plateauStatusLabels } from '../performance/trends/trends.service'

/** The page of a register entry: its model and template (the DHR's with its clock and stages). */
export function entryPage(services: Services, agencyItems: () => Promise<{ value: string; text: string }[]>) {
  /** The page of an entry of any register: the DHR's with its clock and stages, the others with their own fields. */
  const showModel = async (kind: RegisterKind, id: string) => {
    const entry = await services.registers.get(id, kind)
    const paragraphGroups = await services.registers.paragraphChoices(entry.partnership_id)
    const linkChoices = await services.registers.linkChoices(entry.partnership_id)
    if (kind === 'dhr') {
      const next = (dhrTransitions[entry.status as DhrStatus] ?? []).map((s) => ({
        value: s,
        text: dhrStatusLabels[s],
      }))
      return {
        template: 'registers/views/dhr-show.njk',
        model: {
          pageTitle: `${entry.ref}: ${entry.title}`,
          section: 'registers',
          entry,
          nextStages: next,
          paragraphGroups,
          linkChoices,
          agencyItems: await agencyItems(),
          ...recommendationChoices,
          reasonItems: [
            { value: '', text: 'Not recorded' },
            ...dhrReasons.map((r) => ({ value: r, text: dhrReasonLabels[r] })),
          ],
          aboutValues: {
            reason: entry.details.reason ?? '',
            themes: (entry.details.themes ?? []).join('\n'),
            impact: entry.details.impact ?? '',
          },
        },
      }
    }
    const def = await services.registers.config(entry.partnership_id, kind)
    const details = entry.details as unknown as Record<string, unknown>
    return {
      template: 'registers/views/entry-show.njk',
      model: {
        pageTitle: `${entry.ref}: ${entry.title}`,
        section: 'registers',
        def,
        entry,
        paragraphGroups,
        linkChoices,
        trend: await trendOf(entry.partnership_id, details.trendGroup),
        measureCharts: await measureCharts(entry.partnership_id, details.measures),
        statusItems: def.statuses.filter((x) => x.code !== entry.status).map((x) => ({ value: x.code, text: x.label })),
        fieldValues: fieldValuesOf(def, details),
      },
    }
  }
  /** A priority's live trend: the crime group's monthly counts with process limits, or why there are none. */
  const trendOf = async (partnershipId: string, group: unknown) => {
    if (typeof group !== 'string' || !group) return null
    try {
      const r = await services.trends.compute(partnershipId, { group })
      return {
        group,
        label: r.group.label,
        status: plateauStatusLabels[r.plateau.status],
        rows: r.rows,
        legend: chartLegend(),
        chart: spcChartSvg({
          title: `${r.group.label}, ${r.area.name}: monthly counts`,
          rows: r.rows,
          limits: r.chart.limits,
        }),
      }
    } catch (e) {
      if (!(e instanceof RuleError)) throw e
      return { group, label: group, message: e.message }
    }
  }
  const recommendationChoices = {
    levelItems: recommendationLevels.map((l) => ({ value: l, text: recommendationLevelLabels[l] })),
    recommendationStatusItems: recommendationStatuses.map((x) => ({ value: x, text: recommendationStatusLabels[x] })),
  }
  /** The partner measures that track a priority: each one's chart and status, as on its own page. */
  const measureCharts = async (partnershipId: string, keys: unknown) => {
    if (!Array.isArray(keys) || keys.length === 0) return []
    return Promise.all(
      keys.map(async (key: string) => {
        const m = await services.measures.find(partnershipId, key)
        const c = await services.measures.chart(m.id)
        const rows = c.points.map((p, i) => ({
          ...p,
          signal: c.chart.points[i]!.signal,
          variation: c.chart.points[i]!.variation,
        }))
        return {
          id: m.id,
          label: m.label,
          months: rows.length,
          status: plateauStatusLabels[c.plateau.status],
          chart: rows.length
            ? spcChartSvg({ title: m.label, rows, limits: c.chart.limits, unit: m.kind === 'da_cases' ? '%' : '' })
            : null,
          legend: chartLegend(),
        }
      }),
    )
  }
  return { showModel }
}

/** An entry's own fields as its edit form shows them. */
export function fieldValuesOf(def: RegisterDef, details: Record<string, unknown>): Record<string, string | string[]> {
  return Object.fromEntries(
    def.fields.map((f) => {
      const v = details[f.name]
      return [
        f.name,
        v === null || v === undefined
          ? ''
          : f.type === 'yesno'
            ? v
              ? 'yes'
              : 'no'
            : Array.isArray(v)
              ? v.map(asText)
              : asText(v),
      ]
    }),
  )
}
