import { ACCESS, guardRoutes } from '../../../web/route-access'
import { NotFoundError } from '../../../errors'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'
import { submitForm } from '../../../web/form-route'
import { RuleError } from '../../../errors'
import { parseForm } from '../../../web/forms'
import { forwardPlanForm, forwardPlanStatusForm } from './forward-plan.schemas'
import { forwardPlanStatusLabels } from './forward-plan.service'

export function forwardPlanRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    app.get('/forward-plan', async (_req, reply) => {
      const partnership = await services.partnership.current()
      const items = await services.forwardPlan.list(partnership.id)
      const reports = await services.reports.promised(partnership.id, items)
      return reply.page('governance/forward-plan/views/list.njk', {
        pageTitle: 'Forward plan',
        section: 'forward-plan',
        items: items.map((i) => ({ ...i, report: reports.get(i.id) ?? null })),
      })
    })

    const formModel = async () => {
      const partnership = await services.partnership.current()
      const [people, meetings] = await Promise.all([
        services.partnership.people(partnership.id),
        services.meetings.list(partnership.id),
      ])
      return {
        partnership,
        pageTitle: 'Add to the forward plan',
        section: 'forward-plan',
        peopleItems: people.map((p) => ({ value: p.id, text: p.displayName })),
        meetingItems: meetings
          .filter((m) => m.status === 'scheduled')
          .map((m) => ({ value: m.id, text: `${m.title}: ${m.dateText}` })),
      }
    }

    app.get('/forward-plan/new', async (_req, reply) =>
      reply.page('governance/forward-plan/views/form.njk', { ...(await formModel()), values: {} }),
    )

    app.post('/forward-plan/new', async (req, reply) => {
      const model = await formModel()
      return submitForm(reply, {
        schema: forwardPlanForm,
        body: req.body,
        template: 'governance/forward-plan/views/form.njk',
        model,
        save: async (data) => {
          await services.forwardPlan.create(model.partnership.id, data, req.actor)
          return { to: '/forward-plan', flash: 'Added to the forward plan' }
        },
      })
    })

    // Withdrawing takes an item off the plan: the person confirms on a page of its own first.
    const planItem = async (id: string) => {
      const partnership = await services.partnership.current()
      const item = (await services.forwardPlan.list(partnership.id)).find((i) => i.id === id)
      if (!item) throw new NotFoundError(`There is no forward plan item with id ${id}.`)
      return item
    }
    app.get<{ Params: { id: string } }>('/forward-plan/:id/withdraw', async (req, reply) => {
      const item = await planItem(req.params.id)
      return reply.page('governance/forward-plan/views/withdraw.njk', {
        pageTitle: `Withdraw ${item.title} from the forward plan`,
        section: 'forward-plan',
        item,
      })
    })

    app.post<{ Params: { id: string } }>('/forward-plan/:id/status', async (req, reply) => {
      const form = parseForm(forwardPlanStatusForm, req.body)
      if (!form.ok) throw new RuleError(form.errorList.map((e) => e.text).join('. '))
      if (form.data.status === 'withdrawn' && (req.body as { confirm?: unknown } | undefined)?.confirm !== 'yes')
        return reply.redirect(`/forward-plan/${req.params.id}/withdraw`, 303)
      await services.forwardPlan.setStatus(req.params.id, form.data.status, req.actor)
      return reply
        .flash(`Forward plan item marked ${forwardPlanStatusLabels[form.data.status].toLowerCase()}`)
        .redirect('/forward-plan', 303)
    })
  }
}
