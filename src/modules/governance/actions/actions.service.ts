import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { NotFoundError, RuleError } from '../../../errors'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { describeMeetingDate, isIsoDate, longDate, meetingSortKey } from '../meetings/meeting-date'
import { displayName } from '../partnership/partnership.service'
import type { ActionEditInput, ActionUpdateInput } from './actions.schemas'
import * as repo from './actions.repository'
import { auditRestrictedViews, currentViewer, stricter, type Viewer } from '../../access/restriction'
import { openActionStatuses, type ActionStatus } from './actions.table'

export const actionStatusLabels: Record<ActionStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
}

/** GOV.UK tag colours; the text label always travels with the colour. */
export const actionStatusColours: Record<ActionStatus, string> = {
  open: 'govuk-tag--blue',
  in_progress: 'govuk-tag--yellow',
  done: 'govuk-tag--green',
  dropped: 'govuk-tag--grey',
}

export interface NewAction {
  meetingId: string
  paragraphId: string | null
  markerIndex: number
  title: string
  description: string
  ownerIds: readonly string[]
  dueDate?: string | null
  targetMeetingId?: string | null
  carriedFrom?: string | null
  /** Raised in minutes imported from the past: nobody is emailed that it was given to them. */
  quiet?: boolean
}

/**
 * Why an open action is overdue on a day, in words, or null: its due date has passed, or the
 * meeting it was to report to has been held (or its date has passed).
 */
export function overdue(
  a: { status: ActionStatus; due_date: string | null; target_date: string | null; target_status?: string | null },
  today: string,
): string | null {
  if (!openActionStatuses.includes(a.status)) return null
  if (a.due_date && a.due_date < today) return `was due by ${longDate(a.due_date)}`
  if (a.target_date && (a.target_status === 'held' || a.target_date < today))
    return `was to report to the meeting on ${longDate(a.target_date)}`
  return null
}

export type ActionsService = ReturnType<typeof actionsService>

/** What an "action given to you" email needs. */
export interface AssignedAction {
  id: string
  partnership_id: string
  ref: number
  title: string
  ownerIds: readonly string[]
  due: string | null
}

export function actionsService(
  db: Db,
  clock: () => Date,
  hooks: { assigned?: (tx: Queryable, a: AssignedAction) => Promise<void> } = {},
) {
  async function decorate(rows: Awaited<ReturnType<typeof repo.listActions>>) {
    const owners = await repo.listOwners(
      db,
      rows.map((r) => r.id),
    )
    // An action raised in a restricted paragraph is itself restricted: each view is audited.
    await auditRestrictedViews(
      db,
      clock(),
      rows.map((r) => ({
        type: 'action',
        id: r.id,
        visibility: stricter(r.source_visibility, r.source_item_visibility),
      })),
    )
    const today = clock().toISOString().slice(0, 10)
    return rows.map((r) => {
      const own = owners.filter((o) => o.action_id === r.id)
      const late = overdue(r, today)
      return {
        overdue: late !== null,
        overdueText: late,
        ...r,
        paragraphNumber:
          r.item_number != null && r.paragraph_seq != null ? `${r.item_number}.${r.paragraph_seq}` : null,
        raisedDateText: describeMeetingDate({
          date: r.raised_date,
          date_not_before: r.raised_not_before,
          date_not_after: r.raised_not_after,
        }),
        raisedSortKey: meetingSortKey({
          date: r.raised_date,
          date_not_before: r.raised_not_before,
          date_not_after: r.raised_not_after,
        }),
        targetText: r.target_date
          ? `Meeting on ${longDate(r.target_date)}`
          : r.due_date
            ? `By ${longDate(r.due_date)}`
            : null,
        owners: own.map((o) => ({ id: o.person_id, name: displayName(o) })),
        ownersText: own.map((o) => o.full_name).join(' / '),
        statusLabel: actionStatusLabels[r.status],
        statusColour: actionStatusColours[r.status],
        isOpen: openActionStatuses.includes(r.status),
      }
    })
  }

  return {
    async list(partnershipId: string, filter: { status: string; owner?: string | undefined }) {
      const statuses =
        filter.status === 'all'
          ? undefined
          : filter.status === 'current'
            ? openActionStatuses
            : [filter.status as ActionStatus]
      let rows = await repo.listActions(db, partnershipId, statuses, currentViewer())
      if (filter.owner) {
        const owned = new Set((await repo.actionIdsOwnedBy(db, filter.owner)).map((r) => r.action_id))
        rows = rows.filter((r) => owned.has(r.id))
      }
      return decorate(rows)
    },

    async open(partnershipId: string, viewer: Viewer = currentViewer()) {
      return decorate(await repo.listActions(db, partnershipId, openActionStatuses, viewer))
    },

    async get(id: string) {
      const row = await repo.findAction(db, id, currentViewer())
      if (!row) throw new NotFoundError(`There is no action with id ${id}.`)
      const [action] = await decorate([row])
      const updates = (await repo.listUpdates(db, id)).map((u) => ({
        ...u,
        statusLabel: actionStatusLabels[u.status],
        dateText: longDate(u.update_date),
      }))
      return { ...action!, updates }
    },

    /** Creates an action inside the caller's transaction (used when minutes are written and when the demo loads). */
    async createIn(tx: Queryable, partnershipId: string, input: NewAction, actor: Actor) {
      if (input.ownerIds.length === 0) throw new RuleError('An action needs at least one owner', 'owners')
      if (input.dueDate && !isIsoDate(input.dueDate)) throw new RuleError('The due date must be a real date', 'dueDate')
      const id = randomUUID()
      const now = clock().toISOString()
      await repo.insertAction(tx, {
        id,
        partnership_id: partnershipId,
        ref: await repo.nextRef(tx, partnershipId),
        meeting_id: input.meetingId,
        paragraph_id: input.paragraphId,
        marker_index: input.markerIndex,
        title: input.title,
        description: input.description,
        due_date: input.dueDate ?? null,
        target_meeting_id: input.targetMeetingId ?? null,
        status: 'open',
        carried_from: input.carriedFrom ?? null,
        created_at: now,
        updated_at: now,
      })
      let position = 0
      for (const ownerId of new Set(input.ownerIds)) await repo.insertOwner(tx, id, ownerId, position++)
      const ref = (await tx.selectFrom('action').select('ref').where('id', '=', id).executeTakeFirstOrThrow()).ref
      if (!input.quiet)
        await hooks.assigned?.(tx, {
          id,
          partnership_id: partnershipId,
          ref,
          title: input.title,
          ownerIds: input.ownerIds,
          due: input.dueDate ?? null,
        })
      await recordAudit(tx, actor, clock(), {
        action: 'action.create',
        subjectType: 'action',
        subjectId: id,
        details: { fields: ['title'], owners: input.ownerIds },
      })
      return id
    },

    async addUpdate(id: string, input: ActionUpdateInput, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const before = await repo.findAction(tx, id)
        if (!before) throw new NotFoundError(`There is no action with id ${id}.`)
        const now = clock().toISOString()
        await repo.insertUpdate(tx, {
          id: randomUUID(),
          action_id: id,
          update_date: input.updateDate,
          status: input.status,
          note: input.note,
          actor: actor.name,
          created_at: now,
        })
        await repo.setStatus(tx, id, input.status, now)
        await recordAudit(tx, actor, clock(), {
          action: 'action.update',
          subjectType: 'action',
          subjectId: id,
          details: {
            before: { status: before.status },
            after: { status: input.status },
            note: input.note,
            date: input.updateDate,
          },
        })
      })
    },

    async edit(id: string, input: ActionEditInput, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const before = await repo.findAction(tx, id)
        if (!before) throw new NotFoundError(`There is no action with id ${id}.`)
        if (input.targetMeetingId) {
          const m = await tx
            .selectFrom('meeting')
            .select('partnership_id')
            .where('id', '=', input.targetMeetingId)
            .executeTakeFirst()
          if (!m || m.partnership_id !== before.partnership_id)
            throw new RuleError('Select a meeting from the list', 'targetMeetingId')
        }
        const after = {
          title: input.title,
          description: input.description,
          due_date: input.dueDate,
          target_meeting_id: input.targetMeetingId,
        }
        await tx
          .updateTable('action')
          .set({ ...after, updated_at: clock().toISOString() })
          .where('id', '=', id)
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'action.edit',
          subjectType: 'action',
          subjectId: id,
          details: {
            before: {
              title: before.title,
              description: before.description,
              due_date: before.due_date,
              target_meeting_id: before.target_meeting_id,
            },
            after,
          },
        })
      })
    },

    async findByRef(partnershipId: string, ref: number) {
      const rows = await repo.listActions(db, partnershipId)
      const row = rows.find((r) => r.ref === ref)
      if (!row) throw new NotFoundError(`There is no action ${ref}.`)
      return row.id
    },
  }
}
