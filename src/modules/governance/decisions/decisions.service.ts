import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { describeMeetingDate, meetingSortKey } from '../meetings/meeting-date'
import * as repo from './decisions.repository'

export type DecisionsService = ReturnType<typeof decisionsService>

export function decisionsService(db: Db, clock: () => Date) {
  return {
    async list(partnershipId: string) {
      const rows = await repo.listDecisions(db, partnershipId)
      return rows
        .map((r) => ({
          ...r,
          dateText: describeMeetingDate(r),
          sortKey: meetingSortKey(r),
          paragraphNumber: r.item_number != null && r.paragraph_seq != null ? `${r.item_number}.${r.paragraph_seq}` : null,
        }))
        .sort((a, b) => b.sortKey.localeCompare(a.sortKey) || a.ref - b.ref)
    },

    async createIn(tx: Queryable, partnershipId: string, input: { meetingId: string; paragraphId: string | null; topic: string; wording: string }, actor: Actor) {
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
      await recordAudit(tx, actor, clock(), { action: 'decision.create', subjectType: 'decision', subjectId: id, details: { topic: input.topic } })
      return id
    },
  }
}
