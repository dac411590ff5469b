import { describe, expect, it } from 'vitest'
import { signInAs, useDemoApp } from '../../web/test-app'

const app = useDemoApp()
const PASS = 'a long test passphrase'

describe('controls a role cannot use are not offered to it', () => {
  it('shows a viewer no forms for groups, and refuses form pages before anything is typed, with the reason', async () => {
    const t = app.t
    const add = (email: string, role: string) =>
      t.container.services.users.add(app.partnershipId, { email, role, password: PASS }, { name: 'system:test' })
    await add('admin@example.org', 'administrator')
    await add('viewer@example.org', 'viewer')
    await add('analyst@example.org', 'analyst')
    const viewer = await signInAs(t, 'viewer@example.org', PASS, '10.8.0.1')
    const analyst = await signInAs(t, 'analyst@example.org', PASS, '10.8.0.2')
    expect((await viewer.get('/groups')).body).not.toContain('<form method="post" action="/groups"')
    expect((await analyst.get('/groups')).body).toContain('<form method="post" action="/groups"')
    for (const url of ['/meetings/new', '/forward-plan/new']) {
      const refused = await viewer.get(url)
      expect(refused.statusCode, url).toBe(403)
      expect(refused.body, url).toContain('You cannot make this change')
    }
    const coordinatorOnly = await analyst.get('/meetings/new')
    expect(coordinatorOnly.statusCode).toBe(403)
  })
})
