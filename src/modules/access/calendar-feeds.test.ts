import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { signInAs, useDemoApp } from '../../web/test-app'

const app = useDemoApp()
const actor = { name: 'system:test' }
const PASS = 'a long test passphrase'
const root = fileURLToPath(new URL('../../../', import.meta.url))

describe('calendars that subscribe, once accounts are on', () => {
  it('serves the public feed without a session and without join links, and each account its secret address', async () => {
    const t = app.t
    await t.container.services.users.add(
      app.partnershipId,
      { email: 'ian@example.org', role: 'member', password: PASS, person: 'Ian Denness' },
      actor,
    )
    // Accounts are on: the meeting pages ask for sign-in, the public feed does not.
    expect((await t.app.inject('/meetings')).statusCode).toBe(303)
    const open = await t.app.inject('/calendar.ics')
    expect(open.statusCode).toBe(200)
    expect(open.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(open.body).toContain('DTSTART;TZID=Europe/London:20250313T140000')
    expect(open.body).not.toContain('Join the meeting')
    expect(open.body).toContain('/published')

    const ian = await signInAs(t, 'ian@example.org', PASS)
    const page = await ian.get('/account')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Get a calendar address')
    const made = await ian.submit('/account', '/account/calendar', { action: 'create' })
    expect(made.statusCode).toBe(303)
    const body = (await ian.get('/account')).body
    const url = /<input[^>]*id="feed-url"[^>]*value="([^"]+)"/.exec(body)?.[1]
    expect(url).toMatch(/^https?:\/\/[^/]+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/)
    const path = new URL(url!).pathname
    const mine = await t.app.inject(path)
    expect(mine.statusCode).toBe(200)
    expect(mine.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(mine.body).toContain('DTSTART;TZID=Europe/London:20250313T140000')
    expect(mine.body).toContain('Agenda\\, papers and minutes')

    // Replaced: the old address is gone at once; turned off: so is the new one.
    await ian.submit('/account', '/account/calendar', { action: 'replace' })
    expect((await t.app.inject(path)).statusCode).toBe(404)
    const next = new URL(await t.container.services.calendarFeeds.ensureByEmail('ian@example.org', actor)).pathname
    expect(next).not.toBe(path)
    expect((await t.app.inject(next)).statusCode).toBe(200)
    await ian.submit('/account', '/account/calendar', { action: 'revoke' })
    expect((await t.app.inject(next)).statusCode).toBe(404)
    expect((await t.app.inject('/calendar/not-a-token.ics')).statusCode).toBe(404)
    const audit = await t.container.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'user.calendar_feed.%')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'user.calendar_feed.create',
      'user.calendar_feed.replace',
      'user.calendar_feed.revoke',
    ])
  })

  it('prints an address with `csp users feed-url`, which answers until it is revoked; a disabled account’s answers 404', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csp-feed-'))
    try {
      const env = { ...process.env, CSP_DATABASE_URL: join(dir, 'csp.sqlite'), CSP_BASE_URL: 'https://csp.example.org' }
      const csp = (...args: string[]) =>
        execFileSync(process.execPath, [join(root, 'bin/csp.mjs'), ...args], {
          env,
          input: `${PASS}\n`,
        }).toString()
      csp('demo', 'load', '--no-crime')
      csp('users', 'add', 'ian@example.org', '--role', 'member', '--person', 'Ian Denness')
      const url = csp('users', 'feed-url', 'ian@example.org').trim()
      expect(url).toMatch(/^https:\/\/csp\.example\.org\/calendar\/[A-Za-z0-9_-]{43}\.ics$/)
      // Asked again, the same address: subscriptions keep working.
      expect(csp('users', 'feed-url', 'ian@example.org').trim()).toBe(url)
      expect(csp('users', 'feed-url', 'ian@example.org', '--revoke')).toContain('Turned off')
      expect(csp('users', 'feed-url', 'ian@example.org').trim()).not.toBe(url)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const t = app.t
    const url = await t.container.services.calendarFeeds.ensureByEmail('ian@example.org', actor)
    await t.container.services.users.disable('ian@example.org', actor)
    expect((await t.app.inject(new URL(url).pathname)).statusCode).toBe(404)
  }, 60000)
})
