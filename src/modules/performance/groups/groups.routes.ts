import { ACCESS, guardRoutes } from '../../../web/route-access'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'
import { submitForm } from '../../../web/form-route'
import { POLICE_UK_TYPES } from './groups.service'
import { groupForm } from './groups.schemas'

const typeItems = POLICE_UK_TYPES.map((t) => ({ value: t, text: t }))

export function groupsRoutes(services: Services) {
  async function model() {
    const partnership = await services.partnership.current()
    const groups = await services.groups.list(partnership.id)
    return {
      pageTitle: 'Crime groups',
      section: 'hotspots',
      own: groups.filter((g) => g.origin === 'partnership'),
      builtIn: groups.filter((g) => g.origin === 'built-in' && !(POLICE_UK_TYPES as readonly string[]).includes(g.key)),
      typeItems,
    }
  }
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.analysed)
    app.get('/groups', async (_req, reply) =>
      reply.page('performance/groups/views/groups.njk', { ...(await model()), values: { types: [] } }),
    )

    app.post('/groups', async (req, reply) => {
      const partnership = await services.partnership.current()
      return submitForm(reply, {
        schema: groupForm,
        body: req.body,
        template: 'performance/groups/views/groups.njk',
        model: await model(),
        async save(d) {
          const g = await services.groups.save(partnership.id, d, req.actor)
          return { to: '/groups', flash: `Saved the group ${g.label} (${g.key}).` }
        },
      })
    })

    app.post<{ Params: { key: string } }>('/groups/:key/remove', async (req, reply) => {
      const partnership = await services.partnership.current()
      await services.groups.remove(partnership.id, req.params.key, req.actor)
      return reply.flash(`Removed the group ${req.params.key}.`).redirect('/groups', 303)
    })
  }
}
