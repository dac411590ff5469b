import { ACCESS, guardRoutes, mayWrite } from '../../../web/route-access'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Services } from '../../../container'
import { submitForm } from '../../../web/form-route'
import { actionEditForm, actionEditHrefs, actionFilter, actionUpdateForm, actionUpdateHrefs } from './actions.schemas'
import { actionStatusLabels } from './actions.service'
import { actionStatuses } from './actions.table'

type IdParams = { Params: { id: string } }

const statusItems = actionStatuses.map((s) => ({ value: s, text: actionStatusLabels[s] }))

export function actionsRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    app.get('/actions', async (req, reply) => {
      const partnership = await services.partnership.current()
      const filter = actionFilter.parse(req.query ?? {})
      const [actions, people] = await Promise.all([
        services.actions.list(partnership.id, filter),
        services.partnership.people(partnership.id),
      ])
      return reply.page('governance/actions/views/list.njk', {
        pageTitle: 'Actions',
        section: 'actions',
        actions,
        filter,
        statusFilterItems: [
          { value: 'current', text: 'Open and in progress' },
          { value: 'all', text: 'All' },
          ...statusItems,
        ],
        ownerItems: people.map((p) => ({ value: p.id, text: p.displayName })),
      })
    })

    const actionPage = async (id: string, req: FastifyRequest) => {
      const action = await services.actions.get(id)
      const u = req.user
      return {
        // The update form goes to those who may send it: coordinators, and a member on an action they own.
        mayUpdate:
          !req.accountsOn ||
          (!!u &&
            (mayWrite(u.role, ACCESS.coordinated) ||
              (u.role === 'member' && !!u.personId && action.owners.some((o) => o.id === u.personId)))),
        pageTitle: `Action ${action.ref}: ${action.title}`,
        section: 'actions',
        action,
        statusItems,
        registerEntries: await services.registers.entriesFor('action', [id]),
      }
    }

    app.get<IdParams>('/actions/:id', async (req, reply) => {
      const model = await actionPage(req.params.id, req)
      const today = services.clock()
      return reply.page('governance/actions/views/show.njk', {
        ...model,
        values: {
          status: model.action.status,
          'updateDate-day': String(today.getDate()),
          'updateDate-month': String(today.getMonth() + 1),
          'updateDate-year': String(today.getFullYear()),
        },
      })
    })

    // A member may add updates to the actions they own.
    app.post<IdParams>(
      '/actions/:id/updates',
      { config: { access: { ...ACCESS.coordinated, ownAction: true } } },
      async (req, reply) => {
        const model = await actionPage(req.params.id, req)
        return submitForm(reply, {
          schema: actionUpdateForm,
          body: req.body,
          hrefs: actionUpdateHrefs,
          template: 'governance/actions/views/show.njk',
          model,
          save: async (data) => {
            await services.actions.addUpdate(req.params.id, data, req.actor)
            return {
              to: `/actions/${req.params.id}`,
              flash: `Action ${model.action.ref} updated: ${actionStatusLabels[data.status].toLowerCase()}`,
            }
          },
        })
      },
    )

    const editModel = async (id: string) => {
      const action = await services.actions.get(id)
      const meetings = await services.meetings.list(action.partnership_id)
      return {
        pageTitle: `Change action ${action.ref}`,
        section: 'actions',
        action,
        meetingItems: meetings
          .filter((m) => m.status === 'scheduled' || m.id === action.target_meeting_id)
          .map((m) => ({ value: m.id, text: `${m.title}: ${m.dateText}` })),
      }
    }

    app.get<IdParams>('/actions/:id/edit', async (req, reply) => {
      const model = await editModel(req.params.id)
      const [y = '', m = '', d = ''] = (model.action.due_date ?? '').split('-')
      return reply.page('governance/actions/views/edit.njk', {
        ...model,
        values: {
          title: model.action.title,
          description: model.action.description,
          'dueDate-day': d ? String(Number(d)) : '',
          'dueDate-month': m ? String(Number(m)) : '',
          'dueDate-year': y,
          targetMeetingId: model.action.target_meeting_id ?? '',
        },
      })
    })

    app.post<IdParams>('/actions/:id/edit', async (req, reply) => {
      const model = await editModel(req.params.id)
      return submitForm(reply, {
        schema: actionEditForm,
        body: req.body,
        hrefs: actionEditHrefs,
        template: 'governance/actions/views/edit.njk',
        model,
        save: async (data) => {
          await services.actions.edit(req.params.id, data, req.actor)
          return { to: `/actions/${req.params.id}`, flash: `Action ${model.action.ref} changed` }
        },
      })
    })
  }
}
