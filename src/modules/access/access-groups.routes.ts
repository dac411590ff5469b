// Groups a restricted record can be shown to, and an administrator's break-glass access to a
// restricted record. Administrators only; every change audited by the service.
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Services } from '../../container'
import { NotFoundError, RuleError } from '../../errors'
import { ACCESS, guardRoutes } from '../../web/route-access'
import { ticked } from '../../web/forms'
import { asText } from '../../words'
import { BREAK_GLASS_HOURS } from './access-groups.service'
import type { RestrictableTable } from './restriction'

const restrictable: readonly string[] = ['agenda_item', 'minute_paragraph', 'register_entry']

/** The ticked values of a checkbox field (none, one or many), as every form reads them. */
const tickedOf = (v: unknown): string[] => {
  const r = ticked.safeParse(v)
  if (!r.success) throw new RuleError('Choose members from the list of accounts.', 'users')
  return r.data
}

export function accessGroupsRoutes(services: Services) {
  async function groupsModel(extra: Record<string, unknown> = {}) {
    const p = await services.partnership.current()
    const [groups, accounts] = await Promise.all([services.accessGroups.list(p.id), services.users.choices(p.id)])
    return {
      pageTitle: 'Groups',
      groups: groups.map((g) => ({
        ...g,
        items: accounts.map((a) => ({ ...a, checked: g.members.some((m) => m.id === a.value) })),
      })),
      values: {},
      ...extra,
    }
  }

  /** A form's outcome: back to the groups with a message, or the page again with the reason at its field. */
  async function done(reply: FastifyReply, work: () => Promise<string>, values: Record<string, unknown>) {
    try {
      return reply.flash(await work()).redirect('/admin/groups', 303)
    } catch (e) {
      if (!(e instanceof RuleError)) throw e
      const field = e.field ?? 'name'
      const error = { text: e.message, href: `#${field}` }
      return reply.page(
        'access/views/groups.njk',
        await groupsModel({ values, errors: { [field]: error }, errorList: [error] }),
        400,
      )
    }
  }

  async function restrictedRecord(type: string, id: string, userId: string) {
    const p = await services.partnership.current()
    const record = restrictable.includes(type)
      ? (await services.accessGroups.restricted(p.id, userId)).find((r) => r.type === type && r.id === id)
      : undefined
    if (!record) throw new NotFoundError(`There is no restricted record at ${type}/${id}.`)
    return { partnershipId: p.id, record }
  }

  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.administration)

    app.get('/admin/groups', async (_req, reply) => reply.page('access/views/groups.njk', await groupsModel()))
    app.post('/admin/groups', async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, unknown>
      const values = { name: asText(b.name), purpose: asText(b.purpose) }
      return done(
        reply,
        async () => {
          const p = await services.partnership.current()
          await services.accessGroups.create(p.id, values, req.actor)
          return `Added the group ${values.name.trim()}. Now choose its members.`
        },
        values,
      )
    })
    app.post<{ Params: { id: string } }>('/admin/groups/:id', async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, unknown>
      return done(
        reply,
        async () => {
          if (asText(b.action) === 'remove')
            return `Removed the group ${await services.accessGroups.remove(req.params.id, req.actor)}.`
          const r = await services.accessGroups.setMembers(req.params.id, tickedOf(b.users), req.actor)
          return r.added || r.removed
            ? `Saved the members: ${r.added} added, ${r.removed} removed.`
            : 'Saved: the members are as they were.'
        },
        {},
      )
    })

    app.get('/admin/restricted', async (req, reply) => {
      const p = await services.partnership.current()
      return reply.page('access/views/restricted.njk', {
        pageTitle: 'Restricted records',
        records: await services.accessGroups.restricted(p.id, req.user?.id ?? ''),
        hours: BREAK_GLASS_HOURS,
      })
    })
    type RecordParams = { Params: { type: string; id: string } }
    const breakGlassPage = (record: { where: string }, extra: Record<string, unknown> = {}) => ({
      pageTitle: 'Open a restricted record',
      record,
      hours: BREAK_GLASS_HOURS,
      values: {},
      ...extra,
    })
    app.get<RecordParams>('/admin/restricted/:type/:id', async (req, reply) => {
      const { record } = await restrictedRecord(req.params.type, req.params.id, req.user?.id ?? '')
      return reply.page('access/views/break-glass.njk', breakGlassPage(record))
    })
    app.post<RecordParams>('/admin/restricted/:type/:id', async (req, reply) => {
      const { partnershipId, record } = await restrictedRecord(req.params.type, req.params.id, req.user?.id ?? '')
      const reason = asText((req.body as Record<string, unknown> | undefined)?.reason)
      // With no accounts there is nothing restricted to break into; with them, everyone is signed in.
      if (!req.user) throw new NotFoundError('Break-glass access is for an administrator’s account.')
      try {
        const r = await services.accessGroups.breakGlass(
          partnershipId,
          { type: req.params.type as RestrictableTable, id: req.params.id },
          reason,
          req.user,
          req.actor,
        )
        void services.outbox.deliver().catch((e: unknown) => req.log.error(e, 'sending break-glass notices'))
        return reply
          .flash(
            `You may see ${r.where} for ${BREAK_GLASS_HOURS} hours. ` +
              'The people named on it have been told, with your reason.',
          )
          .redirect(r.href, 303)
      } catch (e) {
        if (!(e instanceof RuleError)) throw e
        const error = { text: e.message, href: '#reason' }
        return reply.page(
          'access/views/break-glass.njk',
          breakGlassPage(record, { values: { reason }, errors: { reason: error }, errorList: [error] }),
          400,
        )
      }
    })
  }
}
