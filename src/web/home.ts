import { ACCESS, guardRoutes } from './route-access'
import type { FastifyInstance } from 'fastify'
import type { Container } from '../container'

export function homeRoutes(container: Pick<Container, 'services' | 'clock'>, contactEmail?: string) {
  const services = container.services
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.signedIn)
    app.get('/', async (req, reply) => {
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
      // Upcoming and past by today's date, not only by status: a meeting whose day has gone is not "next".
      const today = container.clock().toISOString().slice(0, 10)
      const day = (m: (typeof meetings)[number]) => m.date ?? m.date_not_after ?? m.date_not_before ?? ''
      const upcoming = meetings.filter((m) => m.status === 'scheduled' && day(m) >= today)
      const past = meetings
        .filter((m) => m.status === 'held' || (m.status === 'scheduled' && day(m) !== '' && day(m) < today))
        .reverse()
      const mine = req.user?.personId ? open.filter((a) => a.owners.some((o) => o.id === req.user!.personId)) : []
      const demo = await services.demo.isDemo(partnership.id)
      // A partnership just set up: what to do first, until it is done.
      const [units, beats, people] = await Promise.all([
        services.crimes.units(partnership.id),
        services.boundaries.sets(partnership.id, 'beats'),
        services.partnership.people(partnership.id),
      ])
      const firstSteps = [
        !units.length && {
          href: '/data/crimes/upload',
          text: 'Import police.uk crime data',
          hint: 'Street-level files for your force from data.police.uk: hotspots, trends and rural figures work at once, by ward',
        },
        !beats.length && {
          href: '/data/boundaries/upload',
          text: 'Import your police beats',
          hint: "police.uk's neighbourhood boundaries (choose your force), or your force's own file: until then figures are by ward",
        },
        !people.length && {
          href: '/people/new',
          text: "Add the partnership's members",
          hint: 'Who attends, for which agency and in what role: attendance, quorum and action owners need them',
        },
        !meetings.length && {
          href: '/meetings/new',
          text: 'Schedule the next meeting',
          hint: 'Its agenda is drafted from open actions and the forward plan',
        },
      ].filter((x): x is { href: string; text: string; hint: string } => !!x)
      return reply.page('home.njk', {
        pageTitle: 'Home',
        partnership,
        today,
        demo,
        nextMeeting: upcoming[0],
        lastMeeting: past[0],
        unrecorded: past.filter((m) => m.status === 'scheduled'),
        myActions: mine,
        firstSteps: demo ? [] : firstSteps,
        overdueCount: open.filter((a) => a.overdue).length,
        openActions: open,
        decisions: decisions.slice(0, 5),
        planned: plan.filter((p) => p.status === 'planned' || p.status === 'on_agenda'),
      })
    })

    // The evidence the board's decisions rest on: one entry in the navigation for all of it.
    app.get('/evidence', async (_req, reply) =>
      reply.page('evidence.njk', { pageTitle: 'Evidence', section: 'evidence' }),
    )

    app.get('/methods', async (_req, reply) =>
      reply.page('methods.njk', { pageTitle: 'How these figures are made', section: 'evidence' }),
    )

    app.get('/accessibility', { config: { access: ACCESS.public } }, async (_req, reply) =>
      reply.page('accessibility.njk', { pageTitle: 'Accessibility statement', contactEmail }),
    )
  }
}
