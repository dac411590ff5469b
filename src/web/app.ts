import { randomBytes } from 'node:crypto'
import { fromRoot } from '../paths'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyMultipart from '@fastify/multipart'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Container } from '../container'
import { recordAudit, type Actor } from '../modules/audit/audit.service'
import { actionsRoutes } from '../modules/governance/actions/actions.routes'
import { decisionsRoutes } from '../modules/governance/decisions/decisions.routes'
import { forwardPlanRoutes } from '../modules/governance/forward-plan/forward-plan.routes'
import { meetingsRoutes } from '../modules/governance/meetings/meetings.routes'
import { minutesRoutes } from '../modules/governance/minutes/minutes.routes'
import { partnershipRoutes } from '../modules/governance/partnership/partnership.routes'
import { setupRoutes } from '../modules/governance/partnership/setup.routes'
import { boundariesRoutes } from '../modules/performance/boundaries/boundaries.routes'
import { crimesRoutes } from '../modules/performance/crimes/crimes.routes'
import { hotspotsRoutes } from '../modules/performance/hotspots/hotspots.routes'
import { trendsRoutes } from '../modules/performance/trends/trends.routes'
import { ruralRoutes } from '../modules/performance/rural/rural.routes'
import { reportsRoutes } from '../modules/reports/reports.routes'
import { papersRoutes } from '../modules/governance/papers/papers.routes'
import { notifyRoutes } from '../modules/notify/notify.routes'
import { accountsRoutes } from '../modules/access/accounts.routes'
import { accessGroupsRoutes } from '../modules/access/access-groups.routes'
import { minutesImportRoutes } from '../modules/governance/minutes-import/minutes-import.routes'
import { measuresRoutes } from '../modules/performance/measures/measures.routes'
import { groupsRoutes } from '../modules/performance/groups/groups.routes'
import { accessHooks, accessRoutes } from '../modules/access/access.routes'
import { ACCESS, declareRouteAccess, guardRoutes, mayWrite, ruleFor, type RouteEntry } from './route-access'
import { registersRoutes } from '../modules/registers/registers.routes'
import { dhrRoutes } from '../modules/registers/dhr.routes'
import { registerTransferRoutes } from '../modules/registers/register-transfer.routes'
import { registerAccessRoutes } from '../modules/registers/register-access.routes'
import { registerSettingsRoutes } from '../modules/registers/register-settings.routes'
import { restrictedAmong, runInScope } from '../modules/access/restriction'
import { oidcClient } from '../modules/access/oidc'
import { auditRoutes } from '../modules/audit/audit.routes'
import { openDataRoutes } from '../modules/open-data/open-data.routes'
import { removeUploads, requestUploads, uploadStore } from './uploads'
import { errorHandling } from './errors'
import { healthRoutes } from './health'
import { homeRoutes } from './home'
import { buildViews, govukFrontendDist } from './views'

const here = fromRoot('src', 'web')
const leafletDist = join(dirname(createRequire(import.meta.url).resolve('leaflet/package.json')), 'dist')

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page in the layout with the locals every page needs. */
    page(template: string, model: Record<string, unknown>, status?: number): FastifyReply
    /** Sets a one-shot success message for the page the redirect lands on. */
    flash(message: string): FastifyReply
  }
  interface FastifyInstance {
    routeList: RouteEntry[]
  }
  interface FastifyRequest {
    flashMessage?: string
    actor: Actor
    partnershipName: string | undefined
  }
}

export interface AppOptions {
  logger?: boolean | { level: string }
}

export async function buildApp(container: Container, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: () => randomBytes(8).toString('hex'),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // Behind a TLS proxy the README recommends, its X-Forwarded-For names the person's own address.
    ...(container.config.trustedProxies.length ? { trustProxy: container.config.trustedProxies } : {}),
  })
  const views = buildViews()
  // Before any route (static files included) is added: each carries its access rule from registration.
  declareRouteAccess(app)
  // Every route, for the table-driven access test (route × role).
  const routeList: RouteEntry[] = []
  app.addHook('onRoute', (r) => {
    // Read when asked: the feature's own rule is set by its plugin's hook, after this one runs.
    for (const method of [r.method].flat())
      if (method !== 'HEAD')
        routeList.push({
          method,
          url: r.url,
          get access() {
            return r.config?.access
          },
        })
  })
  app.decorate('routeList', routeList)

  await setUpSecurity(app, container)
  await setUpUploads(app, container)
  await setUpStatic(app)
  setUpRequests(app, container)
  setUpPages(app, container, views)
  setUpErrors(app, container)
  await registerRoutes(app, container)
  return app
}

function sendFile(reply: FastifyReply, path: string, type: string) {
  return reply.type(`${type}; charset=utf-8`).header('Cache-Control', 'public, max-age=3600').send(readFileSync(path))
}

/** Headers (CSP with nonces, HSTS in production), rate limits, cookies, CSRF tokens and form bodies. */
async function setUpSecurity(app: FastifyInstance, container: Container) {
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Map tiles come from the tile server the deployment names, if any.
        imgSrc: [
          "'self'",
          'data:',
          ...(container.config.mapTiles
            ? [new URL(container.config.mapTiles.url.replace(/\{[a-z]\}/g, '0')).origin]
            : []),
        ],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: container.config.production,
  })
  // Each signed-in person has their own allowance (the limit runs after the access hooks have
  // found them); before signing in, each address has one.
  await app.register(fastifyRateLimit, {
    max: container.config.rateLimit,
    timeWindow: '1 minute',
    keyGenerator: (req) => (req.user ? `user:${req.user.id}` : `ip:${req.ip}`),
  })
  await app.register(fastifyCookie, { secret: container.config.cookieSecret ?? randomBytes(32).toString('hex') })
  await app.register(fastifyCsrf, {
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', path: '/', secure: container.config.production },
  })
  await app.register(fastifyFormbody)
}

/** Uploads: multipart bodies read part by part, files only for routes that take them, gone with their response. */
async function setUpUploads(app: FastifyInstance, container: Container) {
  // Files are written only for a route that takes them, after the access hooks let the request
  // through and the form's token (its first field) checks out; see uploadStore.
  const uploads = uploadStore((req, token) => {
    let ok = false
    const asked = Object.assign(Object.create(req) as FastifyRequest, { body: { _csrf: token } })
    app.csrfProtection(
      asked,
      { unsignCookie: (v: string) => req.unsignCookie(v), send: () => undefined } as unknown as FastifyReply,
      () => (ok = true),
    )
    return ok
  })
  app.addHook('onClose', async () => uploads.close())
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: container.config.uploadLimitMb * 1024 * 1024, files: 100, fields: 50, parts: 150 },
  })
  app.addHook('preValidation', async (req) => {
    if (req.isMultipart()) await uploads.readBody(req)
  })
  // A request's uploads go with its response, whatever it was (work that outlives it keeps them),
  // and with a client that went away half-way.
  app.addHook('onResponse', async (req) => removeUploads(requestUploads(req)))
  app.addHook('onRequest', async (req, reply) => {
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) removeUploads(requestUploads(req))
    })
  })
}

/** GOV.UK Frontend's assets, the app's own styles and scripts, Leaflet. */
async function setUpStatic(root: FastifyInstance) {
  // Styles, scripts, fonts and the icon: anyone may fetch them (the sign-in page uses them).
  await root.register(async (app) => {
    guardRoutes(app, ACCESS.public)
    await staticFiles(app)
  })
}

async function staticFiles(app: FastifyInstance) {
  await app.register(fastifyStatic, {
    root: join(govukFrontendDist, 'govuk', 'assets'),
    prefix: '/assets/',
    decorateReply: false,
  })
  // GOV.UK Frontend built with the settings for a service off GOV.UK (Arial, no crown): npm run build:css.
  app.get('/stylesheets/govuk-frontend.min.css', (_req, reply) =>
    sendFile(reply, join(here, 'public', 'govuk-frontend.css'), 'text/css'),
  )
  app.get('/favicon.svg', (_req, reply) => sendFile(reply, join(here, 'public', 'favicon.svg'), 'image/svg+xml'))
  app.get('/stylesheets/app.css', (_req, reply) => sendFile(reply, join(here, 'public', 'app.css'), 'text/css'))
  app.get('/javascripts/govuk-frontend.min.js', (_req, reply) =>
    sendFile(reply, join(govukFrontendDist, 'govuk', 'govuk-frontend.min.js'), 'text/javascript'),
  )
  app.get('/javascripts/job.js', (_req, reply) => sendFile(reply, join(here, 'public', 'job.js'), 'text/javascript'))
  app.get('/javascripts/hotspot-map.js', (_req, reply) =>
    sendFile(reply, join(here, 'public', 'hotspot-map.js'), 'text/javascript'),
  )
  app.get('/javascripts/rural-map.js', (_req, reply) =>
    sendFile(reply, join(here, 'public', 'rural-map.js'), 'text/javascript'),
  )
  app.get('/vendor/leaflet/leaflet.js', (_req, reply) =>
    sendFile(reply, join(leafletDist, 'leaflet.js'), 'text/javascript'),
  )
  app.get('/vendor/leaflet/leaflet.css', (_req, reply) => sendFile(reply, join(leafletDist, 'leaflet.css'), 'text/css'))
  app.get('/javascripts/init.js', (_req, reply) => sendFile(reply, join(here, 'public', 'init.js'), 'text/javascript'))
}

/** Each request: no caching, its actor, its viewer's scope, the flash message, the service's name, access and CSRF. */
function setUpRequests(app: FastifyInstance, container: Container) {
  const { services } = container
  // Nothing the app answers is kept by a browser or proxy unless it says so (static files do):
  // DHR and audit CSVs, Word files and the API hold what only the signed-in reader may see.
  app.addHook('onSend', async (_req, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-store')
  })
  app.decorateRequest('actor', null as unknown as Actor)
  // Each request reads as its own viewer (set by the access hooks): the queries leave out records
  // the viewer may not see. Anonymous until the hooks say otherwise.
  app.addHook('onRequest', (_req, _reply, done) => runInScope(done))
  app.addHook('onRequest', async (req, reply) => {
    // Single-user until accounts land: every web change is recorded as the web user, with its request id.
    req.actor = { name: 'web user', requestId: req.id }
    const flash = req.cookies.flash ? req.unsignCookie(req.cookies.flash) : undefined
    if (flash?.valid && flash.value) {
      req.flashMessage = flash.value
      reply.clearCookie('flash', { path: '/' })
    }
  })
  // The service name in the header, read for each page (a rename shows at once, from the web or the
  // CLI); a database that is down must still let /health answer.
  app.decorateRequest('partnershipName', undefined)
  app.addHook('onRequest', async (req) => {
    const p = await container.database.db
      .selectFrom('partnership')
      .select('name')
      .limit(1)
      .executeTakeFirst()
      .catch(() => undefined)
    req.partnershipName = p?.name
  })
  accessHooks(app, services)
  // CSRF on every state-changing request; the token travels in the form body, so check after parsing.
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return done()
    app.csrfProtection(req, reply, done)
  })
}

/** reply.page (a view in the layout with what every page needs) and reply.flash. */
function setUpPages(app: FastifyInstance, container: Container, views: ReturnType<typeof buildViews>) {
  app.decorateReply(
    'page',
    function (this: FastifyReply, template: string, model: Record<string, unknown>, status = 200) {
      const req = this.request
      const html = views.render(template, {
        ...model,
        cspNonce: this.cspNonce?.script,
        csrfToken: this.generateCsrf(),
        partnershipName: req.partnershipName,
        flash: req.flashMessage,
        currentUrl: req.url,
        signedIn: req.user,
        accountsOn: req.accountsOn,
        mapTiles: container.config.mapTiles,
        // Controls are offered only to those the route rules let change through them (the same rules the server enforces).
        canChange: (path: string) => {
          if (!req.accountsOn) return true
          const rule = ruleFor(app.routeList, 'POST', path) ?? ruleFor(app.routeList, 'GET', path)
          return !!req.user && !!rule && mayWrite(req.user.role, rule)
        },
      })
      return this.code(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(html)
    },
  )
  app.decorateReply('flash', function (this: FastifyReply, message: string) {
    return this.setCookie('flash', message, { path: '/', signed: true, httpOnly: true, sameSite: 'strict', maxAge: 60 })
  })
}

/** Error pages, and the audit trace of a refusal. */
function setUpErrors(app: FastifyInstance, container: Container) {
  // Refusals leave one trace, the audit event: a forged or stale form token, and a signed-in
  // person's "not found" for an address naming a restricted record (they see only "not found").
  const refusalActor = (req: FastifyRequest) => ({
    name: req.user?.email ?? `anonymous (${req.ip})`,
    requestId: req.id,
  })
  errorHandling(app, {
    async notFound(req) {
      if (!req.user) return
      const ids = req.url.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? []
      for (const id of await restrictedAmong(container.database.db, ids))
        await recordAudit(container.database.db, refusalActor(req), container.clock(), {
          action: 'restricted.denied',
          subjectType: 'record',
          subjectId: id,
          details: { method: req.method, url: req.url },
        })
    },
    async csrf(req) {
      await recordAudit(container.database.db, refusalActor(req), container.clock(), {
        action: 'access.csrf_refused',
        subjectType: 'request',
        subjectId: req.id,
        details: { method: req.method, url: req.url },
      })
    },
  })
}

/** Every feature's routes. */
async function registerRoutes(app: FastifyInstance, container: Container) {
  const { services } = container
  await app.register(healthRoutes(container))
  await app.register(
    accessRoutes(
      services,
      container.config.production,
      container.config.oidc
        ? oidcClient({ ...container.config.oidc, redirectUri: `${container.config.baseUrl}/sign-in/oidc/callback` })
        : undefined,
    ),
  )
  await app.register(auditRoutes(container))
  await app.register(openDataRoutes(services))
  await app.register(homeRoutes(container, container.config.contactEmail))
  await app.register(partnershipRoutes(services))
  await app.register(setupRoutes(services, container.config.production))
  await app.register(meetingsRoutes(services, container.config))
  await app.register(minutesRoutes(services))
  await app.register(actionsRoutes(services))
  await app.register(decisionsRoutes(services))
  await app.register(forwardPlanRoutes(services))
  await app.register(crimesRoutes(services))
  await app.register(hotspotsRoutes(services))
  await app.register(trendsRoutes(services))
  await app.register(ruralRoutes(services))
  await app.register(measuresRoutes(services))
  await app.register(reportsRoutes(services))
  await app.register(papersRoutes(services))
  await app.register(notifyRoutes(services))
  await app.register(accountsRoutes(services))
  await app.register(accessGroupsRoutes(services))
  await app.register(minutesImportRoutes(services))
  await app.register(groupsRoutes(services))
  await app.register(registersRoutes(services))
  await app.register(dhrRoutes(services))
  await app.register(registerTransferRoutes(services))
  await app.register(registerAccessRoutes(services))
  await app.register(registerSettingsRoutes(services))
  await app.register(boundariesRoutes(services))
}
