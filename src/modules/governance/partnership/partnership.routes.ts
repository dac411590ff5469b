import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'

export function partnershipRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    app.get('/people', async (_req, reply) => {
      const partnership = await services.partnership.current()
      const [people, agencies] = await Promise.all([services.partnership.people(partnership.id), services.partnership.agencies(partnership.id)])
      return reply.page('governance/partnership/views/people.njk', { pageTitle: 'People and agencies', section: 'people', partnership, people, agencies })
    })

    app.get<{ Params: { id: string } }>('/people/:id', async (req, reply) => {
      const person = await services.partnership.person(req.params.id)
      const [history, actions] = await Promise.all([
        services.meetings.attendanceHistory(person.id),
        services.actions.list(person.partnership_id, { status: 'all', owner: person.id }),
      ])
      const held = history.filter((h) => h.meeting_status === 'held')
      return reply.page('governance/partnership/views/person.njk', {
        pageTitle: person.displayName,
        section: 'people',
        person,
        history,
        attended: held.filter((h) => h.status === 'present').length,
        apologies: held.filter((h) => h.status === 'apologies').length,
        actions,
      })
    })
  }
}
