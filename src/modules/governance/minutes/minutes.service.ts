import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { ConflictError, NotFoundError, RuleError } from '../../../errors'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { overdue, type ActionsService } from '../actions/actions.service'
import { clockTime, ordinalDate, shortDate } from '../meetings/meeting-date'
import type { MeetingsService } from '../meetings/meetings.service'
import type { MinutesStatus } from '../meetings/meetings.table'
import type { PartnershipService } from '../partnership/partnership.service'
import type { ForwardPlanService } from '../forward-plan/forward-plan.service'
import { actionTitle, paragraphTextLines, parseMinutesMarkup, type MinutesBlock } from './minutes-markup'
import * as repo from './minutes.repository'
import type { RegistersService } from '../../registers/registers.service'
import {
  auditRestrictedViews,
  changeAccess,
  currentViewer,
  EVERYONE,
  namedOn,
  setAccess,
  stricter,
  type Visibility,
} from '../../access/restriction'
import type { ItemInput, MinutesTransitionInput, ParagraphInput } from './minutes.schemas'
import type { AgendaItemKind } from './minutes.table'

/** Minutes can be changed until they are approved; from then the text is locked. */
const editable: readonly MinutesStatus[] = ['draft', 'circulated']
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

export function minutesService(
  db: Db,
  clock: () => Date,
  deps: {
    meetings: MeetingsService
    actions: ActionsService
    forwardPlan: ForwardPlanService
    partnership: PartnershipService
    registers: Pick<RegistersService, 'entriesForParagraphs'>
  },
) {
  async function snapshot(q: Queryable, meetingId: string): Promise<Snapshot> {
    const [items, paragraphs] = await Promise.all([
      repo.listItems(q, meetingId, EVERYONE),
      repo.listParagraphs(q, meetingId, EVERYONE),
    ])
    return {
      items: items.map((i) => ({
        id: i.id,
        number: i.number,
        title: i.title,
        kind: i.kind,
        paragraphs: paragraphs
          .filter((p) => p.agenda_item_id === i.id)
          .map((p) => ({ id: p.id, seq: p.seq, heading: p.heading, cites: p.cites, body: p.body })),
      })),
    }
  }

  /**
   * Who may see a paragraph, as a record raised from it should be seen: the stricter of the
   * paragraph and its item, and when both are restricted only the people named on both.
   */
  async function accessOf(q: Queryable, paragraphId: string): Promise<{ visibility: Visibility; userIds: string[] }> {
    const p = await repo.findParagraph(q, paragraphId, EVERYONE)
    if (!p) return { visibility: 'public', userIds: [] }
    const named = await namedOn(q, [p.id, p.agenda_item_id])
    const onParagraph = (named.get(p.id) ?? []).map((u) => u.id)
    const onItem = (named.get(p.agenda_item_id) ?? []).map((u) => u.id)
    const visibility = stricter(p.visibility, p.item_visibility)
    if (visibility !== 'restricted') return { visibility, userIds: [] }
    const userIds =
      p.visibility === 'restricted' && p.item_visibility === 'restricted'
        ? onParagraph.filter((u) => onItem.includes(u))
        : p.visibility === 'restricted'
          ? onParagraph
          : onItem
    return { visibility, userIds }
  }

  /**
   * Runs a change to the minutes under the optimistic lock: the version the editor loaded must
   * still be current, the minutes must not be approved, and the change, the new version's snapshot
   * and the audit record commit together or not at all.
   */
  async function change(
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

  /** Keeps the action log in step with the "Action - …" lines of a paragraph; returns the actions it created. */
  async function syncActions(
    tx: Queryable,
    meeting: { id: string; partnership_id: string },
    paragraphId: string,
    body: string,
    actor: Actor,
  ): Promise<{ title: string; ownersText: string }[]> {
    const created: { title: string; ownersText: string }[] = []
    const { blocks } = parseMinutesMarkup(body)
    const markers = blocks.filter((b): b is Extract<MinutesBlock, { kind: 'action' }> => b.kind === 'action')
    const existing = await tx
      .selectFrom('action')
      .select(['id', 'marker_index'])
      .where('paragraph_id', '=', paragraphId)
      .orderBy('marker_index')
      .execute()
    if (markers.length < existing.length) {
      throw new RuleError(
        `This paragraph has ${existing.length} action${existing.length === 1 ? '' : 's'} in the action log; keep ${existing.length === 1 ? 'its' : 'all'} "Action -" line${existing.length === 1 ? '' : 's'}. To stop an action, mark it dropped in the action log.`,
        'body',
      )
    }
    for (const marker of markers) {
      const ownerIds: string[] = []
      for (const name of marker.owners) {
        const person = await deps.partnership.resolveName(meeting.partnership_id, name, tx)
        if (!person)
          throw new RuleError(
            `"${name}" in "Action - ${marker.ownersText}" is not a person in this partnership. Add them on the People page, or write their name as it is listed there.`,
            'body',
          )
        ownerIds.push(person.id)
      }
      const current = existing.find((e) => e.marker_index === marker.index)
      if (current) {
        await tx.deleteFrom('action_owner').where('action_id', '=', current.id).execute()
        let position = 0
        for (const id of new Set(ownerIds))
          await tx
            .insertInto('action_owner')
            .values({ action_id: current.id, person_id: id, position: position++ })
            .execute()
      } else {
        const title = actionTitle(blocks, marker)
        const description = blocks
          .filter((b): b is Extract<MinutesBlock, { kind: 'text' }> => b.kind === 'text')
          .map((b) => b.text)
          .join('\n')
        await deps.actions.createIn(
          tx,
          meeting.partnership_id,
          {
            meetingId: meeting.id,
            paragraphId,
            markerIndex: marker.index,
            title,
            description: description || title,
            ownerIds,
          },
          actor,
        )
        created.push({ title, ownersText: marker.ownersText })
      }
    }
    return created
  }

  async function document(meetingId: string) {
    const meeting = await deps.meetings.get(meetingId)
    const viewer = currentViewer()
    const [items, paragraphs, actions, attendance, all, people] = await Promise.all([
      repo.listItems(db, meetingId, viewer),
      repo.listParagraphs(db, meetingId, viewer),
      repo.actionsForMeetingParagraphs(db, meetingId, viewer),
      deps.meetings.attendance(meetingId),
      deps.meetings.list(meeting.partnership_id),
      deps.partnership.people(meeting.partnership_id),
    ])
    const generatedActionIds = paragraphs.map((p) => p.action_id).filter((x): x is string => !!x)
    const generatedActions = generatedActionIds.length
      ? await db
          .selectFrom('action')
          .leftJoin('meeting as target', 'target.id', 'action.target_meeting_id')
          .select([
            'action.id',
            'action.ref',
            'action.title',
            'action.status',
            'action.paragraph_id',
            'action.marker_index',
            'action.meeting_id',
            'action.due_date',
            'target.date as target_date',
            'target.status as target_status',
          ])
          .where('action.id', 'in', generatedActionIds)
          .execute()
      : []
    const today = clock().toISOString().slice(0, 10)
    // Matters arising say when the action they carry is overdue.
    const lateById = new Map(generatedActions.map((a) => [a.id, overdue(a, today)] as const))
    const future = all.filter((m) => m.status === 'scheduled' && m.date && m.sortKey > meeting.sortKey)
    const platforms = new Set(future.map((m) => (m.venue ? `venue:${m.venue}` : `online:${m.online_platform ?? ''}`)))
    const onlyPlatform = platforms.size === 1 && future[0] && !future[0].venue ? future[0].online_platform : null
    const approvedAt = meeting.minutes_approved_at_meeting_id
      ? all.find((m) => m.id === meeting.minutes_approved_at_meeting_id)
      : undefined
    const restrictedIds = [
      ...items.filter((i) => i.visibility === 'restricted').map((i) => i.id),
      ...paragraphs.filter((p) => p.visibility === 'restricted').map((p) => p.id),
    ]
    const named = await namedOn(db, restrictedIds)
    // The register entries each paragraph discusses, those the reader may see.
    const entries = await deps.registers.entriesForParagraphs(paragraphs.map((p) => p.id))
    await auditRestrictedViews(db, clock(), [
      ...items.map((i) => ({ type: 'agenda_item', id: i.id, visibility: i.visibility })),
      ...paragraphs.map((p) => ({ type: 'minute_paragraph', id: p.id, visibility: p.visibility })),
    ])
    return {
      meeting,
      attendance,
      approvedAt,
      editable: editable.includes(meeting.minutes_status),
      items: items.map((item) => ({
        ...item,
        named: named.get(item.id) ?? [],
        presenterName: item.presenter_person_id
          ? (people.find((p) => p.id === item.presenter_person_id)?.displayName ?? null)
          : null,
        paragraphs: paragraphs
          .filter((p) => p.agenda_item_id === item.id)
          .map((p) => {
            const number = `${item.number}.${p.seq}`
            const blocks: DocumentBlock[] = parseMinutesMarkup(p.body).blocks.map((b) => {
              if (b.kind !== 'action') return b
              const action = p.action_id
                ? generatedActions.find((a) => a.id === p.action_id)
                : actions.find((a) => a.paragraph_id === p.id && a.marker_index === b.index)
              return action
                ? {
                    ...b,
                    action: {
                      id: action.id,
                      ref: action.ref,
                      title: action.title,
                      status: action.status,
                      overdueText: lateById.get(action.id) ?? null,
                    },
                  }
                : b
            })
            // A matter arising carries text from the meeting that raised it: its "see 2.1" means that meeting's 2.1.
            const source = p.action_id ? generatedActions.find((a) => a.id === p.action_id) : undefined
            const refBase = source && source.meeting_id !== meetingId ? `/meetings/${source.meeting_id}` : ''
            return {
              ...p,
              refBase,
              named: named.get(p.id) ?? [],
              registerEntries: entries.filter((e) => e.paragraph_id === p.id),
              effectiveVisibility: stricter(p.visibility, item.visibility),
              number,
              anchor: `p-${item.number}-${p.seq}`,
              blocks,
              textLines: paragraphTextLines({ number, heading: p.heading, cites: p.cites, body: p.body }),
            }
          }),
      })),
      futureMeetings: future.map((m) => ({
        id: m.id,
        date: m.date!,
        text: `${ordinalDate(m.date!)}${m.start_time ? ` at ${clockTime(m.start_time)}` : ''}`,
      })),
      platformLine: onlyPlatform ? `All meetings will take place via ${onlyPlatform}` : null,
    }
  }

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
        if (!p.action_id) await syncActions(tx, meeting, paragraphId, input.body, actor)
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
        const itemNamed =
          item.visibility === 'restricted' ? ((await namedOn(tx, [item.id])).get(item.id) ?? []).map((u) => u.id) : []
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
          await setAccess(tx, 'minute_paragraph', id, 'restricted', itemNamed, clock().toISOString())
        created = await syncActions(tx, meeting, id, input.body, actor)
      })
      return { number, created }
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
      input: { visibility: Visibility; userIds: readonly string[] },
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
              : { visibility: 'public' as const, userIds: [] }
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
              await setAccess(tx, 'minute_paragraph', id, 'restricted', access.userIds, clock().toISOString())
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
              : { visibility: 'public' as const, userIds: [] }
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
              await setAccess(tx, 'agenda_item', itemId, 'restricted', access.userIds, clock().toISOString())
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
async function shiftItems(tx: Queryable, meetingId: string, from: number, by: number) {
  const items = (await repo.listItems(tx, meetingId))
    .filter((i) => i.number >= from)
    .sort((a, b) => b.number - a.number)
  for (const i of items) await repo.updateItem(tx, i.id, { number: i.number + by })
}
