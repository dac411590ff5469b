import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { NotFoundError, RuleError } from '../../../errors'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { describeMeetingDate, meetingSortKey } from '../meetings/meeting-date'
import * as repo from './decisions.repository'
import { auditRestrictedViews, currentViewer, stricter, visibleIn } from '../../access/restriction'

export type DecisionsService = ReturnType<typeof decisionsService>

export function decisionsService(db: Db, clock: () => Date) {
  return {
    async list(partnershipId: string) {
      const rows = await repo.listDecisions(db, partnershipId, currentViewer())
      await auditRestrictedViews(
        db,
        clock(),
        rows.map((r) => ({
          type: 'decision',
          id: r.id,
          visibility: stricter(r.source_visibility, r.source_item_visibility),
        })),
      )
      return rows
        .map((r) => ({
          ...r,
          dateText: describeMeetingDate(r),
          sortKey: meetingSortKey(r),
          paragraphNumber:
            r.item_number != null && r.paragraph_seq != null ? `${r.item_number}.${r.paragraph_seq}` : null,
        }))
        .sort((a, b) => b.sortKey.localeCompare(a.sortKey) || a.ref - b.ref)
    },

    /** Records a decision taken in a paragraph of a meeting's minutes (draft or circulated minutes only). */
    async create(paragraphId: string, input: { topic: string; wording: string }, actor: Actor) {
      return db.transaction().execute(async (tx) => {
        const p = await tx
          .selectFrom('minute_paragraph')
          .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
          .innerJoin('meeting', 'meeting.id', 'agenda_item.meeting_id')
          .select(['meeting.id as meeting_id', 'meeting.partnership_id', 'meeting.minutes_status'])
          .where('minute_paragraph.id', '=', paragraphId)
          .where((eb) =>
            eb.and([visibleIn(eb, 'minute_paragraph', currentViewer()), visibleIn(eb, 'agenda_item', currentViewer())]),
          )
          .executeTakeFirst()
        if (!p) throw new NotFoundError(`There is no paragraph with id ${paragraphId}.`)
        if (p.minutes_status === 'approved' || p.minutes_status === 'published') {
          throw new RuleError('These minutes are approved and locked, so no decision can be added to them.')
        }
        return this.createIn(
          tx,
          p.partnership_id,
          { meetingId: p.meeting_id, paragraphId, topic: input.topic, wording: input.wording },
          actor,
        )
      })
    },

    async createIn(
      tx: Queryable,
      partnershipId: string,
      input: { meetingId: string; paragraphId: string | null; topic: string; wording: string },
      actor: Actor,
    ) {
      const id = randomUUID()
      await repo.insertDecision(tx, {
        id,
        partnership_id: partnershipId,
        ref: await repo.nextRef(tx, partnershipId),
        meeting_id: input.meetingId,
        paragraph_id: input.paragraphId,
        topic: input.topic,
        wording: input.wording,
        created_at: clock().toISOString(),
      })
      await recordAudit(tx, actor, clock(), {
        action: 'decision.create',
        subjectType: 'decision',
        subjectId: id,
        details: { fields: ['topic'] },
      })
      return id
    },
  }
}
