import { monthText } from '../meetings/meeting-date'
import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { NotFoundError, RuleError } from '../../../errors'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { longDate } from '../meetings/meeting-date'
import type { ForwardPlanInput } from './forward-plan.schemas'
import * as repo from './forward-plan.repository'
import { currentViewer, EVERYONE, type Viewer } from '../../access/restriction'
import type { ForwardPlanStatus } from './forward-plan.table'

export const forwardPlanStatusLabels: Record<ForwardPlanStatus, string> = {
  planned: 'Planned',
  on_agenda: 'On an agenda',
  done: 'Done',
  withdrawn: 'Withdrawn',
}

export type ForwardPlanService = ReturnType<typeof forwardPlanService>

export function forwardPlanService(db: Db, clock: () => Date) {
  async function list(partnershipId: string, viewer: Viewer = currentViewer()) {
    const rows = await repo.listItems(db, partnershipId, viewer)
    return rows.map((r) => ({
      ...r,
      statusLabel: forwardPlanStatusLabels[r.status],
      whenText: r.target_date ? longDate(r.target_date) : r.target_month ? monthText(r.target_month) : 'Not yet set',
      sourceNumber:
        r.source_item_number != null && r.source_paragraph_seq != null
          ? `${r.source_item_number}.${r.source_paragraph_seq}`
          : null,
    }))
  }

  return {
    list,

    /** Items promised to this meeting: named for it, or for its month with no meeting named. */
    async dueAt(meeting: { id: string; partnership_id: string; date: string | null }) {
      const month = meeting.date?.slice(0, 7)
      return (await list(meeting.partnership_id, EVERYONE)).filter(
        (i) =>
          (i.status === 'planned' || i.status === 'on_agenda') &&
          (i.target_meeting_id === meeting.id ||
            (!i.target_meeting_id && month !== undefined && i.target_month === month)),
      )
    },

    async create(partnershipId: string, input: ForwardPlanInput, actor: Actor) {
      return db
        .transaction()
        .execute((tx) => this.createIn(tx, partnershipId, { ...input, sourceParagraphId: null }, actor))
    },

    async createIn(
      tx: Queryable,
      partnershipId: string,
      input: ForwardPlanInput & { sourceParagraphId: string | null },
      actor: Actor,
    ) {
      if (input.targetMeetingId) {
        const m = await tx
          .selectFrom('meeting')
          .select(['id', 'partnership_id'])
          .where('id', '=', input.targetMeetingId)
          .executeTakeFirst()
        if (!m || m.partnership_id !== partnershipId)
          throw new RuleError('Select a meeting from the list', 'targetMeetingId')
      }
      const id = randomUUID()
      const now = clock().toISOString()
      await repo.insertItem(tx, {
        id,
        partnership_id: partnershipId,
        title: input.title,
        description: input.description,
        lead_person_id: input.leadPersonId,
        source_paragraph_id: input.sourceParagraphId,
        target_meeting_id: input.targetMeetingId,
        target_month: input.targetMonth,
        target_note: input.targetNote,
        report_template: input.reportTemplate ?? null,
        report_period: input.reportTemplate ? (input.reportPeriod ?? null) : null,
        status: 'planned',
        created_at: now,
        updated_at: now,
      })
      await recordAudit(tx, actor, clock(), {
        action: 'forward_plan.create',
        subjectType: 'forward_plan_item',
        subjectId: id,
        details: { fields: ['title'] },
      })
      return id
    },

    async setStatus(id: string, status: ForwardPlanStatus, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const before = await repo.findItem(tx, id)
        if (!before) throw new NotFoundError(`There is no forward plan item with id ${id}.`)
        await repo.updateItem(tx, id, { status, updated_at: clock().toISOString() })
        await recordAudit(tx, actor, clock(), {
          action: 'forward_plan.status',
          subjectType: 'forward_plan_item',
          subjectId: id,
          details: { before: before.status, after: status },
        })
      })
    },

    /** Marks an item as placed on a meeting's agenda (inside the agenda's transaction). */
    async placeOnAgendaIn(tx: Queryable, id: string, meetingId: string) {
      await repo.updateItem(tx, id, {
        status: 'on_agenda',
        target_meeting_id: meetingId,
        updated_at: clock().toISOString(),
      })
    },
  }
}
