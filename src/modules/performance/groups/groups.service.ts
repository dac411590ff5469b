import { dataChanged } from '../data-version'
import type { Db, Queryable } from '../../../db/database'
import { NotFoundError, RuleError } from '../../../errors'
import { recordAudit, type Actor } from '../../audit/audit.service'

/** The fourteen crime types of police.uk street-level data (methods.md §4.1), ASB included. */
export const POLICE_UK_TYPES = [
  'Anti-social behaviour',
  'Bicycle theft',
  'Burglary',
  'Criminal damage and arson',
  'Drugs',
  'Other crime',
  'Other theft',
  'Possession of weapons',
  'Public order',
  'Robbery',
  'Shoplifting',
  'Theft from the person',
  'Vehicle crime',
  'Violence and sexual offences',
] as const

export interface CrimeGroup {
  key: string
  label: string
  types: string[]
  /** built-in: asb, violence and one per police.uk type; partnership: defined here. */
  origin: 'built-in' | 'partnership'
}

/** The groups the partnership chose in its minutes, then every police.uk type by its own name. */
export const BUILT_IN_GROUPS: CrimeGroup[] = [
  { key: 'all', label: 'All crime and ASB', types: [...POLICE_UK_TYPES], origin: 'built-in' },
  { key: 'asb', label: 'Anti-social behaviour', types: ['Anti-social behaviour'], origin: 'built-in' },
  {
    key: 'violence',
    label: 'Violence and sexual offences',
    types: ['Violence and sexual offences'],
    origin: 'built-in',
  },
  ...POLICE_UK_TYPES.map((t) => ({ key: t, label: t, types: [t], origin: 'built-in' as const })),
]

const KEY = /^[a-z0-9][a-z0-9-]{0,39}$/

export type GroupsService = ReturnType<typeof groupsService>

export function groupsService(db: Db, clock: () => Date) {
  async function list(partnershipId: string, q: Queryable = db): Promise<CrimeGroup[]> {
    const own = await q
      .selectFrom('crime_group')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .orderBy('key')
      .execute()
    const mine = own.map((g) => ({
      key: g.key,
      label: g.label,
      types: JSON.parse(g.types) as string[],
      origin: 'partnership' as const,
    }))
    // A partnership group may redefine a built-in key (say, violence without sexual offences from force data).
    return [...mine, ...BUILT_IN_GROUPS.filter((b) => !mine.some((m) => m.key === b.key))]
  }

  return {
    list,

    /** A group by key (or a crime type by its name, any case); the error lists what there is. */
    async resolve(partnershipId: string, key: string): Promise<CrimeGroup> {
      const groups = await list(partnershipId)
      const hit =
        groups.find((g) => g.key === key) ?? groups.find((g) => g.key.toLowerCase() === key.trim().toLowerCase())
      if (!hit) {
        const own = groups.filter((g) => g.origin === 'partnership').map((g) => g.key)
        throw new RuleError(
          `There is no crime group "${key}". Use all, asb, violence${own.length ? `, ${own.join(', ')}` : ''} or a police.uk crime type by its name (e.g. "Vehicle crime").`,
          'group',
        )
      }
      return hit
    },

    async save(
      partnershipId: string,
      input: { key: string; label: string; types: string[] },
      actor: Actor,
    ): Promise<CrimeGroup> {
      const key = input.key.trim()
      if (!KEY.test(key))
        throw new RuleError(
          'A group key is 1 to 40 lower-case letters, digits or hyphens, starting with a letter or digit (e.g. acquisitive).',
          'key',
        )
      if ((POLICE_UK_TYPES as readonly string[]).includes(key))
        throw new RuleError(`"${key}" is a police.uk crime type; choose another key.`, 'key')
      const label = input.label.trim()
      if (!label) throw new RuleError('Enter a name for the group.', 'label')
      const unknown = input.types.filter((t) => !(POLICE_UK_TYPES as readonly string[]).includes(t))
      if (unknown.length) throw new RuleError(`Not police.uk crime types: ${unknown.join(', ')}.`, 'types')
      const types = [...new Set(input.types)].sort()
      if (!types.length) throw new RuleError('Choose at least one crime type.', 'types')
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('crime_group').where('partnership_id', '=', partnershipId).where('key', '=', key).execute()
        await tx
          .insertInto('crime_group')
          .values({
            partnership_id: partnershipId,
            key,
            label,
            types: JSON.stringify(types),
            updated_at: clock().toISOString(),
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'crime_group.save',
          subjectType: 'crime_group',
          subjectId: key,
          details: { label, types },
        })
      })
      dataChanged()
      return { key, label, types, origin: 'partnership' }
    },

    async remove(partnershipId: string, key: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const r = await tx
          .deleteFrom('crime_group')
          .where('partnership_id', '=', partnershipId)
          .where('key', '=', key)
          .executeTakeFirst()
        if (!r.numDeletedRows) throw new NotFoundError(`The partnership has no crime group "${key}".`)
        await recordAudit(tx, actor, clock(), {
          action: 'crime_group.remove',
          subjectType: 'crime_group',
          subjectId: key,
        })
      })
      dataChanged()
    },
  }
}
