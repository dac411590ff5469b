// Drafting a meeting's agenda from the open actions and the forward plan.
import { randomUUID } from 'node:crypto'
import type { Queryable } from '../../../db/database'
import { RuleError } from '../../../errors'
import { type Actor } from '../../audit/audit.service'
import { type ActionsService } from '../actions/actions.service'
import type { MeetingsService } from '../meetings/meetings.service'
import type { ForwardPlanService } from '../forward-plan/forward-plan.service'
import * as repo from './minutes.repository'
import { EVERYONE, setAccess, type Named, type Visibility } from '../../access/restriction'
import type { MinutesChange } from './minutes.service'
import { minutesItemTitle, shiftItems } from './minutes.service'

/**
 * The agenda drafted from the meeting cycle: item 1, the last minutes and matters arising (the
 * actions still open), then what the forward plan schedules for this meeting.
 */
export function agendaDrafting(ctx: {
  clock: () => Date
  deps: { actions: ActionsService; forwardPlan: ForwardPlanService; meetings: MeetingsService }
  change: MinutesChange
  accessOf: (q: Queryable, paragraphId: string) => Promise<{ visibility: Visibility } & Named>
}) {
  const { clock, deps, change, accessOf } = ctx
  return {
    /**
     * Builds or refreshes a meeting's draft agenda: item 1 lists every open action under the
     * paragraph number that raised it ("1.1 2.1 …"), then the forward plan's items for this
     * meeting, then the standing items. Re-running it refreshes matters arising (done actions drop
     * out, new ones come in) and adds forward plan items not yet on the agenda; written text stays.
     */
    async generateAgenda(meetingId: string, actor: Actor) {
      const meeting = await deps.meetings.get(meetingId)
      if (meeting.status !== 'scheduled')
        throw new RuleError('An agenda can only be generated for a scheduled meeting.')
      const { previous } = await deps.meetings.neighbours(meetingId)
      const open = (await deps.actions.open(meeting.partnership_id, EVERYONE))
        .filter((a) => a.meeting_id !== meetingId && a.raisedSortKey <= meeting.sortKey)
        .sort(
          (a, b) =>
            a.raisedSortKey.localeCompare(b.raisedSortKey) ||
            (a.item_number ?? 0) - (b.item_number ?? 0) ||
            (a.paragraph_seq ?? 0) - (b.paragraph_seq ?? 0) ||
            a.marker_index - b.marker_index,
        )
      const planned = await deps.forwardPlan.dueAt(meeting)
      await change(
        meetingId,
        meeting.minutes_version,
        actor,
        'Draft agenda generated from open actions and the forward plan',
        async (tx) => {
          let items = await repo.listItems(tx, meetingId)
          let first = items.find((i) => i.number === 1)
          if (first && first.kind !== 'minutes_and_matters_arising') {
            throw new RuleError(
              'Item 1 of this agenda is not "Minutes and Matters Arising", so matters arising cannot be generated into it.',
            )
          }
          if (!first) {
            first = {
              id: randomUUID(),
              meeting_id: meetingId,
              number: 1,
              title: '',
              kind: 'minutes_and_matters_arising',
              presenter_person_id: null,
              forward_plan_item_id: null,
              visibility: 'public',
              purpose: null,
              minutes_allotted: null,
            }
            await repo.insertItem(tx, first)
          }
          await repo.updateItem(tx, first.id, {
            title: previous ? minutesItemTitle(previous) : 'Minutes of the previous meeting and Matters Arising',
          })

          // Matters arising: regenerate the generated paragraphs, keep what was written.
          const paras = (await repo.listParagraphs(tx, meetingId)).filter((p) => p.agenda_item_id === first.id)
          await repo.deleteParagraphs(
            tx,
            paras.filter((p) => p.source === 'matters_arising').map((p) => p.id),
          )
          const written = paras.filter((p) => p.source === 'written')
          for (const w of written) await repo.updateParagraph(tx, w.id, { seq: 1000 + w.seq })
          let seq = 1
          for (const a of open) {
            const where = a.paragraphNumber ?? ''
            const fromEarlier = previous && a.meeting_id !== previous.id ? ` (${a.raisedDateText})` : ''
            // Matters arising from a restricted paragraph stay as restricted as it.
            const access = a.paragraph_id
              ? await accessOf(tx, a.paragraph_id)
              : { visibility: 'public' as const, userIds: [], groupIds: [] }
            const id = randomUUID()
            await repo.insertParagraph(tx, {
              id,
              agenda_item_id: first.id,
              seq: seq++,
              heading: null,
              cites: where ? `${where}${fromEarlier}` : null,
              body: `${a.title}.\nAction - ${a.ownersText}`,
              source: 'matters_arising',
              action_id: a.id,
              visibility: access.visibility,
            })
            if (access.visibility === 'restricted')
              await setAccess(
                tx,
                'minute_paragraph',
                id,
                'restricted',
                access.userIds,
                clock().toISOString(),
                access.groupIds,
              )
          }
          for (const w of written) await repo.updateParagraph(tx, w.id, { seq: seq++ })

          // Forward plan items promised to this meeting, before the standing items.
          items = await repo.listItems(tx, meetingId)
          const onAgenda = new Set(items.map((i) => i.forward_plan_item_id).filter(Boolean))
          for (const fp of planned.filter((f) => !onAgenda.has(f.id))) {
            const standing = items.filter((i) => i.kind === 'forward_plan' || i.kind === 'any_other_business')
            const at = standing.length
              ? Math.min(...standing.map((i) => i.number))
              : Math.max(0, ...items.map((i) => i.number)) + 1
            await shiftItems(tx, meetingId, at, 1)
            // A plan item raised in a restricted paragraph comes onto the agenda as restricted as it.
            const access = fp.source_paragraph_id
              ? await accessOf(tx, fp.source_paragraph_id)
              : { visibility: 'public' as const, userIds: [], groupIds: [] }
            const itemId = randomUUID()
            await repo.insertItem(tx, {
              id: itemId,
              meeting_id: meetingId,
              number: at,
              title: fp.title,
              kind: 'standard',
              presenter_person_id: fp.lead_person_id,
              forward_plan_item_id: fp.id,
              visibility: access.visibility,
            })
            if (access.visibility === 'restricted')
              await setAccess(
                tx,
                'agenda_item',
                itemId,
                'restricted',
                access.userIds,
                clock().toISOString(),
                access.groupIds,
              )
            await deps.forwardPlan.placeOnAgendaIn(tx, fp.id, meetingId)
            items = await repo.listItems(tx, meetingId)
          }
          let next = Math.max(0, ...items.map((i) => i.number)) + 1
          if (!items.some((i) => i.kind === 'forward_plan')) {
            await repo.insertItem(tx, {
              id: randomUUID(),
              meeting_id: meetingId,
              number: next++,
              title: 'Forward Plan',
              kind: 'forward_plan',
              presenter_person_id: null,
              forward_plan_item_id: null,
            })
          }
          if (!items.some((i) => i.kind === 'any_other_business')) {
            await repo.insertItem(tx, {
              id: randomUUID(),
              meeting_id: meetingId,
              number: next++,
              title: 'Any Other Business',
              kind: 'any_other_business',
              presenter_person_id: null,
              forward_plan_item_id: null,
            })
          }
        },
      )
      return { mattersArising: open.length, forwardPlanItems: planned.length }
    },
  }
}
