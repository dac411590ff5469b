import { ACCESS, guardRoutes } from '../../../web/route-access'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'
import { fileSlug, shiftMonth } from '../months'
import { RuleError } from '../../../errors'
import { LQ_BANDS, LQ_DEFAULTS } from '../../../stats/lq'
import {
  areaNoun,
  BAND_COLOURS,
  bandRange,
  hotspotsCsv,
  type HotspotDimension,
  type HotspotResult,
} from './hotspots.service'
import { areaDimensions } from '../crimes/crimes.service'

interface HotspotParams {
  group?: string
  window?: string
  from?: string
  to?: string
  by?: string
  download?: string
}

/** The window the form asked for: the latest month, the last 3 or 12 months, or from–to. */
async function resolveQuery(services: Services, partnershipId: string, q: HotspotParams) {
  const by: HotspotDimension = (areaDimensions as readonly string[]).includes(q.by ?? '')
    ? (q.by as HotspotDimension)
    : 'beat'
  const group = q.group || 'asb'
  const window = q.window === '1' || q.window === '3' || q.window === '12' || q.window === 'custom' ? q.window : '12'
  if (window === 'custom') return { by, group, window, from: q.from || undefined, to: q.to || undefined }
  const months = (await services.crimes.units(partnershipId)).map((u) => u.month).sort()
  const latest = months[months.length - 1]
  if (!latest) return { by, group, window, from: undefined, to: undefined }
  // "The last 12 months" with three held is those three: the window starts at the first month held.
  const start = shiftMonth(latest, 1 - Number(window))
  return { by, group, window, from: start < months[0]! ? months[0]! : start, to: latest }
}

function query(r: HotspotResult) {
  return new URLSearchParams({ group: r.group.key, by: r.by, window: 'custom', from: r.from, to: r.to }).toString()
}

export function hotspotsRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.signedIn)
    app.get<{ Querystring: HotspotParams }>('/hotspots', async (req, reply) => {
      const partnership = await services.partnership.current()
      const groups = await services.groups.list(partnership.id)
      const q = await resolveQuery(services, partnership.id, req.query)
      const model = {
        pageTitle: 'Hotspots',
        section: 'hotspots',
        groups,
        values: { ...q },
        bands: LQ_BANDS.map((b, i) => ({ name: b, colour: BAND_COLOURS[b], range: bandRange(i, LQ_DEFAULTS.bands) })),
      }
      try {
        const result = await services.hotspots.compute(partnership.id, q)
        const standIn = result.set?.label.startsWith('Stand-in') ?? false
        const byLocality = new Map<string, { name: string; beats: string[] }>()
        const withLocalities = result.rows.some((r) => r.localities.length > 0)
        for (const row of result.rows.filter((r) => r.hotspot)) {
          for (const l of row.localities) {
            const entry = byLocality.get(l.code) ?? { name: l.name, beats: [] }
            entry.beats.push(`${row.area_name} (${Math.round(l.share * 100)}%)`)
            byLocality.set(l.code, entry)
          }
          if (!row.localities.length) {
            // A hotspot beat in no locality is still listed, never dropped from the summary.
            const entry = byLocality.get('') ?? { name: 'In no locality', beats: [] }
            entry.beats.push(row.area_name)
            byLocality.set('', entry)
          }
        }
        return reply.page('performance/hotspots/views/hotspots.njk', {
          ...model,
          result,
          standIn,
          download: query(result),
          noun: areaNoun(result),
          // Only where localities are imported: otherwise there is nothing to group the beats by.
          byBeatWithLocalities: result.by === 'beat' && result.layer?.source === 'boundaries' && withLocalities,
          hotspotsByLocality: [...byLocality.values()].sort((a, b) => a.name.localeCompare(b.name)),
          rows: [...result.rows].sort(
            (a, b) =>
              Number(b.hotspot) - Number(a.hotspot) ||
              (b.lq ?? -1) - (a.lq ?? -1) ||
              a.area_name.localeCompare(b.area_name),
          ),
          hotspotCount: result.rows.filter((r) => r.hotspot).length,
        })
      } catch (e) {
        if (!(e instanceof RuleError)) throw e
        const field = e.field === 'to' ? 'to' : e.field === 'group' ? 'group' : 'from'
        const error = { text: e.message, href: `#${field}` }
        return reply.page(
          'performance/hotspots/views/hotspots.njk',
          { ...model, errors: { [field]: error }, errorList: [error] },
          400,
        )
      }
    })

    app.get<{ Querystring: HotspotParams }>('/hotspots.csv', async (req, reply) => {
      const partnership = await services.partnership.current()
      const r = await services.hotspots.compute(partnership.id, await resolveQuery(services, partnership.id, req.query))
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'Content-Disposition',
          `attachment; filename="hotspots-${fileSlug(r.group.key)}-${r.by}-${r.from}-${r.to}.csv"`,
        )
        .send(hotspotsCsv(r))
    })

    /** What the map draws: the areas with their figures, and the locality outlines when by beat. */
    app.get<{ Querystring: HotspotParams }>('/hotspots.geojson', async (req, reply) => {
      const partnership = await services.partnership.current()
      const r = await services.hotspots.compute(partnership.id, await resolveQuery(services, partnership.id, req.query))
      const features: unknown[] = []
      if (r.layer) {
        const rows = new Map(r.rows.map((x) => [x.area_code, x]))
        for (const [code, geometry] of await services.boundaries.layerShapes(r.layer)) {
          const x = rows.get(code)
          if (!x) continue
          features.push({
            type: 'Feature',
            geometry: { type: 'MultiPolygon', coordinates: geometry },
            properties: {
              layer: r.by,
              area_code: x.area_code,
              area_name: x.area_name,
              type_count: x.type_count,
              all_count: x.all_count,
              share: x.share,
              volume_rank: x.volume_rank,
              lq: x.lq,
              lq_lower: x.lq_lower,
              lq_upper: x.lq_upper,
              p_adjusted: x.p_adjusted,
              lq_eb: x.lq_eb,
              hotspot: x.hotspot,
              population: x.population,
              rate_per_1000: x.rate_per_1000,
              band: x.band,
              below_minimum: x.below_minimum,
              colour: x.band ? BAND_COLOURS[x.band] : '#b1b4b6',
            },
          })
        }
        const localities =
          r.by === 'beat' && r.layer.source === 'boundaries'
            ? await services.boundaries.inEffect(partnership.id, 'localities', `${r.to}-01`)
            : undefined
        if (localities) {
          for (const a of await services.boundaries.areas(localities.id))
            features.push({
              type: 'Feature',
              geometry: { type: 'MultiPolygon', coordinates: JSON.parse(a.geometry) as unknown },
              properties: { layer: 'locality', overlay: true, area_code: a.code, area_name: a.name },
            })
        }
      }
      return reply
        .type('application/geo+json; charset=utf-8')
        .header(
          'Content-Disposition',
          `${req.query.download ? 'attachment' : 'inline'}; filename="hotspots-${fileSlug(r.group.key)}-${r.by}-${r.from}-${r.to}.geojson"`,
        )
        .send(
          JSON.stringify({
            type: 'FeatureCollection',
            name: `${r.group.label}, ${r.from} to ${r.to}, by ${r.by}`,
            features,
          }),
        )
    })
  }
}
