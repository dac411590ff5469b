import { ACCESS, guardRoutes } from '../../../web/route-access'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'
import { NotFoundError } from '../../../errors'
import { keepUploads, removeUploads, tooLarge, uploadedPaths, withoutUploadFolders } from '../../../web/uploads'
import { layerLabels } from '../boundaries/boundaries.service'
import { formatCounts } from './counts-format'
import { areaDimensions, type AreaDimension } from './crimes.service'
import { onsLayerLabels } from '../reference/ons-reference'
import { importJobs } from './import-jobs'

/** The layer and months a counts download asks for; anything unreadable falls back to beats and every month. */
function countsQuery(q: { by?: string; from?: string; to?: string }) {
  const by: AreaDimension = (areaDimensions as readonly string[]).includes(q.by ?? '')
    ? (q.by as AreaDimension)
    : 'beat'
  const month = (m?: string) => (m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : undefined)
  return { by, range: { from: month(q.from), to: month(q.to) } }
}

export function crimesRoutes(services: Services) {
  const jobs = importJobs()
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.analysed)
    app.get('/data', async (_req, reply) => {
      const partnership = await services.partnership.current()
      const [units, sets, lookups] = await Promise.all([
        services.crimes.units(partnership.id),
        services.boundaries.sets(partnership.id),
        services.lookups.list(partnership.id),
      ])
      const today = services.clock().toISOString().slice(0, 10)
      const current = new Set<string>()
      for (const layer of ['beats', 'localities', 'area', 'lsoas'] as const) {
        const s = await services.boundaries.inEffect(partnership.id, layer, today)
        if (s) current.add(s.id)
      }
      const setLabel = new Map(sets.map((s) => [s.id, s.label]))
      const totals = units.reduce(
        (t, u) => ({
          rows: t.rows + u.rows,
          located: t.located + u.located,
          unlocated: t.unlocated + u.unlocated,
          rejected: t.rejected + u.rejected,
          outside: t.outside + u.outside_area,
          unallocated: t.unallocated + u.unallocated,
        }),
        { rows: 0, located: 0, unlocated: 0, rejected: 0, outside: 0, unallocated: 0 },
      )
      const authorities = await services.partnership.authorities(partnership.id)
      const anyLayer = (layer: string) => sets.some((s) => s.layer === layer)
      const inUse = {
        area: authorities.length
          ? `The LSOAs of ${authorities.map((a) => `${a.name} (${a.code})`).join(', ')}, from the ONS list: a crime is in the area when police.uk's LSOA code is one of them.`
          : anyLayer('area')
            ? 'The imported partnership area boundary.'
            : "None set: every located crime counts as the partnership's.",
        beats: anyLayer('beats')
          ? 'Imported beats (below).'
          : `${onsLayerLabels.ward}, until police beats are imported.`,
        localities: anyLayer('localities')
          ? 'Imported localities (below).'
          : authorities.length > 1
            ? `${onsLayerLabels.authority}, until localities are imported.`
            : `${onsLayerLabels.ward}, until localities are imported.`,
      }
      const notes = units.length
        ? await services.crimes.coverage(
            partnership.id,
            'beat',
            {},
            { source: anyLayer('beats') ? 'boundaries' : 'ward', note: null },
          )
        : []
      return reply.page('performance/crimes/views/data.njk', {
        pageTitle: 'Crime data and boundaries',
        section: 'data',
        inUse,
        notes,
        beatsImported: anyLayer('beats'),
        units: units.map((u) => ({ ...u, beatSetLabel: u.beat_set_id ? setLabel.get(u.beat_set_id) : null })),
        totals,
        sets: sets
          .map((s) => ({ ...s, layerLabel: layerLabels[s.layer], current: current.has(s.id) }))
          .sort(
            (a, b) =>
              ['beats', 'localities', 'area', 'lsoas'].indexOf(a.layer) -
                ['beats', 'localities', 'area', 'lsoas'].indexOf(b.layer) ||
              b.effective_from.localeCompare(a.effective_from),
          ),
        lookups,
        standIns: sets.some((s) => current.has(s.id) && s.label.startsWith('Stand-in')),
      })
    })

    app.get('/data/crimes/upload', async (_req, reply) =>
      reply.page('performance/crimes/views/upload.njk', {
        pageTitle: 'Import police.uk crime data',
        section: 'data',
        values: {},
      }),
    )

    app.post('/data/crimes/upload', { config: { upload: true } }, async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const files = uploadedPaths(body.files)
      const big = tooLarge(body.files)
      const problem = big
        ? `${big} is larger than the upload limit. Import it from the command line with csp crimes import, or raise CSP_UPLOAD_LIMIT_MB.`
        : files.length === 0
          ? 'Select one or more police.uk street-level files (.csv, .csv.gz or .zip)'
          : undefined
      if (problem) {
        removeUploads(files)
        const error = { text: problem, href: '#files' }
        return reply.page(
          'performance/crimes/views/upload.njk',
          {
            pageTitle: 'Import police.uk crime data',
            section: 'data',
            values: {},
            errors: { files: error },
            errorList: [error],
          },
          400,
        )
      }
      const partnership = await services.partnership.current()
      const actor = req.actor
      keepUploads(req)
      const job = jobs.start(
        files.map((f) => f.replace(/^.*[\\/]/, '')),
        (onProgress) =>
          services.crimes.import(partnership.id, files, actor, onProgress, {
            offMainThread: true,
            replaceSmaller: body.replace === 'yes',
          }),
        () => removeUploads(files),
        (text) =>
          withoutUploadFolders(text).replace(
            'import again and confirm the replacement',
            'upload the files again and tick “Replace force-months even with far fewer rows”',
          ),
      )
      return reply.redirect(`/data/jobs/${job.id}`, 303)
    })

    app.get<{ Params: { id: string } }>('/data/jobs/:id', async (req, reply) => {
      const job = jobs.get(req.params.id)
      if (!job)
        throw new NotFoundError(`There is no import ${req.params.id} running or finished since the service started.`)
      return reply.page('performance/crimes/views/job.njk', {
        pageTitle:
          job.status === 'running'
            ? 'Importing crime data'
            : job.status === 'done'
              ? 'Crime data imported'
              : 'Crime data not imported',
        section: 'data',
        job,
      })
    })

    app.get<{ Params: { id: string } }>('/data/jobs/:id/status', async (req, reply) => {
      const job = jobs.get(req.params.id)
      if (!job) return reply.code(404).send({ error: 'not found' })
      const p = job.progress
      const percent =
        p && p.bytesTotal
          ? Math.min(100, Math.round((100 * p.bytesRead) / p.bytesTotal))
          : job.status === 'running'
            ? 0
            : 100
      const rows = p?.rows ?? 0
      const source = p?.source.replace(/^.*[\\/]/, '') ?? ''
      return {
        status: job.status,
        percent,
        rows,
        source,
        text: `${percent}% – ${rows.toLocaleString('en-GB')} rows read${source ? ` from ${source}` : ''}`,
      }
    })

    app.get<{ Querystring: { by?: string; from?: string; to?: string } }>(
      '/data/counts-notes.txt',
      async (req, reply) => {
        const { by, range } = countsQuery(req.query)
        const partnership = await services.partnership.current()
        const layered = by === 'lsoa' ? undefined : await services.crimes.layerCounts(partnership.id, by, range)
        const notes = await services.crimes.coverage(partnership.id, by, range, layered?.layer)
        const head = `Notes on crime-counts-by-${by}.csv (${partnership.name}${layered?.layer ? `; areas: ${layered.layer.label}` : ''})`
        return reply
          .type('text/plain; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="crime-counts-by-${by}-notes.txt"`)
          .send(
            `${head}\n\n${notes.length ? notes.map((n) => `- ${n}`).join('\n') : '- Nothing is left out: every month in the window is held and counted.'}\n`,
          )
      },
    )

    app.get<{ Querystring: { by?: string; from?: string; to?: string; lookup?: string } }>(
      '/data/counts.csv',
      async (req, reply) => {
        const { by, range } = countsQuery(req.query)
        const partnership = await services.partnership.current()
        const rows = req.query.lookup
          ? await services.crimes.countsViaLookup(partnership.id, await services.lookups.rows(req.query.lookup), range)
          : await services.crimes.counts(partnership.id, by, range)
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'Content-Disposition',
            `attachment; filename="crime-counts-by-${req.query.lookup ? 'lookup' : by}.csv"`,
          )
          .send(formatCounts(rows, 'csv'))
      },
    )
  }
}
