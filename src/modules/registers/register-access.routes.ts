import { registerRouteHelpers } from './register-route-helpers'
import type { EntryParams } from './registers.schemas'
// Who may see a register entry: its restriction level and the accounts named on it.
import { ACCESS, guardRoutes } from '../../web/route-access'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Services } from '../../container'
import { submitForm } from '../../web/form-route'
import { visibilityForm } from '../governance/minutes/minutes.schemas'
import { visibilityLabels } from '../access/restriction'
import { registerTitles } from './registers.service'
import { registerDefs } from './register-defs'

/** A register entry's restriction: the page and the change. */
export function registerAccessRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    const { kindOf, accountItems, groupItems } = registerRouteHelpers(services)

    const accessModel = async (req: FastifyRequest<EntryParams>) => {
      const kind = kindOf(req.params.kind)
      const entry = await services.registers.get(req.params.id, kind)
      return {
        entry,
        model: {
          pageTitle: `Who can see ${entry.ref}`,
          section: 'registers',
          caption: kind === 'dhr' ? registerTitles.dhr : registerDefs[kind].title,
          intro: `${entry.ref}: ${entry.title}.`,
          backHref: `/registers/${kind}/${entry.id}`,
          accountsOn: req.accountsOn,
          self: req.user?.id,
          labels: visibilityLabels,
          accountItems: await accountItems(req),
          groupItems: await groupItems(req),
          action: req.url,
          restrictedOnly: kind === 'dhr',
        },
      }
    }
    app.get<EntryParams>('/registers/:kind/:id/access', async (req, reply) => {
      const { entry, model } = await accessModel(req)
      return reply.page('governance/minutes/views/access-form.njk', {
        ...model,
        values: {
          visibility: entry.visibility,
          users: entry.named.filter((u) => u.direct).map((u) => u.id),
          groups: entry.groups.map((g) => g.id),
        },
      })
    })
    app.post<EntryParams>('/registers/:kind/:id/access', async (req, reply) => {
      const { entry, model } = await accessModel(req)
      return submitForm(reply, {
        schema: visibilityForm,
        body: req.body,
        template: 'governance/minutes/views/access-form.njk',
        model,
        save: async (d) => {
          await services.registers.setVisibility(
            entry.id,
            { visibility: d.visibility, userIds: d.users, groupIds: d.groups },
            req.actor,
            req.user?.id,
          )
          return {
            to: `/registers/${entry.register}/${entry.id}`,
            flash: `${entry.ref}: ${visibilityLabels[d.visibility].split(':')[0]!.toLowerCase()}`,
          }
        },
      })
    })
  }
}
