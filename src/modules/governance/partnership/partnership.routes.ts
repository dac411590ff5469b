import { ACCESS, guardRoutes } from '../../../web/route-access'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'
import { submitForm } from '../../../web/form-route'
import {
  agencyForm,
  aliasForm,
  membershipForm,
  membershipHrefs,
  personForm,
  personHrefs,
  settingsForm,
} from './partnership.schemas'
import { roleLabels } from './partnership.service'
import { membershipRoles } from './partnership.table'

type IdParams = { Params: { id: string } }

const roleItems = membershipRoles.map((r) => ({ value: r, text: roleLabels[r] }))
const sectorItems = [
  ['local_authority', 'Local authority'],
  ['police', 'Police'],
  ['fire', 'Fire and rescue'],
  ['health', 'Health'],
  ['probation', 'Probation'],
  ['pcc', 'Police and Crime Commissioner'],
  ['youth_justice', 'Youth justice'],
  ['voluntary', 'Voluntary sector'],
  ['other', 'Other'],
].map(([value, text]) => ({ value: value!, text: text! }))

export function partnershipRoutes(services: Services) {
  const ps = services.partnership
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    app.get('/people', async (_req, reply) => {
      const partnership = await ps.current()
      const [people, agencies] = await Promise.all([ps.people(partnership.id), ps.agencies(partnership.id)])
      return reply.page('governance/partnership/views/people.njk', {
        pageTitle: 'People and agencies',
        section: 'people',
        partnership,
        people,
        agencies,
      })
    })

    const personFormModel = async () => {
      const partnership = await ps.current()
      const agencies = await ps.agencies(partnership.id)
      return {
        partnership,
        pageTitle: 'Add a person',
        section: 'people',
        agencyItems: agencies.map((a) => ({ value: a.id, text: a.name })),
        roleItems,
      }
    }
    app.get('/people/new', async (_req, reply) =>
      reply.page('governance/partnership/views/person-form.njk', {
        ...(await personFormModel()),
        values: { role: 'core_member' },
      }),
    )
    app.post('/people/new', async (req, reply) => {
      const model = await personFormModel()
      return submitForm(reply, {
        schema: personForm,
        body: req.body,
        hrefs: personHrefs,
        template: 'governance/partnership/views/person-form.njk',
        model,
        save: async (data) => ({
          to: `/people/${await ps.addPerson(model.partnership.id, data, req.actor)}`,
          flash: `${data.fullName} added`,
        }),
      })
    })

    app.get<IdParams>('/people/:id', async (req, reply) => {
      const person = await ps.person(req.params.id)
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

    app.get<IdParams>('/people/:id/aliases/new', async (req, reply) => {
      const person = await ps.person(req.params.id)
      return reply.page('governance/partnership/views/alias-form.njk', {
        pageTitle: 'Add another way their name is written',
        section: 'people',
        person,
        values: {},
      })
    })
    app.post<IdParams>('/people/:id/aliases/new', async (req, reply) => {
      const person = await ps.person(req.params.id)
      return submitForm(reply, {
        schema: aliasForm,
        body: req.body,
        template: 'governance/partnership/views/alias-form.njk',
        model: { pageTitle: 'Add another way their name is written', section: 'people', person },
        save: async (data) => {
          await ps.addAlias(person.id, data, req.actor)
          return { to: `/people/${person.id}`, flash: `“${data.alias}” now means ${person.full_name}` }
        },
      })
    })

    const membershipModel = async (id: string) => {
      const person = await ps.person(id)
      const agencies = await ps.agencies(person.partnership_id)
      return {
        pageTitle: 'Add a membership',
        section: 'people',
        person,
        agencyItems: agencies.map((a) => ({ value: a.id, text: a.name })),
        roleItems,
      }
    }
    app.get<IdParams>('/people/:id/memberships/new', async (req, reply) =>
      reply.page('governance/partnership/views/membership-form.njk', {
        ...(await membershipModel(req.params.id)),
        values: {},
      }),
    )
    app.post<IdParams>('/people/:id/memberships/new', async (req, reply) => {
      const model = await membershipModel(req.params.id)
      return submitForm(reply, {
        schema: membershipForm,
        body: req.body,
        hrefs: membershipHrefs,
        template: 'governance/partnership/views/membership-form.njk',
        model,
        save: async (data) => {
          await ps.addMembership(model.person.id, data, req.actor)
          return { to: `/people/${model.person.id}`, flash: 'Membership added' }
        },
      })
    })

    app.get('/settings', async (_req, reply) => {
      const p = await ps.current()
      return reply.page('governance/partnership/views/settings.njk', {
        pageTitle: 'Partnership settings',
        values: {
          name: p.name,
          areaName: p.area_name,
          quorumMinStatutoryAgencies: String(p.quorum_min_statutory_agencies),
          defaultPlatform: p.default_platform ?? '',
          localitySharePercent: String(Math.round(p.locality_share_threshold * 100)),
          papersDueDays: String(p.papers_due_days),
        },
      })
    })
    app.post('/settings', async (req, reply) => {
      const p = await ps.current()
      return submitForm(reply, {
        schema: settingsForm,
        body: req.body,
        template: 'governance/partnership/views/settings.njk',
        model: { pageTitle: 'Partnership settings' },
        save: async (data) => {
          await ps.updateSettings(p.id, data, req.actor)
          return { to: '/people', flash: 'Settings saved' }
        },
      })
    })

    app.get('/agencies/new', async (_req, reply) =>
      reply.page('governance/partnership/views/agency-form.njk', {
        pageTitle: 'Add an agency',
        section: 'people',
        sectorItems,
        values: {},
      }),
    )
    app.post('/agencies/new', async (req, reply) => {
      const p = await ps.current()
      return submitForm(reply, {
        schema: agencyForm,
        body: req.body,
        template: 'governance/partnership/views/agency-form.njk',
        model: { pageTitle: 'Add an agency', section: 'people', sectorItems },
        save: async (data) => {
          await ps.addAgency(p.id, data, req.actor)
          return { to: '/people', flash: `${data.name} added` }
        },
      })
    })
  }
}
