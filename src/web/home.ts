import type { FastifyInstance } from 'fastify'
import type { Services } from '../container'

export function homeRoutes(services: Services, contactEmail?: string) {
  return async function (app: FastifyInstance) {
    app.get('/', async (_req, reply) => {
      const found = await services.partnership.find()
      // An empty database (the demo off): the home page is the start of set-up.
      if (!found) return reply.redirect('/setup', 303)
      const partnership = await services.partnership.current()
      const [meetings, open, decisions, plan] = await Promise.all([
        services.meetings.list(partnership.id),
        services.actions.open(partnership.id),
        services.decisions.list(partnership.id),
        services.forwardPlan.list(partnership.id),
      ])
      const upcoming = meetings.filter((m) => m.status === 'scheduled')
      const past = meetings.filter((m) => m.status === 'held').reverse()
      return reply.page('home.njk', {
        pageTitle: 'Home',
        partnership,
        nextMeeting: upcoming[0],
        lastMeeting: past[0],
        openActions: open,
        decisions: decisions.slice(0, 5),
        planned: plan.filter((p) => p.status === 'planned' || p.status === 'on_agenda'),
      })
    })

    // The evidence the board's decisions rest on: one entry in the navigation for all of it.
    app.get('/evidence', async (_req, reply) => reply.page('evidence.njk', { pageTitle: 'Evidence', section: 'evidence' }))

    app.get('/methods', async (_req, reply) => reply.page('methods.njk', { pageTitle: 'How these figures are made', section: 'evidence' }))

    app.get('/accessibility', async (_req, reply) => reply.page('accessibility.njk', { pageTitle: 'Accessibility statement', contactEmail }))
  }
}
