import { describe, expect, it } from 'vitest'
import { useDemoApp } from '../../web/test-app'
import { isPublic, mayRead, mayWrite, SESSION_COOKIE } from './access.routes'
import { roles } from './access.table'

const app = useDemoApp()
const actor = { name: 'system:test' }

/** Routes tested elsewhere (signing in and out, one's own password) or that only serve files. */
const SKIP = /^\/(sign-in|sign-out|account\/password)$|^\/(assets|stylesheets|javascripts|vendor)\//

function routes(method: string) {
  const seen = new Set<string>()
  return app.t.app.routeList
    .filter((r) => r.method === method && !SKIP.test(r.url) && !r.url.includes('*'))
    .map((r) => r.url.replace(/:[a-zA-Z]+/g, 'no-such-id'))
    .filter((u) => !seen.has(u) && seen.add(u))
}

describe('every route × every role', () => {
  it('refuses each change to the roles not allowed it (403), lets the others through, and hides admin pages (404)', async () => {
    const t = app.t
    const posts = routes('POST')
    const gets = routes('GET').filter((u) => !/^\/(health|ping|info)$/.test(u))
    expect(posts.length).toBeGreaterThanOrEqual(20)
    expect(gets.length).toBeGreaterThan(35)
    let checked = 0
    for (const [n, role] of roles.entries()) {
      const email = `${role}@example.org`
      await t.container.services.users.add(app.partnershipId, { email, role, password: 'a long test passphrase' }, actor)
      const remoteAddress = `10.0.0.${n + 1}`
      const login = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress })
      const token0 = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!
      const csrf0 = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
      const signed = await t.app.inject({ method: 'POST', url: '/sign-in', remoteAddress, headers: { cookie: csrf0, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token0, email, password: 'a long test passphrase' }).toString() })
      expect(signed.statusCode, role).toBe(303)
      const session = `${SESSION_COOKIE}=${signed.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`
      const home = await t.app.inject({ method: 'GET', url: '/', remoteAddress, headers: { cookie: session } })
      const token = /name="_csrf" value="([^"]+)"/.exec(home.body)![1]!
      const cookie = `${session}; ${home.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`
      for (const url of gets) {
        const res = await t.app.inject({ method: 'GET', url, remoteAddress, headers: { cookie } })
        if (!mayRead(role, url)) expect(res.statusCode, `${role} GET ${url}`).toBe(404)
        else expect([401, 403], `${role} GET ${url}`).not.toContain(res.statusCode)
        expect(res.headers.location ?? '', `${role} GET ${url}`).not.toMatch(/^\/sign-in/)
        checked++
      }
      for (const url of posts) {
        const res = await t.app.inject({ method: 'POST', url, remoteAddress, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(token)}` })
        if (mayWrite(role, url)) expect([401, 403], `${role} POST ${url}`).not.toContain(res.statusCode)
        else expect(res.statusCode, `${role} POST ${url}`).toBe(403)
        checked++
      }
    }
    expect(checked).toBe(roles.length * (gets.length + posts.length))
  }, 120000)

  it('sends an anonymous visitor to sign in for every page but the public ones, and refuses every change', async () => {
    const t = app.t
    if (!(await t.container.services.users.accountsOn())) await t.container.services.users.add(app.partnershipId, { email: 'first@example.org', role: 'administrator', password: 'a long test passphrase' }, actor)
    for (const url of routes('GET')) {
      const res = await t.app.inject({ method: 'GET', url, remoteAddress: '10.0.1.1' })
      if (isPublic(url)) expect(res.statusCode, url).not.toBe(303)
      else if (url.startsWith('/api/')) expect(res.statusCode, url).toBe(401)
      else expect(res.headers.location, url).toBe(`/sign-in?next=${encodeURIComponent(url)}`)
    }
    for (const url of routes('POST')) expect((await t.app.inject({ method: 'POST', url, remoteAddress: '10.0.1.2', payload: {} })).statusCode, url).toBe(401)
  })
})
