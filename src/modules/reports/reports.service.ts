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
import { buildReport, type BuildRequest, type ReportSources } from './report-build'
import type { Headline, ReportModel } from './report-model'
import { layoutReport } from './report-layout'
import { reportDocument } from './report-html'
import { reportDocx } from './report-docx'
import { htmlToPdf } from './report-pdf'
import type { ReportTable } from './reports.table'

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

export function reportsService(db: Db, clock: () => Date, sources: ReportSources, chromiumPath: string) {
  async function row(id: string): Promise<StoredReport> {
    const r = await db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst()
    if (!r) throw new NotFoundError(`There is no report with id ${id}.`)
    return parse(r)
  }

  /** Builds the model as its audience reads the records: the public version without any restricted record. */
  function build(partnershipId: string, req: BuildRequest) {
    const viewer = req.audience === 'public' ? NO_RESTRICTED : currentViewer()
    return runAsViewer(viewer, () => buildReport(sources, partnershipId, req, clock()))
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

    async list(partnershipId: string): Promise<Omit<StoredReport, 'model' | 'changes'>[]> {
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
    },

    /** Builds a report from today's data and stores it as a draft (version 1, or the next of its period). */
    async create(partnershipId: string, req: BuildRequest, actor: Actor): Promise<StoredReport> {
      return store(partnershipId, req, await build(partnershipId, req), actor)
    },

    /** A new version built from today's data, with the headline figures that changed listed. */
    async rebuild(id: string, actor: Actor): Promise<StoredReport> {
      const old = await row(id)
      const req = { template: old.template, period: old.period, audience: old.audience }
      return store(old.partnership_id, req, await build(old.partnership_id, req), actor, old)
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
          'meeting.title as meeting',
        ])
        .where('meeting.partnership_id', '=', partnershipId)
        .orderBy('meeting.date', 'desc')
        .orderBy('agenda_item.number')
        .execute()
      return rows.map((r) => ({
        value: r.id,
        text: `${r.date ?? r.meeting}: No ${r.number}. ${r.title}`,
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
