import type { Queryable } from '../../../db/database'

export function findPartnership(q: Queryable, id?: string) {
  let query = q.selectFrom('partnership').selectAll()
  if (id) query = query.where('id', '=', id)
  return query.orderBy('created_at').executeTakeFirst()
}

export function listAgencies(q: Queryable, partnershipId: string) {
  return q.selectFrom('agency').selectAll().where('partnership_id', '=', partnershipId).orderBy('name').execute()
}

export function listPeople(q: Queryable, partnershipId: string) {
  return q.selectFrom('person').selectAll().where('partnership_id', '=', partnershipId).orderBy('full_name').execute()
}

export function findPerson(q: Queryable, id: string) {
  return q.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listAliases(q: Queryable, personIds: readonly string[]) {
  if (personIds.length === 0) return Promise.resolve([])
  return q.selectFrom('person_alias').selectAll().where('person_id', 'in', personIds).orderBy('alias').execute()
}

export function listAllAliasKeys(q: Queryable, partnershipId: string) {
  return q
    .selectFrom('person_alias')
    .innerJoin('person', 'person.id', 'person_alias.person_id')
    .select(['person_alias.person_id', 'person_alias.alias_key'])
    .where('person.partnership_id', '=', partnershipId)
    .execute()
}

export function listMemberships(q: Queryable, partnershipId: string) {
  return q
    .selectFrom('membership')
    .innerJoin('person', 'person.id', 'membership.person_id')
    .innerJoin('agency', 'agency.id', 'membership.agency_id')
    .select([
      'membership.id',
      'membership.person_id',
      'membership.agency_id',
      'membership.affiliation',
      'membership.role',
      'membership.start_date',
      'membership.end_date',
      'person.full_name',
      'person.honorific',
      'agency.name as agency_name',
    ])
    .where('membership.partnership_id', '=', partnershipId)
    .execute()
}
