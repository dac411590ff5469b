import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { ConflictError, NotFoundError, RuleError } from '../../../errors'
import { recordAudit, type Actor } from '../../audit/audit.service'
import type { ActionsService } from '../actions/actions.service'
import { shortDate } from '../meetings/meeting-date'
import type { Notices } from '../../notify/notices'
import type { MeetingsService } from '../meetings/meetings.service'
import type { MinutesStatus } from '../meetings/meetings.table'
import type { PartnershipService } from '../partnership/partnership.service'
import type { ForwardPlanService } from '../forward-plan/forward-plan.service'
import { paragraphTextLines, type MinutesBlock } from './minutes-markup'
import * as repo from './minutes.repository'
import type { RegistersService } from '../../registers/registers.service'
import {
  changeAccess,
  currentViewer,
  EVERYONE,
  groupsOn,
  namedOn,
  setAccess,
  type Visibility,
} from '../../access/restriction'
import type { ItemDetailsInput, ItemInput, MinutesTransitionInput, ParagraphInput } from './minutes.schemas'
import type { AgendaItemKind } from './minutes.table'

import { minutesDocument } from './minutes-document'
import { accessOf, snapshot, syncActions } from './minutes-parts'
import { agendaDrafting } from './agenda-drafting'

/** Minutes can be changed until they are approved; from then the text is locked. */
export const editable: readonly MinutesStatus[] = ['draft', 'circulated']
const transitions: Record<MinutesStatus, readonly MinutesStatus[]> = {
  draft: ['circulated'],
  circulated: ['draft', 'approved'],
  approved: ['published'],
  published: [],
}

/** A version of the minutes as saved; ids since restriction, so a version shows each reader only what they may see now. */
export interface Snapshot {
  items: {
    id?: string
    number: number
    title: string
    kind: AgendaItemKind
    paragraphs: { id?: string; seq: number; heading: string | null; cites: string | null; body: string }[]
  }[]
}

export type DocumentBlock =
  | MinutesBlock
  | (Extract<MinutesBlock, { kind: 'action' }> & {
      action?: { id: string; ref: number; title: string; status: string; overdueText?: string | null }
    })

export type MinutesService = ReturnType<typeof minutesService>

/** The services the minutes read from: meetings, the action log, the forward plan, people, linked register entries. */
export interface MinutesDeps {
  meetings: MeetingsService
  actions: ActionsService
  forwardPlan: ForwardPlanService
  partnership: PartnershipService
  registers: Pick<RegistersService, 'entriesForParagraphs'>
  /** Emails that follow a change (draft minutes circulated for comment). */
  notices?: Pick<Notices, 'minutesCirculated'>
}

/** How the minutes change: one version written per change, refused if someone changed them first. */
export type MinutesChange = (
  meetingId: string,
  expectedVersion: number,
  actor: Actor,
  note: string,
  work: (tx: Queryable) => Promise<void>,
  opts?: { allowLocked?: boolean; status?: MinutesStatus },
) => Promise<void>

export function minutesService(db: Db, clock: () => Date, deps: MinutesDeps) {
  /**
   * Runs a change to the minutes under the optimistic lock: the version the editor loaded must
   * still be current, the minutes must not be approved, and the change, the new version's snapshot
   * and the audit record commit together or not at all.
   */
  const change: MinutesChange = async function change(
    meetingId: string,
    expectedVersion: number,
    actor: Actor,
    note: string,
    work: (tx: Queryable) => Promise<void>,
    opts: { allowLocked?: boolean; status?: MinutesStatus } = {},
  ) {
    await db.transaction().execute(async (tx) => {
      const m = await tx.selectFrom('meeting').selectAll().where('id', '=', meetingId).executeTakeFirst()
      if (!m) throw new NotFoundError(`There is no meeting with id ${meetingId}.`)
      if (!opts.allowLocked && !editable.includes(m.minutes_status)) {
        throw new RuleError(`These minutes are ${m.minutes_status} and locked: approved minutes cannot be changed.`)
      }
      if (m.minutes_version !== expectedVersion) {
        throw new ConflictError(
          `Someone else saved these minutes while you were editing (you started from version ${expectedVersion}; it is now version ${m.minutes_version}). Your text has not been saved: it is shown below so you can copy it, then reload to see their changes.`,
        )
      }
      await work(tx)
      const now = clock().toISOString()
      if (!(await repo.bumpVersion(tx, meetingId, expectedVersion, now))) {
        throw new ConflictError(
          'Someone else saved these minutes at the same moment. Your text has not been saved: reload and try again.',
        )
      }
      const status = opts.status ?? m.minutes_status
      await repo.insertVersion(tx, {
        id: randomUUID(),
        meeting_id: meetingId,
        version: expectedVersion + 1,
        status,
        snapshot: JSON.stringify(await snapshot(tx, meetingId)),
        note,
        actor: actor.name,
        created_at: now,
      })
      await recordAudit(tx, actor, clock(), {
        action: 'minutes.change',
        subjectType: 'meeting',
        subjectId: meetingId,
        details: { note, version: expectedVersion + 1 },
      })
    })
  }

  const document = minutesDocument(db, clock, deps)

  return {
    document,
    snapshot: (meetingId: string) => snapshot(db, meetingId),

    /** The minutes as plain text in the reference minutes' own layout. */
    async plainText(meetingId: string): Promise<string> {
      const doc = await document(meetingId)
      const lines: string[] = ['Attendance']
      for (const g of doc.attendance.groups) {
        if (g.people.length === 0) continue
        lines.push('Name | Agency |', '---|---|')
        for (const p of g.people) lines.push(`${p.displayName} | ${p.label} |`)
      }
      if (doc.attendance.apologies.length) {
        lines.push('Apologies')
        for (const p of doc.attendance.apologies) lines.push(`- ${p.displayName} (${p.affiliation})`)
      }
      lines.push('Item')
      for (const item of doc.items) {
        lines.push(`No ${item.number}. ${item.title}`)
        for (const p of item.paragraphs) lines.push(...p.textLines)
      }
      if (doc.futureMeetings.length) {
        lines.push('Future Meeting Dates', ...doc.futureMeetings.map((f) => f.text))
        if (doc.platformLine) lines.push(doc.platformLine)
      }
      return lines.join('\n')
    },

    async editParagraph(meetingId: string, paragraphId: string, input: ParagraphInput, actor: Actor) {
      const p = await repo.findParagraph(db, paragraphId, currentViewer())
      if (!p || p.meeting_id !== meetingId)
        throw new NotFoundError(`There is no paragraph with id ${paragraphId} in this meeting.`)
      const meeting = await deps.meetings.get(meetingId)
      await change(meetingId, input.version, actor, `Paragraph ${p.item_number}.${p.seq} edited`, async (tx) => {
        await repo.updateParagraph(tx, paragraphId, { heading: input.heading, cites: input.cites, body: input.body })
        if (!p.action_id) await syncActions(deps, tx, meeting, paragraphId, input.body, actor)
      })
    },

    async addParagraph(meetingId: string, itemId: string, input: ParagraphInput, actor: Actor) {
      const meeting = await deps.meetings.get(meetingId)
      const items = await repo.listItems(db, meetingId, currentViewer())
      const item = items.find((i) => i.id === itemId)
      if (!item) throw new NotFoundError(`There is no agenda item with id ${itemId} in this meeting.`)
      let number = ''
      let created: { title: string; ownersText: string }[] = []
      await change(meetingId, input.version, actor, `Paragraph added to item ${item.number}`, async (tx) => {
        const max = await tx
          .selectFrom('minute_paragraph')
          .select((eb) => eb.fn.max('seq').as('max'))
          .where('agenda_item_id', '=', itemId)
          .executeTakeFirst()
        const seq = Number(max?.max ?? 0) + 1
        number = `${item.number}.${seq}`
        const id = randomUUID()
        // A paragraph added to a restricted item is restricted to the same people from the start.
        const itemNamed = (await namedOn(tx, [item.id])).get(item.id) ?? []
        const itemGroups = ((await groupsOn(tx, [item.id])).get(item.id) ?? []).map((g) => g.id)
        await repo.insertParagraph(tx, {
          id,
          agenda_item_id: itemId,
          seq,
          heading: input.heading,
          cites: input.cites,
          body: input.body,
          source: 'written',
          visibility: item.visibility,
        })
        if (item.visibility === 'restricted')
          await setAccess(
            tx,
            'minute_paragraph',
            id,
            'restricted',
            itemNamed.filter((u) => u.direct).map((u) => u.id),
            clock().toISOString(),
            itemGroups,
          )
        created = await syncActions(deps, tx, meeting, id, input.body, actor)
      })
      return { number, created }
    },

    /** An item's title, lead (presenter), purpose and minutes, as one new version of the minutes. */
    async updateItem(meetingId: string, itemId: string, input: ItemDetailsInput, actor: Actor) {
      await change(meetingId, input.version, actor, `Item "${input.title}" changed`, async (tx) => {
        const item = (await repo.listItems(tx, meetingId, currentViewer())).find((i) => i.id === itemId)
        if (!item) throw new NotFoundError(`There is no agenda item with id ${itemId}.`)
        if (input.presenter) {
          const person = await tx.selectFrom('person').select('id').where('id', '=', input.presenter).executeTakeFirst()
          if (!person) throw new RuleError('Choose the lead from the list', 'presenter')
        }
        await repo.updateItem(tx, itemId, {
          title: input.title,
          presenter_person_id: input.presenter,
          purpose: input.purpose,
          minutes_allotted: input.minutes === null ? null : Number(input.minutes),
        })
      })
    },

    async addItem(meetingId: string, input: ItemInput, actor: Actor) {
      await change(meetingId, input.version, actor, `Item "${input.title}" added`, async (tx) => {
        const items = await repo.listItems(tx, meetingId)
        const standing = items.filter((i) => i.kind === 'forward_plan' || i.kind === 'any_other_business')
        const at = standing.length ? Math.min(...standing.map((i) => i.number)) : items.length + 1
        await shiftItems(tx, meetingId, at, 1)
        await repo.insertItem(tx, {
          id: randomUUID(),
          meeting_id: meetingId,
          number: at,
          title: input.title,
          kind: 'standard',
          presenter_person_id: null,
          forward_plan_item_id: null,
        })
      })
    },

    async transition(meetingId: string, input: MinutesTransitionInput, actor: Actor) {
      const meeting = await deps.meetings.get(meetingId)
      const from = meeting.minutes_status
      if (!transitions[from].includes(input.to)) {
        throw new RuleError(`Minutes that are ${from} cannot be made ${input.to}.`, 'to')
      }
      let approver: Awaited<ReturnType<MeetingsService['get']>> | undefined
      if (input.to === 'approved') {
        approver = await deps.meetings.get(input.approvedAtMeetingId!).catch(() => undefined)
        if (
          !approver ||
          approver.partnership_id !== meeting.partnership_id ||
          approver.id === meeting.id ||
          approver.sortKey < meeting.sortKey
        ) {
          throw new RuleError(
            'Select a later meeting of this partnership: minutes are approved at the next meeting.',
            'approvedAtMeetingId',
          )
        }
      }
      await change(
        meetingId,
        input.version,
        actor,
        `Minutes ${input.to}`,
        async (tx) => {
          const today = clock().toISOString().slice(0, 10)
          await tx
            .updateTable('meeting')
            .set({
              minutes_status: input.to,
              ...(input.to === 'approved'
                ? { minutes_approved_at_meeting_id: approver!.id, minutes_approved_on: approver!.date ?? today }
                : {}),
              ...(input.to === 'draft' ? { minutes_approved_at_meeting_id: null, minutes_approved_on: null } : {}),
              ...(input.to === 'published' ? { minutes_published_on: today } : {}),
            })
            .where('id', '=', meetingId)
            .execute()
          if (input.to === 'circulated') await deps.notices?.minutesCirculated(tx, meeting, input.version)
          if (approver) {
            // The approving meeting's item 1 records the approval ("Minutes of Meeting held on …").
            const first = (await repo.listItems(tx, approver.id)).find(
              (i) => i.number === 1 && i.kind === 'minutes_and_matters_arising',
            )
            if (first) await repo.updateItem(tx, first.id, { title: minutesItemTitle(meeting) })
          }
        },
        { allowLocked: true, status: input.to },
      )
    },

    async versions(meetingId: string) {
      await deps.meetings.get(meetingId)
      return repo.listVersions(db, meetingId)
    },

    async version(meetingId: string, version: number) {
      const v = await repo.findVersion(db, meetingId, version)
      if (!v) throw new NotFoundError(`Version ${version} of these minutes does not exist.`)
      const snap = JSON.parse(v.snapshot) as Snapshot
      // What the reader may see now: a version never shows a record its reader may not see.
      const viewer = currentViewer()
      const [allItems, allParas, seenItems, seenParas] = await Promise.all([
        repo.listItems(db, meetingId, EVERYONE),
        repo.listParagraphs(db, meetingId, EVERYONE),
        repo.listItems(db, meetingId, viewer),
        repo.listParagraphs(db, meetingId, viewer),
      ])
      const seenItemIds = new Set(seenItems.map((i) => i.id))
      const seenParaIds = new Set(seenParas.map((p) => p.id))
      const hiddenItemNumbers = new Set(allItems.filter((i) => !seenItemIds.has(i.id)).map((i) => i.number))
      const hiddenParaKeys = new Set(
        allParas.filter((p) => !seenParaIds.has(p.id)).map((p) => `${p.item_number}.${p.seq}`),
      )
      const knownIds = new Set([...allItems.map((i) => i.id), ...allParas.map((p) => p.id)])
      // Saved ids are checked against what the reader sees; a record since deleted shows only to
      // those who see everything; versions saved before ids were kept go by number.
      const itemShown = (i: Snapshot['items'][number]) =>
        i.id
          ? seenItemIds.has(i.id) || (viewer.kind === 'all' && !knownIds.has(i.id))
          : !hiddenItemNumbers.has(i.number)
      const paraShown = (i: Snapshot['items'][number], p: Snapshot['items'][number]['paragraphs'][number]) =>
        p.id
          ? seenParaIds.has(p.id) || (viewer.kind === 'all' && !knownIds.has(p.id))
          : !hiddenParaKeys.has(`${i.number}.${p.seq}`)
      snap.items = snap.items
        .filter(itemShown)
        .map((i) => ({ ...i, paragraphs: i.paragraphs.filter((p) => paraShown(i, p)) }))
      return {
        ...v,
        items: snap.items.map((i) => ({
          ...i,
          lines: i.paragraphs.flatMap((p) =>
            paragraphTextLines({ number: `${i.number}.${p.seq}`, heading: p.heading, cites: p.cites, body: p.body }),
          ),
        })),
      }
    },

    /**
     * Who may see an agenda item or paragraph. Restricted names the accounts that may (the person
     * restricting it is always one of them, so nobody locks themselves out); the change and its
     * before and after are audited in one transaction. A record the person cannot see is "not found".
     */
    async setVisibility(
      meetingId: string,
      subject: { type: 'agenda_item' | 'minute_paragraph'; id: string },
      input: { visibility: Visibility; userIds: readonly string[]; groupIds?: readonly string[] },
      actor: Actor,
      self?: string,
    ) {
      const viewer = currentViewer()
      const record =
        subject.type === 'agenda_item'
          ? (await repo.listItems(db, meetingId, viewer)).find((i) => i.id === subject.id)
          : await repo
              .findParagraph(db, subject.id, viewer)
              .then((p) => (p && p.meeting_id === meetingId ? p : undefined))
      if (!record)
        throw new NotFoundError(
          `There is no ${subject.type === 'agenda_item' ? 'agenda item' : 'paragraph'} with id ${subject.id} in this meeting.`,
        )
      await db
        .transaction()
        .execute((tx) =>
          changeAccess(
            tx,
            actor,
            clock(),
            { type: subject.type, id: subject.id, visibility: record.visibility },
            input,
            self,
            { meetingId },
          ),
        )
    },

    /** Records the first version of a meeting's minutes (on creation or demo load). */
    async recordInitialVersion(tx: Queryable, meetingId: string, actor: Actor, note: string) {
      const m = await tx
        .selectFrom('meeting')
        .select(['minutes_version', 'minutes_status'])
        .where('id', '=', meetingId)
        .executeTakeFirstOrThrow()
      await repo.insertVersion(tx, {
        id: randomUUID(),
        meeting_id: meetingId,
        version: m.minutes_version,
        status: m.minutes_status,
        snapshot: JSON.stringify(await snapshot(tx, meetingId)),
        note,
        actor: actor.name,
        created_at: clock().toISOString(),
      })
    },

    ...agendaDrafting({ clock, deps, change, accessOf }),
  }
}

/** "Minutes of Meeting held on 2 Oct 2024 and Matters Arising", as item 1 of the reference minutes reads. */
export function minutesItemTitle(m: {
  date: string | null
  date_not_before: string | null
  date_not_after: string | null
}): string {
  return m.date
    ? `Minutes of Meeting held on ${shortDate(m.date)} and Matters Arising`
    : 'Minutes of the previous meeting and Matters Arising'
}

/** Moves items numbered at or after `from` down by `by`, highest first so numbers stay unique. */
export async function shiftItems(tx: Queryable, meetingId: string, from: number, by: number) {
  const items = (await repo.listItems(tx, meetingId))
    .filter((i) => i.number >= from)
    .sort((a, b) => b.number - a.number)
  for (const i of items) await repo.updateItem(tx, i.id, { number: i.number + by })
}
