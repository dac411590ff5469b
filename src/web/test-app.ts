import { afterAll, beforeAll } from 'vitest'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { loadConfig } from '../config'
import { buildContainer, type Container } from '../container'
import { buildApp } from './app'
import { testDatabase } from '../db/test-database'
import { runAsEveryone } from '../modules/access/restriction'

export interface TestApp {
  app: FastifyInstance
  container: Container
  /** GETs a page and returns a form token with the cookie it belongs to, as a browser would hold them. */
  formToken(url: string): Promise<{ token: string; cookie: string }>
  /** POSTs a form the way a browser does after loading `from`: CSRF token and cookie included. */
  submit(from: string, to: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse>
  /** POSTs a multipart form (file uploads) as a browser does, CSRF token included. */
  upload(from: string, to: string, fields: Record<string, string>, files: UploadFile[]): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

/**
 * A real app on a real database with the demo partnership loaded; CSRF is on. The database is an
 * in-memory SQLite, or a fresh PostgreSQL schema when CSP_TEST_DATABASE_URL is set.
 */
export async function buildTestApp(
  options: { demo?: boolean; now?: string; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const fixed = new Date(options.now ?? '2025-01-15T10:00:00Z')
  const database = testDatabase()
  const container = await buildContainer(
    loadConfig({ CSP_DATABASE_URL: database.url, CSP_BASE_URL: 'https://csp.example.org', ...options.env }),
    { clock: () => new Date(fixed) },
  )
  if (options.demo !== false) await container.services.demo.load({ name: 'system:test' })
  const app = await buildApp(container)
  await app.ready()
  // The test's own calls to services act as the operator (the CLI), who sees every record; the app's
  // requests read as whoever signed in. Outside either, a service reads as an anonymous visitor.
  const operator: Container = { ...container, services: asOperator(container.services) }

  async function formToken(url: string) {
    const res = await app.inject({ method: 'GET', url })
    if (res.statusCode !== 200) throw new Error(`GET ${url} gave ${res.statusCode}`)
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1]
    if (!token) throw new Error(`GET ${url} has no form token`)
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    return { token, cookie }
  }

  return {
    app,
    container: operator,
    formToken,
    async submit(from, to, fields) {
      const { token, cookie } = await formToken(from)
      return app.inject({
        method: 'POST',
        url: to,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        // Repeated names for several ticked checkboxes, as a browser sends them.
        payload: new URLSearchParams([
          ...Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
          ['_csrf', token],
        ] as [string, string][]).toString(),
      })
    },
    async upload(from, to, fields, files) {
      const { token, cookie } = await formToken(from)
      const { type, payload } = multipart({ _csrf: token, ...fields }, files)
      return app.inject({ method: 'POST', url: to, headers: { cookie, 'content-type': type }, payload })
    },
    async close() {
      await app.close()
      await container.close()
      await database.drop()
    },
  }
}

/** Services whose every call reads as the operator (the CLI), for a test's own set-up and checks. */
export function asOperator<T extends object>(services: T): T {
  const wrap = (service: object) =>
    new Proxy(service, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver) as unknown
        return typeof v === 'function'
          ? (...args: unknown[]) => runAsEveryone(() => (v as (...a: unknown[]) => unknown).apply(target, args))
          : v
      },
    })
  return Object.fromEntries(
    Object.entries(services).map(([k, v]) => [k, v && typeof v === 'object' ? wrap(v as object) : v]),
  ) as T
}

/** The ids the tests need from the demo: the three meetings in date order. */
export async function demoMeetings(t: TestApp) {
  const p = await t.container.services.partnership.current()
  const all = await t.container.services.meetings.list(p.id)
  const previous = all.find((m) => m.date === '2024-10-02')!
  const reference = all.find((m) => m.date === null)!
  const next = all.find((m) => m.date === '2025-03-13')!
  return { partnership: p, previous, reference, next }
}

/** A test app holding the whole demo, its stand-in boundaries and twelve months of Dorset crime included. */
export async function buildPerformanceTestApp(): Promise<{ t: TestApp; partnershipId: string }> {
  const t = await buildTestApp({ demo: false, now: '2026-01-15T09:00:00Z' })
  await t.container.services.demo.load({ name: 'system:test' }, undefined, { performance: true })
  return { t, partnershipId: (await t.container.services.partnership.current()).id }
}

/** Registers a test file's set-up and tear-down of an app; read `t` and `partnershipId` inside tests. */
function useApp(build: () => Promise<{ t: TestApp; partnershipId: string }>): {
  readonly t: TestApp
  readonly partnershipId: string
} {
  const state = {} as { t: TestApp; partnershipId: string }
  beforeAll(async () => {
    Object.assign(state, await build())
  }, 120000)
  afterAll(async () => state.t?.close())
  return state
}

/** The demo partnership with its performance data (boundaries, a year of crime). */
export const usePerformanceApp = () => useApp(buildPerformanceTestApp)

/** The demo partnership's meetings and people, no crime. */
export const useDemoApp = (now = '2026-01-15T09:00:00Z') =>
  useApp(async () => {
    const t = await buildTestApp({ now })
    return { t, partnershipId: (await t.container.services.partnership.current()).id }
  })

/** A signed-in browser: its session cookie goes with every request, and forms carry their CSRF token. */
export interface Browser {
  /** The session cookie, for a request the helpers do not make. */
  readonly cookie: string
  get(url: string): Promise<LightMyRequestResponse>
  /** Loads `from`, then posts the form to `to` with its token, as the browser would. */
  submit(from: string, to: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse>
  /** The same for a form with file uploads. */
  upload(from: string, to: string, fields: Record<string, string>, files: UploadFile[]): Promise<LightMyRequestResponse>
}

type UploadFile = { field: string; name: string; content: Buffer | string }

/** A multipart/form-data body as a browser sends a form with files. */
function multipart(fields: Record<string, string>, files: readonly UploadFile[]) {
  const boundary = `----csp${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
    )
    parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content))
    parts.push(Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { type: `multipart/form-data; boundary=${boundary}`, payload: Buffer.concat(parts) }
}

/** Signs in through the sign-in form (from its own address, so rate limits stay per test browser). */
export async function signInAs(
  t: TestApp,
  email: string,
  password: string,
  remoteAddress = '10.9.0.1',
): Promise<Browser> {
  const login = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress })
  const token0 = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!
  const csrf0 = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  const signed = await t.app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress,
    headers: { cookie: csrf0, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token0, email, password }).toString(),
  })
  const session = signed.cookies.find((c) => c.name === 'csp_session')
  if (signed.statusCode !== 303 || !session) throw new Error(`${email} could not sign in (${signed.statusCode})`)
  const cookie = `csp_session=${session.value}`
  const get = (url: string) => t.app.inject({ method: 'GET', url, remoteAddress, headers: { cookie } })
  /** Loads the form's page as the browser would: its token, and the cookies to send back with it. */
  const formPage = async (from: string) => {
    const page = await get(from)
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
    if (!token) throw new Error(`GET ${from} gave ${page.statusCode} with no form token`)
    return { token, cookie: `${cookie}; ${page.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}` }
  }
  return {
    cookie,
    get,
    async submit(from, to, fields) {
      const { token, cookie: all } = await formPage(from)
      const body = new URLSearchParams([
        ...Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
        ['_csrf', token],
      ] as [string, string][])
      return t.app.inject({
        method: 'POST',
        url: to,
        remoteAddress,
        headers: { cookie: all, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      })
    },
    async upload(from, to, fields, files) {
      const { token, cookie: all } = await formPage(from)
      const { type, payload } = multipart({ _csrf: token, ...fields }, files)
      return t.app.inject({
        method: 'POST',
        url: to,
        remoteAddress,
        headers: { cookie: all, 'content-type': type },
        payload,
      })
    },
  }
}
