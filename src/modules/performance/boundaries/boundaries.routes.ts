import { ACCESS, guardRoutes } from '../../../web/route-access'
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Services } from '../../../container'
import { always, optionalText, parseForm } from '../../../web/forms'
import { removeUploads, tooLarge, uploadedPaths } from '../../../web/uploads'
import { BoundaryImportError, layerLabels } from './boundaries.service'
import { boundaryLayers } from './boundaries.table'
import { policeUkForces } from './police-forces'
import { sameForce } from './boundary-files'
import { cspByCode } from '../reference/ons-reference'

const uploadForm = z
  .object({
    layer: z.enum(boundaryLayers, { error: 'Select which layer the boundaries are' }),
    codeField: optionalText(100),
    nameField: optionalText(100),
    effectiveFrom: optionalText(10).refine(
      (s) => s === null || /^\d{4}-\d{2}-\d{2}$/.test(s),
      'Enter the date the boundaries apply from as YYYY-MM-DD, like 2025-04-01',
    ),
    label: optionalText(200),
    force: optionalText(60),
    file: z.unknown(),
  })
  .superRefine((v, ctx) => {
    const big = tooLarge(v.file)
    if (big) ctx.addIssue({ code: 'custom', path: ['file'], message: `${big} is larger than the upload limit` })
    else if (uploadedPaths(v.file).length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['file'],
        message: 'Select one boundary file: GeoJSON, KML, or a zipped shapefile',
      })
  }, always)

const layerItems = boundaryLayers.map((l) => ({ value: l, text: layerLabels[l] }))
const forceItems = [
  { value: '', text: "Not police.uk's download" },
  ...policeUkForces.map((f) => ({ value: f.id, text: f.name })),
]

export function boundariesRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.analysed)
    const model = { pageTitle: 'Import boundaries', section: 'data', layerItems, forceItems }
    app.get('/data/boundaries/upload', async (_req, reply) => {
      // The partnership's own force, from the ONS list, is the likely one in police.uk's download.
      const partnership = await services.partnership.current()
      const csp = partnership.ons_code ? cspByCode(partnership.ons_code) : undefined
      const force = policeUkForces.find((f) => csp?.forces.some((x) => sameForce(f.id, x.name)))
      return reply.page('performance/boundaries/views/upload.njk', {
        ...model,
        values: { layer: 'beats', force: force?.id ?? '' },
      })
    })

    app.post('/data/boundaries/upload', { config: { upload: true } }, async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const files = uploadedPaths(body.file)
      const values = Object.fromEntries(
        Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string' && !v.startsWith('/')),
      ) as Record<string, string>
      try {
        const form = parseForm(uploadForm, body)
        if (!form.ok) return reply.page('performance/boundaries/views/upload.njk', { ...model, values, ...form }, 400)
        const partnership = await services.partnership.current()
        const path = files[0]!
        const r = await services.boundaries.import(
          partnership.id,
          { name: path.replace(/^.*[\\/]/, ''), bytes: readFileSync(path) },
          {
            layer: form.data.layer,
            codeField: form.data.codeField ?? undefined,
            nameField: form.data.nameField ?? undefined,
            effectiveFrom: form.data.effectiveFrom ?? undefined,
            label: form.data.label ?? undefined,
            force: form.data.force ?? undefined,
          },
          req.actor,
        )
        return reply
          .flash(`Imported ${r.accepted} ${layerLabels[form.data.layer].toLowerCase()}`)
          .redirect(`/data/boundaries/${r.setId}`, 303)
      } catch (e) {
        if (!(e instanceof BoundaryImportError)) throw e
        const errorList = e.report.errors.slice(0, 20).map((m) => ({
          text: m.feature ? `Feature ${m.feature}${m.code ? ` (${m.code})` : ''} ${m.message}` : m.message,
          href: '#file',
        }))
        return reply.page(
          'performance/boundaries/views/upload.njk',
          {
            ...model,
            values,
            errors: {
              file: {
                text: `${e.report.errors.length} problem${e.report.errors.length === 1 ? '' : 's'} in the file: nothing was imported`,
                href: '#file',
              },
            },
            errorList,
            report: e.report,
          },
          400,
        )
      } finally {
        removeUploads(files)
      }
    })

    app.get<{ Params: { id: string } }>('/data/boundaries/:id', async (req, reply) => {
      const set = await services.boundaries.set(req.params.id)
      const residents = await services.boundaries.population(set.id)
      const areas = (await services.boundaries.areas(set.id)).map((a) => ({
        ...a,
        residents: Math.round(residents.get(a.code) ?? 0),
      }))
      const partnership = await services.partnership.current()
      const threshold = Math.round(partnership.locality_share_threshold * 100)
      let overlaps: {
        beat: string
        beatName: string
        crimes: number
        localities: { code: string; name: string; share: number; crimeText: string; belongs: boolean }[]
      }[] = []
      if (set.layer === 'beats') {
        const localities = await services.boundaries.inEffect(
          set.partnership_id,
          'localities',
          services.clock().toISOString().slice(0, 10),
        )
        if (localities) {
          const names = new Map((await services.boundaries.areaList(localities.id)).map((a) => [a.code, a.name]))
          const rows = await services.boundaries.overlaps(set.id, localities.id)
          const crime = await services.crimes.crimeShares(set.id, localities.id)
          const people = await services.boundaries.populationShares(set.id, localities.id)
          const pct = (x: number) => Math.round(x * 1000) / 10
          overlaps = areas.map((a) => ({
            beat: a.code,
            beatName: a.name,
            residents: a.residents,
            crimes: crime.get(a.code)?.total ?? 0,
            localities: rows
              .filter((r) => r.beat_code === a.code)
              .map((r) => {
                const c = crime.get(a.code)?.shares.get(r.locality_code)
                const p = people.get(a.code)?.get(r.locality_code)
                return {
                  code: r.locality_code,
                  name: names.get(r.locality_code) ?? r.locality_code,
                  share: pct(r.area_share),
                  crimeText: c === undefined ? '' : `${pct(c)}%`,
                  peopleText: p === undefined ? '' : `${pct(p)}%`,
                  belongs: r.area_share * 100 >= threshold,
                }
              }),
          }))
        }
      }
      return reply.page('performance/boundaries/views/set.njk', {
        pageTitle: set.label,
        section: 'data',
        set,
        layerLabel: layerLabels[set.layer],
        areas,
        overlaps,
        threshold,
      })
    })
  }
}
