// Papers on a meeting's agenda items, the agenda pack, and publishing the agenda to the members.
import { readFileSync } from 'node:fs'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../../container'
import { NotFoundError, RuleError } from '../../../errors'
import { htmlToPdf, PdfUnavailable } from '../../../web/pdf'
import { ACCESS, guardRoutes } from '../../../web/route-access'
import { tooLarge, uploadedPaths, withoutUploadFolders } from '../../../web/uploads'
import { asText } from '../../../words'
import { ANONYMOUS, runAsViewer } from '../../access/restriction'
import { minutesHtml } from '../minutes/minutes-html'
import { agendaPack } from './agenda-pack'
import { formatName } from './papers.service'

type Paper = Awaited<ReturnType<Services['papers']['current']>>[number]

/** A paper as the agenda lists it: "Title (PDF, 12 pages)", and why it is not published. */
export function paperListing(p: Paper) {
  return {
    id: p.id,
    title: p.title,
    format: `${formatName(p.content_type)}${p.pages ? `, ${p.pages} page${p.pages === 1 ? '' : 's'}` : ''}`,
    pdf: p.content_type === 'application/pdf',
    notForPublication: p.not_for_publication === 1,
    reason: p.exempt_reason,
    itemId: p.agenda_item_id,
  }
}

/** What an agenda lists under its items for this reader: the uploaded papers and attached board reports. */
export async function agendaListing(services: Services, items: readonly { id: string }[], meetingId: string) {
  const [files, reports] = await Promise.all([
    services.papers.current(meetingId),
    services.reports.papersOf(items.map((i) => i.id)),
  ])
  return {
    papers: files.map(paperListing),
    reports: reports
      .filter((r) => r.audience === 'public')
      .map((r) => ({ itemId: r.agenda_item_id!, title: `${r.title} (version ${r.version})` })),
  }
}

export function papersRoutes(services: Services) {
  const { papers } = services

  /** The pack as its reader may see it: the agenda, then each PDF paper (and report) in item order. */
  async function pack(meetingId: string, published: boolean): Promise<{ name: string; pdf: Buffer }> {
    const doc = await services.minutes.document(meetingId)
    const partnership = await services.partnership.current()
    const list = (await papers.current(meetingId, undefined, published)).map(paperListing)
    const reports = (await services.reports.papersOf(doc.items.map((i) => i.id))).filter((r) => r.audience === 'public')
    const { title, html } = minutesHtml(doc, partnership.name, {
      papers: list,
      reports: (await agendaListing(services, doc.items, meetingId)).reports,
      pack: true,
    })
    const agendaPdf = await htmlToPdf(html, services.reports.chromiumPath, null)
    const sections = []
    for (const item of doc.items) {
      for (const r of reports.filter((x) => x.agenda_item_id === item.id))
        sections.push({
          bookmark: `No ${item.number}. ${r.title}`,
          pdf: (await services.reports.render(r.id, 'pdf')).body,
        })
      for (const p of list.filter((x) => x.itemId === item.id && x.pdf))
        sections.push({ bookmark: `No ${item.number}. ${p.title}`, pdf: await papers.content(p.id) })
    }
    const pdf = await agendaPack({ bookmark: title.replace(`${partnership.name}: `, ''), pdf: agendaPdf }, sections, {
      title: `${title}: agenda pack${published ? ' (published)' : ''}`,
      footer: `${partnership.name}: agenda pack, ${doc.meeting.dateText}`,
    })
    return { name: `csp-${doc.meeting.date ?? 'undated'}-agenda-pack${published ? '-published' : ''}.pdf`, pdf }
  }

  async function sendPdf(reply: FastifyReply, make: () => Promise<{ name: string; pdf: Buffer }>) {
    try {
      const { name, pdf } = await make()
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${name}"`).send(pdf)
    } catch (e) {
      if (!(e instanceof PdfUnavailable)) throw e
      return reply.code(503).type('text/plain; charset=utf-8').send(e.message)
    }
  }

  async function sendPaper(reply: FastifyReply, p: Paper) {
    const bytes = await papers.content(p.id)
    const inline = p.content_type === 'application/pdf'
    return reply
      .type(p.content_type)
      .header(
        'Content-Disposition',
        `${inline ? 'inline' : 'attachment'}; filename="${p.file_name.replace(/["\\\r\n]/g, '_')}"`,
      )
      .send(bytes)
  }

  /** An upload form's fields, and the file's bytes (or the reason there is none). */
  function uploaded(req: FastifyRequest) {
    const body = (req.body ?? {}) as Record<string, unknown>
    const big = tooLarge(body.file)
    if (big) throw new RuleError(big, 'file')
    const path = uploadedPaths(body.file)[0]
    if (!path) throw new RuleError('Choose the paper’s file: a PDF, Word, Excel or OpenDocument text file', 'file')
    return {
      title: asText(body.title),
      notForPublication: asText(body.notForPublication) === 'yes',
      reason: asText(body.reason) || null,
      fileName: path.replace(/^.*[\\/]/, ''),
      bytes: readFileSync(path),
    }
  }

  /** The add-a-paper (or replace-a-file) page for an item of a meeting the reader may see. */
  async function formModel(meetingId: string, itemId: string, replacing?: Paper) {
    const doc = await services.minutes.document(meetingId)
    const item = doc.items.find((i) => i.id === itemId)
    if (!item) throw new NotFoundError(`There is no agenda item with id ${itemId} in this meeting.`)
    return {
      pageTitle: replacing ? `Change or replace “${replacing.title}”` : `Add a paper to item ${item.number}`,
      section: 'meetings',
      caption: `${doc.meeting.title}: ${doc.meeting.dateText}, No ${item.number}. ${item.title}`,
      backHref: `/meetings/${meetingId}#item-${item.number}`,
      action: replacing ? `/papers/${replacing.id}/replace` : `/meetings/${meetingId}/items/${itemId}/papers`,
      replacing,
      history: replacing ? await papers.earlierFiles(replacing.id) : [],
      values: replacing
        ? {
            title: replacing.title,
            notForPublication: replacing.not_for_publication === 1,
            reason: replacing.exempt_reason,
          }
        : {},
    }
  }

  /** Back to the meeting's item with the outcome, or the form again with the reason at its field. */
  async function act(
    req: FastifyRequest,
    reply: FastifyReply,
    form: () => Promise<Record<string, unknown>>,
    work: () => Promise<{ flash: string; to: string }>,
  ) {
    try {
      const { flash, to } = await work()
      return reply.flash(flash).redirect(to, 303)
    } catch (e) {
      if (!(e instanceof RuleError)) throw e
      const b = (req.body ?? {}) as Record<string, unknown>
      const field = e.field ?? 'file'
      const error = { text: withoutUploadFolders(e.message), href: `#${field}` }
      const values = {
        title: asText(b.title),
        reason: asText(b.reason),
        notForPublication: asText(b.notForPublication) === 'yes',
      }
      return reply.page(
        'governance/papers/views/paper-form.njk',
        { ...(await form()), values, errors: { [field]: error }, errorList: [error] },
        400,
      )
    }
  }

  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)

    type ItemParams = { Params: { id: string; item: string } }
    app.get<ItemParams>('/meetings/:id/items/:item/papers/new', async (req, reply) =>
      reply.page('governance/papers/views/paper-form.njk', await formModel(req.params.id, req.params.item)),
    )
    app.post<ItemParams>('/meetings/:id/items/:item/papers', { config: { upload: true } }, async (req, reply) =>
      act(
        req,
        reply,
        () => formModel(req.params.id, req.params.item),
        async () => {
          const input = uploaded(req)
          await papers.add(req.params.item, input, req.actor)
          const item = (await papers.current(req.params.id)).find((p) => p.agenda_item_id === req.params.item)
          return {
            flash: `Added the paper “${input.title}”.`,
            to: `/meetings/${req.params.id}#item-${item?.item_number ?? ''}`,
          }
        },
      ),
    )

    app.get<{ Params: { id: string } }>('/papers/:id/replace', async (req, reply) => {
      const old = await papers.get(req.params.id)
      return reply.page(
        'governance/papers/views/paper-form.njk',
        await formModel(old.meeting_id, old.agenda_item_id, old),
      )
    })
    app.post<{ Params: { id: string } }>('/papers/:id/replace', { config: { upload: true } }, async (req, reply) => {
      const old = await papers.get(req.params.id)
      return act(
        req,
        reply,
        () => formModel(old.meeting_id, old.agenda_item_id, old),
        async () => {
          const b = (req.body ?? {}) as Record<string, unknown>
          const to = `/meetings/${old.meeting_id}#item-${old.item_number}`
          if (old.superseded_at)
            throw new RuleError(
              'This paper has been replaced or withdrawn: change the current one, from the meeting page.',
              'file',
            )
          if (asText(b.action) === 'withdraw') {
            await papers.withdraw(old.id, req.actor)
            return { flash: `Withdrew “${old.title}” from the agenda: its file is kept in the history.`, to }
          }
          const details = {
            title: asText(b.title) || old.title,
            notForPublication: asText(b.notForPublication) === 'yes',
            reason: asText(b.reason) || null,
          }
          const hasFile = uploadedPaths((b as { file?: unknown }).file).length > 0 || !!tooLarge(b.file)
          if (hasFile) {
            const input = uploaded(req)
            await papers.replace(old.id, { fileName: input.fileName, bytes: input.bytes, ...details }, req.actor)
            return { flash: `Replaced the file of “${details.title}”: the earlier file is kept in its history.`, to }
          }
          await papers.changeDetails(old.id, details, req.actor)
          return { flash: `Saved “${details.title}”.`, to }
        },
      )
    })

    app.get<{ Params: { id: string } }>('/papers/:id', async (req, reply) =>
      sendPaper(reply, await papers.get(req.params.id)),
    )

    app.get<{ Params: { id: string } }>('/meetings/:id/pack.pdf', async (req, reply) =>
      sendPdf(reply, () => pack(req.params.id, false)),
    )

    app.post<{ Params: { id: string } }>('/meetings/:id/agenda/publish', async (req, reply) => {
      const r = await papers.publishAgenda(req.params.id, req.actor)
      void services.outbox.deliver().catch((e: unknown) => req.log.error(e, 'sending mail after publishing'))
      return reply
        .flash(
          `Published the agenda: ${r.queued} member${r.queued === 1 ? '' : 's'} will be emailed the link${services.outbox.on ? '' : ' when mail is set up (CSP_SMTP_URL)'}.`,
        )
        .redirect(`/meetings/${req.params.id}`, 303)
    })

    // The public record: a public item's paper that is not exempt, and the published pack.
    const open = { config: { access: ACCESS.public } }
    app.get<{ Params: { id: string; paper: string } }>('/published/:id/papers/:paper', open, async (req, reply) => {
      const p = await runAsViewer(ANONYMOUS, () => papers.get(req.params.paper, ANONYMOUS, true))
      const m = await services.meetings.get(req.params.id).catch(() => null)
      // Only a current paper of a meeting whose agenda (or minutes) went out: not a draft's, not a replaced file.
      if (
        p.meeting_id !== req.params.id ||
        p.superseded_at ||
        !m ||
        !(m.agenda_published_at || m.minutes_status === 'published')
      )
        return reply.callNotFound()
      return sendPaper(reply, p)
    })
    app.get<{ Params: { id: string } }>('/published/:id/pack.pdf', open, async (req, reply) => {
      const m = await services.meetings.get(req.params.id).catch(() => null)
      if (!m || !(m.agenda_published_at || m.minutes_status === 'published')) return reply.callNotFound()
      return sendPdf(reply, () => runAsViewer(ANONYMOUS, () => pack(req.params.id, true)))
    })
  }
}
