// A register's entries: listed, created, moved through statuses, renamed, edited, updated, restricted.
import type { FieldValues } from './registers.schemas'
import { asText } from '../../words'
import { randomUUID } from 'node:crypto'
import type { Queryable } from '../../db/database'
import { RuleError } from '../../errors'
import type { Actor } from '../audit/audit.service'
import {
  accountsToName,
  auditRestrictedViews,
  changeAccess,
  currentViewer,
  namedOn,
  groupsOn,
  type Visibility,
} from '../access/restriction'
import { describeMeetingDate } from '../governance/meetings/meeting-date'
import { dhrClock } from './dhr-clock'
import * as repo from './registers.repository'
import {
  dhrReasonLabels,
  recommendationFigures,
  recommendationLevelLabels,
  recommendationOverdue,
  recommendationStatusLabels,
} from './dhr-analysis'
import type { RegisterKind } from './registers.table'
import { actionStatusLabels } from '../governance/actions/actions.service'
import { readFields, registerDefs, type FieldValue, type RegisterDef } from './register-defs'
import { needsAttention, type DhrDetails } from './register-types'
import type { RegisterContext } from './register-context'

export type RegisterEntries = ReturnType<typeof registerEntries>

export function registerEntries(ctx: RegisterContext) {
  const {
    today,
    dhrSettings,
    config,
    insertGeneral,
    historyOf,
    visibleEntry,
    inTx,
    labelOf,
    checkDate,
    recommendationOf,
    dhrRows,
    db,
    clock,
    recordChange,
  } = ctx
  return {
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
        groupIds?: readonly string[]
        fields: FieldValues
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
        const named = await accountsToName(tx, input.visibility, input.userIds, self, true, input.groupIds)
        await insertGeneral(tx, partnershipId, def, id, { ...input, details: fields.details }, named, actor)
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
        await recordChange(
          tx,
          actor,
          id,
          {
            date: input.date,
            kind: 'status',
            text: input.reason.trim(),
            status: to.code,
            fromStatus: entry.status,
            at: now,
          },
          { action: 'register.status', details: { before: entry.status, after: to.code, date: input.date } },
        )
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
        await recordChange(
          tx,
          actor,
          id,
          {
            date: input.date,
            kind: 'rename',
            text: `Renamed from "${entry.title}" to "${input.title.trim()}"${input.reason.trim() ? `: ${input.reason.trim()}` : ''}`,
            at: now,
          },
          { action: 'register.rename', details: { fields: ['title'] } },
        )
      }
      await inTx(q, work)
    },

    /** Changes an entry's own fields (a risk re-scored, a due date moved), the change in its history. */
    async editFields(id: string, input: FieldValues, date: string, actor: Actor) {
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
        const text = changed
          .map((f) => `${f.label}: ${show(f, before[f.name])} → ${show(f, fields.details[f.name])}`)
          .join('; ')
        await recordChange(
          tx,
          actor,
          id,
          { date, kind: 'change', text, at: now },
          { action: 'register.change', details: { fields: changed.map((f) => f.name) } },
        )
      })
    },

    /** The reviews the reader may see, each with its clock; counts are of these alone. */
    listDhr: (partnershipId: string) => dhrRows(partnershipId),

    async get(id: string, register?: RegisterKind) {
      const entry = await visibleEntry(db, id, register)
      const viewer = currentViewer()
      const [events, paragraphs, names, groups, actions, decisions] = await Promise.all([
        repo.listEvents(db, [id]),
        repo.linkedParagraphs(db, id, viewer),
        namedOn(db, [id]),
        groupsOn(db, [id]),
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
        groups: groups.get(id) ?? [],
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

    /** A dated progress update in the entry's timeline. */
    async addUpdate(id: string, input: { date: string; text: string }, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        await visibleEntry(tx, id)
        const now = clock().toISOString()
        await repo.updateEntry(tx, id, { updated_at: now })
        await recordChange(
          tx,
          actor,
          id,
          { date: input.date, kind: 'update', text: input.text, at: now },
          { action: 'register.update' },
        )
      })
    },

    /** Who may see an entry: as for minutes, the person restricting it stays named. */
    async setVisibility(
      id: string,
      input: { visibility: Visibility; userIds: readonly string[]; groupIds?: readonly string[] },
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
  }
}
