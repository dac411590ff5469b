import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, signInAs, type TestApp } from '../../web/test-app'
import { runAsEveryone } from '../access/restriction'
import { isoWeek } from './action-digest'
import { digestDue, notifyService } from './notify.service'
import { outboxService, retryDelayMs } from './outbox.service'
import { close, listen, smtpServer, type Received } from './test-smtp'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp({ now: '2025-03-01T09:00:00Z' })
  await t.container.services.users.add(
    (await t.container.services.partnership.current()).id,
    { email: 'ian@example.org', role: 'member', password: 'a long test passphrase', person: 'Ian Denness' },
    { name: 'system:test' },
  )
}, 60000)
afterAll(() => t?.close())

describe('email that is never lost', () => {
  it('sends Ian Denness his open actions once a week, nothing twice, and keeps what the server could not take until it returns', async () => {
    const received: Received[] = []
    let server = smtpServer(received)
    const port = await listen(server)
    let now = new Date('2025-03-01T09:00:00Z')
    const clock = () => new Date(now)
    const db = t.container.database.db
    const outbox = outboxService(db, clock, { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'CSP <csp@example.org>' })
    const { actions, partnership, registers } = t.container.services
    const notify = notifyService(db, clock, { outbox, actions, partnership, registers }, 'https://csp.example.org')

    const first = await notify.run('2025-03-01')
    expect(first).toMatchObject({ queued: 1, sent: 1, failed: 0, waiting: 0, off: false })
    expect(received).toHaveLength(1)
    expect(received[0]!.to).toEqual(['ian@example.org'])
    const text = received[0]!.data.replace(/=\r?\n/g, '').replace(/\r?\n\s+/g, ' ')
    expect(text).toContain('Subject: Your actions for Dorset Community Safety Partnership')
    // Paragraph 2.1 of the reference minutes: both of his actions, with their paragraph.
    expect(text).toContain('Identify ASB and violent crime hotspots')
    expect(text).toContain('Monthly operational performance reports')
    expect(text).toContain('(minutes paragraph 2.1)')
    expect(text).not.toContain('Managing individuals who have a disproportionately high impact')

    // The same week again: nothing new, nothing sent twice.
    expect(await notify.run('2025-03-01')).toMatchObject({ queued: 0, sent: 0 })
    expect(await notify.run('2025-03-02')).toMatchObject({ queued: 0, sent: 0 })
    expect(received).toHaveLength(1)

    // The server is down for the next week's digest: kept, with why, and tried again later.
    await close(server)
    expect(isoWeek('2025-03-08')).not.toBe(isoWeek('2025-03-01'))
    const down = await notify.run('2025-03-08')
    expect(down).toMatchObject({ queued: 1, sent: 0, failed: 1, waiting: 1 })
    const kept = await db.selectFrom('outbox_message').selectAll().where('state', '=', 'pending').execute()
    expect(kept).toHaveLength(1)
    expect(kept[0]!.attempts).toBe(1)
    expect(kept[0]!.last_error).toBeTruthy()
    // Not before its time, however often the run comes.
    expect(await outbox.deliver()).toMatchObject({ sent: 0, failed: 0, waiting: 1 })

    server = smtpServer(received)
    await listen(server, port)
    now = new Date(now.getTime() + retryDelayMs(1) + 1000)
    expect(await outbox.deliver()).toMatchObject({ sent: 1, failed: 0, waiting: 0 })
    expect(received).toHaveLength(2)
    expect(received[1]!.data).toContain('Your actions for Dorset Community Safety Partnership')
    await close(server)
    const all = await outbox.list((await partnership.current()).id)
    expect(all.map((m) => m.state)).toEqual(['sent', 'sent'])
  }, 60000)

  it('queues but does not send without CSP_SMTP_URL, and says mail is off', async () => {
    const r = await t.container.services.notify.run('2025-03-15')
    expect(r).toMatchObject({ queued: 1, sent: 0, off: true, waiting: 1 })
    expect(t.container.services.outbox.on).toBe(false)
  })

  it('shows administrators the outbox with each message’s state, and that mail is off', async () => {
    await t.container.services.users.add(
      (await t.container.services.partnership.current()).id,
      { email: 'admin@example.org', role: 'administrator', password: 'a long test passphrase' },
      { name: 'system:test' },
    )
    const admin = await signInAs(t, 'admin@example.org', 'a long test passphrase')
    const page = (await admin.get('/admin/outbox')).body
    expect(page).toContain('Mail is off')
    expect(page.match(/<strong class="govuk-tag govuk-tag--green">Sent<\/strong>/g)).toHaveLength(2)
    expect(page).toContain('<strong class="govuk-tag govuk-tag--yellow">Waiting</strong>')
    const ian = await signInAs(t, 'ian@example.org', 'a long test passphrase', '10.9.0.2')
    expect((await ian.get('/admin/outbox')).statusCode).toBe(404)
  })

  it('queues the weekly digests on Monday mornings, London time, through summer time', () => {
    expect(digestDue(new Date('2025-03-03T07:30:00Z'))).toBe(true) // Monday, GMT
    expect(digestDue(new Date('2025-03-03T06:59:00Z'))).toBe(false)
    expect(digestDue(new Date('2025-06-02T06:30:00Z'))).toBe(true) // Monday 07:30 BST
    expect(digestDue(new Date('2025-06-03T09:00:00Z'))).toBe(false) // Tuesday
  })

  it('queues "minutes circulated" to every account and "an action for you" to its owner, unless they turned it off', async () => {
    const db = t.container.database.db
    const { minutes, meetings, actions, partnership } = t.container.services
    const p = await partnership.current()
    const all = await meetings.list(p.id)
    const reference = all.find((m) => m.date === null)!
    const kinds = async (kind: string) =>
      (await db.selectFrom('outbox_message').select('to_address').where('kind', '=', kind).execute())
        .map((m) => m.to_address)
        .sort()
    // The demo's reference minutes are circulated already: back to draft, then circulated again.
    const move = async (to: 'draft' | 'circulated') =>
      minutes.transition(
        reference.id,
        { to, approvedAtMeetingId: null, version: (await meetings.get(reference.id)).minutes_version },
        { name: 'system:test' },
      )
    await move('draft')
    expect(await kinds('minutes.circulated')).toEqual([])
    await move('circulated')
    expect(await kinds('minutes.circulated')).toEqual(['admin@example.org', 'ian@example.org'])

    const ian = (await t.container.services.partnership.people(p.id)).find((x) => x.displayName === 'Ian Denness')!
    const give = (title: string) =>
      db.transaction().execute((tx) =>
        actions.createIn(
          tx,
          p.id,
          {
            meetingId: reference.id,
            paragraphId: null,
            markerIndex: 0,
            title,
            description: '',
            ownerIds: [ian.id],
          },
          { name: 'system:test' },
        ),
      )
    await give('Share the hotspot map with the neighbourhood teams')
    expect(await kinds('actions.assigned')).toEqual(['ian@example.org'])
    const body = (
      await db
        .selectFrom('outbox_message')
        .select('body')
        .where('kind', '=', 'actions.assigned')
        .executeTakeFirstOrThrow()
    ).body
    expect(body).toContain('Share the hotspot map with the neighbourhood teams')

    // Ian turns "an action given to me" off on his account page: the next one is not queued.
    const browser = await signInAs(t, 'ian@example.org', 'a long test passphrase', '10.9.0.5')
    const saved = await browser.submit('/account', '/account/mail', {
      mail: ['agenda.published', 'minutes.circulated', 'actions.digest', 'dhr.deadline'],
    })
    expect(saved.statusCode).toBe(303)
    expect((await browser.get('/account')).body).not.toMatch(/value="actions.assigned" checked/)
    await give('Report back on the Weymouth ASB figures')
    expect(await kinds('actions.assigned')).toEqual(['ian@example.org'])
  })

  it('reminds only the people named on a review of its statutory deadline, with no detail of the case', async () => {
    const db = t.container.database.db
    const { registers, partnership, users } = t.container.services
    const p = await partnership.current()
    // The administrator records a review (named on it, as its recorder); Ian is named too.
    const admin = await signInAs(t, 'admin@example.org', 'a long test passphrase', '10.9.0.6')
    const made = await admin.submit('/registers/dhr/new', '/registers/dhr/new', {
      ref: 'DHR-2025-03',
      title: 'Review of a death in February',
      visibility: 'restricted',
      'notifiedOn-day': '20',
      'notifiedOn-month': '2',
      'notifiedOn-year': '2025',
    })
    expect(made.statusCode).toBe(303)
    const review = (await runAsEveryone(() => registers.listDhr(p.id))).find((r) => r.ref === 'DHR-2025-03')!
    expect(review.clock.decisionDue).toBe('2025-03-20')
    const ian = (await users.list(p.id)).find((u) => u.email === 'ian@example.org')!
    await db
      .insertInto('record_access')
      .values({
        subject_type: 'register_entry',
        subject_id: review.id,
        user_id: ian.id,
        created_at: '2025-03-01T00:00:00Z',
      })
      .execute()
    // Two weeks out: nothing yet. Three days before: both named people, and no one else.
    await t.container.services.notify.run('2025-03-01', { digests: true })
    const reminders = () =>
      db
        .selectFrom('outbox_message')
        .select(['to_address', 'subject', 'body'])
        .where('kind', '=', 'dhr.deadline')
        .execute()
    expect(await reminders()).toEqual([])
    await t.container.services.notify.run('2025-03-17')
    const sent = await reminders()
    expect(sent.map((m) => m.to_address).sort()).toEqual(['admin@example.org', 'ian@example.org'])
    expect(sent[0]!.subject).toBe('Domestic Homicide Review DHR-2025-03: deadline approaching')
    expect(sent[0]!.body).toContain('the decision whether to hold a review is 20 March 2025')
    expect(sent[0]!.body).toContain(`/registers/dhr/${review.id}`)
    expect(sent.some((m) => m.body.includes('death') || m.body.includes('February'))).toBe(false)
  })
})
