import type { Db, Queryable } from '../../../db/database'
import { NotFoundError } from '../../../errors'
import { nameKey } from './person-name'
import * as repo from './partnership.repository'
import type { MembershipRole, PersonTable } from './partnership.table'

export const roleLabels: Record<MembershipRole, string> = {
  chair: 'Chair',
  core_member: 'Core member',
  partner_attending: 'Partner attending',
  officer_support: 'Officer / support',
}

export function displayName(p: Pick<PersonTable, 'honorific' | 'full_name'>): string {
  return p.honorific ? `${p.honorific} ${p.full_name}` : p.full_name
}

export type PartnershipService = ReturnType<typeof partnershipService>

export function partnershipService(db: Db) {
  return {
    async current() {
      const p = await repo.findPartnership(db)
      if (!p) throw new NotFoundError('No partnership is set up yet. Run `npx csp demo load` to load the demo partnership.')
      return p
    },

    async agencies(partnershipId: string) {
      return repo.listAgencies(db, partnershipId)
    },

    async people(partnershipId: string) {
      const [people, memberships] = await Promise.all([repo.listPeople(db, partnershipId), repo.listMemberships(db, partnershipId)])
      const aliases = await repo.listAliases(db, people.map((p) => p.id))
      return people.map((p) => ({
        ...p,
        displayName: displayName(p),
        aliases: aliases.filter((a) => a.person_id === p.id).map((a) => a.alias),
        memberships: memberships.filter((m) => m.person_id === p.id).map((m) => ({ ...m, roleLabel: roleLabels[m.role] })),
      }))
    },

    async person(id: string) {
      const p = await repo.findPerson(db, id)
      if (!p) throw new NotFoundError(`There is no person with id ${id}.`)
      const [aliases, memberships] = await Promise.all([repo.listAliases(db, [id]), repo.listMemberships(db, p.partnership_id)])
      return {
        ...p,
        displayName: displayName(p),
        aliases: aliases.map((a) => a.alias),
        memberships: memberships.filter((m) => m.person_id === id).map((m) => ({ ...m, roleLabel: roleLabels[m.role] })),
      }
    },

    /**
     * Resolves a name as the minutes write it ("Di Evans", "John Newcome", "Cllr Gill Taylor") to
     * the one person it means: full names first, then recorded aliases. Ambiguity is an error, not a guess.
     */
    async resolveName(partnershipId: string, written: string, q: Queryable = db) {
      const key = nameKey(written)
      const people = await repo.listPeople(q, partnershipId)
      const direct = people.filter((p) => nameKey(p.full_name) === key)
      if (direct.length === 1) return direct[0]!
      const aliasHits = (await repo.listAllAliasKeys(q, partnershipId)).filter((a) => a.alias_key === key)
      const ids = [...new Set(aliasHits.map((a) => a.person_id))]
      if (direct.length === 0 && ids.length === 1) return people.find((p) => p.id === ids[0])!
      if (direct.length > 1 || ids.length > 1) {
        throw new AmbiguousNameError(written, [...direct.map((p) => p.full_name), ...people.filter((p) => ids.includes(p.id)).map((p) => p.full_name)])
      }
      return undefined
    },
  }
}

export class AmbiguousNameError extends Error {
  constructor(written: string, candidates: string[]) {
    super(`"${written}" could mean ${candidates.join(' or ')}. Write the full name.`)
  }
}
