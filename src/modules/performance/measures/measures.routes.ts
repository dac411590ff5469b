import { ACCESS, guardRoutes } from '../../../web/route-access'
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'
import { chartLegend, spcChartSvg } from '../../../web/charts/spc-chart'
import { submitForm } from '../../../web/form-route'
import { removeUploads, uploadedPaths } from '../../../web/uploads'
import { MeasureFileError } from './measures.service'
import { measureForm, valueForm } from './measures.schemas'

const kindItems = [
  {
    value: 'series',
    text: 'A monthly figure (and, if it is a rate, its denominator)',
    hint: { text: 'For example fly-tipping incidents, or sexual offences with an alcohol flag' },
  },
  {
    value: 'da_cases',
    text: 'Domestic-abuse occurrences with pseudonymous ids',
    hint: {
      text: 'csp-hub computes repeat victim and perpetrator rates; the ids never appear on a page or in an export',
    },
  },
]
const directionItems = [
  { value: 'decrease', text: 'Fewer is better' },
  { value: 'increase', text: 'More is better' },
  { value: 'neutral', text: 'Neither (for example repeat rates, which rise as identification improves)' },
]
const STATUS: Record<string, string> = {
  insufficient_data: 'Too few months to judge (fewer than 12): monitor for longer',
  changing: 'Changing: a recent signal or a trend',
  stable: 'Stable',
  plateau: 'Plateau',
}

export function measuresRoutes(services: Services) {
  async function showModel(id: string) {
    const c = await services.measures.chart(id)
    const rows = c.points.map((p, i) => ({
      ...p,
      signal: c.chart.points[i]!.signal,
      variation: c.chart.points[i]!.variation,
    }))
    const unit = c.measure.kind === 'da_cases' ? '%' : ''
    return {
      pageTitle: c.measure.label,
      section: 'measures',
      measure: c.measure,
      rows,
      limits: c.chart.limits,
      assurance: c.chart.assurance,
      status: STATUS[c.plateau.status],
      trialLimits: c.chart.trialLimits,
      chart: spcChartSvg({
        title:
          c.measure.kind === 'da_cases'
            ? `${c.measure.label}: repeat victims as a % of victims, by month`
            : c.measure.label,
        rows,
        limits: c.chart.limits,
        unit,
      }),
      legend: chartLegend(),
      unit,
    }
  }

  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.analysed)
    app.get('/measures', async (_req, reply) => {
      const partnership = await services.partnership.current()
      return reply.page('performance/measures/views/list.njk', {
        pageTitle: 'Partner measures',
        section: 'measures',
        measures: await services.measures.list(partnership.id),
      })
    })

    app.get('/measures/new', async (_req, reply) =>
      reply.page('performance/measures/views/new.njk', {
        pageTitle: 'Add a partner measure',
        section: 'measures',
        kindItems,
        directionItems,
        values: { kind: 'series', direction: 'decrease' },
      }),
    )

    app.post('/measures', async (req, reply) => {
      const partnership = await services.partnership.current()
      return submitForm(reply, {
        schema: measureForm,
        body: req.body,
        template: 'performance/measures/views/new.njk',
        model: { pageTitle: 'Add a partner measure', section: 'measures', kindItems, directionItems },
        async save(d) {
          const m = await services.measures.create(partnership.id, d, req.actor)
          return { to: `/measures/${m.id}`, flash: `Added ${m.label}. Now enter or upload its figures.` }
        },
      })
    })

    app.get<{ Params: { id: string } }>('/measures/:id', async (req, reply) =>
      reply.page('performance/measures/views/show.njk', { ...(await showModel(req.params.id)), values: {} }),
    )

    app.post<{ Params: { id: string } }>('/measures/:id/values', async (req, reply) => {
      const model = await showModel(req.params.id)
      return submitForm(reply, {
        schema: valueForm,
        body: req.body,
        template: 'performance/measures/views/show.njk',
        model,
        async save(d) {
          await services.measures.setValue(req.params.id, d, req.actor)
          return { to: `/measures/${req.params.id}`, flash: `Saved ${d.month}.` }
        },
      })
    })

    app.post<{ Params: { id: string } }>('/measures/:id/upload', { config: { upload: true } }, async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const files = uploadedPaths(body.file)
      try {
        if (!files.length) {
          const error = { text: 'Select a CSV file to upload', href: '#file' }
          return reply.page(
            'performance/measures/views/show.njk',
            { ...(await showModel(req.params.id)), values: {}, errors: { file: error }, errorList: [error] },
            400,
          )
        }
        const path = files[0]!
        const r = await services.measures.upload(
          req.params.id,
          { name: path.replace(/^.*[\\/]/, ''), bytes: readFileSync(path) },
          req.actor,
        )
        return reply
          .flash(`Uploaded ${r.rows} ${r.months ? 'months' : 'occurrences'}.`)
          .redirect(`/measures/${req.params.id}`, 303)
      } catch (e) {
        if (!(e instanceof MeasureFileError)) throw e
        const errorList = e.problems.slice(0, 20).map((text) => ({ text, href: '#file' }))
        return reply.page(
          'performance/measures/views/show.njk',
          {
            ...(await showModel(req.params.id)),
            values: {},
            errors: {
              file: {
                text: `${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in the file: nothing was saved`,
                href: '#file',
              },
            },
            errorList,
          },
          400,
        )
      } finally {
        removeUploads(files)
      }
    })
  }
}
