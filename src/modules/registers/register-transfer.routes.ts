import { registerRouteHelpers } from './register-route-helpers'
// A register to and from CSV: the import page (every problem listed by row and column) and the export.
import { ACCESS, guardRoutes } from '../../web/route-access'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../container'
import { dhrReasonLabels, dhrReasons } from './dhr-analysis'
import { readFileSync } from 'node:fs'
import { removeUploads, uploadedPaths } from '../../web/uploads'
import {
  dhrColumns,
  dhrDerivedColumns,
  dhrStageColumnHelp,
  generalColumns,
  RegisterImportError,
} from './register-import'
import { registerTitles } from './registers.service'
import type { RegisterKind } from './registers.table'

/** Reading a register from a CSV file, and downloading it as one. */
export function registerTransferRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    const { partnershipId, kindOf } = registerRouteHelpers(services)

    // Adding entries from a CSV file: the columns explained, every problem listed by row and column, nothing written unless all is well.
    const importModel = async (kind: RegisterKind) => {
      const def = kind === 'dhr' ? null : await services.registers.config(await partnershipId(), kind)
      const cols = def ? generalColumns(def) : dhrColumns
      return {
        pageTitle: `Import ${kind === 'dhr' ? 'reviews' : `${def!.singular} entries`} from CSV`,
        section: 'registers',
        kind,
        def,
        title: def ? def.title : registerTitles.dhr,
        required: cols.required,
        optional: cols.optional.filter((c) => !dhrDerivedColumns.includes(c)),
        statuses: def ? def.statuses : null,
        stageColumns: def ? null : dhrStageColumnHelp,
        reasons: def ? null : dhrReasons.map((r) => ({ code: r, label: dhrReasonLabels[r] })),
      }
    }
    app.get<{ Params: { kind: string } }>('/registers/:kind/import', async (req, reply) =>
      reply.page('registers/views/import.njk', { ...(await importModel(kindOf(req.params.kind))), values: {} }),
    )
    app.post<{ Params: { kind: string } }>(
      '/registers/:kind/import',
      { config: { upload: true } },
      async (req, reply) => {
        const kind = kindOf(req.params.kind)
        const files = uploadedPaths(((req.body ?? {}) as Record<string, unknown>).file)
        try {
          if (!files.length) {
            const error = { text: 'Select a CSV file to import', href: '#file' }
            return reply.page(
              'registers/views/import.njk',
              { ...(await importModel(kind)), values: {}, errors: { file: error }, errorList: [error] },
              400,
            )
          }
          const path = files[0]!
          const r = await services.registers.importCsv(
            await partnershipId(),
            kind,
            { name: path.replace(/^.*[\\/]/, ''), bytes: readFileSync(path) },
            req.actor,
            req.accountsOn && req.user ? [req.user.id] : [],
          )
          return reply
            .flash(`Imported ${r.count} ${r.count === 1 ? 'entry' : 'entries'}`)
            .redirect(`/registers/${kind}`, 303)
        } catch (e) {
          if (!(e instanceof RegisterImportError)) throw e
          const errorList = e.problems.map((text) => ({ text, href: '#file' }))
          return reply.page(
            'registers/views/import.njk',
            {
              ...(await importModel(kind)),
              values: {},
              errors: {
                file: {
                  text: `${e.problems.length === 50 ? '50 or more' : e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in the file: nothing was imported`,
                  href: '#file',
                },
              },
              errorList,
            },
            400,
          )
        } finally {
          removeUploads(files)
        }
      },
    )

    // A register as CSV: the same entries the reader sees on its page, with its own fields.
    app.get<{ Params: { kind: string } }>('/registers/:kind/export.csv', async (req, reply) => {
      const kind = kindOf(req.params.kind)
      const csv = await services.registers.exportCsv(await partnershipId(), kind)
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="register-${kind}.csv"`)
        .send(csv)
    })
  }
}
