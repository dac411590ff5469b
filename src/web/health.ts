import { ACCESS, guardRoutes } from './route-access'
import { execFileSync } from 'node:child_process'
import type { FastifyInstance } from 'fastify'
import type { Container } from '../container'
import { packageInfo } from './package-info'

function gitSha(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim()
  } catch {
    return undefined
  }
}

/** /health (database reachable, migrations current), /ping and /info. */
export function healthRoutes(container: Container) {
  const sha = gitSha()
  const started = new Date().toISOString()
  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.public)
    app.get('/ping', async () => ({ status: 'UP' }))

    app.get('/info', { config: { access: ACCESS.administration } }, async () => ({
      name: packageInfo.name,
      version: packageInfo.version,
      gitSha: sha ?? null,
      node: process.version,
      database: { dialect: container.database.dialect, location: container.database.location },
      startedAt: started,
    }))

    app.get('/health', async (_req, reply) => {
      let database: { status: 'UP' | 'DOWN'; error?: string } = { status: 'UP' }
      let migrations: { status: 'UP' | 'DOWN'; pending?: string[]; error?: string } = { status: 'UP', pending: [] }
      try {
        await container.database.ping()
      } catch (e) {
        database = { status: 'DOWN', error: (e as Error).message }
      }
      if (database.status === 'UP') {
        try {
          const pending = await container.database.pendingMigrations()
          migrations = { status: pending.length ? 'DOWN' : 'UP', pending }
        } catch (e) {
          migrations = { status: 'DOWN', error: (e as Error).message }
        }
      } else {
        migrations = { status: 'DOWN', error: 'database unreachable' }
      }
      const status = database.status === 'UP' && migrations.status === 'UP' ? 'UP' : 'DOWN'
      return reply.code(status === 'UP' ? 200 : 503).send({ status, components: { database, migrations } })
    })
  }
}
