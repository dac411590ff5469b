// A register to and from CSV: the export a user can edit and read back, and the import that checks every row before writing any.
import { randomUUID } from 'node:crypto'
import { type Actor } from '../audit/audit.service'
import { currentViewer, setAccess, visibleIn } from '../access/restriction'
import * as repo from './registers.repository'
import {
  DHR_STAGE_COLUMNS,
  dhrExportColumns,
  readDhrImport,
  readGeneralImport,
  RegisterImportError,
  type ImportContext,
} from './register-import'
import { toCsv } from '../../csv'
import { CsvFileError, readCsvTable } from '../../csv-read'
import type { RegisterKind } from './registers.table'
import { type DhrDetails } from './register-types'
import type { RegisterContext } from './register-context'
import type { RegisterEntries } from './register-entries.service'

export function registerTransfer(ctx: RegisterContext, entries: Pick<RegisterEntries, 'list'>) {
  const { today, config, insertGeneral, requireAccountsForDhr, dhrRows, db, clock, recordChange } = ctx
  return {
    /**
     * A register as CSV: the entries the reader may see with the register's own fields — the columns
     * its import reads, so a downloaded register can be edited and read back. The DHR register's
     * gives the first day each stage was reached, then the deadlines worked out from them.
     */
    async exportCsv(partnershipId: string, kind: RegisterKind): Promise<string> {
      if (kind === 'dhr') {
        const rows = (await dhrRows(partnershipId)).map((e) => ({
          ref: e.ref,
          title: e.title,
          status: e.status,
          status_since: e.status_since,
          lead_agency: e.lead_agency,
          notified_on: e.clock.notifiedOn,
          ...Object.fromEntries(
            DHR_STAGE_COLUMNS.map((st) => [`${st}_on`, e.history.find((h) => h.status === st)?.date ?? null]),
          ),
          reason: e.details.reason ?? null,
          themes: (e.details.themes ?? []).join('; '),
          impact: e.details.impact ?? '',
          decision_due: e.clock.decidedOn ? null : e.clock.decisionDue,
          completion_due: e.clock.completionDue,
          publication_due: e.clock.publicationDue,
          days_overdue: e.clock.daysOverdue,
        }))
        return toCsv(dhrExportColumns as never, rows as never[])
      }
      const def = await config(db, partnershipId, kind)
      const rows = (await entries.list(partnershipId, kind)).map((e) => ({
        ref: e.ref,
        title: e.title,
        status: e.status,
        status_since: e.status_since,
        lead_agency: e.lead_agency,
        owner: e.owner_name,
        ...Object.fromEntries(Object.entries(e.details).map(([k, v]) => [k, Array.isArray(v) ? v.join(';') : v])),
        ...(kind === 'risks' ? { score: e.score } : {}),
      }))
      return toCsv(
        [
          'ref',
          'title',
          'status',
          'status_since',
          'lead_agency',
          'owner',
          ...def.fields.map((f) => f.name),
          ...(kind === 'risks' ? ['score'] : []),
        ] as never[],
        rows as never[],
      )
    },

    /**
     * Adds the entries of a CSV file to a register: every row checked first (each problem located by
     * row and column), then all written in one transaction, or nothing. DHRs imported are restricted
     * to the person importing them when the app has accounts.
     */
    async importCsv(
      partnershipId: string,
      kind: RegisterKind,
      file: { name: string; bytes: Buffer },
      actor: Actor,
      restrictTo: readonly string[] = [],
    ) {
      if (file.bytes.subarray(0, 8192).includes(0))
        throw new RegisterImportError([
          `${file.name} is not a CSV file (it holds binary data). Save the spreadsheet as CSV (comma separated) and upload that.`,
        ])
      const table = await readCsvTable(file.name, file.bytes).catch((e: unknown) => {
        throw e instanceof CsvFileError ? new RegisterImportError([e.message]) : e
      })
      let count = 0
      await db.transaction().execute(async (tx) => {
        const [existing, agencies, people] = await Promise.all([
          // References the importer can see: an unseen review's case reference is never revealed.
          tx
            .selectFrom('register_entry')
            .select('ref')
            .where('partnership_id', '=', partnershipId)
            .where('register', '=', kind)
            .where((eb) => visibleIn(eb, 'register_entry', currentViewer()))
            .execute(),
          tx.selectFrom('agency').select(['id', 'name']).where('partnership_id', '=', partnershipId).execute(),
          tx.selectFrom('person').select(['id', 'full_name']).where('partnership_id', '=', partnershipId).execute(),
        ])
        const ctx: ImportContext = {
          existingRefs: existing.map((r) => r.ref),
          agencies: new Map(agencies.map((a) => [a.name.toLowerCase(), a.id])),
          people: new Map(people.map((x) => [x.full_name.toLowerCase(), x.id])),
          today: today(),
        }
        const now = clock().toISOString()
        if (kind === 'dhr') {
          await requireAccountsForDhr(tx)
          if (restrictTo.length === 0)
            throw new RegisterImportError([
              'Name at least one account the reviews are restricted to: a review is never visible to everyone.',
            ])
          const restricted = true
          for (const r of readDhrImport(table, ctx)) {
            const id = randomUUID()
            const last = r.history.at(-1)!
            const details: DhrDetails = {
              notifiedOn: r.history[0]!.date,
              extensions: [],
              reason: r.reason,
              themes: r.themes,
              impact: r.impact.trim(),
            }
            await repo.insertEntry(tx, {
              id,
              partnership_id: partnershipId,
              register: 'dhr',
              ref: r.ref,
              title: r.title,
              status: last.status,
              status_since: last.date,
              lead_agency_id: r.leadAgencyId,
              owner_person_id: null,
              details: JSON.stringify(details),
              visibility: restricted ? 'restricted' : 'partners',
              created_at: now,
              updated_at: now,
            })
            if (restricted) await setAccess(tx, 'register_entry', id, 'restricted', restrictTo, now)
            for (const [i, e] of r.history.entries())
              await recordChange(
                tx,
                actor,
                id,
                {
                  date: e.date,
                  kind: i === 0 ? 'created' : 'status',
                  text: i === 0 ? `Imported from ${file.name}` : '',
                  status: e.status,
                  fromStatus: i === 0 ? null : r.history[i - 1]!.status,
                  at: now,
                },
                {
                  action: 'register.create',
                  details: { register: 'dhr', visibility: restricted ? 'restricted' : 'partners', source: file.name },
                },
              )
            count++
          }
        } else {
          const def = await config(tx, partnershipId, kind)
          for (const r of readGeneralImport(def, table, ctx)) {
            await insertGeneral(
              tx,
              partnershipId,
              def,
              randomUUID(),
              { ...r, details: r.fields },
              { userIds: [], groupIds: [] },
              actor,
              file.name,
            )
            count++
          }
        }
      })
      return { count }
    },
  }
}
