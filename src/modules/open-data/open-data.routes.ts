import { ACCESS, guardRoutes } from '../../web/route-access'
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../container'
import { toCsv } from '../../csv'
import { packageInfo } from '../../web/package-info'
import { ACTION_FIELDS, DECISION_FIELDS, MEETING_FIELDS, openDataService } from './open-data.service'

const KINDS = { meetings: MEETING_FIELDS, actions: ACTION_FIELDS, decisions: DECISION_FIELDS } as const
type Kind = keyof typeof KINDS

/** An OpenAPI 3.1 description of the read-only API, written from the same field lists the API uses. */
function openApi() {
  const schema = (fields: readonly string[]) => ({
    type: 'object',
    required: [...fields],
    properties: Object.fromEntries(fields.map((f) => [f, { type: f === 'ref' ? 'integer' : ['string', 'null'] }])),
  })
  const list = (kind: Kind, summary: string) => ({
    get: {
      summary,
      operationId: `list${kind[0]!.toUpperCase()}${kind.slice(1)}`,
      responses: {
        200: {
          description: 'The records the caller may see',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['data'],
                properties: { data: { type: 'array', items: { $ref: `#/components/schemas/${kind}` } } },
              },
            },
          },
        },
        401: { description: 'Sign in first (when the partnership has accounts)' },
      },
    },
  })
  return {
    openapi: '3.1.0',
    info: {
      title: 'csp-hub API',
      version: packageInfo.version,
      description:
        "Read-only: the partnership's meetings, actions and decisions. The same records as the pages and the open-data CSV files.",
    },
    paths: {
      '/api/v1/meetings': list('meetings', "Meetings, with their minutes' status"),
      '/api/v1/actions': list('actions', 'The action log'),
      '/api/v1/decisions': list('decisions', 'The decisions log'),
    },
    components: {
      schemas: { meetings: schema(MEETING_FIELDS), actions: schema(ACTION_FIELDS), decisions: schema(DECISION_FIELDS) },
    },
  }
}

export function openDataRoutes(services: Services) {
  const data = openDataService(services)
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.signedIn)
    app.get('/api/v1/openapi.json', async (_req, reply) =>
      reply.type('application/json; charset=utf-8').send(openApi()),
    )
    for (const kind of Object.keys(KINDS) as Kind[]) {
      app.get(`/api/v1/${kind}`, async (_req, reply) =>
        reply.type('application/json; charset=utf-8').send({ data: await data[kind]() }),
      )
      app.get(`/open-data/${kind}.csv`, async (_req, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${kind}.csv"`)
          .send(toCsv<Record<string, unknown>>(KINDS[kind], await data[kind]())),
      )
    }
  }
}
