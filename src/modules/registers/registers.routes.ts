import { registerRouteHelpers } from './register-route-helpers'
import { generalRegister } from './register-defs'
import type { EntryParams, KindParams } from './registers.schemas'
import { ACCESS, guardRoutes } from '../../web/route-access'
import { withArticle } from '../../words'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Services } from '../../container'
import { submitForm } from '../../web/form-route'
import { visibilityLabels } from '../access/restriction'
import { dhrStatusLabels, type DhrStatus } from './dhr-clock'
import {
  actionLinkForm,
  decisionLinkForm,
  unlinkForm,
  dhrAboutForm,
  dhrMoveForm,
  entryForm,
  extendForm,
  fieldsForm,
  fieldValues,
  linkForm,
  moveForm,
  recommendationForm,
  renameForm,
  updateForm,
} from './registers.schemas'
import { registerTitles } from './registers.service'
import { registerDefs, type RegisterDef } from './register-defs'
import { entryPage } from './entry-page'

export function registersRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    const { partnershipId, kindOf, agencyItems, accountItems, groupItems } = registerRouteHelpers(services)

    // The registers, with a search across all of them (only entries the reader may see are searched).
    app.get<{ Querystring: { q?: string } }>('/registers', async (req, reply) => {
      const pid = await partnershipId()
      const q = String(req.query.q ?? '')
        .trim()
        .slice(0, 100)
      const dhr = await services.registers.listDhr(pid)
      const lists = await Promise.all(
        Object.values(registerDefs).map(async (d) => ({ def: d, entries: await services.registers.list(pid, d.kind) })),
      )
      const summary = (href: string, title: string, count: number, overdue: number) => ({ href, title, count, overdue })
      const general = lists.map((l) => summary(`/registers/${l.def.kind}`, l.def.title, l.entries.length, 0))
      const registers = [
        ...general.slice(0, 3),
        summary(
          '/registers/dhr',
          registerTitles.dhr,
          dhr.length,
          dhr.filter((d) => d.clock.daysOverdue !== null).length,
        ),
        ...general.slice(3),
      ]
      const needle = q.toLowerCase()
      const hit = (e: { ref: string; title: string }) =>
        e.ref.toLowerCase().includes(needle) || e.title.toLowerCase().includes(needle)
      const results = q
        ? [
            ...lists.flatMap((l) =>
              l.entries.filter(hit).map((e) => ({
                href: `/registers/${l.def.kind}/${e.id}`,
                ref: e.ref,
                title: e.title,
                register: l.def.title,
                status: e.statusLabel,
              })),
            ),
            ...dhr.filter(hit).map((e) => ({
              href: `/registers/dhr/${e.id}`,
              ref: e.ref,
              title: e.title,
              register: registerTitles.dhr,
              status: e.statusLabel,
            })),
          ]
        : null
      return reply.page('registers/views/index.njk', {
        pageTitle: 'Registers',
        section: 'registers',
        registers,
        q,
        results,
      })
    })

    const { showModel } = entryPage(services, agencyItems)
    app.get<EntryParams>('/registers/:kind/:id', async (req, reply) => {
      const { template, model } = await showModel(kindOf(req.params.kind), req.params.id)
      return reply.page(template, { ...model, values: {} })
    })

    /** Fields whose ids differ from their names on the entry pages. */
    const renamedIds: Record<string, Record<string, string>> = {
      recommendations: { text: 'recommendation-text', ref: 'recommendation-ref', status: 'recommendation-status' },
      extensions: { reason: 'extension-reason' },
      about: { reason: 'about-reason' },
    }
    /** Each form on an entry's page re-renders the page with its own errors and what was typed. */
    const post = <S extends z.ZodType>(
      path: string,
      schema: S,
      save: (id: string, data: z.output<S>, req: FastifyRequest) => Promise<string>,
      hrefs?: Record<string, string>,
      kinds = ':kind',
    ) =>
      app.post<EntryParams>(`/registers/${kinds}/:id/${path}`, async (req, reply: FastifyReply) => {
        const kind = kindOf(req.params.kind ?? 'dhr')
        const { template, model } = await showModel(kind, req.params.id)
        // Each form's fields carry its name in their ids (several forms on the page have a date).
        const ids: Record<string, string> = {
          ...Object.fromEntries(Object.entries(hrefs ?? {}).map(([k, v]) => [k, `${path}-${v}`])),
          ...(renamedIds[path] ?? {}),
        }
        return submitForm(reply, {
          schema,
          hrefs: ids,
          body: req.body,
          template,
          model: { ...model, form: path },
          save: async (d) => ({ to: `/registers/${kind}/${req.params.id}`, flash: await save(req.params.id, d, req) }),
        })
      })
    post(
      'stage',
      dhrMoveForm.schema,
      async (id, d, req) => {
        await services.registers.moveDhr(id, { to: d.to, date: d.date, reason: d.reason ?? '' }, req.actor)
        return `Stage recorded: ${dhrStatusLabels[d.to as DhrStatus] ?? d.to}`
      },
      dhrMoveForm.hrefs,
      'dhr',
    )
    post(
      'extensions',
      extendForm.schema,
      async (id, d, req) => {
        await services.registers.extendDhr(id, { months: d.months, reason: d.reason, date: d.date }, req.actor)
        return `Completion extended by ${d.months} month${d.months === 1 ? '' : 's'}`
      },
      extendForm.hrefs,
      'dhr',
    )
    post(
      'about',
      dhrAboutForm,
      async (id, d, req) => {
        await services.registers.editDhrAbout(
          id,
          { reason: d.reason, themes: (d.themes ?? '').split(/\r?\n/), impact: d.impact ?? '' },
          req.actor,
        )
        return 'Reason, themes and impact saved'
      },
      undefined,
      'dhr',
    )
    post(
      'recommendations',
      recommendationForm.schema,
      async (id, d, req) => {
        await services.registers.addRecommendation(
          id,
          {
            ref: d.ref,
            text: d.text,
            level: d.level,
            agencyId: d.agencyId,
            owner: d.owner ?? '',
            dueDate: d.dueDate,
            status: d.status,
            date: d.date,
          },
          req.actor,
        )
        return 'Recommendation added'
      },
      recommendationForm.hrefs,
      'dhr',
    )
    post(
      'status',
      moveForm.schema,
      async (id, d, req) => {
        await services.registers.move(id, { to: d.to, date: d.date, reason: d.reason ?? '' }, req.actor)
        return 'Status recorded'
      },
      moveForm.hrefs,
    )
    post(
      'rename',
      renameForm.schema,
      async (id, d, req) => {
        await services.registers.rename(id, { title: d.title, date: d.date, reason: d.reason ?? '' }, req.actor)
        return `Renamed ${d.title}`
      },
      renameForm.hrefs,
    )
    post(
      'fields',
      fieldsForm.schema,
      async (id, d, req) => {
        await services.registers.editFields(id, fieldValues(req.body), d.date, req.actor)
        return 'Changes saved'
      },
      fieldsForm.hrefs,
    )
    post(
      'updates',
      updateForm.schema,
      async (id, d, req) => {
        await services.registers.addUpdate(id, { date: d.date, text: d.text }, req.actor)
        return 'Update added'
      },
      updateForm.hrefs,
    )
    post('links', linkForm, async (id, d, req) => {
      await services.registers.link(id, 'minute_paragraph', d.paragraphId, req.actor)
      return 'Linked to the minutes'
    })
    post('action-links', actionLinkForm, async (id, d, req) => {
      await services.registers.link(id, 'action', d.actionId, req.actor)
      return 'Linked to the action'
    })
    post('decision-links', decisionLinkForm, async (id, d, req) => {
      await services.registers.link(id, 'decision', d.decisionId, req.actor)
      return 'Linked to the decision'
    })
    post('links/remove', unlinkForm, async (id, d, req) => {
      await services.registers.unlink(id, d.targetType, d.targetId, req.actor)
      return 'Link removed'
    })

    // The four general registers: list and new.
    app.get<KindParams & { Querystring: { book?: string } }>('/registers/:kind', async (req, reply) => {
      const pid = await partnershipId()
      const def = await services.registers.config(pid, generalRegister(req.params.kind).kind)
      const all = await services.registers.list(pid, def.kind)
      // Risks: one named risk register at a time (the DHR risk register is one), or all of them.
      const book =
        def.books && typeof req.query.book === 'string' && def.books.includes(req.query.book) ? req.query.book : null
      const entries = book ? all.filter((e) => e.details.book === book) : all
      const open = entries.filter((e) => !e.closed)
      const books = def.books
        ? def.books.map((b) => ({
            name: b,
            count: all.filter((e) => e.details.book === b).length,
            current: b === book,
          }))
        : null
      return reply.page('registers/views/entry-list.njk', {
        pageTitle: def.title,
        section: 'registers',
        def,
        entries,
        open,
        closed: entries.filter((e) => e.closed),
        heat: def.kind === 'risks' ? heatMap(open) : null,
        progress: services.registers.progress(def, entries),
        books,
        book,
      })
    })

    const entryFormModel = async (req: FastifyRequest, def: RegisterDef) => ({
      pageTitle: `Add ${withArticle(def.singular)}`,
      section: 'registers',
      def,
      agencyItems: await agencyItems(),
      accountItems: await accountItems(req),
      groupItems: await groupItems(req),
      labels: visibilityLabels,
      accountsOn: req.accountsOn,
      self: req.user?.id,
      statusItems: def.statuses.map((x) => ({ value: x.code, text: x.label })),
      personItems: [
        { value: '', text: 'Not set' },
        ...(await services.partnership.people(await partnershipId())).map((p) => ({
          value: p.id,
          text: p.displayName,
        })),
      ],
    })
    app.get<KindParams & { Querystring: { book?: string } }>('/registers/:kind/new', async (req, reply) => {
      const def = await services.registers.config(await partnershipId(), generalRegister(req.params.kind).kind)
      return reply.page('registers/views/entry-form.njk', {
        ...(await entryFormModel(req, def)),
        values: {
          visibility: def.defaultVisibility,
          status: def.statuses[0]!.code,
          ...(def.books
            ? { book: def.books.includes(String(req.query.book)) ? String(req.query.book) : def.books[0] }
            : {}),
        },
      })
    })
    app.post<KindParams>('/registers/:kind/new', async (req, reply) => {
      const def = await services.registers.config(await partnershipId(), generalRegister(req.params.kind).kind)
      return submitForm(reply, {
        schema: entryForm.schema,
        hrefs: entryForm.hrefs,
        body: req.body,
        template: 'registers/views/entry-form.njk',
        model: await entryFormModel(req, def),
        save: async (d) => {
          const id = await services.registers.create(
            await partnershipId(),
            def.kind,
            {
              ref: d.ref,
              title: d.title,
              status: d.status,
              statusDate: d.statusDate,
              leadAgencyId: d.leadAgencyId,
              ownerPersonId: d.ownerPersonId,
              visibility: d.visibility,
              userIds: d.users,
              groupIds: d.groups,
              fields: fieldValues(req.body),
            },
            req.actor,
            req.user?.id,
          )
          return { to: `/registers/${def.kind}/${id}`, flash: `${d.title} added` }
        },
      })
    })
  }
}

/** An entry's own fields as form values (yes/no as "yes"/"no", numbers as text). */

/** The 5 × 5 grid of current risks: impact 5 at the top, likelihood 1 at the left, each cell's score band named. */
export function heatMap(risks: readonly { id: string; ref: string; details: Record<string, unknown> }[]) {
  const band = (score: number) => (score >= 20 ? 'severe' : score >= 10 ? 'high' : score >= 5 ? 'medium' : 'low')
  return [5, 4, 3, 2, 1].map((impact) => ({
    impact,
    cells: [1, 2, 3, 4, 5].map((likelihood) => ({
      score: impact * likelihood,
      band: band(impact * likelihood),
      risks: risks
        .filter((r) => r.details.impact === impact && r.details.likelihood === likelihood)
        .map((r) => ({ id: r.id, ref: r.ref })),
    })),
  }))
}
