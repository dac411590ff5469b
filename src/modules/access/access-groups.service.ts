// Named groups a restricted record can be shown to (e.g. "DHR panel"): a review named to the panel
// is not orphaned when one person leaves, since the next panel member sees it as soon as they are
// added. And an administrator's break-glass access to a restricted record: with a reason, for a
// working day, audited, and told by email to the people named on it. The record is not an
// administrator's by right: restriction holds against every role until someone asks, and says why.
import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../db/database'
import { NotFoundError, RuleError } from '../../errors'
import { counted } from '../../words'
import { recordAudit, type Actor } from '../audit/audit.service'
import type { OutboxService } from '../notify/outbox.service'
import { namedOn, groupsOn, type RestrictableTable } from './restriction'

/** How long break-glass access lasts. */
export const BREAK_GLASS_HOURS = 8

export type AccessGroupsService = ReturnType<typeof accessGroupsService>

/** A restricted record as an administrator may know of it: where it is, never what it says. */
export interface RestrictedRecord {
  type: RestrictableTable
  id: string
  /** Where it is, without its title: "DHR 2024/01", "Meeting of 13 March 2025, item 5". */
  where: string
  href: string
  named: number
  groups: string[]
  /** Until when this administrator may see it through break-glass, if they may. */
  grantedUntil: string | null
  /** They may see it anyway: named on it, or in a group named on it. */
  seesAnyway: boolean
}

export function accessGroupsService(
  db: Db,
  clock: () => Date,
  deps: { outbox: Pick<OutboxService, 'enqueueIn'>; baseUrl: string },
) {
  const findGroup = async (q: Queryable, id: string) => {
    const g = await q.selectFrom('access_group').selectAll().where('id', '=', id).executeTakeFirst()
    if (!g) throw new NotFoundError(`There is no group with id ${id}.`)
    return g
  }
  const emailsOf = async (q: Queryable, ids: readonly string[]) =>
    ids.length
      ? (await q.selectFrom('app_user').select('email').where('id', 'in', ids).orderBy('email').execute()).map(
          (u) => u.email,
        )
      : []

  /** Where each restricted record is, as links an administrator can follow once granted. */
  async function restrictedRecords(
    partnershipId: string,
  ): Promise<Omit<RestrictedRecord, 'grantedUntil' | 'seesAnyway'>[]> {
    const entries = await db
      .selectFrom('register_entry')
      .select(['id', 'ref', 'register'])
      .where('partnership_id', '=', partnershipId)
      .where('visibility', '=', 'restricted')
      .orderBy('register')
      .orderBy('ref')
      .execute()
    const items = await db
      .selectFrom('agenda_item')
      .innerJoin('meeting', 'meeting.id', 'agenda_item.meeting_id')
      .select(['agenda_item.id', 'agenda_item.number', 'meeting.id as meeting_id', 'meeting.date', 'meeting.title'])
      .where('meeting.partnership_id', '=', partnershipId)
      .where('agenda_item.visibility', '=', 'restricted')
      .orderBy('meeting.date')
      .orderBy('agenda_item.number')
      .execute()
    const paragraphs = await db
      .selectFrom('minute_paragraph')
      .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
      .innerJoin('meeting', 'meeting.id', 'agenda_item.meeting_id')
      .select([
        'minute_paragraph.id',
        'minute_paragraph.seq',
        'agenda_item.number',
        'meeting.id as meeting_id',
        'meeting.date',
        'meeting.title',
      ])
      .where('meeting.partnership_id', '=', partnershipId)
      .where('minute_paragraph.visibility', '=', 'restricted')
      .orderBy('meeting.date')
      .orderBy('agenda_item.number')
      .orderBy('minute_paragraph.seq')
      .execute()
    const registerName = (kind: string) => (kind === 'dhr' ? 'Domestic Homicide Review' : `${kind} register entry`)
    const meetingName = (m: { title: string; date: string | null }) => `${m.title}${m.date ? ` on ${m.date}` : ''}`
    const records = [
      ...entries.map((e) => ({
        type: 'register_entry' as const,
        id: e.id,
        where: `${registerName(e.register)} ${e.ref}`,
        href: `/registers/${e.register}/${e.id}`,
      })),
      ...items.map((i) => ({
        type: 'agenda_item' as const,
        id: i.id,
        where: `${meetingName(i)}: item ${i.number}`,
        href: `/meetings/${i.meeting_id}#item-${i.number}`,
      })),
      ...paragraphs.map((p) => ({
        type: 'minute_paragraph' as const,
        id: p.id,
        where: `${meetingName(p)}: paragraph ${p.number}.${p.seq}`,
        href: `/meetings/${p.meeting_id}#p-${p.number}-${p.seq}`,
      })),
    ]
    const ids = records.map((r) => r.id)
    const [named, groups] = await Promise.all([namedOn(db, ids), groupsOn(db, ids)])
    return records.map((r) => ({
      ...r,
      named: (named.get(r.id) ?? []).length,
      groups: (groups.get(r.id) ?? []).map((g) => g.name),
    }))
  }

  return {
    /** The partnership's groups with their members (active accounts first by name). */
    async list(partnershipId: string) {
      const groups = await db
        .selectFrom('access_group')
        .selectAll()
        .where('partnership_id', '=', partnershipId)
        .orderBy('name')
        .execute()
      const members = groups.length
        ? await db
            .selectFrom('access_group_member')
            .innerJoin('app_user', 'app_user.id', 'access_group_member.user_id')
            .select([
              'access_group_member.group_id',
              'app_user.id',
              'app_user.name',
              'app_user.email',
              'app_user.disabled',
            ])
            .where(
              'access_group_member.group_id',
              'in',
              groups.map((g) => g.id),
            )
            .orderBy('app_user.name')
            .execute()
        : []
      const uses = groups.length
        ? await db
            .selectFrom('record_group_access')
            .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
            .where(
              'group_id',
              'in',
              groups.map((g) => g.id),
            )
            .groupBy('group_id')
            .execute()
        : []
      return groups.map((g) => ({
        ...g,
        members: members.filter((m) => m.group_id === g.id),
        records: Number(uses.find((u) => u.group_id === g.id)?.n ?? 0),
      }))
    },

    /** Groups as checkbox choices for "groups who may see it", with their members as the hint. */
    async choices(partnershipId: string) {
      return (await this.list(partnershipId)).map((g) => ({
        value: g.id,
        text: g.name,
        hint: {
          text: g.members.length
            ? `${g.members.map((m) => m.name).join(', ')}${g.purpose ? `. ${g.purpose}` : ''}`
            : 'No members yet',
        },
      }))
    },

    async create(partnershipId: string, input: { name: string; purpose: string }, actor: Actor) {
      const name = input.name.trim()
      if (!name) throw new RuleError('Enter the group’s name, like DHR panel', 'name')
      if (name.length > 80) throw new RuleError('The name must be 80 characters or fewer', 'name')
      const id = randomUUID()
      await db.transaction().execute(async (tx) => {
        const same = await tx
          .selectFrom('access_group')
          .select('id')
          .where('partnership_id', '=', partnershipId)
          .where('name', '=', name)
          .executeTakeFirst()
        if (same) throw new RuleError(`There is already a group called ${name}. Choose another name.`, 'name')
        await tx
          .insertInto('access_group')
          .values({
            id,
            partnership_id: partnershipId,
            name,
            purpose: input.purpose.trim(),
            created_at: clock().toISOString(),
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'group.create',
          subjectType: 'access_group',
          subjectId: id,
          details: { name, purpose: input.purpose.trim() },
        })
      })
      return id
    },

    /** Sets a group's members exactly, audited with who was added and who removed. */
    async setMembers(groupId: string, userIds: readonly string[], actor: Actor) {
      return db.transaction().execute(async (tx) => {
        const g = await findGroup(tx, groupId)
        const wanted = [...new Set(userIds)]
        const known = wanted.length
          ? await tx
              .selectFrom('app_user')
              .select('id')
              .where('id', 'in', wanted)
              .where('partnership_id', '=', g.partnership_id)
              .execute()
          : []
        if (known.length !== wanted.length) throw new RuleError('Choose members from the list of accounts.', 'users')
        const before = (
          await tx.selectFrom('access_group_member').select('user_id').where('group_id', '=', groupId).execute()
        ).map((m) => m.user_id)
        const added = wanted.filter((u) => !before.includes(u))
        const removed = before.filter((u) => !wanted.includes(u))
        if (!added.length && !removed.length) return { added: 0, removed: 0 }
        if (removed.length)
          await tx
            .deleteFrom('access_group_member')
            .where('group_id', '=', groupId)
            .where('user_id', 'in', removed)
            .execute()
        for (const u of added)
          await tx
            .insertInto('access_group_member')
            .values({ group_id: groupId, user_id: u, added_at: clock().toISOString() })
            .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'group.members',
          subjectType: 'access_group',
          subjectId: groupId,
          details: { group: g.name, added: await emailsOf(tx, added), removed: await emailsOf(tx, removed) },
        })
        return { added: added.length, removed: removed.length }
      })
    },

    /** Removes a group no record names (one that does would leave those records to fewer people). */
    async remove(groupId: string, actor: Actor) {
      return db.transaction().execute(async (tx) => {
        const g = await findGroup(tx, groupId)
        const uses = await tx
          .selectFrom('record_group_access')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('group_id', '=', groupId)
          .executeTakeFirstOrThrow()
        if (Number(uses.n) > 0)
          throw new RuleError(
            `${g.name} is named on ${counted(Number(uses.n), 'restricted record').replace(/^1 /, 'a ')}: ` +
              `change who can see ${Number(uses.n) === 1 ? 'it' : 'them'} first, ` +
              'or change the group’s members instead.',
            'group',
          )
        await tx.deleteFrom('access_group').where('id', '=', groupId).execute()
        await recordAudit(tx, actor, clock(), {
          action: 'group.remove',
          subjectType: 'access_group',
          subjectId: groupId,
          details: { name: g.name },
        })
        return g.name
      })
    },

    /** Every restricted record, by where it is, and whether this administrator may see it now. */
    async restricted(partnershipId: string, userId: string): Promise<RestrictedRecord[]> {
      const records = await restrictedRecords(partnershipId)
      const ids = records.map((r) => r.id)
      const now = clock().toISOString()
      const [grants, named] = await Promise.all([
        ids.length
          ? db
              .selectFrom('break_glass')
              .select(['subject_id', 'expires_at'])
              .where('user_id', '=', userId)
              .where('expires_at', '>', now)
              .where('subject_id', 'in', ids)
              .execute()
          : [],
        namedOn(db, ids),
      ])
      return records.map((r) => ({
        ...r,
        grantedUntil:
          grants
            .filter((g) => g.subject_id === r.id)
            .map((g) => g.expires_at)
            .sort()
            .at(-1) ?? null,
        seesAnyway: (named.get(r.id) ?? []).some((u) => u.id === userId),
      }))
    },

    /**
     * Break-glass: an administrator opens a restricted record they are not named on, for a reason,
     * for BREAK_GLASS_HOURS. Audited with the reason; each active person named on the record is
     * emailed who opened it, when and why (the email names the record by where it is, not what it says).
     */
    async breakGlass(
      partnershipId: string,
      subject: { type: RestrictableTable; id: string },
      reason: string,
      user: { id: string; name: string; email: string },
      actor: Actor,
    ) {
      const why = reason.trim()
      if (why.length < 10)
        throw new RuleError(
          'Say why you need to see it, in a sentence: the people named on it are told, and the audit trail keeps it.',
          'reason',
        )
      const record = (await restrictedRecords(partnershipId)).find(
        (r) => r.id === subject.id && r.type === subject.type,
      )
      if (!record) throw new NotFoundError(`There is no restricted record with id ${subject.id}.`)
      const at = clock()
      const until = new Date(at.getTime() + BREAK_GLASS_HOURS * 3600_000).toISOString()
      const id = randomUUID()
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('break_glass')
          .values({
            id,
            subject_type: subject.type,
            subject_id: subject.id,
            user_id: user.id,
            reason: why,
            granted_at: at.toISOString(),
            expires_at: until,
          })
          .execute()
        await recordAudit(tx, actor, at, {
          action: 'restricted.break-glass',
          subjectType: subject.type,
          subjectId: subject.id,
          details: { reason: why, until, where: record.where },
        })
        const people = ((await namedOn(tx, [subject.id])).get(subject.id) ?? []).filter(
          (u) => u.active && u.id !== user.id,
        )
        for (const p of people)
          await deps.outbox.enqueueIn(tx, {
            partnershipId,
            kind: 'restricted.break-glass',
            dedupeKey: `restricted.break-glass:${id}:${p.id}`,
            to: p.email,
            toUserId: p.id,
            subject: `An administrator has opened a restricted record you are named on`,
            body: [
              `${p.name},`,
              '',
              `${user.name} (${user.email}), an administrator, used break-glass access at ` +
                `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
              `to open a restricted record you are named on: ${record.where}.`,
              `Their access ends at ${until.slice(0, 16).replace('T', ' ')} UTC.`,
              '',
              `The reason they gave: ${why}`,
              '',
              `The record: ${deps.baseUrl}${record.href}`,
              'If this was not expected, tell your partnership’s coordinator: the audit trail keeps every view.',
            ].join('\n'),
          })
      })
      return { href: record.href, until, where: record.where }
    },
  }
}
