import type { FastifyInstance } from 'fastify'
import type { Role } from '../modules/access/access.table'

/**
 * Who may read a route and who may change through it, declared where the routes are: each
 * feature's routes plugin names its rule first (guardRoutes), a route that differs says so in its
 * own options (`config: { access }`), and a route nobody declared is the administrators' to change
 * (fail closed). The access hooks (modules/access) enforce the rule of the route a request matched.
 */
export interface RouteAccess {
  /** public: anyone; signed-in: any account (or the single user before accounts); administrator: a 404 to anyone else. */
  read: 'public' | 'signed-in' | 'administrator'
  /** The roles that may change through it; 'anyone' for signing in and out; 'self' for one's own account. */
  write: readonly Role[] | 'anyone' | 'self'
  /** A member may add updates to the actions they own (the route's :id). */
  ownAction?: boolean
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess
    /** The route takes files (multipart); every other route refuses a multipart body unread. */
    upload?: boolean
  }
}

const ADMINS: readonly Role[] = ['administrator']
const ANALYSTS: readonly Role[] = ['administrator', 'analyst']
const COORDINATORS: readonly Role[] = ['administrator', 'coordinator']

export const ACCESS = {
  /** Pages and files anyone may read (the published minutes, health, styles and scripts). */
  public: { read: 'public', write: ADMINS },
  /** Signing in and out. */
  signingIn: { read: 'public', write: 'anyone' },
  /** One's own account. */
  ownAccount: { read: 'signed-in', write: 'self' },
  /** Read by any account, changed by administrators: analysis pages, the API, open data. */
  signedIn: { read: 'signed-in', write: ADMINS },
  /** The meeting cycle and the registers: changed by coordinators. */
  coordinated: { read: 'signed-in', write: COORDINATORS },
  /** Data, measures and crime groups: changed by analysts. */
  analysed: { read: 'signed-in', write: ANALYSTS },
  /** Administration: a 404 to anyone but administrators. */
  administration: { read: 'administrator', write: ADMINS },
} as const satisfies Record<string, RouteAccess>

/** The rule of a route nobody declared: read by any account, changed by administrators alone. */
const UNDECLARED: RouteAccess = { ...ACCESS.signedIn }

/** The rule for every route a plugin adds (a route's own `config.access` wins). Call first in the plugin. */
export function guardRoutes(app: FastifyInstance, rule: RouteAccess): void {
  app.addHook('onRoute', (r) => {
    if (!r.config?.access || r.config.access === UNDECLARED) r.config = { ...(r.config ?? {}), access: rule }
  })
}

/** Gives every route a rule as it is registered (fail closed): call on the root before any route is added. */
export function declareRouteAccess(app: FastifyInstance): void {
  app.addHook('onRoute', (r) => {
    r.config = { ...(r.config ?? {}), access: r.config?.access ?? UNDECLARED }
  })
}

export function mayRead(role: Role, rule: RouteAccess): boolean {
  return rule.read !== 'administrator' || role === 'administrator'
}

/** Whether the role may change through the route (before the own-action exception). */
export function mayWrite(role: Role, rule: RouteAccess): boolean {
  return rule.write === 'anyone' || rule.write === 'self' || rule.write.includes(role)
}

/** A registered route and its rule (read when asked: a plugin's rule is set after the root's hooks run). */
export interface RouteEntry {
  method: string
  url: string
  readonly access: RouteAccess | undefined
}

const patterns = new Map<string, RegExp>()
function patternOf(url: string): RegExp {
  let re = patterns.get(url)
  if (!re) {
    const body = url
      .split('/')
      .map((part) =>
        part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/')
    re = new RegExp(`^${body}$`)
    patterns.set(url, re)
  }
  return re
}

/**
 * The rule of the route a method and address would reach (a static route before one with
 * parameters, as the router chooses), or, for an address that is only the start of some (e.g.
 * "/meetings" to ask whether meetings can be changed), that of the first such route of the method.
 */
export function ruleFor(routes: readonly RouteEntry[], method: string, path: string): RouteAccess | undefined {
  const same = routes.filter((r) => r.method === method)
  const hits = same.filter((r) => patternOf(r.url).test(path))
  if (hits.length) {
    const params = (u: string) => (u.match(/[:*]/g) ?? []).length
    return hits.sort((a, b) => params(a.url) - params(b.url))[0]!.access
  }
  const prefix = same.find((r) => r.url.startsWith(`${path}/`))
  return prefix?.access
}
