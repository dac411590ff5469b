import { afterAll, describe, expect, it } from 'vitest'
import { buildTestApp, signInAs, type TestApp } from './test-app'

const apps: TestApp[] = []
afterAll(() => Promise.all(apps.map((a) => a.close())))
const actor = { name: 'system:test' }
const PASS = 'a long test passphrase'

async function statuses(t: TestApp, n: number, headers: Record<string, string>, remoteAddress = '127.0.0.1') {
  const out: number[] = []
  for (let i = 0; i < n; i++)
    out.push((await t.app.inject({ method: 'GET', url: '/accessibility', remoteAddress, headers })).statusCode)
  return out
}

describe('the rate limit behind a proxy', () => {
  it("counts each person's own address when the proxy is trusted, and the proxy's when it is not", async () => {
    const trusted = await buildTestApp({ env: { CSP_RATE_LIMIT: '3', CSP_TRUSTED_PROXIES: '127.0.0.1' } })
    apps.push(trusted)
    expect(await statuses(trusted, 4, { 'x-forwarded-for': '203.0.113.1' })).toEqual([200, 200, 200, 429])
    expect(await statuses(trusted, 1, { 'x-forwarded-for': '203.0.113.2' })).toEqual([200])
    const untrusted = await buildTestApp({ env: { CSP_RATE_LIMIT: '3' } })
    apps.push(untrusted)
    expect(await statuses(untrusted, 3, { 'x-forwarded-for': '203.0.113.1' })).toEqual([200, 200, 200])
    // A forged header from an untrusted client changes nothing: still one allowance.
    expect(await statuses(untrusted, 1, { 'x-forwarded-for': '203.0.113.9' })).toEqual([429])
  })

  it('gives each signed-in person an allowance of their own, wherever they connect from', async () => {
    const t = await buildTestApp({ env: { CSP_RATE_LIMIT: '4' } })
    apps.push(t)
    for (const who of ['a', 'b'])
      await t.container.services.users.add(
        (await t.container.services.partnership.current()).id,
        { email: `${who}@example.org`, role: 'viewer', password: PASS },
        actor,
      )
    const a = await signInAs(t, 'a@example.org', PASS, '10.6.0.1')
    const b = await signInAs(t, 'b@example.org', PASS, '10.6.0.1')
    const codes = async (x: typeof a, n: number) =>
      Promise.all(Array.from({ length: n }, () => x.get('/meetings').then((r) => r.statusCode)))
    expect(await codes(a, 5)).toContain(429)
    expect(await codes(b, 3)).toEqual([200, 200, 200])
  })
})
