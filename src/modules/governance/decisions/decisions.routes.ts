import { ACCESS, guardRoutes } from '../../../web/route-access'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../container'
import { NotFoundError } from '../../../errors'
import { submitForm } from '../../../web/form-route'
import { decisionForm } from './decisions.schemas'

type ParagraphParams = { Params: { id: string; pid: string } }

export function decisionsRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    app.get('/decisions', async (_req, reply) => {
      const partnership = await services.partnership.current()
      const decisions = await services.decisions.list(partnership.id)
      const entries = await services.registers.entriesFor(
        'decision',
        decisions.map((d) => d.id),
      )
      return reply.page('governance/decisions/views/list.njk', {
        pageTitle: 'Decisions log',
        section: 'decisions',
        decisions: decisions.map((d) => ({ ...d, registerEntries: entries.filter((e) => e.target_id === d.id) })),
      })
    })

    const formModel = async (meetingId: string, paragraphId: string) => {
      const doc = await services.minutes.document(meetingId)
      const paragraph = doc.items.flatMap((i) => i.paragraphs).find((p) => p.id === paragraphId)
      if (!paragraph) throw new NotFoundError(`There is no paragraph with id ${paragraphId} in this meeting.`)
      return {
        pageTitle: `Record a decision from paragraph ${paragraph.number}`,
        section: 'decisions',
        meeting: doc.meeting,
        paragraph,
      }
    }

    app.get<ParagraphParams>('/meetings/:id/paragraphs/:pid/decisions/new', async (req, reply) => {
      const model = await formModel(req.params.id, req.params.pid)
      const firstText = model.paragraph.blocks.find((b) => b.kind === 'text')
      return reply.page('governance/decisions/views/form.njk', {
        ...model,
        values: { wording: firstText && firstText.kind === 'text' ? firstText.text : '' },
      })
    })

    app.post<ParagraphParams>('/meetings/:id/paragraphs/:pid/decisions/new', async (req, reply) => {
      const model = await formModel(req.params.id, req.params.pid)
      return submitForm(reply, {
        schema: decisionForm,
        body: req.body,
        template: 'governance/decisions/views/form.njk',
        model,
        save: async (data) => {
          await services.decisions.create(model.paragraph.id, data, req.actor)
          return { to: '/decisions', flash: `Decision recorded from paragraph ${model.paragraph.number}` }
        },
      })
    })
  }
}
