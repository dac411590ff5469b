import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Services } from '../../container'
import { submitForm } from '../../web/form-route'
import { visibilityForm } from '../governance/minutes/minutes.schemas'
import { visibilityLabels } from '../access/restriction'
import { dhrStatusLabels, dhrTransitions, type DhrStatus } from './dhr-clock'
import { dhrForm, dhrMoveForm, dhrSettingsForm, extendForm, linkForm, updateForm } from './registers.schemas'
import { registerTitles } from './registers.service'

type IdParams = { Params: { id: string } }

export function registersRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    const partnershipId = async () => (await services.partnership.current()).id
    const agencyItems = async () => [{ value: '', text: 'Not set' }, ...(await services.partnership.agencies(await partnershipId())).map((a) => ({ value: a.id, text: a.name }))]
    const accountItems = async (req: FastifyRequest) => (req.accountsOn ? (await services.users.list(await partnershipId())).filter((u) => !u.disabled).map((u) => ({ value: u.id, text: `${u.name} (${u.email})`, hint: { text: [u.role, u.agency].filter(Boolean).join(', ') } })) : [])

    app.get('/registers', async (_req, reply) => {
      const dhr = await services.registers.listDhr(await partnershipId())
      return reply.page('registers/views/index.njk', { pageTitle: 'Registers', section: 'registers', registers: [{ href: '/registers/dhr', title: registerTitles.dhr, count: dhr.length, overdue: dhr.filter((d) => d.clock.daysOverdue !== null).length }] })
    })

    app.get('/registers/dhr', async (_req, reply) => {
      const reviews = await services.registers.listDhr(await partnershipId())
      const open = reviews.filter((r) => !r.clock.closed)
      const byStatus = Object.entries(dhrStatusLabels).map(([code, label]) => ({ code, label, count: reviews.filter((r) => r.status === code).length })).filter((s) => s.count > 0)
      return reply.page('registers/views/dhr-list.njk', { pageTitle: registerTitles.dhr, section: 'registers', reviews, open, byStatus, settings: await services.registers.dhrSettings(await partnershipId()) })
    })

    // Recording a review: restricted by default, the person recording it always named.
    const newModel = async (req: FastifyRequest) => ({ pageTitle: 'Record a Domestic Homicide Review', section: 'registers', agencyItems: await agencyItems(), accountItems: await accountItems(req), labels: visibilityLabels, accountsOn: req.accountsOn, self: req.user?.id })
    app.get('/registers/dhr/new', async (req, reply) => reply.page('registers/views/dhr-form.njk', { ...(await newModel(req)), values: { visibility: req.accountsOn ? 'restricted' : 'partners' } }))
    app.post('/registers/dhr/new', async (req, reply) =>
      submitForm(reply, {
        schema: dhrForm.schema, hrefs: dhrForm.hrefs, body: req.body, template: 'registers/views/dhr-form.njk', model: await newModel(req),
        save: async (d) => {
          const id = await services.registers.createDhr(await partnershipId(), { ref: d.ref, title: d.title, notifiedOn: d.notifiedOn, leadAgencyId: d.leadAgencyId, visibility: d.visibility, userIds: d.users }, req.actor, req.user?.id)
          return { to: `/registers/dhr/${id}`, flash: `Review ${d.ref} recorded` }
        },
      }),
    )

    app.get('/registers/dhr/settings', async (_req, reply) => {
      const s = await services.registers.dhrSettings(await partnershipId())
      return reply.page('registers/views/dhr-settings.njk', { pageTitle: 'DHR timescales', section: 'registers', values: { ...s, pauseStopsClock: s.pauseStopsClock ? 'yes' : 'no' } })
    })
    app.post('/registers/dhr/settings', async (req, reply) =>
      submitForm(reply, {
        schema: dhrSettingsForm, body: req.body, template: 'registers/views/dhr-settings.njk', model: { pageTitle: 'DHR timescales', section: 'registers' },
        save: async (d) => {
          await services.registers.saveDhrSettings(await partnershipId(), d, req.actor)
          return { to: '/registers/dhr', flash: 'Timescales saved: every review\'s deadlines follow them' }
        },
      }),
    )

    const showModel = async (id: string) => {
      const entry = await services.registers.get(id, 'dhr')
      const next = (dhrTransitions[entry.status as DhrStatus] ?? []).map((s) => ({ value: s, text: dhrStatusLabels[s] }))
      return { pageTitle: `${entry.ref}: ${entry.title}`, section: 'registers', entry, nextStages: next, paragraphGroups: await services.registers.paragraphChoices(entry.partnership_id) }
    }
    app.get<IdParams>('/registers/dhr/:id', async (req, reply) => reply.page('registers/views/dhr-show.njk', { ...(await showModel(req.params.id)), values: {} }))

    /** Each form on a review's page re-renders the page with its own errors and what was typed. */
    const post = <S extends z.ZodType>(path: string, schema: S, save: (id: string, data: z.output<S>, req: FastifyRequest) => Promise<string>, hrefs?: Record<string, string>) =>
      app.post<IdParams>(`/registers/dhr/:id/${path}`, async (req, reply: FastifyReply) =>
        submitForm(reply, {
          schema, hrefs, body: req.body, template: 'registers/views/dhr-show.njk', model: { ...(await showModel(req.params.id)), form: path },
          save: async (d) => ({ to: `/registers/dhr/${req.params.id}`, flash: await save(req.params.id, d, req) }),
        }),
      )
    post('stage', dhrMoveForm.schema, async (id, d, req) => {
      await services.registers.moveDhr(id, { to: d.to, date: d.date, reason: d.reason ?? '' }, req.actor)
      return `Stage recorded: ${dhrStatusLabels[d.to as DhrStatus] ?? d.to}`
    }, dhrMoveForm.hrefs)
    post('updates', updateForm.schema, async (id, d, req) => {
      await services.registers.addUpdate(id, { date: d.date, text: d.text }, req.actor)
      return 'Update added'
    }, updateForm.hrefs)
    post('extensions', extendForm.schema, async (id, d, req) => {
      await services.registers.extendDhr(id, { months: d.months, reason: d.reason, date: d.date }, req.actor)
      return `Completion extended by ${d.months} month${d.months === 1 ? '' : 's'}`
    }, extendForm.hrefs)
    post('links', linkForm, async (id, d, req) => {
      await services.registers.linkParagraph(id, d.paragraphId, req.actor)
      return 'Linked to the minutes'
    })

    const accessModel = async (req: FastifyRequest<IdParams>) => {
      const entry = await services.registers.get(req.params.id, 'dhr')
      return {
        entry,
        model: {
          pageTitle: `Who can see ${entry.ref}`, section: 'registers', caption: registerTitles.dhr, intro: `${entry.ref}: ${entry.title}.`, backHref: `/registers/dhr/${entry.id}`,
          accountsOn: req.accountsOn, self: req.user?.id, labels: visibilityLabels, accountItems: await accountItems(req), action: req.url,
        },
      }
    }
    app.get<IdParams>('/registers/dhr/:id/access', async (req, reply) => {
      const { entry, model } = await accessModel(req)
      return reply.page('governance/minutes/views/access-form.njk', { ...model, values: { visibility: entry.visibility, users: entry.named.map((u) => u.id) } })
    })
    app.post<IdParams>('/registers/dhr/:id/access', async (req, reply) => {
      const { entry, model } = await accessModel(req)
      return submitForm(reply, {
        schema: visibilityForm, body: req.body, template: 'governance/minutes/views/access-form.njk', model,
        save: async (d) => {
          await services.registers.setVisibility(entry.id, { visibility: d.visibility, userIds: d.users }, req.actor, req.user?.id)
          return { to: `/registers/dhr/${entry.id}`, flash: `${entry.ref}: ${visibilityLabels[d.visibility].split(':')[0]!.toLowerCase()}` }
        },
      })
    })
  }
}
