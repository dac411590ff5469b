import { ACCESS, guardRoutes } from '../../../web/route-access'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'
import { fileSlug } from '../months'
import { RuleError } from '../../../errors'
import { ruralCsv, ruralPlacesCsv, type RuralQuery } from './rural.service'
import { rucTable } from './ruc'
import { onsGeometry } from '../reference/ons-reference'

interface RuralParams {
  group?: string
  from?: string
  to?: string
  exposure?: string
}

function query(q: RuralParams): RuralQuery {
  return {
    group: q.group || 'all',
    from: q.from || undefined,
    to: q.to || undefined,
    exposure: q.exposure === 'equal' || q.exposure === 'area' ? q.exposure : 'population',
  }
}

export function ruralRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.signedIn)
    app.get<{ Querystring: RuralParams }>('/rural', async (req, reply) => {
      const partnership = await services.partnership.current()
      const groups = await services.groups.list(partnership.id)
      const q = query(req.query)
      const model = { pageTitle: 'Rural crime', section: 'rural', groups, values: q }
      try {
        const result = await services.rural.compute(partnership.id, q)
        const download = new URLSearchParams({
          group: result.group.key,
          from: result.from,
          to: result.to,
          exposure: q.exposure ?? 'population',
        }).toString()
        return reply.page('performance/rural/views/rural.njk', { ...model, result, download })
      } catch (e) {
        if (!(e instanceof RuleError)) throw e
        const field = e.field === 'to' || e.field === 'group' ? e.field : 'from'
        const error = { text: e.message, href: `#${field}` }
        return reply.page(
          'performance/rural/views/rural.njk',
          { ...model, errors: { [field]: error }, errorList: [error] },
          400,
        )
      }
    })

    /** The rural places for the map: every rural LSOA of the layer in effect, the places with more than their share marked and named. */
    app.get<{ Querystring: RuralParams }>('/rural.geojson', async (req, reply) => {
      const partnership = await services.partnership.current()
      const r = await services.rural.compute(partnership.id, query(req.query))
      const set = r.to ? await services.boundaries.inEffect(partnership.id, 'lsoas', `${r.to}-01`) : undefined
      const candidates = new Map((r.concentration?.candidates ?? []).map((c) => [c.code, c] as const))
      const ruc = rucTable()
      const features = []
      const shapes: { code: string; name: string; geometry: unknown }[] = []
      if (set)
        for (const a of await services.boundaries.areas(set.id))
          shapes.push({ code: a.code, name: a.name, geometry: JSON.parse(a.geometry) })
      else if (r.concentration?.rows.length && r.places) {
        // A partnership from the ONS list: its rural LSOAs from the shipped (generalised) polygons.
        const names = new Map(r.concentration.rows.map((x) => [x.code, x.name] as const))
        for (const [code, geometry] of onsGeometry('lsoa', [...names.keys()]))
          shapes.push({ code, name: names.get(code)!, geometry })
      }
      for (const a of shapes) {
        if (ruc.get(a.code)?.ruc !== 'rural') continue
        const c = candidates.get(a.code)
        features.push({
          type: 'Feature',
          geometry: { type: 'MultiPolygon', coordinates: a.geometry },
          properties: {
            area_code: a.code,
            area_name: c?.name ?? a.name,
            candidate: !!c,
            count: c?.count ?? null,
            ratio: c?.ratio ?? null,
          },
        })
      }
      return reply.type('application/geo+json; charset=utf-8').send({ type: 'FeatureCollection', features })
    })

    app.get<{ Querystring: RuralParams }>('/rural-places.csv', async (req, reply) => {
      const partnership = await services.partnership.current()
      const r = await services.rural.compute(partnership.id, query(req.query))
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'Content-Disposition',
          `attachment; filename="rural-places-${fileSlug(r.group.key)}-${r.from}-${r.to}.csv"`,
        )
        .send(ruralPlacesCsv(r))
    })

    app.get<{ Querystring: RuralParams }>('/rural.csv', async (req, reply) => {
      const partnership = await services.partnership.current()
      const r = await services.rural.compute(partnership.id, query(req.query))
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="rural-${fileSlug(r.group.key)}-${r.from}-${r.to}.csv"`)
        .send(ruralCsv(r))
    })
  }
}
