import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../web/test-app'
import { SESSION_COOKIE } from './access.routes'

/**
 * Single sign-on against a real OpenID Connect provider (panva's oidc-provider, certified) started
 * here on 127.0.0.1: csp-hub discovers it, sends the browser there with PKCE, and exchanges the
 * code over HTTP. The provider's own login page takes any login; the login given is the email.
 */
const REDIRECT = 'https://csp.example.org/sign-in/oidc/callback'
let server: Server
let issuer: string
let t: TestApp
const actor = { name: 'system:test' }

beforeAll(async () => {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end()
  server = createServer((req, res) => handler(req, res))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'csp-hub',
        client_secret: 'a test client secret',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: id, email_verified: !id.startsWith('unverified') }),
    }),
    pkce: { required: () => true },
  })
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- node:http awaits nothing; the provider answers each request itself
  handler = provider.callback()
  t = await buildTestApp({
    env: {
      CSP_OIDC_ISSUER: issuer,
      CSP_OIDC_CLIENT_ID: 'csp-hub',
      CSP_OIDC_CLIENT_SECRET: 'a test client secret',
      CSP_OIDC_LABEL: 'Microsoft',
    },
  })
  const p = await t.container.services.partnership.current()
  await t.container.services.users.add(
    p.id,
    { email: 'chair@example.org', name: 'Cllr Chair', role: 'administrator', password: 'a long test passphrase' },
    actor,
  )
  await t.container.services.users.add(
    p.id,
    { email: 'gone@example.org', role: 'viewer', password: 'a long test passphrase' },
    actor,
  )
  await t.container.services.users.disable('gone@example.org', actor)
}, 60000)
afterAll(async () => {
  await t?.close()
  server?.close()
})

/** Drives the provider as a browser would: follows redirects with its cookies and submits its login and consent forms. */
async function throughProvider(start: string, login: string): Promise<URL> {
  const jar = new Map<string, string>()
  let url = start
  let method = 'GET'
  let body: string | undefined
  for (let step = 0; step < 12; step++) {
    const res = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair!.indexOf('=')
      jar.set(pair!.slice(0, i), pair!.slice(i + 1))
    }
    const location = res.headers.get('location')
    if (location) {
      const next = new URL(location, url)
      if (next.href.startsWith(REDIRECT)) return next
      ;[url, method, body] = [next.href, 'GET', undefined]
      continue
    }
    const html = await res.text()
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    if (!action) throw new Error(`The provider stopped at ${url} (${res.status}): ${html.slice(0, 300)}`)
    const fields = new URLSearchParams(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
    )
    if (html.includes('name="login"')) {
      fields.set('login', login)
      fields.set('password', 'anything')
    }
    ;[url, method, body] = [new URL(action, url).href, 'POST', fields.toString()]
  }
  throw new Error('The provider did not send the browser back')
}

async function ssoSignIn(login: string, next = '/actions') {
  const start = await t.app.inject({ method: 'GET', url: `/sign-in/oidc?next=${encodeURIComponent(next)}` })
  expect(start.statusCode).toBe(302)
  expect(start.headers.location).toMatch(new RegExp(`^${issuer}/auth\\?`))
  const sent = new URL(start.headers.location as string)
  expect(sent.searchParams.get('code_challenge_method')).toBe('S256')
  expect(sent.searchParams.get('redirect_uri')).toBe(REDIRECT)
  const cookie = start.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  const back = await throughProvider(start.headers.location as string, login)
  return t.app.inject({ method: 'GET', url: `/sign-in/oidc/callback${back.search}`, headers: { cookie } })
}

describe('single sign-on through OpenID Connect', () => {
  it('offers it on the sign-in page, and signs in the account with the email the provider vouches for', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/sign-in?next=%2Fdecisions' })
    expect(page.body).toContain('Sign in with Microsoft')
    expect(page.body).toContain('href="/sign-in/oidc?next=%2Fdecisions"')
    const done = await ssoSignIn('Chair@Example.org')
    expect(done.statusCode, done.body).toBe(303)
    expect(done.headers.location).toBe('/actions')
    const session = done.cookies.find((c) => c.name === SESSION_COOKIE)!
    const home = await t.app.inject({
      method: 'GET',
      url: '/actions',
      headers: { cookie: `${SESSION_COOKIE}=${session.value}` },
    })
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Signed in as Cllr Chair (administrator)')
    const event = await t.container.database.db
      .selectFrom('audit_event')
      .select(['actor', 'details'])
      .where('action', '=', 'user.sign_in')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow()
    expect(event.actor).toBe('chair@example.org')
    expect(JSON.parse(event.details)).toEqual({ method: 'oidc', issuer, subject: 'Chair@Example.org' })
  })

  it('makes no account for an identity without one, and refuses a disabled or unverified one', async () => {
    const stranger = await ssoSignIn('stranger@example.org')
    expect(stranger.statusCode).toBe(403)
    expect(stranger.body).toContain(
      'There is no csp-hub account for stranger@example.org. Ask an administrator to add one.',
    )
    expect(stranger.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined()
    expect(
      await t.container.database.db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', 'stranger@example.org')
        .executeTakeFirst(),
    ).toBeUndefined()
    expect((await ssoSignIn('gone@example.org')).body).toContain('This account is disabled')
    expect((await ssoSignIn('unverified@example.org')).body).toContain('has not verified unverified@example.org')
  })

  it('refuses a callback it did not start, or whose state was tampered with', async () => {
    const forged = await t.app.inject({ method: 'GET', url: '/sign-in/oidc/callback?code=abc&state=xyz' })
    expect(forged.statusCode).toBe(400)
    expect(forged.body).toContain('This sign-in was not started here')
    const start = await t.app.inject({ method: 'GET', url: '/sign-in/oidc' })
    const cookie = start.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const back = await throughProvider(start.headers.location as string, 'chair@example.org')
    back.searchParams.set('state', 'tampered')
    const tampered = await t.app.inject({
      method: 'GET',
      url: `/sign-in/oidc/callback${back.search}`,
      headers: { cookie },
    })
    expect(tampered.statusCode).toBe(400)
    expect(tampered.body).toContain('The sign-in could not be completed')
    expect(tampered.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined()
  })
})
