import { dataChanged } from '../../performance/data-version'
import { randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { NotFoundError, RuleError } from '../../../errors'
import { recordAudit, type Actor } from '../../audit/audit.service'
import type { AgencyInput, AliasInput, MembershipInput, PersonInput, SettingsInput } from './partnership.schemas'
import { nameKey } from './person-name'
import * as repo from './partnership.repository'
import {
  createPartnership,
  planPartnership,
  type FirstAdministrator,
  type PartnershipRequest,
} from './partnership-setup'
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

export function partnershipService(db: Db, clock: () => Date = () => new Date()) {
  async function agencyOf(q: Queryable, partnershipId: string, agencyId: string) {
    const a = await q.selectFrom('agency').selectAll().where('id', '=', agencyId).executeTakeFirst()
    if (!a || a.partnership_id !== partnershipId) throw new RuleError('Select an agency from the list', 'agencyId')
    return a
  }

  /** No two people may answer to one written name: the minutes could not say who owns an action. */
  async function assertNameFree(
    q: Queryable,
    partnershipId: string,
    name: string,
    field: string,
    exceptPersonId?: string,
  ) {
    const key = nameKey(name)
    const people = (await repo.listPeople(q, partnershipId)).filter(
      (p) => p.id !== exceptPersonId && nameKey(p.full_name) === key,
    )
    const aliases = (await repo.listAllAliasKeys(q, partnershipId)).filter(
      (a) => a.person_id !== exceptPersonId && a.alias_key === key,
    )
    if (people.length || aliases.length) {
      const other = people[0]?.full_name ?? (await repo.findPerson(q, aliases[0]!.person_id))?.full_name
      throw new RuleError(
        `"${name}" already means ${other}. Use a name that tells them apart, like the full name.`,
        field,
      )
    }
  }

  return {
    async addPerson(partnershipId: string, input: PersonInput, actor: Actor) {
      return db.transaction().execute(async (tx) => {
        const agency = await agencyOf(tx, partnershipId, input.agencyId)
        await assertNameFree(tx, partnershipId, input.fullName, 'fullName')
        const id = randomUUID()
        const now = clock().toISOString()
        await tx
          .insertInto('person')
          .values({
            id,
            partnership_id: partnershipId,
            honorific: input.honorific,
            full_name: input.fullName,
            email: input.email,
            created_at: now,
          })
          .execute()
        await tx
          .insertInto('membership')
          .values({
            id: randomUUID(),
            partnership_id: partnershipId,
            person_id: id,
            agency_id: agency.id,
            affiliation: input.affiliation ?? agency.name,
            role: input.role,
            start_date: input.startDate,
            end_date: null,
            created_at: now,
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'person.create',
          subjectType: 'person',
          subjectId: id,
          details: { fullName: input.fullName, agency: agency.name, role: input.role },
        })
        return id
      })
    },

    async addAlias(personId: string, input: AliasInput, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const person = await repo.findPerson(tx, personId)
        if (!person) throw new NotFoundError(`There is no person with id ${personId}.`)
        await assertNameFree(tx, person.partnership_id, input.alias, 'alias', personId)
        const id = randomUUID()
        await tx
          .insertInto('person_alias')
          .values({ id, person_id: personId, alias: input.alias, alias_key: nameKey(input.alias), note: input.note })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'person.alias',
          subjectType: 'person',
          subjectId: personId,
          details: { alias: input.alias },
        })
      })
    },

    async addMembership(personId: string, input: MembershipInput, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const person = await repo.findPerson(tx, personId)
        if (!person) throw new NotFoundError(`There is no person with id ${personId}.`)
        const agency = await agencyOf(tx, person.partnership_id, input.agencyId)
        const id = randomUUID()
        await tx
          .insertInto('membership')
          .values({
            id,
            partnership_id: person.partnership_id,
            person_id: personId,
            agency_id: agency.id,
            affiliation: input.affiliation ?? agency.name,
            role: input.role,
            start_date: input.startDate,
            end_date: input.endDate,
            created_at: clock().toISOString(),
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'person.membership',
          subjectType: 'person',
          subjectId: personId,
          details: { ...input },
        })
      })
    },

    async updateSettings(partnershipId: string, input: SettingsInput, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const before = await repo.findPartnership(tx, partnershipId)
        if (!before) throw new NotFoundError(`There is no partnership with id ${partnershipId}.`)
        await tx
          .updateTable('partnership')
          .set({
            name: input.name,
            area_name: input.areaName,
            quorum_min_statutory_agencies: input.quorumMinStatutoryAgencies,
            default_platform: input.defaultPlatform,
            locality_share_threshold: input.localitySharePercent / 100,
            papers_due_days: input.papersDueDays,
          })
          .where('id', '=', partnershipId)
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'partnership.settings',
          subjectType: 'partnership',
          subjectId: partnershipId,
          details: {
            before: {
              name: before.name,
              areaName: before.area_name,
              quorum: before.quorum_min_statutory_agencies,
              platform: before.default_platform,
            },
            after: input,
          },
        })
      })
      dataChanged()
    },

    async addAgency(partnershipId: string, input: AgencyInput, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const clash = await tx
          .selectFrom('agency')
          .select('id')
          .where('partnership_id', '=', partnershipId)
          .where('name', '=', input.name)
          .executeTakeFirst()
        if (clash) throw new RuleError(`There is already an agency called ${input.name}`, 'name')
        const id = randomUUID()
        await tx
          .insertInto('agency')
          .values({
            id,
            partnership_id: partnershipId,
            name: input.name,
            short_name: null,
            statutory: input.statutory === 'yes' ? 1 : 0,
            sector: input.sector,
            created_at: clock().toISOString(),
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'agency.create',
          subjectType: 'agency',
          subjectId: id,
          details: { ...input },
        })
      })
    },

    async current() {
      const p = await repo.findPartnership(db)
      if (!p)
        throw new NotFoundError(
          'No partnership is set up yet. Set one up in the browser (open the home page), or run `npx csp partnership create --ons-code <code>` (find the code with `npx csp partnership find <name>`), or load the demo with `npx csp demo load`.',
        )
      return p
    },

    /** The partnership if one is set up, else undefined (the set-up pages ask). */
    async find() {
      return repo.findPartnership(db)
    },

    /** What creating a partnership would do, checked against the ONS list; nothing written. */
    plan: (req: PartnershipRequest) => planPartnership(req),

    /** Creates the database's one partnership (refused when one exists), with its first administrator when given. */
    async create(req: PartnershipRequest, actor: Actor, admin?: FirstAdministrator) {
      const plan = planPartnership(req)
      const { id, adminId } = await createPartnership(db, clock, plan, actor, admin)
      return { id, adminId, plan }
    },

    /** The local authorities whose LSOAs are the partnership's area (none unless it was set up from the ONS list). */
    async authorities(partnershipId: string) {
      return db
        .selectFrom('partnership_authority')
        .select(['code', 'name'])
        .where('partnership_id', '=', partnershipId)
        .orderBy('name')
        .execute()
    },

    async agencies(partnershipId: string) {
      return repo.listAgencies(db, partnershipId)
    },

    async people(partnershipId: string) {
      const [people, memberships] = await Promise.all([
        repo.listPeople(db, partnershipId),
        repo.listMemberships(db, partnershipId),
      ])
      const aliases = await repo.listAliases(
        db,
        people.map((p) => p.id),
      )
      return people.map((p) => ({
        ...p,
        displayName: displayName(p),
        aliases: aliases.filter((a) => a.person_id === p.id).map((a) => a.alias),
        memberships: memberships
          .filter((m) => m.person_id === p.id)
          .map((m) => ({ ...m, roleLabel: roleLabels[m.role] })),
      }))
    },

    async person(id: string) {
      const p = await repo.findPerson(db, id)
      if (!p) throw new NotFoundError(`There is no person with id ${id}.`)
      const [aliases, memberships] = await Promise.all([
        repo.listAliases(db, [id]),
        repo.listMemberships(db, p.partnership_id),
      ])
      return {
        ...p,
        displayName: displayName(p),
        aliases: aliases.map((a) => a.alias),
        memberships: memberships
          .filter((m) => m.person_id === id)
          .map((m) => ({ ...m, roleLabel: roleLabels[m.role] })),
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
        throw new AmbiguousNameError(written, [
          ...direct.map((p) => p.full_name),
          ...people.filter((p) => ids.includes(p.id)).map((p) => p.full_name),
        ])
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
