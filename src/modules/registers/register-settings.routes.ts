import { registerRouteHelpers } from './register-route-helpers'
import { generalRegister } from './register-defs'
import type { KindParams } from './registers.schemas'
// A register's own statuses (and, for risks, its named risk registers).
import { ACCESS, guardRoutes } from '../../web/route-access'
import { asText } from '../../words'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../container'
import { submitForm } from '../../web/form-route'
import { settingsForm } from './registers.schemas'
import { type RegisterDef } from './register-defs'
import { RuleError } from '../../errors'

/** A general register's settings page. */
export function registerSettingsRoutes(services: Services) {
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)
    const { partnershipId } = registerRouteHelpers(services)

    // A register's own statuses (and, for risks, its named risk registers).
    const settingsModel = (def: RegisterDef) => ({
      pageTitle: `${def.title}: statuses`,
      section: 'registers',
      def,
      rows: [...def.statuses, {}, {}, {}],
    })
    const settingsValues = (def: RegisterDef) => ({
      ...Object.fromEntries(
        def.statuses.flatMap((st, i) => [
          [`code-${i}`, st.code],
          [`label-${i}`, st.label],
          [`progress-${i}`, st.progress === null || st.progress === undefined ? '' : String(st.progress)],
          [`closed-${i}`, st.closed ? 'yes' : ''],
        ]),
      ),
      books: (def.books ?? []).join('\n'),
    })
    app.get<KindParams>('/registers/:kind/settings', async (req, reply) => {
      const def = await services.registers.config(await partnershipId(), generalRegister(req.params.kind).kind)
      return reply.page('registers/views/entry-settings.njk', { ...settingsModel(def), values: settingsValues(def) })
    })
    app.post<KindParams>('/registers/:kind/settings', async (req, reply) => {
      const pid = await partnershipId()
      const def = await services.registers.config(pid, generalRegister(req.params.kind).kind)
      return submitForm(reply, {
        schema: settingsForm,
        body: req.body,
        template: 'registers/views/entry-settings.njk',
        model: settingsModel(def),
        save: async (d) => {
          const rows = Object.keys(d)
            .filter((k) => /^label-\d+$/.test(k))
            .map((k) => Number(k.slice(6)))
            .sort((a, b) => a - b)
          const statuses = rows.map((i) => {
            const progress = asText(d[`progress-${i}`]).trim()
            if (progress !== '' && !/^\d+$/.test(progress))
              throw new RuleError(`Progress must be a whole number from 0 to 100, or empty.`, `progress-${i}`)
            return {
              code: asText(d[`code-${i}`]) || null,
              label: asText(d[`label-${i}`]),
              closed: d[`closed-${i}`] === 'yes',
              progress: progress === '' ? null : Number(progress),
            }
          })
          await services.registers.saveSettings(
            pid,
            def.kind,
            { statuses, books: typeof d.books === 'string' ? d.books.split(/\r?\n/) : undefined },
            req.actor,
          )
          return { to: `/registers/${def.kind}`, flash: `${def.title}: statuses saved` }
        },
      })
    })
  }
}
