import { asText } from '../../words'
import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../db/database'
import { NotFoundError, RuleError } from '../../errors'
import { recordAudit, type Actor } from '../audit/audit.service'
import {
  accountsToName,
  auditRestrictedViews,
  changeAccess,
  currentViewer,
  EVERYONE,
  namedOn,
  setAccess,
  visibleIn,
  type Visibility,
} from '../access/restriction'
import { describeMeetingDate, longDate } from '../governance/meetings/meeting-date'
import {
  checkDhrMove,
  defaultDhrSettings,
  dhrClock,
  dhrStatusLabels,
  type DhrEvent,
  type DhrSettings,
  type DhrStatus,
} from './dhr-clock'
import * as repo from './registers.repository'
import {
  DHR_STAGE_COLUMNS,
  dhrExportColumns,
  readDhrImport,
  readGeneralImport,
  RegisterImportError,
  type ImportContext,
} from './register-import'
import { toCsv } from '../../csv'
import { CsvFileError, readCsvTable } from '../../csv-read'
import {
  dhrAnalysis,
  dhrReasonLabels,
  recommendationFigures,
  recommendationLevelLabels,
  recommendationOverdue,
  recommendationStatusLabels,
  type DhrReason,
  type Recommendation,
  type RecommendationLevel,
  type RecommendationStatus,
  type ReviewForAnalysis,
} from './dhr-analysis'
import type { RegisterKind, RegisterLinkTarget } from './registers.table'
import { actionStatusLabels } from '../governance/actions/actions.service'
import {
  configure,
  progressRollUp,
  readFields,
  registerDefs,
  type FieldChoices,
  type FieldValue,
  type RegisterDef,
  type RegisterSettings,
  type StatusDef,
} from './register-defs'

export const registerTitles: Record<RegisterKind, string> = {
  priorities: 'Priorities',
  assessments: 'Assessments',
  interventions: 'Serious Violence Duty interventions',
  dhr: 'Domestic Homicide Reviews',
  risks: 'Risk register',
}

export interface DhrDetails {
  notifiedOn: string
  /** Extensions to the completion deadline agreed by the partnership (months, why, when). */
  extensions: { months: number; reason: string; date: string }[]
  /** Why the review was held, its learning themes and the impact on local practice (the analysis reads these). */
  reason?: DhrReason | null
  themes?: string[]
  impact?: string
}

export interface NewRecommendation {
  ref: string | null
  text: string
  level: RecommendationLevel
  agencyId: string | null
  owner: string
  dueDate: string | null
  status: RecommendationStatus
  date: string
}

export interface NewDhr {
  ref: string
  title: string
  notifiedOn: string
  leadAgencyId: string | null
  visibility: Visibility
  userIds: readonly string[]
}

/**
 * Why an entry needs looking at today, in words, or null: an intervention still marked as being
 * delivered after its funding ended, a risk past its review date, an assessment past its due date.
 */
export function needsAttention(
  kind: string,
  status: string,
  closed: boolean,
  details: Record<string, FieldValue>,
  today: string,
): string | null {
  if (closed) return null
  const date = (k: string) =>
    typeof details[k] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(details[k]) ? details[k] : null
  const funding = date('fundingEnds')
  if (kind === 'interventions' && status === 'active' && funding && funding < today)
    return `Funding ended on ${longDate(funding)} but it is still marked as being delivered: review it`
  const review = date('reviewDate')
  if (kind === 'risks' && review && review < today) return `Its review was due on ${longDate(review)}`
  const due = date('dueDate')
  if (kind === 'assessments' && due && due < today) return `It was due on ${longDate(due)}`
  return null
}

export type RegistersService = ReturnType<typeof registersService>

export function registersService(
  db: Db,
  clock: () => Date,
  deps: { choices(partnershipId: string, q: Queryable): Promise<FieldChoices> },
) {
  const today = () => clock().toISOString().slice(0, 10)

  async function dhrSettings(q: Queryable, partnershipId: string): Promise<DhrSettings> {
    const row = await q
      .selectFrom('register_setting')
      .select('settings')
      .where('partnership_id', '=', partnershipId)
      .where('register', '=', 'dhr')
      .executeTakeFirst()
    return { ...defaultDhrSettings, ...(row ? (JSON.parse(row.settings) as Partial<DhrSettings>) : {}) }
  }

  async function settingsOf(q: Queryable, partnershipId: string, kind: RegisterDef['kind']): Promise<RegisterSettings> {
    const row = await q
      .selectFrom('register_setting')
      .select('settings')
      .where('partnership_id', '=', partnershipId)
      .where('register', '=', kind)
      .executeTakeFirst()
    return row ? (JSON.parse(row.settings) as RegisterSettings) : {}
  }

  /** The register as the partnership has configured it (statuses, risk registers, field choices). */
  async function config(q: Queryable, partnershipId: string, kind: RegisterDef['kind']): Promise<RegisterDef> {
    return configure(registerDefs[kind], await settingsOf(q, partnershipId, kind), await deps.choices(partnershipId, q))
  }

  /** Writes a new entry of a general register, its first status in the history, and the audit. */
  async function insertGeneral(
    tx: Queryable,
    partnershipId: string,
    def: RegisterDef,
    id: string,
    input: {
      ref: string | null
      title: string
      status: string
      statusDate: string
      leadAgencyId: string | null
      ownerPersonId: string | null
      visibility: Visibility
      details: Record<string, FieldValue>
    },
    userIds: readonly string[],
    actor: Actor,
    source?: string,
  ) {
    const ref = input.ref?.trim() || (await nextRef(tx, partnershipId, def))
    if (await repo.findByRef(tx, partnershipId, def.kind, ref, EVERYONE))
      throw new RuleError(
        `There is already a ${def.singular} ${ref} in this register. References must be unique.`,
        'ref',
      )
    const now = clock().toISOString()
    await repo.insertEntry(tx, {
      id,
      partnership_id: partnershipId,
      register: def.kind,
      ref,
      title: input.title,
      status: input.status,
      status_since: input.statusDate,
      lead_agency_id: input.leadAgencyId,
      owner_person_id: input.ownerPersonId,
      details: JSON.stringify(input.details),
      visibility: input.visibility,
      created_at: now,
      updated_at: now,
    })
    if (input.visibility === 'restricted') await setAccess(tx, 'register_entry', id, 'restricted', userIds, now)
    await repo.insertEvent(tx, {
      id: randomUUID(),
      entry_id: id,
      date: input.statusDate,
      kind: 'created',
      status: input.status,
      from_status: null,
      text: source ? `Imported from ${source}` : '',
      actor: actor.name,
      created_at: now,
    })
    await recordAudit(tx, actor, clock(), {
      action: 'register.create',
      subjectType: 'register_entry',
      subjectId: id,
      details: { register: def.kind, ref, visibility: input.visibility, ...(source ? { source } : {}) },
    })
  }

  /** A review's stage history, oldest first, as the clock reads it. */
  function historyOf(events: readonly { kind: string; status: string | null; date: string }[]): DhrEvent[] {
    return events
      .filter((e) => (e.kind === 'created' || e.kind === 'status') && e.status)
      .map((e) => ({ status: e.status as DhrStatus, date: e.date }))
  }

  /** Loads an entry the current reader may see, or "not found" exactly as for an id that never existed. */
  /**
   * DHRs need accounts: before the first one exists there is nobody to restrict a review to, and a
   * review recorded then would later be readable by every viewer.
   */
  async function requireAccountsForDhr(q: Queryable = db) {
    if (!(await q.selectFrom('app_user').select('id').limit(1).executeTakeFirst()))
      throw new RuleError(
        'Domestic Homicide Reviews cannot be recorded until the first administrator is made (npx csp users add <email> --role administrator): a review is restricted to named accounts from the moment it exists.',
        'ref',
      )
  }

  async function visibleEntry(q: Queryable, id: string, register?: RegisterKind) {
    const entry = await repo.findEntry(q, id, currentViewer())
    if (!entry || (register && entry.register !== register))
      throw new NotFoundError(`There is no register entry with id ${id}.`)
    return entry
  }

  /** Runs `work` in the caller's transaction (the demo load), or in one of its own. */
  const inTx = async (q: Queryable | undefined, work: (tx: Queryable) => Promise<void>) =>
    q ? work(q) : db.transaction().execute(work)

  const labelOf = (register: RegisterKind, status: string, statuses?: readonly StatusDef[]) =>
    register === 'dhr'
      ? (dhrStatusLabels[status as DhrStatus] ?? status)
      : ((statuses ?? registerDefs[register].statuses).find((x) => x.code === status)?.label ?? status)

  /** The next free reference of a register: P1, P2… for priorities, A1… assessments, I1… interventions, R1… risks. */
  async function nextRef(q: Queryable, partnershipId: string, def: RegisterDef) {
    const prefix =
      def.kind === 'priorities' ? 'P' : def.kind === 'assessments' ? 'A' : def.kind === 'interventions' ? 'I' : 'R'
    const refs = await q
      .selectFrom('register_entry')
      .select('ref')
      .where('partnership_id', '=', partnershipId)
      .where('register', '=', def.kind)
      .execute()
    const n = Math.max(
      0,
      ...refs.map((r) =>
        new RegExp(`^${prefix}(\\d+)$`).exec(r.ref)?.[1] ? Number(new RegExp(`^${prefix}(\\d+)$`).exec(r.ref)![1]) : 0,
      ),
    )
    return `${prefix}${n + 1}`
  }

  function checkDate(date: string, after: string, label: string, field: string) {
    if (date > today()) throw new RuleError(`${date} is in the future: record it when it has happened.`, field)
    if (date < after)
      throw new RuleError(
        `${label} on ${date} would come before ${after}, when the entry's current status began. Check the date.`,
        field,
      )
  }

  /** A recommendation row as the analysis reads it. */
  function recommendationOf(
    r: Awaited<ReturnType<typeof repo.listRecommendations>>[number],
  ): Recommendation & { id: string; entryId: string; agencyId: string | null } {
    return {
      id: r.id,
      entryId: r.entry_id,
      ref: r.ref,
      text: r.text,
      level: r.level as RecommendationLevel,
      agency: r.agency,
      agencyId: r.agency_id,
      owner: r.owner,
      dueDate: r.due_date,
      status: r.status as RecommendationStatus,
      statusSince: r.status_since,
      evidence: r.evidence,
    }
  }

  /** The reviews the reader may see, each with its clock and details. */
  async function dhrRows(partnershipId: string) {
    const settings = await dhrSettings(db, partnershipId)
    const rows = await repo.listEntries(db, partnershipId, 'dhr', currentViewer())
    const events = await repo.listEvents(
      db,
      rows.map((r) => r.id),
    )
    await auditRestrictedViews(
      db,
      clock(),
      rows.map((r) => ({ type: 'register_entry', id: r.id, visibility: r.visibility })),
    )
    const now = today()
    return rows.map((r) => {
      const details = JSON.parse(r.details) as DhrDetails
      const history = historyOf(events.filter((e) => e.entry_id === r.id))
      const c = dhrClock(
        history,
        now,
        settings,
        details.extensions.reduce((s, e) => s + e.months, 0),
      )
      return { ...r, details, history, clock: c, statusLabel: dhrStatusLabels[c.status] }
    })
  }

  return {
    /** The service's today (YYYY-MM-DD), from its clock. */
    today,

    /**
     * A register as CSV: the entries the reader may see with the register's own fields — the columns
     * its import reads, so a downloaded register can be edited and read back. The DHR register's
     * gives the first day each stage was reached, then the deadlines worked out from them.
     */
    async exportCsv(partnershipId: string, kind: RegisterKind): Promise<string> {
      if (kind === 'dhr') {
        const rows = (await dhrRows(partnershipId)).map((e) => ({
          ref: e.ref,
          title: e.title,
          status: e.status,
          status_since: e.status_since,
          lead_agency: e.lead_agency,
          notified_on: e.clock.notifiedOn,
          ...Object.fromEntries(
            DHR_STAGE_COLUMNS.map((st) => [`${st}_on`, e.history.find((h) => h.status === st)?.date ?? null]),
          ),
          reason: e.details.reason ?? null,
          themes: (e.details.themes ?? []).join('; '),
          impact: e.details.impact ?? '',
          decision_due: e.clock.decidedOn ? null : e.clock.decisionDue,
          completion_due: e.clock.completionDue,
          publication_due: e.clock.publicationDue,
          days_overdue: e.clock.daysOverdue,
        }))
        return toCsv(dhrExportColumns as never, rows as never[])
      }
      const def = await config(db, partnershipId, kind)
      const rows = (await this.list(partnershipId, kind)).map((e) => ({
        ref: e.ref,
        title: e.title,
        status: e.status,
        status_since: e.status_since,
        lead_agency: e.lead_agency,
        owner: e.owner_name,
        ...Object.fromEntries(Object.entries(e.details).map(([k, v]) => [k, Array.isArray(v) ? v.join(';') : v])),
        ...(kind === 'risks' ? { score: e.score } : {}),
      }))
      return toCsv(
        [
          'ref',
          'title',
          'status',
          'status_since',
          'lead_agency',
          'owner',
          ...def.fields.map((f) => f.name),
          ...(kind === 'risks' ? ['score'] : []),
        ] as never[],
        rows as never[],
      )
    },

    /**
     * Adds the entries of a CSV file to a register: every row checked first (each problem located by
     * row and column), then all written in one transaction, or nothing. DHRs imported are restricted
     * to the person importing them when the app has accounts.
     */
    async importCsv(
      partnershipId: string,
      kind: RegisterKind,
      file: { name: string; bytes: Buffer },
      actor: Actor,
      restrictTo: readonly string[] = [],
    ) {
      if (file.bytes.subarray(0, 8192).includes(0))
        throw new RegisterImportError([
          `${file.name} is not a CSV file (it holds binary data). Save the spreadsheet as CSV (comma separated) and upload that.`,
        ])
      const table = await readCsvTable(file.name, file.bytes).catch((e: unknown) => {
        throw e instanceof CsvFileError ? new RegisterImportError([e.message]) : e
      })
      let count = 0
      await db.transaction().execute(async (tx) => {
        const [existing, agencies, people] = await Promise.all([
          // References the importer can see: an unseen review's case reference is never revealed.
          tx
            .selectFrom('register_entry')
            .select('ref')
            .where('partnership_id', '=', partnershipId)
            .where('register', '=', kind)
            .where((eb) => visibleIn(eb, 'register_entry', currentViewer()))
            .execute(),
          tx.selectFrom('agency').select(['id', 'name']).where('partnership_id', '=', partnershipId).execute(),
          tx.selectFrom('person').select(['id', 'full_name']).where('partnership_id', '=', partnershipId).execute(),
        ])
        const ctx: ImportContext = {
          existingRefs: existing.map((r) => r.ref),
          agencies: new Map(agencies.map((a) => [a.name.toLowerCase(), a.id])),
          people: new Map(people.map((x) => [x.full_name.toLowerCase(), x.id])),
          today: today(),
        }
        const now = clock().toISOString()
        if (kind === 'dhr') {
          await requireAccountsForDhr(tx)
          if (restrictTo.length === 0)
            throw new RegisterImportError([
              'Name at least one account the reviews are restricted to: a review is never visible to everyone.',
            ])
          const restricted = true
          for (const r of readDhrImport(table, ctx)) {
            const id = randomUUID()
            const last = r.history.at(-1)!
            const details: DhrDetails = {
              notifiedOn: r.history[0]!.date,
              extensions: [],
              reason: r.reason,
              themes: r.themes,
              impact: r.impact.trim(),
            }
            await repo.insertEntry(tx, {
              id,
              partnership_id: partnershipId,
              register: 'dhr',
              ref: r.ref,
              title: r.title,
              status: last.status,
              status_since: last.date,
              lead_agency_id: r.leadAgencyId,
              owner_person_id: null,
              details: JSON.stringify(details),
              visibility: restricted ? 'restricted' : 'partners',
              created_at: now,
              updated_at: now,
            })
            if (restricted) await setAccess(tx, 'register_entry', id, 'restricted', restrictTo, now)
            for (const [i, e] of r.history.entries())
              await repo.insertEvent(tx, {
                id: randomUUID(),
                entry_id: id,
                date: e.date,
                kind: i === 0 ? 'created' : 'status',
                status: e.status,
                from_status: i === 0 ? null : r.history[i - 1]!.status,
                text: i === 0 ? `Imported from ${file.name}` : '',
                actor: actor.name,
                created_at: now,
              })
            await recordAudit(tx, actor, clock(), {
              action: 'register.create',
              subjectType: 'register_entry',
              subjectId: id,
              details: { register: 'dhr', visibility: restricted ? 'restricted' : 'partners', source: file.name },
            })
            count++
          }
        } else {
          const def = await config(tx, partnershipId, kind)
          for (const r of readGeneralImport(def, table, ctx)) {
            await insertGeneral(tx, partnershipId, def, randomUUID(), { ...r, details: r.fields }, [], actor, file.name)
            count++
          }
        }
      })
      return { count }
    },
    config: (partnershipId: string, kind: RegisterDef['kind']) => config(db, partnershipId, kind),
    settings: (partnershipId: string, kind: RegisterDef['kind']) => settingsOf(db, partnershipId, kind),
    progress: (def: RegisterDef, entries: readonly { status: string }[]) => progressRollUp(def.statuses, entries),

    /**
     * A register's own statuses (labels, which end an entry, progress) and, for risks, its named risk
     * registers. A status or risk register still used by an entry or its history cannot be removed;
     * the error names the entries.
     */
    async saveSettings(
      partnershipId: string,
      kind: RegisterDef['kind'],
      input: {
        statuses: { code: string | null; label: string; closed: boolean; progress: number | null }[]
        books?: string[]
      },
      actor: Actor,
    ) {
      const def = registerDefs[kind]
      await db.transaction().execute(async (tx) => {
        const before = await config(tx, partnershipId, kind)
        const rows = input.statuses.filter((x) => x.label.trim())
        if (rows.length === 0) throw new RuleError('Give the register at least one status.', 'label-0')
        const seen = new Set<string>()
        const statuses: StatusDef[] = []
        for (const [i, x] of input.statuses.entries()) {
          const label = x.label.trim()
          if (!label) continue
          if (seen.has(label.toLowerCase()))
            throw new RuleError(`"${label}" is listed twice: each status needs its own name.`, `label-${i}`)
          seen.add(label.toLowerCase())
          if (x.progress !== null && (!Number.isInteger(x.progress) || x.progress < 0 || x.progress > 100))
            throw new RuleError(
              `The progress of "${label}" must be a whole number from 0 to 100, or empty.`,
              `progress-${i}`,
            )
          let code =
            x.code && before.statuses.some((b) => b.code === x.code)
              ? x.code
              : label
                  .toLowerCase()
                  .replace(/[^a-z0-9]+/g, '_')
                  .replace(/^_|_$/g, '') || 'status'
          while (statuses.some((st) => st.code === code) || (!x.code && before.statuses.some((b) => b.code === code)))
            code = `${code}_2`
          statuses.push({ code, label, ...(x.closed ? { closed: true } : {}), progress: x.progress })
        }
        if (!statuses.some((x) => !x.closed))
          throw new RuleError('At least one status must leave an entry open (not "ends the entry").', 'closed-0')
        const removed = before.statuses.filter((b) => !statuses.some((x) => x.code === b.code))
        if (removed.length) {
          const codes = removed.map((r) => r.code)
          const used = await tx
            .selectFrom('register_entry')
            .leftJoin('register_event', 'register_event.entry_id', 'register_entry.id')
            .select([
              'register_entry.ref',
              'register_entry.status',
              'register_event.status as event_status',
              'register_event.from_status',
            ])
            .where('register_entry.partnership_id', '=', partnershipId)
            .where('register_entry.register', '=', kind)
            .where((eb) =>
              eb.or([
                eb('register_entry.status', 'in', codes),
                eb('register_event.status', 'in', codes),
                eb('register_event.from_status', 'in', codes),
              ]),
            )
            .execute()
          for (const r of removed) {
            const refs = [
              ...new Set(
                used
                  .filter((u) => u.status === r.code || u.event_status === r.code || u.from_status === r.code)
                  .map((u) => u.ref),
              ),
            ].sort()
            if (refs.length)
              throw new RuleError(
                `"${r.label}" cannot be removed: ${refs.join(', ')} ${refs.length === 1 ? 'has' : 'have'} it, now or in ${refs.length === 1 ? 'its' : 'their'} history. Rename it instead.`,
                'label-0',
              )
          }
        }
        const settings: RegisterSettings = { statuses }
        if (def.books) {
          const books: string[] = []
          for (const b of (input.books ?? []).map((x) => x.trim().replace(/\s+/g, ' ')).filter(Boolean))
            if (!books.some((k) => k.toLowerCase() === b.toLowerCase())) books.push(b)
          if (books.length === 0) throw new RuleError('Name at least one risk register.', 'books')
          const gone = (before.books ?? []).filter((b) => !books.includes(b))
          if (gone.length) {
            const risks = await tx
              .selectFrom('register_entry')
              .select(['ref', 'details'])
              .where('partnership_id', '=', partnershipId)
              .where('register', '=', kind)
              .execute()
            for (const g of gone) {
              const refs = risks
                .filter((r) => (JSON.parse(r.details) as Record<string, unknown>).book === g)
                .map((r) => r.ref)
              if (refs.length)
                throw new RuleError(
                  `"${g}" cannot be removed: ${refs.join(', ')} ${refs.length === 1 ? 'belongs' : 'belong'} to it.`,
                  'books',
                )
            }
          }
          settings.books = books
        }
        await tx
          .deleteFrom('register_setting')
          .where('partnership_id', '=', partnershipId)
          .where('register', '=', kind)
          .execute()
        await tx
          .insertInto('register_setting')
          .values({
            partnership_id: partnershipId,
            register: kind,
            settings: JSON.stringify(settings),
            updated_at: clock().toISOString(),
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'register.settings',
          subjectType: 'register',
          subjectId: kind,
          details: { before: { statuses: before.statuses, books: before.books ?? null }, after: settings },
        })
      })
    },
    dhrSettings: (partnershipId: string) => dhrSettings(db, partnershipId),

    /**
     * The analysis of the reviews the reader may see over a window (the minutes' two years): reasons,
     * completed reviews, learning themes, the recommendations and their delivery, the impact.
     */
    async dhrAnalysis(partnershipId: string, window: { from: string; to: string }) {
      const rows = await dhrRows(partnershipId)
      const recs = (
        await repo.listRecommendations(
          db,
          rows.map((r) => r.id),
        )
      ).map(recommendationOf)
      const reviews: ReviewForAnalysis[] = rows.map((r) => ({
        id: r.id,
        ref: r.ref,
        title: r.title,
        reason: r.details.reason ?? null,
        themes: r.details.themes ?? [],
        impact: r.details.impact ?? '',
        clock: r.clock,
        closedOn: r.clock.closed ? r.clock.statusSince : null,
        recommendations: recs.filter((x) => x.entryId === r.id),
      }))
      return dhrAnalysis(reviews, window, today())
    },

    /** Why the review was held, its learning themes and its impact on local practice. */
    async editDhrAbout(
      id: string,
      input: { reason: DhrReason | null; themes: string[]; impact: string },
      actor: Actor,
    ) {
      await db.transaction().execute(async (tx) => {
        const entry = await visibleEntry(tx, id, 'dhr')
        const before = JSON.parse(entry.details) as DhrDetails
        const themes: string[] = []
        for (const t of input.themes.map((x) => x.trim().replace(/\s+/g, ' ')).filter(Boolean))
          if (!themes.some((k) => k.toLowerCase() === t.toLowerCase())) themes.push(t)
        const after: DhrDetails = { ...before, reason: input.reason, themes, impact: input.impact.trim() }
        const changes: string[] = []
        if ((before.reason ?? null) !== after.reason)
          changes.push(
            `Reason for review: ${before.reason ? dhrReasonLabels[before.reason] : 'not recorded'} → ${after.reason ? dhrReasonLabels[after.reason] : 'not recorded'}`,
          )
        if ((before.themes ?? []).join('\n') !== themes.join('\n'))
          changes.push(`Learning themes: ${themes.length ? themes.join('; ') : 'none'}`)
        if ((before.impact ?? '') !== after.impact) changes.push('Impact on local practice updated')
        if (changes.length === 0) throw new RuleError('Nothing was changed.', 'reason')
        const now = clock().toISOString()
        await repo.updateEntry(tx, id, { details: JSON.stringify(after), updated_at: now })
        await repo.insertEvent(tx, {
          id: randomUUID(),
          entry_id: id,
          date: today(),
          kind: 'change',
          status: null,
          from_status: null,
          text: changes.join('; '),
          actor: actor.name,
          created_at: now,
        })
        await recordAudit(tx, actor, clock(), {
          action: 'register.change',
          subjectType: 'register_entry',
          subjectId: id,
          details: { fields: ['reason', 'themes'] },
        })
      })
    },

    /** A recommendation of the review's action plan, numbered 1, 2… unless given a reference. */
    async addRecommendation(id: string, input: NewRecommendation, actor: Actor, q?: Queryable) {
      const rid = randomUUID()
      await inTx(q, async (tx) => {
        await visibleEntry(tx, id, 'dhr')
        checkDate(input.date, '0000-01-01', 'The recommendation', 'date')
        const existing = await repo.listRecommendations(tx, [id])
        const ref =
          input.ref?.trim() ||
          String(Math.max(0, ...existing.map((r) => (/^\d+$/.test(r.ref) ? Number(r.ref) : 0))) + 1)
        if (existing.some((r) => r.ref === ref))
          throw new RuleError(
            `This review already has a recommendation ${ref}. References must be unique within a review.`,
            'ref',
          )
        const now = clock().toISOString()
        await repo.insertRecommendation(tx, {
          id: rid,
          entry_id: id,
          ref,
          text: input.text.trim(),
          level: input.level,
          agency_id: input.agencyId,
          owner: input.owner.trim(),
          due_date: input.dueDate,
          status: input.status,
          status_since: input.date,
          evidence: '',
          created_at: now,
          updated_at: now,
        })
        await repo.insertEvent(tx, {
          id: randomUUID(),
          entry_id: id,
          date: input.date,
          kind: 'change',
          status: null,
          from_status: null,
          text: `Recommendation ${ref} added (${recommendationStatusLabels[input.status]})`,
          actor: actor.name,
          created_at: now,
        })
        await repo.updateEntry(tx, id, { updated_at: now })
        await recordAudit(tx, actor, clock(), {
          action: 'register.recommendation',
          subjectType: 'register_entry',
          subjectId: id,
          details: { status: input.status },
        })
      })
      return rid
    },

    /** A recommendation's delivery: its new status on a date, the evidence of change, a new due date or owner. */
    async updateRecommendation(
      id: string,
      recommendationId: string,
      input: { status: RecommendationStatus; date: string; evidence: string; dueDate: string | null; owner: string },
      actor: Actor,
      q?: Queryable,
    ) {
      await inTx(q, async (tx) => {
        await visibleEntry(tx, id, 'dhr')
        const row = (await repo.listRecommendations(tx, [id])).find((r) => r.id === recommendationId)
        if (!row) throw new NotFoundError(`There is no recommendation with id ${recommendationId}.`)
        const before = recommendationOf(row)
        const evidence = input.evidence.trim()
        if (input.status === 'complete_evidenced' && !evidence)
          throw new RuleError('Say what evidence shows the change: the analysis reports it as the impact.', 'evidence')
        const changes: string[] = []
        if (before.status !== input.status) {
          checkDate(input.date, before.statusSince, `"${recommendationStatusLabels[input.status]}"`, 'date')
          changes.push(`${recommendationStatusLabels[before.status]} → ${recommendationStatusLabels[input.status]}`)
        } else checkDate(input.date, '0000-01-01', 'The change', 'date')
        if ((before.dueDate ?? null) !== input.dueDate)
          changes.push(`due ${before.dueDate ?? 'not set'} → ${input.dueDate ?? 'not set'}`)
        if (before.owner !== input.owner.trim())
          changes.push(`owner ${before.owner || 'not set'} → ${input.owner.trim() || 'not set'}`)
        if (before.evidence !== evidence) changes.push(`evidence: ${evidence || 'removed'}`)
        if (changes.length === 0) throw new RuleError('Nothing was changed.', 'status')
        const now = clock().toISOString()
        await repo.updateRecommendation(tx, recommendationId, {
          status: input.status,
          status_since: before.status !== input.status ? input.date : before.statusSince,
          due_date: input.dueDate,
          owner: input.owner.trim(),
          evidence,
          updated_at: now,
        })
        await repo.insertEvent(tx, {
          id: randomUUID(),
          entry_id: id,
          date: input.date,
          kind: 'change',
          status: null,
          from_status: null,
          text: `Recommendation ${before.ref}: ${changes.join('; ')}`,
          actor: actor.name,
          created_at: now,
        })
        await repo.updateEntry(tx, id, { updated_at: now })
        await recordAudit(tx, actor, clock(), {
          action: 'register.recommendation',
          subjectType: 'register_entry',
          subjectId: id,
          details: { recommendation: before.id, before: before.status, after: input.status },
        })
      })
    },

    /** A register's entries the reader may see, with their own fields read and risks scored. */
    async list(partnershipId: string, kind: RegisterDef['kind']) {
      const def = await config(db, partnershipId, kind)
      const rows = await repo.listEntries(db, partnershipId, kind, currentViewer())
      await auditRestrictedViews(
        db,
        clock(),
        rows.map((r) => ({ type: 'register_entry', id: r.id, visibility: r.visibility })),
      )
      return rows.map((r) => {
        const details = JSON.parse(r.details) as Record<string, FieldValue>
        const status = def.statuses.find((x) => x.code === r.status)
        const score =
          typeof details.likelihood === 'number' && typeof details.impact === 'number'
            ? details.likelihood * details.impact
            : null
        return {
          ...r,
          details,
          statusLabel: status?.label ?? r.status,
          closed: !!status?.closed,
          score,
          attention: needsAttention(kind, r.status, !!status?.closed, details, today()),
        }
      })
    },

    /** A new entry in one of the four general registers, with its first status dated. */
    async create(
      partnershipId: string,
      kind: RegisterDef['kind'],
      input: {
        ref: string | null
        title: string
        status: string
        statusDate: string
        leadAgencyId: string | null
        ownerPersonId: string | null
        visibility: Visibility
        userIds: readonly string[]
        fields: Record<string, unknown>
      },
      actor: Actor,
      self?: string,
      q?: Queryable,
    ) {
      checkDate(input.statusDate, '0000-01-01', 'The status', 'statusDate')
      const id = randomUUID()
      const work = async (tx: Queryable) => {
        const def = await config(tx, partnershipId, kind)
        if (!def.statuses.some((x) => x.code === input.status))
          throw new RuleError(
            `"${input.status}" is not a status of the ${def.title.toLowerCase()} register. Use one of: ${def.statuses.map((x) => x.code).join(', ')}.`,
            'status',
          )
        const fields = readFields(def, input.fields)
        if (!fields.ok) throw new RuleError(fields.message, fields.field)
        const userIds = await accountsToName(tx, input.visibility, input.userIds, self, true)
        await insertGeneral(tx, partnershipId, def, id, { ...input, details: fields.details }, userIds, actor)
      }
      await inTx(q, work)
      return id
    },

    /** A change of status on a date, with its reason (required when the entry closes: why Fraud was removed). */
    async move(id: string, input: { to: string; date: string; reason: string }, actor: Actor, q?: Queryable) {
      const work = async (tx: Queryable) => {
        const entry = await visibleEntry(tx, id)
        if (entry.register === 'dhr')
          throw new RuleError('A DHR moves through its statutory stages: use the stage form.', 'to')
        const def = await config(tx, entry.partnership_id, entry.register)
        const to = def.statuses.find((x) => x.code === input.to)
        if (!to)
          throw new RuleError(
            `"${input.to}" is not a status of the ${def.title.toLowerCase()} register. Use one of: ${def.statuses.map((x) => x.label).join(', ')}.`,
            'to',
          )
        if (to.code === entry.status) throw new RuleError(`It is already "${to.label}".`, 'to')
        checkDate(input.date, entry.status_since, `"${to.label}"`, 'date')
        if (to.closed && !input.reason.trim())
          throw new RuleError(`Say why it is now "${to.label}": the register keeps the reason.`, 'reason')
        const now = clock().toISOString()
        await repo.updateEntry(tx, id, { status: to.code, status_since: input.date, updated_at: now })
        await repo.insertEvent(tx, {
          id: randomUUID(),
          entry_id: id,
          date: input.date,
          kind: 'status',
          status: to.code,
          from_status: entry.status,
          text: input.reason.trim(),
          actor: actor.name,
          created_at: now,
        })
        await recordAudit(tx, actor, clock(), {
          action: 'register.status',
          subjectType: 'register_entry',
          subjectId: id,
          details: { before: entry.status, after: to.code, date: input.date },
        })
      }
      await inTx(q, work)
    },

    /** A new name, the old one kept in the history (The Boys Project → The Bystander Project). */
    async rename(id: string, input: { title: string; date: string; reason: string }, actor: Actor, q?: Queryable) {
      const work = async (tx: Queryable) => {
        const entry = await visibleEntry(tx, id)
        if (entry.register === 'dhr' || !registerDefs[entry.register].renames)
          throw new RuleError('Entries of this register are not renamed; edit the title instead.', 'title')
        if (input.title.trim() === entry.title) throw new RuleError('That is its name already.', 'title')
        checkDate(input.date, '0000-01-01', 'The rename', 'date')
        const now = clock().toISOString()
        await repo.updateEntry(tx, id, { title: input.title.trim(), updated_at: now })
        await repo.insertEvent(tx, {
          id: randomUUID(),
          entry_id: id,
          date: input.date,
          kind: 'rename',
          status: null,
          from_status: null,
          text: `Renamed from "${entry.title}" to "${input.title.trim()}"${input.reason.trim() ? `: ${input.reason.trim()}` : ''}`,
          actor: actor.name,
          created_at: now,
        })
        await recordAudit(tx, actor, clock(), {
          action: 'register.rename',
          subjectType: 'register_entry',
          subjectId: id,
          details: { fields: ['title'] },
        })
      }
      await inTx(q, work)
    },

    /** Changes an entry's own fields (a risk re-scored, a due date moved), the change in its history. */
    async editFields(id: string, input: Record<string, unknown>, date: string, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const entry = await visibleEntry(tx, id)
        if (entry.register === 'dhr') throw new RuleError("A DHR's dates are its stages.", 'to')
        const def = await config(tx, entry.partnership_id, entry.register)
        const fields = readFields(def, input)
        if (!fields.ok) throw new RuleError(fields.message, fields.field)
        checkDate(date, '0000-01-01', 'The change', 'date')
        const before = JSON.parse(entry.details) as Record<string, unknown>
        const same = (a: unknown, b: unknown) =>
          JSON.stringify(a ?? (Array.isArray(b) ? [] : null)) === JSON.stringify(b)
        const changed = def.fields.filter((f) => !same(before[f.name], fields.details[f.name]))
        if (changed.length === 0) throw new RuleError('Nothing was changed.', def.fields[0]!.name)
        const show = (f: (typeof def.fields)[number], v: unknown) =>
          v === null || v === undefined || (Array.isArray(v) && v.length === 0)
            ? 'not set'
            : f.type === 'yesno'
              ? v
                ? 'yes'
                : 'no'
              : Array.isArray(v)
                ? v.join(', ')
                : asText(v)
        const now = clock().toISOString()
        await repo.updateEntry(tx, id, { details: JSON.stringify(fields.details), updated_at: now })
        await repo.insertEvent(tx, {
          id: randomUUID(),
          entry_id: id,
          date,
          kind: 'change',
          status: null,
          from_status: null,
          text: changed
            .map((f) => `${f.label}: ${show(f, before[f.name])} → ${show(f, fields.details[f.name])}`)
            .join('; '),
          actor: actor.name,
          created_at: now,
        })
        await recordAudit(tx, actor, clock(), {
          action: 'register.change',
          subjectType: 'register_entry',
          subjectId: id,
          details: { fields: changed.map((f) => f.name) },
        })
      })
    },

    async saveDhrSettings(partnershipId: string, settings: DhrSettings, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const before = await dhrSettings(tx, partnershipId)
        await tx
          .deleteFrom('register_setting')
          .where('partnership_id', '=', partnershipId)
          .where('register', '=', 'dhr')
          .execute()
        await tx
          .insertInto('register_setting')
          .values({
            partnership_id: partnershipId,
            register: 'dhr',
            settings: JSON.stringify(settings),
            updated_at: clock().toISOString(),
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'register.settings',
          subjectType: 'register',
          subjectId: 'dhr',
          details: { before, after: settings },
        })
      })
    },

    /** The reviews the reader may see, each with its clock; counts are of these alone. */
    listDhr: (partnershipId: string) => dhrRows(partnershipId),

    async get(id: string, register?: RegisterKind) {
      const entry = await visibleEntry(db, id, register)
      const viewer = currentViewer()
      const [events, paragraphs, names, actions, decisions] = await Promise.all([
        repo.listEvents(db, [id]),
        repo.linkedParagraphs(db, id, viewer),
        namedOn(db, [id]),
        repo.actionsFor(db, { entryId: id }, viewer),
        repo.decisionsFor(db, { entryId: id }, viewer),
      ])
      await auditRestrictedViews(db, clock(), [{ type: 'register_entry', id, visibility: entry.visibility }])
      const details = JSON.parse(entry.details) as DhrDetails
      const settings = entry.register === 'dhr' ? await dhrSettings(db, entry.partnership_id) : undefined
      const statuses =
        entry.register === 'dhr' ? undefined : (await config(db, entry.partnership_id, entry.register)).statuses
      const c = settings
        ? dhrClock(
            historyOf(events),
            today(),
            settings,
            details.extensions.reduce((s, e) => s + e.months, 0),
          )
        : undefined
      const recs = settings ? (await repo.listRecommendations(db, [id])).map(recommendationOf) : []
      return {
        ...entry,
        recommendations: recs.map((r) => ({
          ...r,
          statusLabel: recommendationStatusLabels[r.status],
          levelLabel: recommendationLevelLabels[r.level],
          daysOverdue: recommendationOverdue(r, today()),
        })),
        recommendationFigures: recommendationFigures(recs, today()),
        reasonLabel: details.reason ? dhrReasonLabels[details.reason] : null,
        details,
        clock: c,
        settings,
        statusLabel: labelOf(entry.register, entry.status, statuses),
        attention:
          entry.register === 'dhr'
            ? null
            : needsAttention(
                entry.register,
                entry.status,
                !!statuses?.find((x) => x.code === entry.status)?.closed,
                details as unknown as Record<string, FieldValue>,
                today(),
              ),
        named: names.get(id) ?? [],
        events: events.map((e) => ({
          ...e,
          statusLabel: e.status ? labelOf(entry.register, e.status, statuses) : null,
          fromLabel: e.from_status ? labelOf(entry.register, e.from_status, statuses) : null,
        })),
        actions: actions.map((a) => ({ ...a, statusLabel: actionStatusLabels[a.status] })),
        decisions,
        discussedAt: paragraphs.map((p) => ({
          ...p,
          number: `${p.item_number}.${p.seq}`,
          anchor: `p-${p.item_number}-${p.seq}`,
          dateText: describeMeetingDate(p),
        })),
      }
    },

    /**
     * Records a DHR from its notification. DHRs are restricted by default: only the people named
     * (always including the person recording it) see that it exists.
     */
    async createDhr(partnershipId: string, input: NewDhr, actor: Actor, self?: string) {
      await requireAccountsForDhr()
      if (input.visibility !== 'restricted')
        throw new RuleError('A Domestic Homicide Review is restricted to the people named on it, always.', 'visibility')
      const ref = input.ref.trim()
      const check = checkDhrMove([], 'notified', input.notifiedOn, today())
      if (check) throw new RuleError(check, 'notifiedOn')
      const id = randomUUID()
      await db.transaction().execute(async (tx) => {
        if (await repo.findByRef(tx, partnershipId, 'dhr', ref, currentViewer()))
          throw new RuleError(
            `There is already a review with the case reference ${ref}. Case references must be unique.`,
            'ref',
          )
        const userIds = await accountsToName(tx, input.visibility, input.userIds, self, true)
        const now = clock().toISOString()
        const details: DhrDetails = { notifiedOn: input.notifiedOn, extensions: [] }
        await repo.insertEntry(tx, {
          id,
          partnership_id: partnershipId,
          register: 'dhr',
          ref,
          title: input.title,
          status: 'notified',
          status_since: input.notifiedOn,
          lead_agency_id: input.leadAgencyId,
          owner_person_id: null,
          details: JSON.stringify(details),
          visibility: input.visibility,
          created_at: now,
          updated_at: now,
        })
        if (input.visibility === 'restricted') await setAccess(tx, 'register_entry', id, 'restricted', userIds, now)
        await repo.insertEvent(tx, {
          id: randomUUID(),
          entry_id: id,
          date: input.notifiedOn,
          kind: 'created',
          status: 'notified',
          from_status: null,
          text: 'Notification received',
          actor: actor.name,
          created_at: now,
        })
        await recordAudit(tx, actor, clock(), {
          action: 'register.create',
          subjectType: 'register_entry',
          subjectId: id,
          details: { register: 'dhr', visibility: input.visibility },
        })
      })
      return id
    },

    /** Moves a review to its next stage on a date, with the reason; out-of-order moves are refused. */
    async moveDhr(id: string, input: { to: string; date: string; reason: string }, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const entry = await visibleEntry(tx, id, 'dhr')
        const history = historyOf(await repo.listEvents(tx, [id]))
        const problem = checkDhrMove(history, input.to, input.date, today())
        if (problem) throw new RuleError(problem, 'to')
        const now = clock().toISOString()
        await repo.updateEntry(tx, id, { status: input.to, status_since: input.date, updated_at: now })
        await repo.insertEvent(tx, {
          id: randomUUID(),
          entry_id: id,
          date: input.date,
          kind: 'status',
          status: input.to,
          from_status: entry.status,
          text: input.reason,
          actor: actor.name,
          created_at: now,
        })
        await recordAudit(tx, actor, clock(), {
          action: 'register.status',
          subjectType: 'register_entry',
          subjectId: id,
          details: { before: entry.status, after: input.to, date: input.date },
        })
      })
    },

    /** Extends the completion deadline by agreement: months and why, in the timeline. */
    async extendDhr(id: string, input: { months: number; reason: string; date: string }, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const entry = await visibleEntry(tx, id, 'dhr')
        const details = JSON.parse(entry.details) as DhrDetails
        const after: DhrDetails = { ...details, extensions: [...details.extensions, input] }
        const now = clock().toISOString()
        await repo.updateEntry(tx, id, { details: JSON.stringify(after), updated_at: now })
        await repo.insertEvent(tx, {
          id: randomUUID(),
          entry_id: id,
          date: input.date,
          kind: 'change',
          status: null,
          from_status: null,
          text: `Completion extended by ${input.months} month${input.months === 1 ? '' : 's'}: ${input.reason}`,
          actor: actor.name,
          created_at: now,
        })
        await recordAudit(tx, actor, clock(), {
          action: 'register.extend',
          subjectType: 'register_entry',
          subjectId: id,
          details: { months: input.months },
        })
      })
    },

    /** A dated progress update in the entry's timeline. */
    async addUpdate(id: string, input: { date: string; text: string }, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        await visibleEntry(tx, id)
        const now = clock().toISOString()
        await repo.insertEvent(tx, {
          id: randomUUID(),
          entry_id: id,
          date: input.date,
          kind: 'update',
          status: null,
          from_status: null,
          text: input.text,
          actor: actor.name,
          created_at: now,
        })
        await repo.updateEntry(tx, id, { updated_at: now })
        await recordAudit(tx, actor, clock(), {
          action: 'register.update',
          subjectType: 'register_entry',
          subjectId: id,
        })
      })
    },

    /**
     * Links an entry to a minute paragraph, action or decision that discusses it, shown on both sides.
     * The reader must be able to see both; linking again changes nothing.
     */
    async link(id: string, targetType: RegisterLinkTarget, targetId: string, actor: Actor, q?: Queryable) {
      const work = async (tx: Queryable) => {
        const entry = await visibleEntry(tx, id)
        const viewer = currentViewer()
        const found =
          targetType === 'minute_paragraph'
            ? await tx
                .selectFrom('minute_paragraph')
                .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
                .innerJoin('meeting', 'meeting.id', 'agenda_item.meeting_id')
                .select('minute_paragraph.id')
                .where('minute_paragraph.id', '=', targetId)
                .where('meeting.partnership_id', '=', entry.partnership_id)
                .where((eb) =>
                  eb.and([visibleIn(eb, 'minute_paragraph', viewer), visibleIn(eb, 'agenda_item', viewer)]),
                )
                .executeTakeFirst()
            : (targetType === 'action'
                ? await repo.actionsFor(tx, { partnershipId: entry.partnership_id }, viewer)
                : await repo.decisionsFor(tx, { partnershipId: entry.partnership_id }, viewer)
              ).find((x) => x.id === targetId)
        const field =
          targetType === 'minute_paragraph' ? 'paragraphId' : targetType === 'action' ? 'actionId' : 'decisionId'
        if (!found)
          throw new RuleError(
            `Choose ${targetType === 'minute_paragraph' ? 'a paragraph of the minutes' : targetType === 'action' ? 'an action' : 'a decision'} from the list.`,
            field,
          )
        await tx
          .deleteFrom('register_link')
          .where('entry_id', '=', id)
          .where('target_type', '=', targetType)
          .where('target_id', '=', targetId)
          .execute()
        await tx
          .insertInto('register_link')
          .values({ entry_id: id, target_type: targetType, target_id: targetId, created_at: clock().toISOString() })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'register.link',
          subjectType: 'register_entry',
          subjectId: id,
          details: { targetType, targetId },
        })
      }
      await inTx(q, work)
    },

    /** Removes a link made by mistake (the audit trail keeps that it was made and removed). */
    async unlink(id: string, targetType: RegisterLinkTarget, targetId: string, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        await visibleEntry(tx, id)
        const r = await tx
          .deleteFrom('register_link')
          .where('entry_id', '=', id)
          .where('target_type', '=', targetType)
          .where('target_id', '=', targetId)
          .executeTakeFirst()
        if (Number(r.numDeletedRows) === 0)
          throw new RuleError('That link is not there (it may have been removed already).', 'targetId')
        await recordAudit(tx, actor, clock(), {
          action: 'register.unlink',
          subjectType: 'register_entry',
          subjectId: id,
          details: { targetType, targetId },
        })
      })
    },

    /** Actions and decisions to offer for linking (only those the reader may see). */
    async linkChoices(partnershipId: string) {
      const viewer = currentViewer()
      const [actions, decisions] = await Promise.all([
        repo.actionsFor(db, { partnershipId }, viewer),
        repo.decisionsFor(db, { partnershipId }, viewer),
      ])
      return {
        actions: actions.map((a) => ({ value: a.id, text: `${a.ref}: ${a.title}` })),
        decisions: decisions.map((d) => ({ value: d.id, text: `${d.ref}: ${d.topic}` })),
      }
    },

    /** Who may see an entry: as for minutes, the person restricting it stays named. */
    async setVisibility(
      id: string,
      input: { visibility: Visibility; userIds: readonly string[] },
      actor: Actor,
      self?: string,
    ) {
      await db.transaction().execute(async (tx) => {
        const entry = await visibleEntry(tx, id)
        if (entry.register === 'dhr' && input.visibility !== 'restricted')
          throw new RuleError(
            'A Domestic Homicide Review stays restricted to named people: change who is named instead.',
            'visibility',
          )
        await changeAccess(
          tx,
          actor,
          clock(),
          { type: 'register_entry', id, visibility: entry.visibility },
          input,
          self,
        )
      })
    },

    /** Paragraphs to offer for "discussed at", grouped by meeting (only those the reader may see). */
    async paragraphChoices(partnershipId: string) {
      const rows = await repo.paragraphChoices(db, partnershipId, currentViewer())
      const groups = new Map<string, { label: string; items: { value: string; text: string }[] }>()
      for (const r of rows) {
        const g = groups.get(r.meeting_id) ?? { label: `Meeting ${describeMeetingDate(r)}`, items: [] }
        const text = r.body.replace(/\s+/g, ' ')
        g.items.push({
          value: r.id,
          text: `${r.item_number}.${r.seq} ${text.length > 90 ? `${text.slice(0, 88)}…` : text}`,
        })
        groups.set(r.meeting_id, g)
      }
      return [...groups.values()]
    },

    /** The register entries linked to these paragraphs, actions or decisions that the reader may see. */
    entriesFor: (targetType: RegisterLinkTarget, ids: readonly string[]) =>
      repo.entriesFor(db, targetType, ids, currentViewer()),
    entriesForParagraphs: async (paragraphIds: readonly string[]) =>
      (await repo.entriesFor(db, 'minute_paragraph', paragraphIds, currentViewer())).map((e) => ({
        ...e,
        paragraph_id: e.target_id,
      })),
  }
}
