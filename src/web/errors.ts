import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import { ConflictError, NotFoundError, RuleError } from '../errors'

/** Turns errors into pages a person can act on: 404, 403 for a stale form, 400 for a broken rule; never a stack trace. */
/** Called when a refusal should be audited: a refused form token, or "not found" for a signed-in person. */
export interface RefusalAudit {
  notFound(req: FastifyRequest): Promise<void>
  csrf(req: FastifyRequest): Promise<void>
}

export function errorHandling(app: FastifyInstance, audit?: RefusalAudit) {
  app.setNotFoundHandler((req, reply) => {
    reply.page('errors/not-found.njk', { pageTitle: 'Page not found', message: `There is no page at ${req.url}.` }, 404)
  })

  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    if (error instanceof NotFoundError) {
      await audit?.notFound(req).catch((e: unknown) => req.log.error({ err: e }, 'audit of a refusal failed'))
      return reply.page('errors/not-found.njk', { pageTitle: 'Page not found', message: error.message }, 404)
    }
    if (error.code?.startsWith('FST_CSRF')) {
      await audit?.csrf(req).catch((e: unknown) => req.log.error({ err: e }, 'audit of a refusal failed'))
      return reply.page(
        'errors/problem.njk',
        {
          pageTitle: 'Your form has expired',
          heading: 'Your form has expired',
          message:
            'The form was missing its security token or it had expired. Go back, reload the page and submit it again. Nothing was saved.',
        },
        403,
      )
    }
    if (error instanceof RuleError || error instanceof ConflictError) {
      return reply.page(
        'errors/problem.njk',
        {
          pageTitle: 'That change could not be made',
          heading: 'That change could not be made',
          message: error.message,
        },
        error instanceof ConflictError ? 409 : 400,
      )
    }
    if (error.statusCode === 429) {
      return reply.code(429).send('Too many requests: wait a minute and try again.')
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.page(
        'errors/problem.njk',
        { pageTitle: 'There is a problem', heading: 'There is a problem with that request', message: error.message },
        error.statusCode,
      )
    }
    req.log.error({ err: error, requestId: req.id }, 'unhandled error')
    return reply.page(
      'errors/problem.njk',
      {
        pageTitle: 'Sorry, there is a problem with the service',
        heading: 'Sorry, there is a problem with the service',
        message: `Nothing you submitted was half-saved. Try again later. If it keeps happening, quote reference ${req.id}.`,
      },
      500,
    )
  })
}
