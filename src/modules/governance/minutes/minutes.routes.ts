import { ACCESS, guardRoutes } from '../../../web/route-access'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../../container'
import { ConflictError, NotFoundError, RuleError } from '../../../errors'
import { submitForm } from '../../../web/form-route'
import { formValues, parseForm } from '../../../web/forms'
import { documentKind, minutesDocx } from './minutes.docx'
import { minutesHtml } from './minutes-html'
import { agendaListing } from '../papers/papers.routes'
import { htmlToPdf, PdfUnavailable } from '../../../web/pdf'
import { itemDetailsForm, itemForm, minutesTransitionForm, paragraphForm, visibilityForm } from './minutes.schemas'
import { visibilityLabels } from '../../access/restriction'

type MeetingParams = { Params: { id: string } }
type ParagraphParams = { Params: { id: string; pid: string } }
type ItemParams = { Params: { id: string; itemId: string } }

/** A refused save re-renders the form with what the user typed and the reason; nothing is lost. */
function refused(e: unknown, field = 'body') {
  if (e instanceof ConflictError || e instanceof RuleError) {
    const f = e instanceof RuleError && e.field ? e.field : field
    const error = { text: e.message, href: `#${f}` }
    return { status: e instanceof ConflictError ? 409 : 400, errors: { [f]: error }, errorList: [error] }
  }
  throw e
}

export function minutesRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    const paragraphPage = async (meetingId: string, paragraphId: string) => {
      const doc = await services.minutes.document(meetingId)
      const item = doc.items.find((i) => i.paragraphs.some((p) => p.id === paragraphId))
      const paragraph = item?.paragraphs.find((p) => p.id === paragraphId)
      if (!item || !paragraph) throw new NotFoundError(`There is no paragraph with id ${paragraphId} in this meeting.`)
      return { doc, item, paragraph }
    }
    const renderParagraphForm = (reply: FastifyReply, model: Record<string, unknown>, status = 200) =>
      reply.page('governance/minutes/views/paragraph-form.njk', { section: 'meetings', ...model }, status)

    app.get<ParagraphParams>('/meetings/:id/paragraphs/:pid/edit', async (req, reply) => {
      const { doc, item, paragraph } = await paragraphPage(req.params.id, req.params.pid)
      if (!doc.editable)
        throw new RuleError(
          `These minutes are ${doc.meeting.minutes_status} and locked: approved minutes cannot be changed.`,
        )
      return renderParagraphForm(reply, {
        pageTitle: `Edit paragraph ${paragraph.number}`,
        meeting: doc.meeting,
        item,
        action: `/meetings/${doc.meeting.id}/paragraphs/${paragraph.id}/edit`,
        values: {
          heading: paragraph.heading ?? '',
          cites: paragraph.cites ?? '',
          body: paragraph.body,
          version: String(doc.meeting.minutes_version),
        },
      })
    })

    app.post<ParagraphParams>('/meetings/:id/paragraphs/:pid/edit', async (req, reply) => {
      const { doc, item, paragraph } = await paragraphPage(req.params.id, req.params.pid)
      const model = {
        pageTitle: `Edit paragraph ${paragraph.number}`,
        meeting: doc.meeting,
        item,
        action: `/meetings/${doc.meeting.id}/paragraphs/${paragraph.id}/edit`,
        values: formValues(req.body),
      }
      const form = parseForm(paragraphForm, req.body)
      if (!form.ok) return renderParagraphForm(reply, { ...model, ...form }, 400)
      try {
        await services.minutes.editParagraph(doc.meeting.id, paragraph.id, form.data, req.actor)
      } catch (e) {
        const r = refused(e)
        return renderParagraphForm(
          reply,
          { ...model, ...r, currentText: e instanceof ConflictError ? paragraph.body : undefined },
          r.status,
        )
      }
      return reply
        .flash(`Paragraph ${paragraph.number} saved`)
        .redirect(`/meetings/${doc.meeting.id}#${paragraph.anchor}`, 303)
    })

    const itemOf = async (meetingId: string, itemId: string) => {
      const doc = await services.minutes.document(meetingId)
      const item = doc.items.find((i) => i.id === itemId)
      if (!item) throw new NotFoundError(`There is no agenda item with id ${itemId} in this meeting.`)
      return { doc, item }
    }

    app.get<ItemParams>('/meetings/:id/items/:itemId/paragraphs/new', async (req, reply) => {
      const { doc, item } = await itemOf(req.params.id, req.params.itemId)
      return renderParagraphForm(reply, {
        pageTitle: `Add a paragraph to item ${item.number}`,
        meeting: doc.meeting,
        item,
        action: `/meetings/${doc.meeting.id}/items/${item.id}/paragraphs/new`,
        values: { version: String(doc.meeting.minutes_version) },
      })
    })

    app.post<ItemParams>('/meetings/:id/items/:itemId/paragraphs/new', async (req, reply) => {
      const { doc, item } = await itemOf(req.params.id, req.params.itemId)
      const model = {
        pageTitle: `Add a paragraph to item ${item.number}`,
        meeting: doc.meeting,
        item,
        action: `/meetings/${doc.meeting.id}/items/${item.id}/paragraphs/new`,
        values: formValues(req.body),
      }
      const form = parseForm(paragraphForm, req.body)
      if (!form.ok) return renderParagraphForm(reply, { ...model, ...form }, 400)
      let added: Awaited<ReturnType<typeof services.minutes.addParagraph>>
      try {
        added = await services.minutes.addParagraph(doc.meeting.id, item.id, form.data, req.actor)
      } catch (e) {
        const r = refused(e)
        return renderParagraphForm(reply, { ...model, ...r }, r.status)
      }
      const { number, created } = added
      // The banner says what the paragraph's action lines put in the action log, not only that it was added.
      const actionsText = created.map((a) => `“${a.title}” for ${a.ownersText}`).join('; ')
      return reply
        .flash(
          `Paragraph ${number} added${created.length ? `, and ${created.length === 1 ? 'an action' : `${created.length} actions`} in the action log: ${actionsText}` : ''}`,
        )
        .redirect(`/meetings/${doc.meeting.id}#p-${number.replace('.', '-')}`, 303)
    })

    // Who can see an agenda item or paragraph: public, partners, or only the accounts named.
    type AccessParams = { Params: { id: string; kind: string; sid: string } }
    const accessPage = async (req: FastifyRequest<AccessParams>) => {
      const { id, kind, sid } = req.params
      if (kind !== 'item' && kind !== 'paragraph') throw new NotFoundError(`There is no page at ${req.url}.`)
      const doc = await services.minutes.document(id)
      const item =
        kind === 'item'
          ? doc.items.find((i) => i.id === sid)
          : doc.items.find((i) => i.paragraphs.some((p) => p.id === sid))
      const paragraph = kind === 'paragraph' ? item?.paragraphs.find((p) => p.id === sid) : undefined
      if (!item || (kind === 'paragraph' && !paragraph))
        throw new NotFoundError(
          `There is no ${kind === 'item' ? 'agenda item' : 'paragraph'} with id ${sid} in this meeting.`,
        )
      const record = paragraph ?? item
      const accountItems = req.accountsOn ? await services.users.choices(doc.meeting.partnership_id) : []
      const groupItems = req.accountsOn ? await services.accessGroups.choices(doc.meeting.partnership_id) : []
      return {
        doc,
        item,
        paragraph,
        record,
        subject: { type: kind === 'item' ? ('agenda_item' as const) : ('minute_paragraph' as const), id: sid },
        model: {
          pageTitle: kind === 'item' ? `Who can see item ${item.number}` : `Who can see paragraph ${paragraph!.number}`,
          section: 'meetings',
          accountsOn: req.accountsOn,
          self: req.user?.id,
          caption: `${doc.meeting.title}: ${doc.meeting.dateText}`,
          intro: paragraph
            ? `Paragraph ${paragraph.number} of item ${item.number}, ${item.title}.`
            : `Item ${item.number}, ${item.title}, and every paragraph under it.`,
          backHref: `/meetings/${doc.meeting.id}#${paragraph ? paragraph.anchor : `item-${item.number}`}`,
          labels: visibilityLabels,
          accountItems,
          groupItems,
          action: req.url,
        },
      }
    }
    app.get<AccessParams>('/meetings/:id/access/:kind/:sid', async (req, reply) => {
      const { model, record } = await accessPage(req)
      return reply.page('governance/minutes/views/access-form.njk', {
        ...model,
        values: {
          visibility: record.visibility,
          users: record.named.filter((u) => u.direct).map((u) => u.id),
          groups: record.groups.map((g) => g.id),
        },
      })
    })
    app.post<AccessParams>('/meetings/:id/access/:kind/:sid', async (req, reply) => {
      const { model, subject, doc, item, paragraph } = await accessPage(req)
      return submitForm(reply, {
        schema: visibilityForm,
        body: req.body,
        template: 'governance/minutes/views/access-form.njk',
        model,
        save: async (data) => {
          await services.minutes.setVisibility(
            doc.meeting.id,
            subject,
            { visibility: data.visibility, userIds: data.users, groupIds: data.groups },
            req.actor,
            req.user?.id,
          )
          const what = paragraph ? `Paragraph ${paragraph.number}` : `Item ${item.number}`
          return {
            to: `/meetings/${doc.meeting.id}#${paragraph ? paragraph.anchor : `item-${item.number}`}`,
            flash: `${what}: ${visibilityLabels[data.visibility].split(':')[0]!.toLowerCase()}`,
          }
        },
      })
    })

    app.get<MeetingParams>('/meetings/:id/items/new', async (req, reply) => {
      const m = await services.meetings.get(req.params.id)
      return reply.page('governance/minutes/views/item-form.njk', {
        pageTitle: 'Add an agenda item',
        section: 'meetings',
        meeting: m,
        values: { version: String(m.minutes_version) },
      })
    })

    app.post<MeetingParams>('/meetings/:id/items/new', async (req, reply) => {
      const m = await services.meetings.get(req.params.id)
      return submitForm(reply, {
        schema: itemForm,
        body: req.body,
        template: 'governance/minutes/views/item-form.njk',
        model: { pageTitle: 'Add an agenda item', section: 'meetings', meeting: m },
        save: async (data) => {
          await services.minutes.addItem(m.id, data, req.actor)
          return { to: `/meetings/${m.id}#items`, flash: 'Agenda item added' }
        },
      })
    })

    const purposeItems = [
      { value: 'decision', text: 'For decision' },
      { value: 'information', text: 'For information' },
      { value: 'discussion', text: 'For discussion' },
      { value: '', text: 'Not said' },
    ]
    const itemModel = async (meetingId: string, itemId: string) => {
      const doc = await services.minutes.document(meetingId)
      const item = doc.items.find((i) => i.id === itemId)
      if (!item) throw new NotFoundError(`There is no agenda item with id ${itemId}.`)
      const people = await services.partnership.people(doc.meeting.partnership_id)
      return {
        pageTitle: `Item ${item.number}: lead, purpose and time`,
        section: 'meetings',
        meeting: doc.meeting,
        item,
        purposeItems,
        peopleItems: people.map((p) => ({ value: p.id, text: p.displayName })),
      }
    }

    app.get<ItemParams>('/meetings/:id/items/:itemId/edit', async (req, reply) => {
      const model = await itemModel(req.params.id, req.params.itemId)
      return reply.page('governance/minutes/views/item-details.njk', {
        ...model,
        values: {
          title: model.item.title,
          presenter: model.item.presenter_person_id ?? '',
          purpose: model.item.purpose ?? '',
          minutes: model.item.minutes_allotted ? String(model.item.minutes_allotted) : '',
          version: String(model.meeting.minutes_version),
        },
      })
    })

    app.post<ItemParams>('/meetings/:id/items/:itemId/edit', async (req, reply) => {
      const model = await itemModel(req.params.id, req.params.itemId)
      return submitForm(reply, {
        schema: itemDetailsForm,
        body: req.body,
        template: 'governance/minutes/views/item-details.njk',
        model,
        save: async (data) => {
          await services.minutes.updateItem(req.params.id, req.params.itemId, data, req.actor)
          return {
            to: `/meetings/${req.params.id}#item-${model.item.number}`,
            flash: `Saved item ${model.item.number}`,
          }
        },
      })
    })

    app.post<MeetingParams>('/meetings/:id/agenda', async (req, reply) => {
      const r = await services.minutes.generateAgenda(req.params.id, req.actor)
      return reply
        .flash(
          `Draft agenda ready: ${r.mattersArising} open action${r.mattersArising === 1 ? '' : 's'} under matters arising, ${r.forwardPlanItems} forward plan item${r.forwardPlanItems === 1 ? '' : 's'}`,
        )
        .redirect(`/meetings/${req.params.id}#items`, 303)
    })

    app.post<MeetingParams>('/meetings/:id/minutes/status', async (req, reply) => {
      const form = parseForm(minutesTransitionForm, req.body)
      if (!form.ok) throw new RuleError(form.errorList.map((e) => e.text).join('. '))
      await services.minutes.transition(req.params.id, form.data, req.actor)
      const label = {
        draft: 'returned to draft',
        circulated: 'marked as circulated',
        approved: 'approved and locked',
        published: 'published',
      }[form.data.to]
      return reply.flash(`Minutes ${label}`).redirect(`/meetings/${req.params.id}`, 303)
    })

    app.get<MeetingParams>('/meetings/:id/minutes/versions', async (req, reply) => {
      const m = await services.meetings.get(req.params.id)
      const versions = await services.minutes.versions(m.id)
      return reply.page('governance/minutes/views/versions.njk', {
        pageTitle: 'Version history',
        section: 'meetings',
        meeting: m,
        versions,
      })
    })

    app.get<{ Params: { id: string; v: string } }>('/meetings/:id/minutes/versions/:v', async (req, reply) => {
      const m = await services.meetings.get(req.params.id)
      const n = Number(req.params.v)
      if (!Number.isInteger(n) || n < 1) throw new NotFoundError(`There is no version ${req.params.v}.`)
      const version = await services.minutes.version(m.id, n)
      const previous = n > 1 ? await services.minutes.version(m.id, n - 1).catch(() => undefined) : undefined
      const before = new Set(previous?.items.flatMap((i) => [`No ${i.number}. ${i.title}`, ...i.lines]) ?? [])
      return reply.page('governance/minutes/views/version.njk', {
        pageTitle: `Version ${n}`,
        section: 'meetings',
        meeting: m,
        version,
        changed: previous ? [...before] : null,
      })
    })

    app.get<MeetingParams>('/meetings/:id/minutes.docx', async (req, reply) => {
      const doc = await services.minutes.document(req.params.id)
      const partnership = await services.partnership.current()
      const buffer = await minutesDocx(doc, partnership.name, await agendaListing(services, doc.items, doc.meeting.id))
      const name = `csp-${doc.meeting.date ?? 'undated'}-${documentKind(doc).toLowerCase().replace(' ', '-')}.docx`
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('Content-Disposition', `attachment; filename="${name}"`)
        .send(buffer)
    })

    /** The same document as a tagged A4 PDF with bookmarks and page numbers (G7); says why where no browser is installed. */
    app.get<MeetingParams>('/meetings/:id/minutes.pdf', async (req, reply) => {
      const doc = await services.minutes.document(req.params.id)
      const partnership = await services.partnership.current()
      const { title, html } = minutesHtml(
        doc,
        partnership.name,
        await agendaListing(services, doc.items, doc.meeting.id),
      )
      const name = `csp-${doc.meeting.date ?? 'undated'}-${documentKind(doc).toLowerCase().replace(' ', '-')}.pdf`
      try {
        const pdf = await htmlToPdf(html, services.reports.chromiumPath, title)
        return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${name}"`).send(pdf)
      } catch (e) {
        if (!(e instanceof PdfUnavailable)) throw e
        return reply.code(503).type('text/plain; charset=utf-8').send(e.message)
      }
    })

    app.get<MeetingParams>('/meetings/:id/minutes.txt', async (req, reply) => {
      const text = await services.minutes.plainText(req.params.id)
      return reply.type('text/plain; charset=utf-8').send(text)
    })
  }
}
