import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Services } from '../../container'
import { ConflictError, NotFoundError, RuleError } from '../../errors'
import { guardRoutes, type RouteAccess } from '../../web/route-access'
import { submitForm } from '../../web/form-route'
import { asText } from '../../words'
import { blocksToHtml } from './report-html'
import { layoutReport, RULE_NAMES } from './report-layout'
import { pdfAvailable } from '../../web/pdf'
import type { BuildJob, ReportFormat } from './reports.service'

/** Reports are drafted by analysts and coordinators and read by any account. */
const REPORTS: RouteAccess = { read: 'signed-in', write: ['administrator', 'analyst', 'coordinator'] }

const newReportForm = z.object({
  template: z.enum(['quarterly', 'monthly'], { message: 'Choose the kind of report' }),
  period: z.string().trim().min(1, 'Enter the period: a quarter such as 2025-Q1, or a month such as 2025-03'),
  audience: z.enum(['public', 'restricted'], { message: 'Choose who the report is for' }),
})

const templateItems = [
  {
    value: 'quarterly',
    text: 'Quarterly partnership report (the board)',
    hint: {
      text: 'Variation and assurance, each priority with its chart, hotspots, rural crime, interventions, open actions',
    },
  },
  {
    value: 'monthly',
    text: 'Monthly operational report (officers)',
    hint: { text: 'The latest month of each tracked measure against the month before and a year before, and hotspots' },
  },
]
const audienceItems = [
  {
    value: 'public',
    text: 'Public version',
    hint: { text: 'Leaves out restricted records and shows counts under 5 as "fewer than 5"' },
  },
  {
    value: 'restricted',
    text: 'Restricted version',
    hint: { text: 'Adds the DHR figures and the restricted records you may see: never publish it' },
  },
]

/** A build's progress for the page and its script: the share done, and the step in words. */
function buildStatus(job: BuildJob) {
  return {
    percent: Math.round((100 * job.done) / Math.max(job.total, 1)),
    text: `${job.step}: step ${Math.min(job.done + 1, job.total)} of ${job.total}`,
  }
}

export function reportsRoutes(services: Services) {
  const { reports } = services
  async function listModel() {
    const p = await services.partnership.current()
    const held = [...new Set((await services.crimes.units(p.id)).map((u) => u.month))].sort()
    const latest = held[held.length - 1]
    return {
      pageTitle: 'Board reports',
      section: 'reports',
      reports: await reports.list(p.id),
      templateItems,
      audienceItems,
      latest,
    }
  }

  /**
   * A restricted version holds DHR figures: read by administrators and coordinators (who run the
   * reviews) and by its author; to anyone else it does not exist.
   */
  async function readable(req: FastifyRequest, id: string) {
    const r = await reports.get(id)
    if (r.audience === 'restricted' && req.accountsOn) {
      const u = req.user
      if (!u || !(u.role === 'administrator' || u.role === 'coordinator' || r.created_by === req.actor.name))
        throw new NotFoundError(`There is no report with id ${id}.`)
    }
    return r
  }

  async function showModel(req: FastifyRequest, id: string) {
    const r = await readable(req, id)
    const blocks = layoutReport(r.model, { state: r.status, version: r.version })
    const agenda = r.status === 'issued' ? await reports.agendaChoices(r.partnership_id) : []
    return {
      pageTitle: r.title,
      section: 'reports',
      report: r,
      // The page has the title as its own heading: the report's body follows without it.
      body: blocksToHtml(blocks.slice(1)),
      headlines: r.model.headlines.map((h) => ({ ...h, ruleName: RULE_NAMES[h.rule] ?? h.rule })),
      pdf: pdfAvailable(services.reports.chromiumPath),
      agendaItems: [{ value: '', text: 'Choose an agenda item' }, ...agenda],
      attachedTo: agenda.find((a) => a.value === r.agenda_item_id)?.text ?? null,
    }
  }

  /** A change to a report from a button: done, or the reason shown on its page. */
  async function act(req: FastifyRequest, reply: FastifyReply, id: string, work: () => Promise<string>) {
    await readable(req, id)
    try {
      const flash = await work()
      return reply.flash(flash).redirect(`/reports/${id}`, 303)
    } catch (e) {
      if (!(e instanceof RuleError) && !(e instanceof ConflictError)) throw e
      const error = { text: e.message, href: '#edit-headlines' }
      return reply.page(
        'reports/views/show.njk',
        { ...(await showModel(req, id)), errorList: [error] },
        e instanceof ConflictError ? 409 : 400,
      )
    }
  }

  return async function (app: FastifyInstance) {
    guardRoutes(app, REPORTS)
    // A forward plan promise links here with the template and period filled in.
    app.get<{ Querystring: { template?: string; period?: string } }>('/reports', async (req, reply) =>
      reply.page('reports/views/list.njk', {
        ...(await listModel()),
        values: {
          template: req.query.template === 'monthly' ? 'monthly' : 'quarterly',
          period: typeof req.query.period === 'string' ? req.query.period.slice(0, 7) : undefined,
          audience: 'public',
        },
      }),
    )

    app.post('/reports', async (req, reply) => {
      const p = await services.partnership.current()
      return submitForm(reply, {
        schema: newReportForm,
        body: req.body,
        template: 'reports/views/list.njk',
        model: await listModel(),
        async save(d) {
          const job = await reports.start(
            { partnershipId: p.id, req: { template: d.template, period: d.period, audience: d.audience } },
            req.actor,
          )
          return { to: `/reports/builds/${job.id}` }
        },
      })
    })

    app.get<{ Params: { id: string } }>('/reports/:id', async (req, reply) =>
      reply.page('reports/views/show.njk', await showModel(req, req.params.id)),
    )

    app.get<{ Params: { id: string; format: string } }>('/reports/:id/download/:format', async (req, reply) => {
      const format = req.params.format as ReportFormat
      if (!['html', 'pdf', 'docx'].includes(format)) return reply.callNotFound()
      await readable(req, req.params.id)
      const out = await reports.render(req.params.id, format)
      return reply
        .header('content-type', out.type)
        .header('content-disposition', `attachment; filename="${out.filename}"`)
        .send(out.body)
    })

    app.post<{ Params: { id: string; hid: string } }>('/reports/:id/headlines/:hid', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const { id, hid } = req.params
      const action = asText(body.action)
      return act(req, reply, id, async () => {
        if (action === 'remove') await reports.removeHeadline(id, hid, req.actor)
        else if (action === 'restore') await reports.removeHeadline(id, hid, req.actor, false)
        else if (action === 'up' || action === 'down')
          await reports.moveHeadline(id, hid, action === 'up' ? -1 : 1, req.actor)
        else await reports.editHeadline(id, hid, asText(body.text), req.actor)
        return action === 'remove' ? 'Headline removed (its drafted text is kept).' : 'Headline saved.'
      })
    })

    app.post<{ Params: { id: string } }>('/reports/:id/headlines', async (req, reply) =>
      act(req, reply, req.params.id, async () => {
        await reports.addHeadline(
          req.params.id,
          asText((req.body as Record<string, unknown> | undefined)?.text),
          req.actor,
        )
        return 'Headline added.'
      }),
    )

    app.post<{ Params: { id: string } }>('/reports/:id/issue', async (req, reply) =>
      act(req, reply, req.params.id, async () => {
        await reports.issue(req.params.id, req.actor)
        return 'Issued: the report is locked. Attach it to an agenda item as its paper.'
      }),
    )

    app.post<{ Params: { id: string } }>('/reports/:id/rebuild', async (req, reply) => {
      await readable(req, req.params.id)
      const job = await reports.start({ rebuild: req.params.id }, req.actor)
      return reply.redirect(`/reports/builds/${job.id}`, 303)
    })

    /** A build under way: its progress, or — once done — the report itself (or why it failed). */
    app.get<{ Params: { job: string } }>('/reports/builds/:job', async (req, reply) => {
      const job = reports.build(req.params.job, req.actor)
      if (job.report) {
        const r = await reports.get(job.report.id)
        return reply
          .flash(
            r.previous_id
              ? `Built version ${r.version} with today's data: ${r.changes?.length ? `${r.changes.length} headline figures changed` : 'no headline figure changed'}.`
              : `Built ${r.title} (version ${r.version}, a draft). Review the headlines, then issue it.`,
          )
          .redirect(`/reports/${r.id}`, 303)
      }
      return reply.page('reports/views/build.njk', {
        pageTitle: job.error ? 'The report could not be built' : 'Building the report',
        section: 'reports',
        job,
        ...buildStatus(job),
        errorList: job.error ? [{ text: job.error, href: '#retry' }] : undefined,
      })
    })

    app.get<{ Params: { job: string } }>('/reports/builds/:job/status', async (req, reply) => {
      const job = reports.build(req.params.job, req.actor)
      return reply.header('cache-control', 'no-store').send({
        status: job.error ? 'failed' : job.report ? 'done' : 'running',
        ...buildStatus(job),
      })
    })

    app.post<{ Params: { id: string } }>('/reports/:id/attach', async (req, reply) =>
      act(req, reply, req.params.id, async () => {
        await reports.attach(req.params.id, asText((req.body as Record<string, unknown> | undefined)?.item), req.actor)
        return 'Attached to the agenda item as its paper.'
      }),
    )
  }
}
