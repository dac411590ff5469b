// Links between register entries and minute paragraphs, actions and decisions.
import type { Queryable } from '../../db/database'
import { RuleError } from '../../errors'
import { recordAudit, type Actor } from '../audit/audit.service'
import { currentViewer, visibleIn } from '../access/restriction'
import { describeMeetingDate } from '../governance/meetings/meeting-date'
import * as repo from './registers.repository'
import type { RegisterLinkTarget } from './registers.table'
import type { RegisterContext } from './register-context'

export function registerLinks(ctx: RegisterContext) {
  const { visibleEntry, inTx, db, clock } = ctx
  return {
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
