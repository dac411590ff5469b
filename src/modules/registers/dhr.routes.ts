import { registerRouteHelpers } from './register-route-helpers'
// The DHR register's own pages: the register, recording a review, the analysis, the statutory periods, a recommendation.
import { ACCESS, guardRoutes } from '../../web/route-access'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Services } from '../../container'
import { submitForm } from '../../web/form-route'
import { visibilityLabels } from '../access/restriction'
import { dhrStatusLabels } from './dhr-clock'
import { analysisQuery, dhrForm, dhrSettingsForm, recommendationUpdateForm } from './registers.schemas'
import {
  analysisWindow,
  recommendationLevelLabels,
  recommendationLevels,
  recommendationStatusLabels,
  recommendationStatuses,
} from './dhr-analysis'
import { formValues, parseForm } from '../../web/forms'
import { registerTitles } from './registers.service'
import { NotFoundError } from '../../errors'

/** The Domestic Homicide Review register's own pages (a review's page is the registers' entry page). */
export function dhrRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    const { partnershipId, agencyItems, accountItems, groupItems } = registerRouteHelpers(services)

    app.get('/registers/dhr', async (_req, reply) => {
      const reviews = await services.registers.listDhr(await partnershipId())
      const open = reviews.filter((r) => !r.clock.closed)
      const byStatus = Object.entries(dhrStatusLabels)
        .map(([code, label]) => ({ code, label, count: reviews.filter((r) => r.status === code).length }))
        .filter((s) => s.count > 0)
      return reply.page('registers/views/dhr-list.njk', {
        pageTitle: registerTitles.dhr,
        section: 'registers',
        reviews,
        open,
        byStatus,
        settings: await services.registers.dhrSettings(await partnershipId()),
      })
    })

    // Recording a review: restricted by default, the person recording it always named.
    const newModel = async (req: FastifyRequest) => ({
      pageTitle: 'Record a Domestic Homicide Review',
      section: 'registers',
      agencyItems: await agencyItems(),
      accountItems: await accountItems(req),
      groupItems: await groupItems(req),
      labels: visibilityLabels,
      accountsOn: req.accountsOn,
      self: req.user?.id,
    })
    app.get('/registers/dhr/new', async (req, reply) => {
      // Before the first account there is nobody to restrict a review to: say so instead of a form.
      if (!req.accountsOn)
        return reply.page('errors/problem.njk', {
          pageTitle: 'Reviews need accounts first',
          heading: 'Domestic Homicide Reviews need accounts first',
          message:
            'A review is restricted to named people from the moment it exists, so reviews cannot be recorded until the first administrator is made: run npx csp users add <email> --role administrator on the server, then sign in.',
          section: 'registers',
        })
      return reply.page('registers/views/dhr-form.njk', {
        ...(await newModel(req)),
        values: { visibility: 'restricted' },
      })
    })
    app.post('/registers/dhr/new', async (req, reply) =>
      submitForm(reply, {
        schema: dhrForm.schema,
        hrefs: dhrForm.hrefs,
        body: req.body,
        template: 'registers/views/dhr-form.njk',
        model: await newModel(req),
        save: async (d) => {
          const id = await services.registers.createDhr(
            await partnershipId(),
            {
              ref: d.ref,
              title: d.title,
              notifiedOn: d.notifiedOn,
              leadAgencyId: d.leadAgencyId,
              visibility: d.visibility,
              userIds: d.users,
              groupIds: d.groups,
            },
            req.actor,
            req.user?.id,
          )
          return { to: `/registers/dhr/${id}`, flash: `Review ${d.ref} recorded` }
        },
      }),
    )

    // The analysis the minutes describe (7.2): over two years unless asked otherwise, of the reviews the reader may see.
    app.get<{ Querystring: Record<string, string> }>('/registers/dhr/analysis', async (req, reply) => {
      const values = formValues(req.query)
      const form = parseForm(analysisQuery.schema, req.query, analysisQuery.hrefs)
      const today = services.registers.today()
      const months = form.ok ? form.data.months : 24
      const window = analysisWindow(form.ok && form.data.to ? form.data.to : today, months)
      const analysis = await services.registers.dhrAnalysis(await partnershipId(), window)
      return reply.page(
        'registers/views/dhr-analysis.njk',
        {
          pageTitle: 'Domestic Homicide Reviews: analysis',
          section: 'registers',
          analysis,
          months,
          values: { months: String(months), ...values },
          ...(form.ok ? {} : form),
        },
        form.ok ? 200 : 400,
      )
    })

    app.get('/registers/dhr/settings', async (_req, reply) => {
      const s = await services.registers.dhrSettings(await partnershipId())
      return reply.page('registers/views/dhr-settings.njk', {
        pageTitle: 'DHR timescales',
        section: 'registers',
        values: { ...s, pauseStopsClock: s.pauseStopsClock ? 'yes' : 'no' },
      })
    })
    app.post('/registers/dhr/settings', async (req, reply) =>
      submitForm(reply, {
        schema: dhrSettingsForm,
        body: req.body,
        template: 'registers/views/dhr-settings.njk',
        model: { pageTitle: 'DHR timescales', section: 'registers' },
        save: async (d) => {
          await services.registers.saveDhrSettings(await partnershipId(), d, req.actor)
          return { to: '/registers/dhr', flash: "Timescales saved: every review's deadlines follow them" }
        },
      }),
    )

    const recommendationChoices = {
      levelItems: recommendationLevels.map((l) => ({ value: l, text: recommendationLevelLabels[l] })),
      recommendationStatusItems: recommendationStatuses.map((x) => ({ value: x, text: recommendationStatusLabels[x] })),
    }
    // One recommendation: its delivery recorded on its own page (status, evidence, due date, owner).
    type RecParams = { Params: { id: string; rid: string } }
    const recommendationModel = async (req: FastifyRequest<RecParams>) => {
      const entry = await services.registers.get(req.params.id, 'dhr')
      const rec = entry.recommendations.find((r) => r.id === req.params.rid)
      if (!rec) throw new NotFoundError(`There is no recommendation with id ${req.params.rid}.`)
      return {
        pageTitle: `Recommendation ${rec.ref} of ${entry.ref}`,
        section: 'registers',
        entry,
        rec,
        ...recommendationChoices,
      }
    }
    const dateValues = (name: string, iso: string | null) =>
      iso
        ? {
            [`${name}-day`]: String(Number(iso.slice(8, 10))),
            [`${name}-month`]: String(Number(iso.slice(5, 7))),
            [`${name}-year`]: iso.slice(0, 4),
          }
        : {}
    app.get<RecParams>('/registers/dhr/:id/recommendations/:rid', async (req, reply) => {
      const model = await recommendationModel(req)
      return reply.page('registers/views/dhr-recommendation.njk', {
        ...model,
        values: {
          status: model.rec.status,
          owner: model.rec.owner,
          evidence: model.rec.evidence,
          ...dateValues('dueDate', model.rec.dueDate),
        },
      })
    })
    app.post<RecParams>('/registers/dhr/:id/recommendations/:rid', async (req, reply) => {
      const model = await recommendationModel(req)
      return submitForm(reply, {
        schema: recommendationUpdateForm.schema,
        hrefs: recommendationUpdateForm.hrefs,
        body: req.body,
        template: 'registers/views/dhr-recommendation.njk',
        model,
        save: async (d) => {
          await services.registers.updateRecommendation(
            req.params.id,
            req.params.rid,
            { status: d.status, date: d.date, evidence: d.evidence ?? '', dueDate: d.dueDate, owner: d.owner ?? '' },
            req.actor,
          )
          return {
            to: `/registers/dhr/${req.params.id}#recommendations`,
            flash: `Recommendation ${model.rec.ref}: ${recommendationStatusLabels[d.status]}`,
          }
        },
      })
    })
  }
}
