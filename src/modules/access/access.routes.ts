import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../container'
import type { Role } from './access.table'
import type { SignedIn } from './users.service'
import { SESSION_HOURS } from './users.service'
import { passwordProblem } from './passwords'
import { ANONYMOUS, EVERYONE, setViewer } from './restriction'
import { OidcError, type OidcClient } from './oidc'

export const SESSION_COOKIE = 'csp_session'

/** Pages anyone may open: signing in, health checks, static files, the accessibility statement. */
const PUBLIC = [/^\/sign-in(\/oidc(\/callback)?)?(\?|$)/, /^\/published(\/|\?|$)/, /^\/(health|ping|info)(\?|$)/, /^\/(assets|stylesheets|javascripts|vendor)\//, /^\/accessibility(\?|$)/]

export const isPublic = (url: string) => PUBLIC.some((p) => p.test(url))

/** Who may change what, by the first part of the address; reading is open to every signed-in role. */
const WRITERS: [RegExp, Role[]][] = [
  [/^\/(data|measures|groups)(\/|$|\?)/, ['administrator', 'analyst']],
  [/^\/(meetings|actions|decisions|forward-plan|people|agencies|settings|registers)(\/|$|\?)/, ['administrator', 'coordinator']],
]

/** Pages only administrators may even read. */
const ADMIN_ONLY = /^\/admin(\/|$|\?|\.)/

export function mayRead(role: Role, url: string): boolean {
  return role === 'administrator' || !ADMIN_ONLY.test(url)
}

export function mayWrite(role: Role, url: string): boolean {
  if (role === 'administrator') return true
  for (const [pattern, allowed] of WRITERS) if (pattern.test(url)) return allowed.includes(role)
  return false
}

/** A member may add updates to the actions they own, and nothing else. */
const OWN_ACTION_UPDATE = /^\/actions\/([^/?]+)\/updates(\?|$)/

async function ownsAction(services: Services, user: SignedIn, url: string): Promise<boolean> {
  const m = OWN_ACTION_UPDATE.exec(url)
  if (!m || user.role !== 'member' || !user.personId) return false
  try {
    return (await services.actions.get(decodeURIComponent(m[1]!))).owners.some((o) => o.id === user.personId)
  } catch {
    return false
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SignedIn | null
    accountsOn: boolean
  }
}

function cookieOptions(production: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: production, maxAge: SESSION_HOURS * 3600 }
}

/**
 * Who is asking, and whether they may. Until the first account exists the app is single-user (the
 * banner says so); from then on every page but the public ones needs a signed-in person, and a
 * change needs a role allowed to make it.
 */
export function accessHooks(app: FastifyInstance, services: Services) {
  app.decorateRequest('user', null)
  app.decorateRequest('accountsOn', false)
  app.addHook('onRequest', async (req, reply) => {
    const open = isPublic(req.url)
    try {
      req.accountsOn = await services.users.accountsOn()
      if (req.accountsOn) req.user = await services.users.session(req.cookies[SESSION_COOKIE])
    } catch (e) {
      // /health must still answer (503) when the database is down; everything else fails as it should.
      if (open) return
      throw e
    }
    // The published minutes read as an anonymous visitor whoever asks; single-user mode sees everything.
    const published = /^\/published(\/|\?|$)/.test(req.url)
    if (!req.accountsOn) {
      setViewer(published ? ANONYMOUS : EVERYONE)
      return
    }
    if (req.user) {
      req.actor = { name: req.user.email, requestId: req.id }
      setViewer(published ? ANONYMOUS : { kind: 'user', userId: req.user.id }, req.actor)
      return
    }
    if (open) return
    if (req.url.startsWith('/api/')) return reply.code(401).send({ error: 'Sign in first: the API uses the same session as the pages.' })
    if (req.method === 'GET' || req.method === 'HEAD') return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303)
    return reply.code(401).type('text/plain; charset=utf-8').send('Sign in first.')
  })
  app.addHook('preHandler', async (req, reply) => {
    // With no accounts the single user is the administrator: the audit trail is theirs to read.
    if (!req.accountsOn || !req.user) return
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!mayRead(req.user.role, req.url)) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found', message: `There is no page at ${req.url}.` }, 404)
      return
    }
    if (req.url.startsWith('/sign-out') || req.url.startsWith('/account/')) return
    if (!mayWrite(req.user.role, req.url) && !(await ownsAction(services, req.user, req.url))) {
      await services.users.refused(req.actor, { method: req.method, url: req.url, role: req.user.role })
      return reply.page('errors/403.njk', { pageTitle: 'You cannot make this change' }, 403)
    }
  })
}

function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/'
}

const OIDC_COOKIE = 'csp_oidc'

export function accessRoutes(services: Services, production: boolean, oidc?: OidcClient) {
  const page = (reply: FastifyReply, req: FastifyRequest, extra: Record<string, unknown> = {}, status = 200) =>
    reply.page('access/views/sign-in.njk', { pageTitle: 'Sign in', accountsOn: req.accountsOn, sso: oidc ? { label: oidc.label } : null, next: safeNext((req.query as { next?: string }).next ?? (req.body as { next?: string } | undefined)?.next), values: {}, ...extra }, status)

  return async function (app: FastifyInstance) {
    app.get('/sign-in', async (req, reply) => page(reply, req))

    // Ten tries a minute for each address from each client (after the body is read, so the key can
    // name the address); the lock-out after five wrong passwords guards each account whatever the client.
    const rateLimit = { max: 10, timeWindow: '1 minute', hook: 'preHandler' as const, keyGenerator: (req: FastifyRequest) => `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}` }
    app.post('/sign-in', { config: { rateLimit } }, async (req, reply) => {
      const body = (req.body ?? {}) as { email?: string; password?: string; next?: string }
      const email = (body.email ?? '').trim()
      const password = body.password ?? ''
      const errors: Record<string, { text: string; href: string }> = {}
      if (!email) errors.email = { text: 'Enter your email address', href: '#email' }
      if (!password) errors.password = { text: 'Enter your password', href: '#password' }
      if (Object.keys(errors).length) return page(reply, req, { values: { email }, errors, errorList: Object.values(errors) }, 400)
      const r = await services.users.signIn(email, password, req.id)
      if (!r.ok) {
        const text =
          r.reason === 'locked'
            ? `Too many wrong passwords: this account is locked until ${new Date(r.until!).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })}. Try again then, or ask an administrator.`
            : r.reason === 'disabled'
              ? 'This account is disabled. Ask an administrator.'
              : 'The email address or password is not right'
        const error = { text, href: '#email' }
        return page(reply, req, { values: { email }, errors: { email: error }, errorList: [error] }, r.reason === 'locked' ? 429 : 401)
      }
      // A fresh session on every sign-in: a cookie planted before it (fixation) is worth nothing.
      await services.users.signOut(req.cookies[SESSION_COOKIE])
      return reply.setCookie(SESSION_COOKIE, r.sessionToken, cookieOptions(production)).flash(`Signed in as ${r.user.name}`).redirect(safeNext(body.next), 303)
    })

    if (oidc) {
      // Single sign-on: off to the provider with PKCE, state and nonce in a signed cookie that
      // comes back with the browser (SameSite=Lax: the return is a top-level GET from the provider).
      app.get('/sign-in/oidc', async (req, reply) => {
        try {
          const { url, cookie } = await oidc.start(safeNext((req.query as { next?: string }).next))
          return reply.setCookie(OIDC_COOKIE, cookie, { path: '/sign-in/oidc', httpOnly: true, sameSite: 'lax', secure: production, signed: true, maxAge: 600 }).redirect(url, 302)
        } catch (e) {
          if (!(e instanceof OidcError)) throw e
          const error = { text: e.message, href: '#sso' }
          return page(reply, req, { errors: { sso: error }, errorList: [error] }, 503)
        }
      })
      app.get('/sign-in/oidc/callback', async (req, reply) => {
        const raw = req.cookies[OIDC_COOKIE]
        const cookie = raw ? req.unsignCookie(raw) : undefined
        reply.clearCookie(OIDC_COOKIE, { path: '/sign-in/oidc' })
        const fail = (text: string, status: number) => {
          const error = { text, href: '#sso' }
          return page(reply, req, { errors: { sso: error }, errorList: [error] }, status)
        }
        let identity
        try {
          identity = await oidc.finish(new URL(req.url, 'http://x').search, cookie?.valid ? (cookie.value ?? undefined) : undefined)
        } catch (e) {
          if (!(e instanceof OidcError)) throw e
          return fail(e.message, 400)
        }
        const r = await services.users.signInWithIdentity(identity, req.id)
        if (!r.ok) return fail(r.reason === 'disabled' ? 'This account is disabled. Ask an administrator.' : `There is no csp-hub account for ${identity.email}. Ask an administrator to add one.`, 403)
        await services.users.signOut(req.cookies[SESSION_COOKIE])
        return reply.setCookie(SESSION_COOKIE, r.sessionToken, cookieOptions(production)).flash(`Signed in as ${r.user.name}`).redirect(safeNext(identity.next), 303)
      })
    }

    app.get('/account/password', async (req, reply) => {
      if (!req.user) return reply.redirect('/sign-in', 303)
      return reply.page('access/views/password.njk', { pageTitle: 'Change your password', values: {} })
    })

    app.post('/account/password', async (req, reply) => {
      if (!req.user) return reply.redirect('/sign-in', 303)
      const body = (req.body ?? {}) as { current?: string; password?: string; confirm?: string }
      const errors: Record<string, { text: string; href: string }> = {}
      const problem = passwordProblem(body.password ?? '')
      if (!body.current) errors.current = { text: 'Enter your current password', href: '#current' }
      if (problem) errors.password = { text: problem, href: '#password' }
      else if (body.password !== body.confirm) errors.confirm = { text: 'The two new passwords are not the same', href: '#confirm' }
      if (!Object.keys(errors).length && !(await services.users.changePassword(req.user.id, body.current!, body.password!, req.actor))) errors.current = { text: 'Your current password is not right', href: '#current' }
      if (Object.keys(errors).length) return reply.page('access/views/password.njk', { pageTitle: 'Change your password', values: {}, errors, errorList: Object.values(errors) }, 400)
      // Other sessions ended with the change; this one continues under a new cookie.
      const r = await services.users.signIn(req.user.email, body.password!, req.id)
      if (r.ok) reply.setCookie(SESSION_COOKIE, r.sessionToken, cookieOptions(production))
      return reply.flash('Your password is changed. Other sessions have been signed out.').redirect('/', 303)
    })

    app.post('/sign-out', async (req, reply) => {
      await services.users.signOut(req.cookies[SESSION_COOKIE])
      return reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect('/sign-in', 303)
    })
  }
}
