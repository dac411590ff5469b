import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../db/database'
import { NotFoundError, RuleError } from '../../errors'
import { recordAudit, type Actor } from '../audit/audit.service'
import { accountsToName, auditRestrictedViews, changeAccess, currentViewer, namedOn, setAccess, visibleIn, type Visibility } from '../access/restriction'
import { describeMeetingDate } from '../governance/meetings/meeting-date'
import { checkDhrMove, defaultDhrSettings, dhrClock, dhrStatusLabels, type DhrEvent, type DhrSettings, type DhrStatus } from './dhr-clock'
import * as repo from './registers.repository'
import type { RegisterKind } from './registers.table'

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
}

export interface NewDhr {
  ref: string
  title: string
  notifiedOn: string
  leadAgencyId: string | null
  visibility: Visibility
  userIds: readonly string[]
}

export type RegistersService = ReturnType<typeof registersService>

export function registersService(db: Db, clock: () => Date) {
  const today = () => clock().toISOString().slice(0, 10)

  async function dhrSettings(q: Queryable, partnershipId: string): Promise<DhrSettings> {
    const row = await q.selectFrom('register_setting').select('settings').where('partnership_id', '=', partnershipId).where('register', '=', 'dhr').executeTakeFirst()
    return { ...defaultDhrSettings, ...(row ? (JSON.parse(row.settings) as Partial<DhrSettings>) : {}) }
  }

  /** A review's stage history, oldest first, as the clock reads it. */
  function historyOf(events: readonly { kind: string; status: string | null; date: string }[]): DhrEvent[] {
    return events.filter((e) => (e.kind === 'created' || e.kind === 'status') && e.status).map((e) => ({ status: e.status as DhrStatus, date: e.date }))
  }

  /** Loads an entry the current reader may see, or "not found" exactly as for an id that never existed. */
  async function visibleEntry(q: Queryable, id: string, register?: RegisterKind) {
    const entry = await repo.findEntry(q, id, currentViewer())
    if (!entry || (register && entry.register !== register)) throw new NotFoundError(`There is no register entry with id ${id}.`)
    return entry
  }

  return {
    dhrSettings: (partnershipId: string) => dhrSettings(db, partnershipId),

    async saveDhrSettings(partnershipId: string, settings: DhrSettings, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const before = await dhrSettings(tx, partnershipId)
        await tx.deleteFrom('register_setting').where('partnership_id', '=', partnershipId).where('register', '=', 'dhr').execute()
        await tx.insertInto('register_setting').values({ partnership_id: partnershipId, register: 'dhr', settings: JSON.stringify(settings), updated_at: clock().toISOString() }).execute()
        await recordAudit(tx, actor, clock(), { action: 'register.settings', subjectType: 'register', subjectId: 'dhr', details: { before, after: settings } })
      })
    },

    /** The reviews the reader may see, each with its clock; counts are of these alone. */
    async listDhr(partnershipId: string) {
      const settings = await dhrSettings(db, partnershipId)
      const rows = await repo.listEntries(db, partnershipId, 'dhr', currentViewer())
      const events = await repo.listEvents(db, rows.map((r) => r.id))
      await auditRestrictedViews(db, clock(), rows.map((r) => ({ type: 'register_entry', id: r.id, visibility: r.visibility })))
      const now = today()
      return rows.map((r) => {
        const details = JSON.parse(r.details) as DhrDetails
        const c = dhrClock(historyOf(events.filter((e) => e.entry_id === r.id)), now, settings, details.extensions.reduce((s, e) => s + e.months, 0))
        return { ...r, details, clock: c, statusLabel: dhrStatusLabels[c.status] }
      })
    },

    async get(id: string, register?: RegisterKind) {
      const entry = await visibleEntry(db, id, register)
      const viewer = currentViewer()
      const [events, paragraphs, names] = await Promise.all([repo.listEvents(db, [id]), repo.linkedParagraphs(db, id, viewer), namedOn(db, [id])])
      await auditRestrictedViews(db, clock(), [{ type: 'register_entry', id, visibility: entry.visibility }])
      const details = JSON.parse(entry.details) as DhrDetails
      const settings = entry.register === 'dhr' ? await dhrSettings(db, entry.partnership_id) : undefined
      const c = settings ? dhrClock(historyOf(events), today(), settings, details.extensions.reduce((s, e) => s + e.months, 0)) : undefined
      return {
        ...entry,
        details,
        clock: c,
        settings,
        statusLabel: entry.register === 'dhr' ? dhrStatusLabels[entry.status as DhrStatus] : entry.status,
        named: names.get(id) ?? [],
        events: events.map((e) => ({ ...e, statusLabel: e.status && entry.register === 'dhr' ? dhrStatusLabels[e.status as DhrStatus] : e.status, fromLabel: e.from_status && entry.register === 'dhr' ? dhrStatusLabels[e.from_status as DhrStatus] : e.from_status })),
        discussedAt: paragraphs.map((p) => ({ ...p, number: `${p.item_number}.${p.seq}`, anchor: `p-${p.item_number}-${p.seq}`, dateText: describeMeetingDate(p) })),
      }
    },

    /**
     * Records a DHR from its notification. DHRs are restricted by default: only the people named
     * (always including the person recording it) see that it exists.
     */
    async createDhr(partnershipId: string, input: NewDhr, actor: Actor, self?: string) {
      const ref = input.ref.trim()
      const check = checkDhrMove([], 'notified', input.notifiedOn, today())
      if (check) throw new RuleError(check, 'notifiedOn')
      const id = randomUUID()
      await db.transaction().execute(async (tx) => {
        if (await repo.findByRef(tx, partnershipId, 'dhr', ref)) throw new RuleError(`There is already a review with the case reference ${ref}. Case references must be unique.`, 'ref')
        const userIds = await accountsToName(tx, input.visibility, input.userIds, self, true)
        const now = clock().toISOString()
        const details: DhrDetails = { notifiedOn: input.notifiedOn, extensions: [] }
        await repo.insertEntry(tx, { id, partnership_id: partnershipId, register: 'dhr', ref, title: input.title, status: 'notified', status_since: input.notifiedOn, lead_agency_id: input.leadAgencyId, owner_person_id: null, details: JSON.stringify(details), visibility: input.visibility, created_at: now, updated_at: now })
        if (input.visibility === 'restricted') await setAccess(tx, 'register_entry', id, 'restricted', userIds, now)
        await repo.insertEvent(tx, { id: randomUUID(), entry_id: id, date: input.notifiedOn, kind: 'created', status: 'notified', from_status: null, text: 'Notification received', actor: actor.name, created_at: now })
        await recordAudit(tx, actor, clock(), { action: 'register.create', subjectType: 'register_entry', subjectId: id, details: { register: 'dhr', ref, visibility: input.visibility } })
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
        await repo.insertEvent(tx, { id: randomUUID(), entry_id: id, date: input.date, kind: 'status', status: input.to, from_status: entry.status, text: input.reason, actor: actor.name, created_at: now })
        await recordAudit(tx, actor, clock(), { action: 'register.status', subjectType: 'register_entry', subjectId: id, details: { before: entry.status, after: input.to, date: input.date } })
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
        await repo.insertEvent(tx, { id: randomUUID(), entry_id: id, date: input.date, kind: 'change', status: null, from_status: null, text: `Completion extended by ${input.months} month${input.months === 1 ? '' : 's'}: ${input.reason}`, actor: actor.name, created_at: now })
        await recordAudit(tx, actor, clock(), { action: 'register.extend', subjectType: 'register_entry', subjectId: id, details: { months: input.months } })
      })
    },

    /** A dated progress update in the entry's timeline. */
    async addUpdate(id: string, input: { date: string; text: string }, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        await visibleEntry(tx, id)
        const now = clock().toISOString()
        await repo.insertEvent(tx, { id: randomUUID(), entry_id: id, date: input.date, kind: 'update', status: null, from_status: null, text: input.text, actor: actor.name, created_at: now })
        await repo.updateEntry(tx, id, { updated_at: now })
        await recordAudit(tx, actor, clock(), { action: 'register.update', subjectType: 'register_entry', subjectId: id })
      })
    },

    /** Links an entry to a minute paragraph that discusses it (both the reader may see). */
    async linkParagraph(id: string, paragraphId: string, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        await visibleEntry(tx, id)
        const viewer = currentViewer()
        const p = await tx.selectFrom('minute_paragraph').innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id').select('minute_paragraph.id').where('minute_paragraph.id', '=', paragraphId).where((eb) => eb.and([visibleIn(eb, 'minute_paragraph', viewer), visibleIn(eb, 'agenda_item', viewer)])).executeTakeFirst()
        if (!p) throw new RuleError('Choose a paragraph of the minutes.', 'paragraphId')
        await tx.deleteFrom('register_link').where('entry_id', '=', id).where('target_type', '=', 'minute_paragraph').where('target_id', '=', paragraphId).execute()
        await tx.insertInto('register_link').values({ entry_id: id, target_type: 'minute_paragraph', target_id: paragraphId, created_at: clock().toISOString() }).execute()
        await recordAudit(tx, actor, clock(), { action: 'register.link', subjectType: 'register_entry', subjectId: id, details: { paragraphId } })
      })
    },

    /** Who may see an entry: as for minutes, the person restricting it stays named. */
    async setVisibility(id: string, input: { visibility: Visibility; userIds: readonly string[] }, actor: Actor, self?: string) {
      await db.transaction().execute(async (tx) => {
        const entry = await visibleEntry(tx, id)
        await changeAccess(tx, actor, clock(), { type: 'register_entry', id, visibility: entry.visibility }, input, self)
      })
    },

    /** Paragraphs to offer for "discussed at", grouped by meeting (only those the reader may see). */
    async paragraphChoices(partnershipId: string) {
      const rows = await repo.paragraphChoices(db, partnershipId, currentViewer())
      const groups = new Map<string, { label: string; items: { value: string; text: string }[] }>()
      for (const r of rows) {
        const g = groups.get(r.meeting_id) ?? { label: `Meeting ${describeMeetingDate(r)}`, items: [] }
        const text = r.body.replace(/\s+/g, ' ')
        g.items.push({ value: r.id, text: `${r.item_number}.${r.seq} ${text.length > 90 ? `${text.slice(0, 88)}…` : text}` })
        groups.set(r.meeting_id, g)
      }
      return [...groups.values()]
    },

    entriesForParagraphs: (paragraphIds: readonly string[]) => repo.entriesForParagraphs(db, paragraphIds, currentViewer()),
  }
}
