/**
 * Board reports (P8): built from the data as a stored snapshot, drafted, edited (headlines only,
 * drafted text kept), issued and locked, rebuilt as a new version with the changed figures
 * listed, attached to an agenda item as its paper, and rendered as HTML, PDF and Word.
 */
import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/database'
import { recordAudit, type Actor } from '../audit/audit.service'
import { NO_RESTRICTED, currentViewer, runAsViewer } from '../access/restriction'
import { ConflictError, NotFoundError, RuleError } from '../../errors'
import { buildReport, checkRequest, type BuildProgress, type BuildRequest, type ReportSources } from './report-build'
import type { Headline, ReportModel } from './report-model'
import { reportPeriod, type ReportTemplate } from './report-period'
import { layoutReport } from './report-layout'
import { reportDocument } from './report-html'
import { reportDocx } from './report-docx'
import { htmlToPdf } from '../../web/pdf'
import type { ReportTable } from './reports.table'
import { describeMeetingDate, meetingSortKey } from '../governance/meetings/meeting-date'

export type ReportFormat = 'html' | 'pdf' | 'docx'

export interface StoredReport extends Omit<ReportTable, 'model' | 'changes'> {
  model: ReportModel
  changes: FigureChange[] | null
}

/** A headline figure that differs between a version and the one it rebuilt. */
export interface FigureChange {
  measure: string
  figure: string
  before: string
  after: string
}

function parse(row: ReportTable): StoredReport {
  return {
    ...row,
    model: JSON.parse(row.model) as ReportModel,
    changes: row.changes ? (JSON.parse(row.changes) as FigureChange[]) : null,
  }
}

/** The headline figures of two versions compared, measure by measure. */
export function changedFigures(before: ReportModel, after: ReportModel): FigureChange[] {
  const out: FigureChange[] = []
  const show = (v: number | null) => (v === null ? 'not held' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 }))
  for (const m of after.measures) {
    const old = before.measures.find((x) => x.kind === m.kind && x.key === m.key)
    const pairs: [string, number | null, number | null][] = [
      ['this period', old?.value ?? null, m.value],
      ['same period last year', old?.lastYear ?? null, m.lastYear],
      ['rolling 12 months', old?.rolling12 ?? null, m.rolling12],
    ]
    for (const [figure, a, b] of pairs)
      if (a !== b) out.push({ measure: m.label, figure, before: old ? show(a) : 'not in the report', after: show(b) })
  }
  for (const h of after.hotspots) {
    const old = before.hotspots.find((x) => x.group === h.group)
    const names = (x: typeof h | undefined) =>
      x ? x.rows.map((r) => r.name).join(', ') || 'none' : 'not in the report'
    if (names(old) !== names(h))
      out.push({ measure: `${h.label} hotspots`, figure: 'hotspot areas', before: names(old), after: names(h) })
  }
  return out
}

export type ReportsService = ReturnType<typeof reportsService>

/** A report being built in the background: where it has got to, and the report or the reason it failed. */
export interface BuildJob {
  id: string
  startedBy: string
  step: string
  done: number
  total: number
  report: { id: string; title: string; version: number } | null
  error: string | null
  finishedAt: number | null
  /** Settles when the build ends, either way (tests and the CLI wait on it). */
  finished: Promise<void>
}

/** The two templates as the forward plan names them. */
const TEMPLATE_NAMES: Record<ReportTemplate, string> = {
  quarterly: 'Quarterly partnership report',
  monthly: 'Monthly operational report',
}

/** How long a finished build's outcome is kept for its page. */
const KEEP_FINISHED_MS = 60 * 60 * 1000

export function reportsService(db: Db, clock: () => Date, sources: ReportSources, chromiumPath: string) {
  async function row(id: string): Promise<StoredReport> {
    const r = await db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst()
    if (!r) throw new NotFoundError(`There is no report with id ${id}.`)
    return parse(r)
  }

  /** Builds the model as its audience reads the records: the public version without any restricted record. */
  function build(partnershipId: string, req: BuildRequest, progress?: BuildProgress) {
    const viewer = req.audience === 'public' ? NO_RESTRICTED : currentViewer()
    return runAsViewer(viewer, () => buildReport(sources, partnershipId, req, clock(), progress))
  }

  async function create(
    partnershipId: string,
    req: BuildRequest,
    actor: Actor,
    progress?: BuildProgress,
  ): Promise<StoredReport> {
    return store(partnershipId, req, await build(partnershipId, req, progress), actor)
  }

  /** A new version built from today's data, with the headline figures that changed listed. */
  async function rebuild(id: string, actor: Actor, progress?: BuildProgress): Promise<StoredReport> {
    const old = await row(id)
    const req = { template: old.template, period: old.period, audience: old.audience }
    return store(old.partnership_id, req, await build(old.partnership_id, req, progress), actor, old)
  }

  async function listReports(partnershipId: string): Promise<Omit<StoredReport, 'model' | 'changes'>[]> {
    return db
      .selectFrom('report')
      .select([
        'id',
        'partnership_id',
        'template',
        'period',
        'audience',
        'version',
        'status',
        'title',
        'previous_id',
        'agenda_item_id',
        'created_at',
        'created_by',
        'issued_at',
        'issued_by',
      ])
      .where('partnership_id', '=', partnershipId)
      .orderBy('created_at', 'desc')
      .execute()
  }

  /** Builds under way or lately finished, by id: in this process only (a restart loses them, and the page says so). */
  const builds = new Map<string, BuildJob>()
  function startBuild(actor: Actor, work: (progress: BuildProgress) => Promise<StoredReport>): BuildJob {
    const now = clock().getTime()
    for (const [id, b] of builds) if (b.finishedAt !== null && now - b.finishedAt > KEEP_FINISHED_MS) builds.delete(id)
    const job: BuildJob = {
      id: randomUUID(),
      startedBy: actor.name,
      step: 'Starting',
      done: 0,
      total: 1,
      report: null,
      error: null,
      finishedAt: null,
      finished: Promise.resolve(),
    }
    job.finished = work((p) => {
      job.step = p.step
      job.done = p.done
      job.total = p.total
    }).then(
      (r) => {
        job.report = { id: r.id, title: r.title, version: r.version }
        job.finishedAt = clock().getTime()
      },
      (e: unknown) => {
        job.error = e instanceof RuleError || e instanceof NotFoundError ? e.message : 'The report could not be built.'
        job.finishedAt = clock().getTime()
        if (!(e instanceof RuleError) && !(e instanceof NotFoundError)) console.error(e)
      },
    )
    builds.set(job.id, job)
    return job
  }

  async function store(
    partnershipId: string,
    req: BuildRequest,
    model: ReportModel,
    actor: Actor,
    previous?: StoredReport,
  ): Promise<StoredReport> {
    const id = randomUUID()
    await db.transaction().execute(async (tx) => {
      const last = await tx
        .selectFrom('report')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('partnership_id', '=', partnershipId)
        .where('template', '=', req.template)
        .where('period', '=', model.period.key)
        .where('audience', '=', req.audience)
        .executeTakeFirst()
      const version = Number(last?.v ?? 0) + 1
      await tx
        .insertInto('report')
        .values({
          id,
          partnership_id: partnershipId,
          template: req.template,
          period: model.period.key,
          audience: req.audience,
          version,
          status: 'draft',
          title: model.title,
          model: JSON.stringify(model),
          previous_id: previous?.id ?? null,
          changes: previous ? JSON.stringify(changedFigures(previous.model, model)) : null,
          agenda_item_id: null,
          created_at: clock().toISOString(),
          created_by: actor.name,
          issued_at: null,
          issued_by: null,
        })
        .execute()
      await recordAudit(tx, actor, clock(), {
        action: previous ? 'reports.rebuild' : 'reports.create',
        subjectType: 'report',
        subjectId: id,
        details: { template: req.template, period: model.period.key, audience: req.audience, version },
      })
    })
    return row(id)
  }

  /** Changes a draft's headlines in one transaction with its audit event; an issued report is locked. */
  async function editHeadlines(
    id: string,
    actor: Actor,
    what: string,
    change: (headlines: Headline[]) => Headline[],
    details: Record<string, unknown>,
  ): Promise<void> {
    await db.transaction().execute(async (tx) => {
      const r = await tx.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst()
      if (!r) throw new NotFoundError(`There is no report with id ${id}.`)
      if (r.status !== 'draft')
        throw new ConflictError('This report is issued, so it is locked: rebuild it to make a new draft.')
      const model = JSON.parse(r.model) as ReportModel
      model.headlines = change(model.headlines)
      await tx
        .updateTable('report')
        .set({ model: JSON.stringify(model) })
        .where('id', '=', id)
        .execute()
      await recordAudit(tx, actor, clock(), {
        action: `reports.${what}`,
        subjectType: 'report',
        subjectId: id,
        details,
      })
    })
  }

  const findHeadline = (hs: Headline[], hid: string) => {
    const i = hs.findIndex((h) => h.id === hid)
    if (i < 0) throw new NotFoundError(`The report has no headline ${hid}.`)
    return i
  }

  return {
    chromiumPath,
    get: row,

    /**
     * Where each forward plan promise of a report stands: issued and attached to the meeting it was
     * promised to, built but not yet issued or attached, or not yet built (with where to build it).
     */
    async promised(
      partnershipId: string,
      items: readonly {
        id: string
        report_template: string | null
        report_period: string | null
        target_meeting_id: string | null
      }[],
    ): Promise<Map<string, { text: string; href: string; link: string; done: boolean }>> {
      const out = new Map<string, { text: string; href: string; link: string; done: boolean }>()
      const asked = items.filter((i) => i.report_template === 'quarterly' || i.report_template === 'monthly')
      if (!asked.length) return out
      const reports = await listReports(partnershipId)
      const agenda = await db
        .selectFrom('agenda_item')
        .select(['id', 'meeting_id', 'forward_plan_item_id'])
        .where('meeting_id', 'in', [...new Set(asked.map((i) => i.target_meeting_id ?? ''))])
        .execute()
      for (const i of asked) {
        const template = i.report_template as ReportTemplate
        const name = `${TEMPLATE_NAMES[template]}${i.report_period ? `, ${reportPeriod(template, i.report_period).label}` : ''}`
        const fits = reports.filter(
          (r) => r.template === template && (!i.report_period || r.period === i.report_period),
        )
        const items = new Set(agenda.filter((a) => a.meeting_id === i.target_meeting_id).map((a) => a.id))
        const attached = fits.find((r) => r.status === 'issued' && r.agenda_item_id && items.has(r.agenda_item_id))
        const latest = fits.sort((a, b) => b.created_at.localeCompare(a.created_at))[0]
        if (attached)
          out.set(i.id, {
            text: `${name} – issued and attached to the agenda`,
            href: `/reports/${attached.id}`,
            link: attached.title,
            done: true,
          })
        else if (latest)
          out.set(i.id, {
            text: `${name} – ${latest.status === 'issued' ? 'issued, not yet attached to the agenda' : 'built, a draft not yet issued'}`,
            href: `/reports/${latest.id}`,
            link: latest.title,
            done: false,
          })
        else
          out.set(i.id, {
            text: `${name} – not yet built`,
            href: `/reports?template=${template}${i.report_period ? `&period=${encodeURIComponent(i.report_period)}` : ''}`,
            link: 'Build it',
            done: false,
          })
      }
      return out
    },

    list: listReports,

    /** Builds a report from today's data and stores it as a draft (version 1, or the next of its period). */
    create,
    rebuild,

    /**
     * Starts building a report (or a new version of one) in the background, after checking the
     * request: the page follows its progress. A bad period fails here, at its field.
     */
    async start(
      what: { partnershipId: string; req: BuildRequest } | { rebuild: string },
      actor: Actor,
    ): Promise<BuildJob> {
      if ('rebuild' in what) {
        await row(what.rebuild)
        return startBuild(actor, (progress) => rebuild(what.rebuild, actor, progress))
      }
      await checkRequest(sources, what.partnershipId, what.req)
      return startBuild(actor, (progress) => create(what.partnershipId, what.req, actor, progress))
    },

    /** A build's state, to whoever started it. */
    build(id: string, actor: Actor): BuildJob {
      const b = builds.get(id)
      if (!b || b.startedBy !== actor.name)
        throw new NotFoundError(
          'That build is not running here: it finished over an hour ago, or the server restarted. Build the report again.',
        )
      return b
    },

    editHeadline: (id: string, hid: string, text: string, actor: Actor) => {
      const t = text.trim()
      if (!t) throw new RuleError('Write the headline, or remove it.', 'text')
      return editHeadlines(
        id,
        actor,
        'headline.edit',
        (hs) => {
          const i = findHeadline(hs, hid)
          hs[i] = { ...hs[i]!, text: t }
          return hs
        },
        { headline: hid, text: t },
      )
    },

    removeHeadline: (id: string, hid: string, actor: Actor, removed = true) =>
      editHeadlines(
        id,
        actor,
        removed ? 'headline.remove' : 'headline.restore',
        (hs) => {
          const i = findHeadline(hs, hid)
          hs[i] = { ...hs[i]!, removed }
          return hs
        },
        { headline: hid },
      ),

    moveHeadline: (id: string, hid: string, by: -1 | 1, actor: Actor) =>
      editHeadlines(
        id,
        actor,
        'headline.move',
        (hs) => {
          const i = findHeadline(hs, hid)
          const j = i + by
          if (j < 0 || j >= hs.length) return hs
          ;[hs[i], hs[j]] = [hs[j]!, hs[i]!]
          return hs
        },
        { headline: hid, by },
      ),

    addHeadline: (id: string, text: string, actor: Actor) => {
      const t = text.trim()
      if (!t) throw new RuleError('Write the headline to add.', 'text')
      return editHeadlines(
        id,
        actor,
        'headline.add',
        (hs) => {
          const next = Math.max(0, ...hs.map((h) => Number(h.id.slice(1)) || 0)) + 1
          return [
            ...hs,
            {
              id: `h${next}`,
              rule: 'officer',
              section: null,
              drafted: '',
              text: t,
              figures: 'added by an officer',
              removed: false,
            },
          ]
        },
        { text: t },
      )
    },

    /** Issues a draft: locked from now on, ready to attach to an agenda item. */
    async issue(id: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const r = await tx.selectFrom('report').select(['status']).where('id', '=', id).executeTakeFirst()
        if (!r) throw new NotFoundError(`There is no report with id ${id}.`)
        if (r.status === 'issued') throw new ConflictError('This report is already issued.')
        const at = clock().toISOString()
        await tx
          .updateTable('report')
          .set({ status: 'issued', issued_at: at, issued_by: actor.name })
          .where('id', '=', id)
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'reports.issue',
          subjectType: 'report',
          subjectId: id,
          details: {},
        })
      })
    },

    /** Makes an issued report the paper of an agenda item ("No 2. Performance Measures Report"). */
    async attach(id: string, agendaItemId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const r = await tx
          .selectFrom('report')
          .select(['status', 'partnership_id'])
          .where('id', '=', id)
          .executeTakeFirst()
        if (!r) throw new NotFoundError(`There is no report with id ${id}.`)
        if (r.status !== 'issued')
          throw new RuleError('Issue the report before attaching it to an agenda item.', 'item')
        const item = await tx
          .selectFrom('agenda_item')
          .innerJoin('meeting', 'meeting.id', 'agenda_item.meeting_id')
          .select(['agenda_item.id', 'meeting.partnership_id'])
          .where('agenda_item.id', '=', agendaItemId)
          .executeTakeFirst()
        if (!item || item.partnership_id !== r.partnership_id)
          throw new RuleError('Choose an agenda item of one of the partnership’s meetings.', 'item')
        await tx.updateTable('report').set({ agenda_item_id: agendaItemId }).where('id', '=', id).execute()
        await recordAudit(tx, actor, clock(), {
          action: 'reports.attach',
          subjectType: 'report',
          subjectId: id,
          details: { agendaItem: agendaItemId },
        })
      })
    },

    /** Agenda items a report can be the paper of: every meeting's, newest meeting first. */
    async agendaChoices(partnershipId: string) {
      const rows = await db
        .selectFrom('agenda_item')
        .innerJoin('meeting', 'meeting.id', 'agenda_item.meeting_id')
        .select([
          'agenda_item.id',
          'agenda_item.number',
          'agenda_item.title',
          'meeting.date',
          'meeting.date_not_before',
          'meeting.date_not_after',
          'meeting.title as meeting',
        ])
        .where('meeting.partnership_id', '=', partnershipId)
        .orderBy('meeting.date', 'desc')
        .orderBy('agenda_item.number')
        .execute()
      // The next meetings first (where a paper is usually going), then those held, latest first.
      const today = clock().toISOString().slice(0, 10)
      rows.sort((a, b) => {
        const ka = meetingSortKey(a)
        const kb = meetingSortKey(b)
        const fa = ka >= today
        const fb = kb >= today
        if (fa !== fb) return fa ? -1 : 1
        return (fa ? ka.localeCompare(kb) : kb.localeCompare(ka)) || a.number - b.number
      })
      return rows.map((r) => ({
        value: r.id,
        text: `${r.meeting}, ${describeMeetingDate(r)}: No ${r.number}. ${r.title}`,
        meetingDate: r.date,
      }))
    },

    /** The issued reports that are papers of an agenda item. */
    papersOf(agendaItemIds: readonly string[]) {
      if (!agendaItemIds.length) return Promise.resolve([])
      return db
        .selectFrom('report')
        .select(['id', 'title', 'version', 'audience', 'agenda_item_id'])
        .where('agenda_item_id', 'in', agendaItemIds)
        .where('status', '=', 'issued')
        .execute()
    },

    /** The report in one format, from its stored model: the same blocks in all three. */
    async render(id: string, format: ReportFormat): Promise<{ body: Buffer; type: string; filename: string }> {
      const r = await row(id)
      const blocks = layoutReport(r.model, { state: r.status, version: r.version })
      const base = `${r.template}-report-${r.period}-${r.audience}-v${r.version}`
      const footer = `${r.model.partnership.name}: ${r.model.title}${r.audience === 'restricted' ? ' (restricted)' : ''}`
      if (format === 'html')
        return {
          body: Buffer.from(reportDocument(r.model.title, blocks)),
          type: 'text/html; charset=utf-8',
          filename: `${base}.html`,
        }
      if (format === 'docx')
        return {
          body: await reportDocx(r.model.title, blocks, footer),
          type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          filename: `${base}.docx`,
        }
      return {
        body: await htmlToPdf(reportDocument(r.model.title, blocks), chromiumPath, footer),
        type: 'application/pdf',
        filename: `${base}.pdf`,
      }
    },
  }
}
