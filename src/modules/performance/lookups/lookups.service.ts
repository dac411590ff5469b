import { dataChanged } from '../data-version'
import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import type { Database, Db } from '../../../db/database'
import { NotFoundError, RuleError } from '../../../errors'
import { recordAudit, type Actor } from '../../audit/audit.service'
import { csvRecords } from '../../../csv-read'

export interface LookupOptions {
  lsoaField?: string | undefined
  codeField?: string | undefined
  nameField?: string | undefined
  label?: string | undefined
}

const guessLsoa = [/^lsoa\d{2}_?code$/i, /^lsoa\d{2}cd$/i, /^lsoa_?code$/i, /^lsoa$/i]

export type LookupsService = ReturnType<typeof lookupsService>

/** Official lookups from LSOA to a partner's areas: police.uk's LSOA column then reports by locality. */
export function lookupsService(db: Db, clock: () => Date, bulkInsert: Database['bulkInsert']) {
  return {
    async list(partnershipId: string) {
      return db
        .selectFrom('lsoa_lookup')
        .selectAll()
        .where('partnership_id', '=', partnershipId)
        .orderBy('imported_at', 'desc')
        .execute()
    },

    async rows(lookupId: string) {
      const rows = await db.selectFrom('lsoa_lookup_row').selectAll().where('lookup_id', '=', lookupId).execute()
      if (
        rows.length === 0 &&
        !(await db.selectFrom('lsoa_lookup').select('id').where('id', '=', lookupId).executeTakeFirst())
      )
        throw new NotFoundError(`There is no lookup with id ${lookupId}.`)
      return new Map(rows.map((r) => [r.lsoa_code, r] as const))
    },

    /**
     * Imports a lookup CSV. The LSOA column is guessed (lsoa21_code, LSOA21CD…) unless named; the
     * area code column must be named. An LSOA given two different areas refuses the file, naming
     * both lines; nothing is written.
     */
    async import(partnershipId: string, source: { name: string; bytes: Buffer }, opts: LookupOptions, actor: Actor) {
      let header: string[] | undefined
      const seen = new Map<string, { code: string; line: number }>()
      const rows: { lsoa_code: string; area_code: string; area_name: string }[] = []
      let cols: { lsoa: number; code: number; name: number } | undefined
      for await (const r of csvRecords(Readable.from([source.bytes]), source.name)) {
        if (!header) {
          header = r.fields.map((f) => f.trim())
          const find = (name: string | undefined, label: string) => {
            if (!name) return -1
            const i = header!.indexOf(name)
            if (i === -1)
              throw new RuleError(
                `${source.name}: there is no ${label} column "${name}"; the columns are ${header!.join(', ')}.`,
              )
            return i
          }
          const lsoaName = opts.lsoaField ?? header.find((h) => guessLsoa.some((g) => g.test(h)))
          if (!lsoaName)
            throw new RuleError(
              `${source.name}: cannot tell which column holds the LSOA code. Name it (--lsoa-field); the columns are ${header.join(', ')}.`,
            )
          if (!opts.codeField)
            throw new RuleError(
              `${source.name}: name the column holding each locality's code (--code-field); the columns are ${header.join(', ')}.`,
            )
          cols = {
            lsoa: find(lsoaName, 'LSOA'),
            code: find(opts.codeField, 'code'),
            name: find(opts.nameField, 'name'),
          }
          continue
        }
        if (r.fields.length === 1 && r.fields[0] === '') continue
        const lsoa = r.fields[cols!.lsoa]?.trim() ?? ''
        const code = r.fields[cols!.code]?.trim() ?? ''
        if (!lsoa || !code)
          throw new RuleError(`${source.name}, line ${r.line}: the ${!lsoa ? 'LSOA' : 'locality'} code is empty.`)
        const before = seen.get(lsoa)
        if (before && before.code !== code)
          throw new RuleError(
            `${source.name}: LSOA ${lsoa} is given two localities, ${before.code} (line ${before.line}) and ${code} (line ${r.line}).`,
          )
        if (before) continue
        seen.set(lsoa, { code, line: r.line })
        rows.push({
          lsoa_code: lsoa,
          area_code: code,
          area_name: cols!.name === -1 ? code : r.fields[cols!.name]?.trim() || code,
        })
      }
      if (!header || rows.length === 0) throw new RuleError(`${source.name} holds no lookup rows.`)
      const id = randomUUID()
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('lsoa_lookup')
          .values({
            id,
            partnership_id: partnershipId,
            label: opts.label ?? source.name.replace(/^.*[\\/]/, ''),
            source_name: source.name.replace(/^.*[\\/]/, ''),
            lsoa_field: header[cols!.lsoa]!,
            code_field: opts.codeField!,
            name_field: opts.nameField ?? null,
            rows: rows.length,
            imported_at: clock().toISOString(),
          })
          .execute()
        await bulkInsert(
          tx,
          'lsoa_lookup_row',
          rows.map((r) => ({ lookup_id: id, ...r })),
        )
        await recordAudit(tx, actor, clock(), {
          action: 'lookups.import',
          subjectType: 'lsoa_lookup',
          subjectId: id,
          details: { source: source.name, rows: rows.length },
        })
      })
      dataChanged()
      return { id, rows: rows.length }
    },
  }
}
