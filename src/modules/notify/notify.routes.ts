// The outbox for administrators: every message with its state, tries and last error, and whether
// mail is on at all.
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../container'
import { ACCESS, guardRoutes } from '../../web/route-access'

export function notifyRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.administration)
    app.get('/admin/outbox', async (_req, reply) => {
      const p = await services.partnership.current()
      const messages = await services.outbox.list(p.id)
      return reply.page('notify/views/outbox.njk', {
        pageTitle: 'Email outbox',
        mailOn: services.outbox.on,
        messages,
        waiting: messages.filter((m) => m.state === 'pending').length,
      })
    })
  }
}
