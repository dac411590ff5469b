// A version of the minutes as saved, who may see a paragraph, and the action log kept in step with the paragraphs.
import type { Queryable } from '../../../db/database'
import type { PartnershipService } from '../partnership/partnership.service'
import { RuleError } from '../../../errors'
import { type Actor } from '../../audit/audit.service'
import type { ActionsService } from '../actions/actions.service'
import { actionTitle, parseMinutesMarkup, type MinutesBlock } from './minutes-markup'
import * as repo from './minutes.repository'
import { EVERYONE, groupsOn, namedOn, stricter, type Named, type Visibility } from '../../access/restriction'
import type { Snapshot } from './minutes.service'

export async function snapshot(q: Queryable, meetingId: string): Promise<Snapshot> {
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
export async function accessOf(q: Queryable, paragraphId: string): Promise<{ visibility: Visibility } & Named> {
  const none = { userIds: [], groupIds: [] }
  const p = await repo.findParagraph(q, paragraphId, EVERYONE)
  if (!p) return { visibility: 'public', ...none }
  const visibility = stricter(p.visibility, p.item_visibility)
  if (visibility !== 'restricted') return { visibility, ...none }
  const [named, groups] = await Promise.all([
    namedOn(q, [p.id, p.agenda_item_id]),
    groupsOn(q, [p.id, p.agenda_item_id]),
  ])
  const on = (id: string) => ({
    people: named.get(id) ?? [],
    groupIds: (groups.get(id) ?? []).map((g) => g.id),
  })
  const onParagraph = on(p.id)
  const onItem = on(p.agenda_item_id)
  if (p.visibility === 'restricted' && p.item_visibility === 'restricted') {
    // Both restricted: only who may see both, so a group named on both, or a person either way.
    const groupIds = onParagraph.groupIds.filter((g) => onItem.groupIds.includes(g))
    const userIds = onParagraph.people
      .filter((u) => onItem.people.some((v) => v.id === u.id))
      .filter((u) => !u.via.some((g) => onItem.people.find((v) => v.id === u.id)!.via.includes(g)))
      .map((u) => u.id)
    return { visibility, userIds, groupIds }
  }
  const one = p.visibility === 'restricted' ? onParagraph : onItem
  return { visibility, userIds: one.people.filter((u) => u.direct).map((u) => u.id), groupIds: one.groupIds }
}

/** Keeps the action log in step with the "Action - …" lines of a paragraph; returns the actions it created. */
export async function syncActions(
  deps: { actions: ActionsService; partnership: PartnershipService },
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
