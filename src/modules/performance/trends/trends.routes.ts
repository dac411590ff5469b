import { ACCESS, guardRoutes } from '../../../web/route-access'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'
import { fileSlug } from '../months'
import { RuleError } from '../../../errors'
import { chartLegend, spcChartSvg } from '../../../web/charts/spc-chart'
import { plateauStatusLabels, trendsCsv } from './trends.service'
import { onsAreas } from '../reference/ons-reference'

interface TrendParams {
  group?: string
  area?: string
  from?: string
  to?: string
  runLength?: string
  twoSigma?: string
}

function options(q: TrendParams) {
  return {
    runLength: q.runLength === '6' ? (6 as const) : (7 as const),
    twoSigmaMode: q.twoSigma === 'between2and3' ? ('between2and3' as const) : ('beyond2' as const),
  }
}

function query(q: TrendParams) {
  return { group: q.group || 'asb', area: q.area || undefined, from: q.from || undefined, to: q.to || undefined }
}

export function trendsRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.signedIn)
    app.get<{ Querystring: TrendParams }>('/trends', async (req, reply) => {
      const partnership = await services.partnership.current()
      const groups = await services.groups.list(partnership.id)
      const today = services.clock().toISOString().slice(0, 10)
      const areaItems = [{ value: '', text: "The partnership's whole area" }]
      for (const layer of ['localities', 'beats'] as const) {
        const set = await services.boundaries.inEffect(partnership.id, layer, today)
        if (set)
          for (const a of await services.boundaries.areaList(set.id))
            areaItems.push({ value: a.code, text: `${a.name} (${layer === 'beats' ? 'beat' : 'locality'})` })
      }
      // A partnership set up from the ONS list: its local authorities (when several) and wards.
      const authorities = (await services.partnership.authorities(partnership.id)).map((a) => a.code)
      if (authorities.length > 1)
        for (const a of onsAreas(authorities, 'authority'))
          areaItems.push({ value: a.code, text: `${a.name} (local authority)` })
      for (const a of authorities.length ? onsAreas(authorities, 'ward') : [])
        areaItems.push({ value: a.code, text: `${a.name} (ward)` })
      const q = query(req.query)
      const o = options(req.query)
      const model = {
        pageTitle: 'Trends',
        section: 'trends',
        groups,
        areaItems,
        values: { ...q, runLength: String(o.runLength), twoSigma: o.twoSigmaMode },
        legend: chartLegend(),
      }
      try {
        const result = await services.trends.compute(partnership.id, q, o)
        const download = new URLSearchParams({
          group: result.group.key,
          from: result.from,
          to: result.to,
          ...(q.area ? { area: q.area } : {}),
          runLength: String(o.runLength),
          twoSigma: o.twoSigmaMode,
        }).toString()
        return reply.page('performance/trends/views/trends.njk', {
          ...model,
          result,
          chart: spcChartSvg({
            title: `${result.group.label}, ${result.area.name}: monthly counts`,
            rows: result.rows,
            limits: result.chart.limits,
          }),
          status: plateauStatusLabels[result.plateau.status],
          download,
        })
      } catch (e) {
        if (!(e instanceof RuleError)) throw e
        const field = e.field === 'to' || e.field === 'group' || e.field === 'area' ? e.field : 'from'
        const error = { text: e.message, href: `#${field}` }
        return reply.page(
          'performance/trends/views/trends.njk',
          { ...model, errors: { [field]: error }, errorList: [error] },
          400,
        )
      }
    })

    app.get<{ Querystring: TrendParams }>('/trends.csv', async (req, reply) => {
      const partnership = await services.partnership.current()
      const r = await services.trends.compute(partnership.id, query(req.query), options(req.query))
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'Content-Disposition',
          `attachment; filename="trend-${fileSlug(r.group.key)}-${r.area.code}-${r.from}-${r.to}.csv"`,
        )
        .send(trendsCsv(r))
    })
  }
}
