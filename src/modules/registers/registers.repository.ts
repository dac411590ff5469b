import type { Insertable, Selectable, Updateable } from 'kysely'
import type { DecisionTable } from '../governance/decisions/decisions.table'
import type { Queryable } from '../../db/database'
import { EVERYONE, visibleIn, visibleSource, type Viewer } from '../access/restriction'
import type {
  RegisterEntryTable,
  RegisterEventTable,
  RegisterKind,
  RegisterLinkTarget,
  RegisterRecommendationTable,
} from './registers.table'

function entries(q: Queryable, viewer: Viewer) {
  return q
    .selectFrom('register_entry')
    .leftJoin('agency', 'agency.id', 'register_entry.lead_agency_id')
    .leftJoin('person', 'person.id', 'register_entry.owner_person_id')
    .selectAll('register_entry')
    .select(['agency.name as lead_agency', 'person.full_name as owner_name'])
    .where((eb) => visibleIn(eb, 'register_entry', viewer))
}

export function listEntries(q: Queryable, partnershipId: string, register: RegisterKind, viewer: Viewer = EVERYONE) {
  return entries(q, viewer)
    .where('register_entry.partnership_id', '=', partnershipId)
    .where('register_entry.register', '=', register)
    .orderBy('register_entry.ref')
    .execute()
}

export function findEntry(q: Queryable, id: string, viewer: Viewer = EVERYONE) {
  return entries(q, viewer).where('register_entry.id', '=', id).executeTakeFirst()
}

/**
 * An entry by its reference, among those the viewer may see: a DHR's case reference is unique
 * only among the reviews a person can see, so a refusal never tells them another exists.
 */
export function findByRef(q: Queryable, partnershipId: string, register: RegisterKind, ref: string, viewer: Viewer) {
  return q
    .selectFrom('register_entry')
    .select(['id'])
    .where('partnership_id', '=', partnershipId)
    .where('register', '=', register)
    .where('ref', '=', ref)
    .where((eb) => visibleIn(eb, 'register_entry', viewer))
    .executeTakeFirst()
}

export function insertEntry(q: Queryable, row: Insertable<RegisterEntryTable>) {
  return q.insertInto('register_entry').values(row).execute()
}

export function updateEntry(q: Queryable, id: string, changes: Updateable<RegisterEntryTable>) {
  return q.updateTable('register_entry').set(changes).where('id', '=', id).execute()
}

export function insertEvent(q: Queryable, row: Insertable<RegisterEventTable>) {
  return q.insertInto('register_event').values(row).execute()
}

export function listEvents(q: Queryable, entryIds: readonly string[]) {
  if (entryIds.length === 0) return Promise.resolve([])
  return q
    .selectFrom('register_event')
    .selectAll()
    .where('entry_id', 'in', entryIds)
    .orderBy('date')
    .orderBy('created_at')
    .execute()
}

/** The minute paragraphs an entry is linked to that the viewer may see, with their meeting. */
export function linkedParagraphs(q: Queryable, entryId: string, viewer: Viewer) {
  return q
    .selectFrom('register_link')
    .innerJoin('minute_paragraph', 'minute_paragraph.id', 'register_link.target_id')
    .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
    .innerJoin('meeting', 'meeting.id', 'agenda_item.meeting_id')
    .select([
      'minute_paragraph.id',
      'minute_paragraph.seq',
      'minute_paragraph.heading',
      'minute_paragraph.body',
      'agenda_item.number as item_number',
      'agenda_item.title as item_title',
      'meeting.id as meeting_id',
      'meeting.title as meeting_title',
      'meeting.date',
      'meeting.date_not_before',
      'meeting.date_not_after',
    ])
    .where('register_link.entry_id', '=', entryId)
    .where('register_link.target_type', '=', 'minute_paragraph')
    .where((eb) => eb.and([visibleIn(eb, 'minute_paragraph', viewer), visibleIn(eb, 'agenda_item', viewer)]))
    .execute()
}

/** The entries linked to these paragraphs, actions or decisions that the viewer may see: "in the register" from their side. */
export function entriesFor(q: Queryable, targetType: RegisterLinkTarget, targetIds: readonly string[], viewer: Viewer) {
  if (targetIds.length === 0) return Promise.resolve([])
  return q
    .selectFrom('register_link')
    .innerJoin('register_entry', 'register_entry.id', 'register_link.entry_id')
    .select([
      'register_link.target_id',
      'register_entry.id',
      'register_entry.register',
      'register_entry.ref',
      'register_entry.title',
      'register_entry.visibility',
    ])
    .where('register_link.target_type', '=', targetType)
    .where('register_link.target_id', 'in', targetIds)
    .where((eb) => visibleIn(eb, 'register_entry', viewer))
    .orderBy('register_entry.ref')
    .execute()
}

/**
 * The actions or decisions an entry is linked to (or, with no entry, every one of the partnership's)
 * that the viewer may see: those raised in a paragraph hidden from them are left out.
 */
function linkable(
  q: Queryable,
  table: 'action' | 'decision',
  scope: { entryId: string } | { partnershipId: string },
  viewer: Viewer,
) {
  // Both tables have id, ref, partnership_id and paragraph_id: aliased as src, typed as actions.
  const src = `${table} as src` as 'action as src'
  let query = q
    .selectFrom(src)
    .leftJoin('minute_paragraph', 'minute_paragraph.id', 'src.paragraph_id')
    .leftJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
    .selectAll('src')
    .where((eb) => visibleSource(eb, viewer))
  query =
    'entryId' in scope
      ? query
          .innerJoin('register_link', (j) =>
            j.onRef('register_link.target_id', '=', 'src.id').on('register_link.target_type', '=', table),
          )
          .where('register_link.entry_id', '=', scope.entryId)
      : query.where('src.partnership_id', '=', scope.partnershipId)
  return query.orderBy('src.ref').execute()
}

export const actionsFor = (q: Queryable, scope: { entryId: string } | { partnershipId: string }, viewer: Viewer) =>
  linkable(q, 'action', scope, viewer)
export const decisionsFor = async (
  q: Queryable,
  scope: { entryId: string } | { partnershipId: string },
  viewer: Viewer,
) => (await linkable(q, 'decision', scope, viewer)) as unknown as Selectable<DecisionTable>[]

/** The minute paragraphs an entry could be linked to: every one the viewer may see, by meeting. */
export function paragraphChoices(q: Queryable, partnershipId: string, viewer: Viewer) {
  return q
    .selectFrom('minute_paragraph')
    .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
    .innerJoin('meeting', 'meeting.id', 'agenda_item.meeting_id')
    .select([
      'minute_paragraph.id',
      'minute_paragraph.seq',
      'minute_paragraph.body',
      'agenda_item.number as item_number',
      'meeting.id as meeting_id',
      'meeting.date',
      'meeting.date_not_before',
      'meeting.date_not_after',
    ])
    .where('meeting.partnership_id', '=', partnershipId)
    .where('minute_paragraph.source', '=', 'written')
    .where((eb) => eb.and([visibleIn(eb, 'minute_paragraph', viewer), visibleIn(eb, 'agenda_item', viewer)]))
    .orderBy('meeting.date')
    .orderBy('agenda_item.number')
    .orderBy('minute_paragraph.seq')
    .execute()
}

/** The recommendations of these reviews, with the owning agency's name, in reference order. */
export function listRecommendations(q: Queryable, entryIds: readonly string[]) {
  if (entryIds.length === 0) return Promise.resolve([])
  return q
    .selectFrom('register_recommendation')
    .leftJoin('agency', 'agency.id', 'register_recommendation.agency_id')
    .selectAll('register_recommendation')
    .select('agency.name as agency')
    .where('register_recommendation.entry_id', 'in', entryIds)
    .orderBy('register_recommendation.entry_id')
    .orderBy('register_recommendation.created_at')
    .execute()
}

export function insertRecommendation(q: Queryable, row: Insertable<RegisterRecommendationTable>) {
  return q.insertInto('register_recommendation').values(row).execute()
}

export function updateRecommendation(q: Queryable, id: string, changes: Updateable<RegisterRecommendationTable>) {
  return q.updateTable('register_recommendation').set(changes).where('id', '=', id).execute()
}
