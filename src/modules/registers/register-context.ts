// The registers service's shared state and helpers (see registers.service.ts for the whole).
import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../db/database'
import { NotFoundError, RuleError } from '../../errors'
import { recordAudit, type Actor } from '../audit/audit.service'
import {
  auditRestrictedViews,
  currentViewer,
  EVERYONE,
  setAccess,
  type Named,
  type Visibility,
} from '../access/restriction'
import {
  defaultDhrSettings,
  dhrClock,
  dhrStatusLabels,
  type DhrEvent,
  type DhrSettings,
  type DhrStatus,
} from './dhr-clock'
import * as repo from './registers.repository'
import { type Recommendation, type RecommendationLevel, type RecommendationStatus } from './dhr-analysis'
import type { RegisterEventKind, RegisterKind } from './registers.table'
import {
  configure,
  registerDefs,
  type FieldChoices,
  type FieldValue,
  type RegisterDef,
  type RegisterSettings,
  type StatusDef,
} from './register-defs'
import { type DhrDetails } from './register-types'

export type RegisterContext = ReturnType<typeof registerContext>

/**
 * What every part of the registers service shares: its database, clock and choices, and the
 * helpers its parts use (settings, the entry the reader may see, references, dates, DHR rows).
 */
export function registerContext(
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
    named: Named,
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
    if (input.visibility === 'restricted')
      await setAccess(tx, 'register_entry', id, 'restricted', named.userIds, now, named.groupIds)
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

  /**
   * An entry's change written as the register shows it (a line of its history) and as the audit
   * log keeps it, in the caller's transaction: the one write every change makes.
   */
  async function recordChange(
    tx: Queryable,
    actor: Actor,
    entryId: string,
    line: {
      date: string
      kind: RegisterEventKind
      text: string
      status?: string | null
      fromStatus?: string | null
      at?: string
    },
    audit: { action: string; details?: Record<string, unknown> },
  ) {
    await repo.insertEvent(tx, {
      id: randomUUID(),
      entry_id: entryId,
      date: line.date,
      kind: line.kind,
      status: line.status ?? null,
      from_status: line.fromStatus ?? null,
      text: line.text,
      actor: actor.name,
      created_at: line.at ?? clock().toISOString(),
    })
    await recordAudit(tx, actor, clock(), {
      action: audit.action,
      subjectType: 'register_entry',
      subjectId: entryId,
      ...(audit.details ? { details: audit.details } : {}),
    })
  }

  return {
    db,
    clock,
    deps,
    recordChange,
    today,
    dhrSettings,
    settingsOf,
    config,
    insertGeneral,
    historyOf,
    requireAccountsForDhr,
    visibleEntry,
    inTx,
    labelOf,
    nextRef,
    checkDate,
    recommendationOf,
    dhrRows,
  }
}
