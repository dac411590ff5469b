// Each register's settings (statuses, fields, references) and the DHR register's statutory periods.
import { RuleError } from '../../errors'
import { recordAudit, type Actor } from '../audit/audit.service'
import { type DhrSettings } from './dhr-clock'
import { progressRollUp, registerDefs, type RegisterDef, type RegisterSettings, type StatusDef } from './register-defs'
import type { RegisterContext } from './register-context'

export function registerSettings(ctx: RegisterContext) {
  const { dhrSettings, settingsOf, config, db, clock } = ctx
  return {
    config: (partnershipId: string, kind: RegisterDef['kind']) => config(db, partnershipId, kind),
    settings: (partnershipId: string, kind: RegisterDef['kind']) => settingsOf(db, partnershipId, kind),
    progress: (def: RegisterDef, entries: readonly { status: string }[]) => progressRollUp(def.statuses, entries),

    /**
     * A register's own statuses (labels, which end an entry, progress) and, for risks, its named risk
     * registers. A status or risk register still used by an entry or its history cannot be removed;
     * the error names the entries.
     */
    async saveSettings(
      partnershipId: string,
      kind: RegisterDef['kind'],
      input: {
        statuses: { code: string | null; label: string; closed: boolean; progress: number | null }[]
        books?: string[]
      },
      actor: Actor,
    ) {
      const def = registerDefs[kind]
      await db.transaction().execute(async (tx) => {
        const before = await config(tx, partnershipId, kind)
        const rows = input.statuses.filter((x) => x.label.trim())
        if (rows.length === 0) throw new RuleError('Give the register at least one status.', 'label-0')
        const seen = new Set<string>()
        const statuses: StatusDef[] = []
        for (const [i, x] of input.statuses.entries()) {
          const label = x.label.trim()
          if (!label) continue
          if (seen.has(label.toLowerCase()))
            throw new RuleError(`"${label}" is listed twice: each status needs its own name.`, `label-${i}`)
          seen.add(label.toLowerCase())
          if (x.progress !== null && (!Number.isInteger(x.progress) || x.progress < 0 || x.progress > 100))
            throw new RuleError(
              `The progress of "${label}" must be a whole number from 0 to 100, or empty.`,
              `progress-${i}`,
            )
          let code =
            x.code && before.statuses.some((b) => b.code === x.code)
              ? x.code
              : label
                  .toLowerCase()
                  .replace(/[^a-z0-9]+/g, '_')
                  .replace(/^_|_$/g, '') || 'status'
          while (statuses.some((st) => st.code === code) || (!x.code && before.statuses.some((b) => b.code === code)))
            code = `${code}_2`
          statuses.push({ code, label, ...(x.closed ? { closed: true } : {}), progress: x.progress })
        }
        if (!statuses.some((x) => !x.closed))
          throw new RuleError('At least one status must leave an entry open (not "ends the entry").', 'closed-0')
        const removed = before.statuses.filter((b) => !statuses.some((x) => x.code === b.code))
        if (removed.length) {
          const codes = removed.map((r) => r.code)
          const used = await tx
            .selectFrom('register_entry')
            .leftJoin('register_event', 'register_event.entry_id', 'register_entry.id')
            .select([
              'register_entry.ref',
              'register_entry.status',
              'register_event.status as event_status',
              'register_event.from_status',
            ])
            .where('register_entry.partnership_id', '=', partnershipId)
            .where('register_entry.register', '=', kind)
            .where((eb) =>
              eb.or([
                eb('register_entry.status', 'in', codes),
                eb('register_event.status', 'in', codes),
                eb('register_event.from_status', 'in', codes),
              ]),
            )
            .execute()
          for (const r of removed) {
            const refs = [
              ...new Set(
                used
                  .filter((u) => u.status === r.code || u.event_status === r.code || u.from_status === r.code)
                  .map((u) => u.ref),
              ),
            ].sort()
            if (refs.length)
              throw new RuleError(
                `"${r.label}" cannot be removed: ${refs.join(', ')} ${refs.length === 1 ? 'has' : 'have'} it, now or in ${refs.length === 1 ? 'its' : 'their'} history. Rename it instead.`,
                'label-0',
              )
          }
        }
        const settings: RegisterSettings = { statuses }
        if (def.books) {
          const books: string[] = []
          for (const b of (input.books ?? []).map((x) => x.trim().replace(/\s+/g, ' ')).filter(Boolean))
            if (!books.some((k) => k.toLowerCase() === b.toLowerCase())) books.push(b)
          if (books.length === 0) throw new RuleError('Name at least one risk register.', 'books')
          const gone = (before.books ?? []).filter((b) => !books.includes(b))
          if (gone.length) {
            const risks = await tx
              .selectFrom('register_entry')
              .select(['ref', 'details'])
              .where('partnership_id', '=', partnershipId)
              .where('register', '=', kind)
              .execute()
            for (const g of gone) {
              const refs = risks
                .filter((r) => (JSON.parse(r.details) as Record<string, unknown>).book === g)
                .map((r) => r.ref)
              if (refs.length)
                throw new RuleError(
                  `"${g}" cannot be removed: ${refs.join(', ')} ${refs.length === 1 ? 'belongs' : 'belong'} to it.`,
                  'books',
                )
            }
          }
          settings.books = books
        }
        await tx
          .deleteFrom('register_setting')
          .where('partnership_id', '=', partnershipId)
          .where('register', '=', kind)
          .execute()
        await tx
          .insertInto('register_setting')
          .values({
            partnership_id: partnershipId,
            register: kind,
            settings: JSON.stringify(settings),
            updated_at: clock().toISOString(),
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'register.settings',
          subjectType: 'register',
          subjectId: kind,
          details: { before: { statuses: before.statuses, books: before.books ?? null }, after: settings },
        })
      })
    },

    async saveDhrSettings(partnershipId: string, settings: DhrSettings, actor: Actor) {
      await db.transaction().execute(async (tx) => {
        const before = await dhrSettings(tx, partnershipId)
        await tx
          .deleteFrom('register_setting')
          .where('partnership_id', '=', partnershipId)
          .where('register', '=', 'dhr')
          .execute()
        await tx
          .insertInto('register_setting')
          .values({
            partnership_id: partnershipId,
            register: 'dhr',
            settings: JSON.stringify(settings),
            updated_at: clock().toISOString(),
          })
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'register.settings',
          subjectType: 'register',
          subjectId: 'dhr',
          details: { before, after: settings },
        })
      })
    },
  }
}
