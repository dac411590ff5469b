import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'
import { RuleError } from '../../../errors'
import { formValues, parseForm } from '../../../web/forms'
import { forwardPlanForm } from './forward-plan.schemas'

export function forwardPlanRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    app.get('/forward-plan', async (_req, reply) => {
      const partnership = await services.partnership.current()
      return reply.page('governance/forward-plan/views/list.njk', { pageTitle: 'Forward plan', section: 'forward-plan', items: await services.forwardPlan.list(partnership.id) })
    })

    const formModel = async () => {
      const partnership = await services.partnership.current()
      const [people, meetings] = await Promise.all([services.partnership.people(partnership.id), services.meetings.list(partnership.id)])
      return {
        partnership,
        pageTitle: 'Add to the forward plan',
        section: 'forward-plan',
        peopleItems: people.map((p) => ({ value: p.id, text: p.displayName })),
        meetingItems: meetings.filter((m) => m.status === 'scheduled').map((m) => ({ value: m.id, text: `${m.title}: ${m.dateText}` })),
      }
    }

    app.get('/forward-plan/new', async (_req, reply) => reply.page('governance/forward-plan/views/form.njk', { ...(await formModel()), values: {} }))

    app.post('/forward-plan/new', async (req, reply) => {
      const model = await formModel()
      const form = parseForm(forwardPlanForm, req.body)
      if (!form.ok) return reply.page('governance/forward-plan/views/form.njk', { ...model, values: formValues(req.body), ...form }, 400)
      try {
        await services.forwardPlan.create(model.partnership.id, form.data, req.actor)
      } catch (e) {
        if (!(e instanceof RuleError)) throw e
        const error = { text: e.message, href: `#${e.field ?? 'title'}` }
        return reply.page('governance/forward-plan/views/form.njk', { ...model, values: formValues(req.body), errors: { [e.field ?? 'title']: error }, errorList: [error] }, 400)
      }
      return reply.flash('Added to the forward plan').redirect('/forward-plan', 303)
    })
  }
}
