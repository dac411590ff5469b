import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'

export function decisionsRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    app.get('/decisions', async (_req, reply) => {
      const partnership = await services.partnership.current()
      return reply.page('governance/decisions/views/list.njk', { pageTitle: 'Decisions log', section: 'decisions', decisions: await services.decisions.list(partnership.id) })
    })
  }
}
