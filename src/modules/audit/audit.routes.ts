import { ACCESS, guardRoutes } from '../../web/route-access'
import type { FastifyInstance } from 'fastify'
import type { Container } from '../../container'
import { toCsv } from '../../csv'
import { searchAudit, type AuditFilter } from './audit.service'

const DAY = /^\d{4}-\d{2}-\d{2}$/

function filter(q: Record<string, string | undefined>): AuditFilter {
  return {
    from: q.from && DAY.test(q.from) ? q.from : undefined,
    to: q.to && DAY.test(q.to) ? q.to : undefined,
    actor: q.actor || undefined,
    action: q.action || undefined,
  }
}

/** The audit trail for administrators: read and export; there is no route that changes it. */
export function auditRoutes(container: Container) {
  const db = container.database.db
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.administration)
    app.get<{ Querystring: Record<string, string | undefined> }>('/admin/audit', async (req, reply) => {
      const f = filter(req.query)
      const events = await searchAudit(db, f, 200)
      const query = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString()
      return reply.page('audit/views/audit.njk', {
        pageTitle: 'Audit trail',
        section: 'admin',
        events,
        values: f,
        query,
      })
    })
    app.get<{ Querystring: Record<string, string | undefined> }>('/admin/audit.csv', async (req, reply) => {
      const events = await searchAudit(db, filter(req.query))
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="audit-trail.csv"')
        .send(toCsv(['at', 'actor', 'action', 'subject_type', 'subject_id', 'request_id', 'details'], events))
    })
  }
}
