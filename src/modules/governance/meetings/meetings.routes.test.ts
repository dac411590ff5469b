import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, demoMeetings, type TestApp } from '../../../web/test-app'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

const validMeeting = {
  title: 'Community Safety Partnership',
  'date-day': '12',
  'date-month': '6',
  'date-year': '2025',
  startTime: '2pm',
  endTime: '',
  venue: '',
  onlinePlatform: 'Microsoft Teams',
  onlineUrl: 'https://teams.example.org/meet/123',
  status: 'scheduled',
  note: '',
}

async function meetingCount() {
  const r = await t.container.database.db
    .selectFrom('meeting')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

describe('the reference meeting page', () => {
  it('shows attendance in three tables, the apologies and quorum', async () => {
    const { reference } = await demoMeetings(t)
    const res = await t.app.inject(`/meetings/${reference.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Core members')
    expect(res.body).toContain('Partners attending')
    expect(res.body).toContain('Officers and support')
    expect(res.body).toContain('Superintendent Neil Leat')
    expect(res.body).toContain('Dorset Council (Chair)')
    expect(res.body).toMatch(/Sunita Khattra-Hall<\/a> \(Children&#39;s Services, Dorset Council\)/)
    expect(res.body).toContain('Quorate:')
    expect(res.body).toContain('Date not recorded (between 3 October 2024 and 12 March 2025)')
    expect(res.body).toContain('No 2. Performance Measures Report')
    expect(res.body).toContain('Action - <a class="govuk-link"')
  })

  it('records apologies for a person and counts them out of quorum', async () => {
    const { next, partnership } = await demoMeetings(t)
    const people = await t.container.services.partnership.people(partnership.id)
    const leat = people.find((p) => p.full_name === 'Neil Leat')!
    const res = await t.submit(`/meetings/${next.id}/attendance`, `/meetings/${next.id}/attendance`, {
      personId: leat.id,
      status: 'apologies',
      group: 'core',
      affiliation: '',
    })
    expect(res.statusCode).toBe(303)
    const a = await t.container.services.meetings.attendance(next.id)
    expect(a.apologies.map((p) => p.full_name)).toEqual(['Neil Leat'])
    expect(a.quorum.quorate).toBe(false)
    expect(a.quorum.statutoryAgenciesAbsent).toContain('Dorset Police')
  })

  it('shows a person their attendance history', async () => {
    const { partnership } = await demoMeetings(t)
    const people = await t.container.services.partnership.people(partnership.id)
    const dipple = people.find((p) => p.full_name === 'Stewart Dipple')!
    const res = await t.app.inject(`/people/${dipple.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('0 attended, 1 apologies')
  })
})

describe('scheduling and changing meetings', () => {
  it('schedules a meeting from a valid form', async () => {
    const before = await meetingCount()
    const res = await t.submit('/meetings/new', '/meetings', validMeeting)
    expect(res.statusCode).toBe(303)
    expect(await meetingCount()).toBe(before + 1)
    const page = await t.app.inject({
      url: res.headers.location as string,
      headers: { cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
    })
    expect(page.body).toContain('12 June 2025')
    expect(page.body).toContain('Meeting scheduled')
  })

  it('rejects a bad form with the GOV.UK error summary, status 400 and nothing written', async () => {
    const before = await meetingCount()
    const res = await t.submit('/meetings/new', '/meetings', {
      ...validMeeting,
      title: '',
      'date-day': '31',
      'date-month': '2',
      startTime: '25:00',
      onlinePlatform: '',
      venue: '',
      onlineUrl: 'teams',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('There is a problem')
    expect(res.body).toContain('<title>Error: ')
    expect(res.body).toContain('href="#title">Enter the name of the meeting')
    expect(res.body).toContain('href="#date-day">The date of the meeting must be a real date')
    expect(res.body).toContain('Enter the start time as a time, like 14:00 or 2pm')
    expect(res.body).toContain('Enter a venue or an online platform')
    expect(res.body).toContain('Enter the meeting link as a full web address starting https://')
    expect(res.body).toContain('value="31"')
    expect(await meetingCount()).toBe(before)
  })

  it('bumps the calendar SEQUENCE when the time changes, and cancels with STATUS:CANCELLED', async () => {
    const { next } = await demoMeetings(t)
    const ics0 = (await t.app.inject(`/meetings/${next.id}/meeting.ics`)).body
    expect(ics0).toContain('SEQUENCE:0')
    const edit = {
      ...validMeeting,
      'date-day': '13',
      'date-month': '3',
      'date-year': '2025',
      startTime: '14:30',
      onlineUrl: '',
    }
    expect((await t.submit(`/meetings/${next.id}/edit`, `/meetings/${next.id}/edit`, edit)).statusCode).toBe(303)
    const ics1 = (await t.app.inject(`/meetings/${next.id}/meeting.ics`)).body
    expect(ics1).toContain('SEQUENCE:1')
    expect(ics1).toContain('DTSTART;TZID=Europe/London:20250313T143000')
    expect(
      (await t.submit(`/meetings/${next.id}/edit`, `/meetings/${next.id}/edit`, { ...edit, status: 'cancelled' }))
        .statusCode,
    ).toBe(303)
    const ics2 = (await t.app.inject(`/meetings/${next.id}/meeting.ics`)).body
    expect(ics2).toContain('SEQUENCE:2')
    expect(ics2).toContain('STATUS:CANCELLED')
    expect(ics2).toMatch(/UID:meeting-[0-9a-f-]+@csp-hub/)
    expect(ics2.match(/UID:.*/)![0]).toBe(ics0.match(/UID:.*/)![0])
    const feed = (await t.app.inject('/calendar.ics')).body
    expect(feed).toContain('STATUS:CANCELLED')
    expect(feed).toContain('BEGIN:VTIMEZONE')
  })

  it('serves the calendar with the meeting link in DESCRIPTION', async () => {
    const res = await t.submit('/meetings/new', '/meetings', validMeeting)
    const id = String(res.headers.location).split('/').pop()
    const ics = (await t.app.inject(`/meetings/${id}/meeting.ics`)).body
    const unfolded = ics.replace(/\r\n /g, '')
    expect(unfolded).toMatch(/DESCRIPTION:.*Join the meeting: https:\/\/teams\.example\.org\/meet\/123/)
    expect(unfolded).toContain(`Agenda\\, papers and minutes: https://csp.example.org/meetings/${id}`)
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true)
  })

  it('has no calendar entry for a meeting without a date', async () => {
    const { reference } = await demoMeetings(t)
    expect((await t.app.inject(`/meetings/${reference.id}/meeting.ics`)).statusCode).toBe(404)
  })
})
