import { asText } from '../../words'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../container'
import { ACCESS, guardRoutes, mayWrite, ruleFor, type RouteAccess } from '../../web/route-access'
import type { SignedIn } from './users.service'
import { SESSION_HOURS } from './users.service'
import { passwordProblem } from './passwords'
import { MAIL_KINDS } from '../notify/mail-kinds'
import { ANONYMOUS, EVERYONE, setViewer } from './restriction'
import { OidcError, type OidcClient } from './oidc'

export const SESSION_COOKIE = 'csp_session'

/**
 * Who may read and who may change through a route, decided on the route the router matched (its
 * declared path, e.g. `/admin/audit.csv`), never on the text of the address: `/%61dmin/audit.csv`
 * and `/admin/audit.csv` are one route with one rule. Every route gets its rule when it is
 * registered: declared in its `config.access`, or derived here from its declared path; a request
 * that matched no route is "not found" for everyone.
 */
export type { RouteAccess } from '../../web/route-access'

async function ownsAction(services: Services, user: SignedIn, actionId: string | undefined): Promise<boolean> {
  if (!actionId || user.role !== 'member' || !user.personId) return false
  try {
    return (await services.actions.get(actionId)).owners.some((o) => o.id === user.personId)
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

/** Routes that are a form page, posting to their own address (or, for …/new, the one above). */
export const FORM_PAGE = /\/(new|edit|replace|upload|attendance|settings|access)$|\/access\/[^/]+\/[^/]+$/

export function cookieOptions(production: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: production, maxAge: SESSION_HOURS * 3600 }
}

/** The rule of the route a request matched; none when it matched no route (a 404 for everyone). */
export function routeAccess(req: FastifyRequest): RouteAccess | undefined {
  return req.routeOptions.config?.access
}

/**
 * Who is asking, and whether they may, decided on the matched route before its body is read (so a
 * refused request never has an upload written to disk). Until the first account exists the app is
 * single-user (the banner says so); once any account has existed — even if every one is disabled —
 * every page but the public ones needs a signed-in person, and a change needs a role allowed to make it.
 */
export function accessHooks(app: FastifyInstance, services: Services) {
  app.decorateRequest('user', null)
  app.decorateRequest('accountsOn', false)
  app.addHook('onRequest', async (req, reply) => {
    const rule = routeAccess(req)
    const open = rule?.read === 'public'
    try {
      req.accountsOn = await services.users.accountsOn()
      if (req.accountsOn) req.user = await services.users.session(req.cookies[SESSION_COOKIE])
    } catch (e) {
      // /health must still answer (503) when the database is down; everything else fails as it should.
      if (open) return
      throw e
    }
    // The published minutes read as an anonymous visitor whoever asks; single-user mode sees everything.
    const published = req.routeOptions.url?.startsWith('/published') ?? false
    if (!req.accountsOn) {
      setViewer(published ? ANONYMOUS : EVERYONE)
      return
    }
    if (req.user) {
      req.actor = { name: req.user.email, requestId: req.id }
      setViewer(
        published ? ANONYMOUS : { kind: 'user', userId: req.user.id, at: services.clock().toISOString() },
        req.actor,
      )
    }
    if (!rule) return // no such route: the not-found page (anonymous visitors are sent to sign in below)
    const reading = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS'
    if (reading) {
      if (open) return
      if (!req.user) return signInFirst(req, reply)
      if (rule.read === 'administrator' && req.user.role !== 'administrator')
        return reply.page(
          'errors/not-found.njk',
          { pageTitle: 'Page not found', message: `There is no page at ${req.url}.` },
          404,
        )
      // A form page (…/new, …/edit, …/replace, an upload, settings, who can see a record) is a
      // control: a role that cannot send its form is told so before typing into it, not after.
      if (FORM_PAGE.test(req.routeOptions.url ?? '')) {
        const path = req.url.split('?')[0]!
        // The form posts to its own address, or (…/new) to the one above it.
        const post =
          ruleFor(app.routeList, 'POST', path) ?? ruleFor(app.routeList, 'POST', path.replace(/\/(new|edit)$/, ''))
        if (
          post &&
          !mayWrite(req.user.role, post) &&
          !(post.ownAction && (await ownsAction(services, req.user, (req.params as { id?: string }).id)))
        )
          return reply.page('errors/403.njk', { pageTitle: 'You cannot make this change' }, 403)
      }
      return
    }
    if (rule.write === 'anyone') return
    if (!req.user) return signInFirst(req, reply)
    if (rule.read === 'administrator' && req.user.role !== 'administrator')
      return reply.page(
        'errors/not-found.njk',
        { pageTitle: 'Page not found', message: `There is no page at ${req.url}.` },
        404,
      )
    if (mayWrite(req.user.role, rule)) return
    if (rule.ownAction && (await ownsAction(services, req.user, (req.params as { id?: string }).id))) return
    await services.users.refused(req.actor, { method: req.method, url: req.url, role: req.user.role })
    return reply.page('errors/403.njk', { pageTitle: 'You cannot make this change' }, 403)
  })
  // An address that matched no route: anonymous visitors are sent to sign in, as for any other page.
  app.addHook('onRequest', async (req, reply) => {
    if (routeAccess(req) || !req.accountsOn || req.user) return
    return signInFirst(req, reply)
  })
}

function signInFirst(req: FastifyRequest, reply: FastifyReply) {
  if (req.url.startsWith('/api/'))
    return reply.code(401).send({ error: 'Sign in first: the API uses the same session as the pages.' })
  if (req.method === 'GET' || req.method === 'HEAD')
    return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303)
  return reply.code(401).type('text/plain; charset=utf-8').send('Sign in first.')
}

/**
 * Where to go after signing in: a path on this site only. `//host`, `/\\host` (browsers read a
 * backslash as a slash) and anything with a control character or that resolves elsewhere go home.
 */
export function safeNext(next: unknown): string {
  if (
    typeof next !== 'string' ||
    !next.startsWith('/') ||
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    /[\\\u0000-\u001f\u007f]/.test(next) ||
    next.startsWith('//')
  )
    return '/'
  try {
    const u = new URL(next, 'http://csp-hub.invalid')
    return u.origin === 'http://csp-hub.invalid' ? `${u.pathname}${u.search}${u.hash}` : '/'
  } catch {
    return '/'
  }
}

/** A form field as one string: a repeated field (email=a&email=b) is not a sign-in. */
const oneString = (v: unknown): string => (typeof v === 'string' ? v : '')

const OIDC_COOKIE = 'csp_oidc'

export function accessRoutes(services: Services, production: boolean, oidc?: OidcClient) {
  const page = (reply: FastifyReply, req: FastifyRequest, extra: Record<string, unknown> = {}, status = 200) =>
    reply.page(
      'access/views/sign-in.njk',
      {
        pageTitle: 'Sign in',
        accountsOn: req.accountsOn,
        sso: oidc ? { label: oidc.label } : null,
        next: safeNext((req.query as { next?: string }).next ?? (req.body as { next?: string } | undefined)?.next),
        values: {},
        ...extra,
      },
      status,
    )

  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.signingIn)
    app.get('/sign-in', async (req, reply) => page(reply, req))

    // Ten tries a minute for each address from each client (after the body is read, so the key can
    // name the address); the lock-out after five wrong passwords guards each account whatever the client.
    const rateLimit = {
      max: 10,
      timeWindow: '1 minute',
      hook: 'preHandler' as const,
      keyGenerator: (req: FastifyRequest) =>
        `${req.ip}|${asText((req.body as { email?: unknown } | undefined)?.email)
          .trim()
          .toLowerCase()}`,
    }
    app.post('/sign-in', { config: { rateLimit } }, async (req, reply) => {
      const body = (req.body ?? {}) as { email?: unknown; password?: unknown; next?: unknown }
      const email = oneString(body.email).trim()
      const password = oneString(body.password)
      const errors: Record<string, { text: string; href: string }> = {}
      if (!email) errors.email = { text: 'Enter your email address', href: '#email' }
      if (!password) errors.password = { text: 'Enter your password', href: '#password' }
      if (Object.keys(errors).length)
        return page(reply, req, { values: { email }, errors, errorList: Object.values(errors) }, 400)
      const r = await services.users.signIn(email, password, req.id)
      const until = (at: string | number | Date) =>
        new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })
      if (!r.ok) {
        const text =
          r.reason === 'locked'
            ? `Too many wrong passwords: this account is locked until ${until(r.until!)}. ` +
              'Try again then, or ask an administrator.'
            : r.reason === 'disabled'
              ? 'This account is disabled. Ask an administrator.'
              : 'The email address or password is not right'
        const error = { text, href: '#email' }
        return page(
          reply,
          req,
          { values: { email }, errors: { email: error }, errorList: [error] },
          r.reason === 'locked' ? 429 : 401,
        )
      }
      // A fresh session on every sign-in: a cookie planted before it (fixation) is worth nothing.
      await services.users.signOut(req.cookies[SESSION_COOKIE])
      return reply
        .setCookie(SESSION_COOKIE, r.sessionToken, cookieOptions(production))
        .flash(`Signed in as ${r.user.name}`)
        .redirect(safeNext(body.next), 303)
    })

    if (oidc) {
      // Single sign-on: off to the provider with PKCE, state and nonce in a signed cookie that
      // comes back with the browser (SameSite=Lax: the return is a top-level GET from the provider).
      app.get('/sign-in/oidc', async (req, reply) => {
        try {
          const { url, cookie } = await oidc.start(safeNext((req.query as { next?: string }).next))
          return reply
            .setCookie(OIDC_COOKIE, cookie, {
              path: '/sign-in/oidc',
              httpOnly: true,
              sameSite: 'lax',
              secure: production,
              signed: true,
              maxAge: 600,
            })
            .redirect(url, 302)
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
          identity = await oidc.finish(
            new URL(req.url, 'http://x').search,
            cookie?.valid ? (cookie.value ?? undefined) : undefined,
          )
        } catch (e) {
          if (!(e instanceof OidcError)) throw e
          return fail(e.message, 400)
        }
        const r = await services.users.signInWithIdentity(identity, req.id)
        if (!r.ok)
          return fail(
            r.reason === 'disabled'
              ? 'This account is disabled. Ask an administrator.'
              : `There is no csp-hub account for ${identity.email}. Ask an administrator to add one.`,
            403,
          )
        await services.users.signOut(req.cookies[SESSION_COOKIE])
        return reply
          .setCookie(SESSION_COOKIE, r.sessionToken, cookieOptions(production))
          .flash(`Signed in as ${r.user.name}`)
          .redirect(safeNext(identity.next), 303)
      })
    }

    const own = { config: { access: ACCESS.ownAccount } }

    /** Your account: who you are here, your password, and your calendar's secret address. */
    app.get('/account', own, async (req, reply) => {
      if (!req.user) return reply.redirect('/sign-in', 303)
      const off = await services.users.mailOff(req.user.id)
      return reply.page('access/views/account.njk', {
        pageTitle: 'Your account',
        account: req.user,
        feedUrl: await services.calendarFeeds.urlFor(req.user.id),
        mailItems: Object.entries(MAIL_KINDS).map(([value, text]) => ({ value, text, checked: !off.has(value) })),
        mailOn: services.outbox.on,
      })
    })

    app.post('/account/mail', own, async (req, reply) => {
      if (!req.user) return reply.redirect('/sign-in', 303)
      const chosen = (req.body as Record<string, unknown> | undefined)?.mail
      const on = new Set((Array.isArray(chosen) ? chosen : [chosen]).map((x) => asText(x)))
      await services.users.setMailOff(
        req.user.id,
        Object.keys(MAIL_KINDS).filter((k) => !on.has(k)),
        req.actor,
      )
      return reply.flash('Saved what we email you.').redirect('/account#mail', 303)
    })

    app.post('/account/calendar', own, async (req, reply) => {
      if (!req.user) return reply.redirect('/sign-in', 303)
      const action = asText((req.body as Record<string, unknown> | undefined)?.action)
      const feeds = services.calendarFeeds
      if (action === 'create') await feeds.ensure(req.user.id, req.actor)
      else if (action === 'replace') await feeds.replace(req.user.id, req.actor)
      else if (action === 'revoke') await feeds.revoke(req.user.id, req.actor)
      else return reply.redirect('/account', 303)
      return reply
        .flash(
          action === 'revoke'
            ? 'Your calendar address is turned off: calendars subscribed to it stop updating.'
            : action === 'replace'
              ? 'Your calendar has a new address: the old one no longer works. Subscribe again with the new one.'
              : 'Your calendar address is ready: add it to Outlook or Google Calendar as a subscription.',
        )
        .redirect('/account#calendar', 303)
    })
    app.get('/account/password', own, async (req, reply) => {
      if (!req.user) return reply.redirect('/sign-in', 303)
      return reply.page('access/views/password.njk', { pageTitle: 'Change your password', values: {} })
    })

    app.post('/account/password', own, async (req, reply) => {
      if (!req.user) return reply.redirect('/sign-in', 303)
      const body = (req.body ?? {}) as { current?: string; password?: string; confirm?: string }
      const errors: Record<string, { text: string; href: string }> = {}
      const problem = passwordProblem(body.password ?? '')
      if (!body.current) errors.current = { text: 'Enter your current password', href: '#current' }
      if (problem) errors.password = { text: problem, href: '#password' }
      else if (body.password !== body.confirm)
        errors.confirm = { text: 'The two new passwords are not the same', href: '#confirm' }
      if (
        !Object.keys(errors).length &&
        !(await services.users.changePassword(req.user.id, body.current!, body.password!, req.actor))
      )
        errors.current = { text: 'Your current password is not right', href: '#current' }
      if (Object.keys(errors).length)
        return reply.page(
          'access/views/password.njk',
          { pageTitle: 'Change your password', values: {}, errors, errorList: Object.values(errors) },
          400,
        )
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
