import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, demoMeetings, type TestApp } from '../../../web/test-app'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

async function agencyId(name: string) {
  const { partnership } = await demoMeetings(t)
  return (await t.container.services.partnership.agencies(partnership.id)).find((a) => a.name === name)!.id
}

async function personId(name: string) {
  const { partnership } = await demoMeetings(t)
  return (await t.container.services.partnership.people(partnership.id)).find((p) => p.full_name === name)!.id
}

describe('people, aliases and memberships', () => {
  it('adds a person with their first membership', async () => {
    const res = await t.submit('/people/new', '/people/new', {
      honorific: 'Chief Inspector',
      fullName: 'Sam Okafor',
      email: 'sam.okafor@example.org',
      agencyId: await agencyId('Dorset Police'),
      affiliation: '',
      role: 'core_member',
      'startDate-day': '1',
      'startDate-month': '4',
      'startDate-year': '2025',
    })
    expect(res.statusCode).toBe(303)
    const person = await t.container.services.partnership.person(String(res.headers.location).split('/').pop()!)
    expect(person.displayName).toBe('Chief Inspector Sam Okafor')
    expect(person.memberships).toMatchObject([
      { affiliation: 'Dorset Police', role: 'core_member', start_date: '2025-04-01' },
    ])
  })

  it('refuses a person whose name already means someone else, and writes nothing', async () => {
    const { partnership } = await demoMeetings(t)
    const before = (await t.container.services.partnership.people(partnership.id)).length
    const res = await t.submit('/people/new', '/people/new', {
      honorific: '',
      fullName: 'Di Evans',
      email: 'not-an-email',
      agencyId: await agencyId('Dorset Council'),
      affiliation: '',
      role: 'officer_support',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Enter an email address in the correct format')
    const res2 = await t.submit('/people/new', '/people/new', {
      honorific: '',
      fullName: 'Di Evans',
      email: '',
      agencyId: await agencyId('Dorset Council'),
      affiliation: '',
      role: 'officer_support',
    })
    expect(res2.statusCode).toBe(400)
    expect(res2.body).toContain('&quot;Di Evans&quot; already means Diane Evans')
    expect((await t.container.services.partnership.people(partnership.id)).length).toBe(before)
  })

  it('adds an alias that then resolves, and refuses one that already means someone else', async () => {
    const id = await personId('Ian Denness')
    const url = `/people/${id}/aliases/new`
    expect((await t.submit(url, url, { alias: 'I Denness', note: 'Agenda of March 2025' })).statusCode).toBe(303)
    const { partnership } = await demoMeetings(t)
    expect((await t.container.services.partnership.resolveName(partnership.id, 'I. Denness'))!.full_name).toBe(
      'Ian Denness',
    )
    const clash = await t.submit(url, url, { alias: 'Andy Frost', note: '' })
    expect(clash.statusCode).toBe(400)
    expect(clash.body).toContain('already means Andy Frost')
  })

  it('checks that a membership ends after it starts', async () => {
    const id = await personId('Graham Duggan')
    const url = `/people/${id}/memberships/new`
    const res = await t.submit(url, url, {
      agencyId: await agencyId('Dorset Council'),
      affiliation: '',
      role: 'core_member',
      'startDate-day': '1',
      'startDate-month': '4',
      'startDate-year': '2025',
      'endDate-day': '1',
      'endDate-month': '3',
      'endDate-year': '2025',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('href="#endDate-day">The end date must be the same as or after the start date')
  })
})

describe('partnership settings', () => {
  it('changes the quorum, which changes whether a meeting was quorate', async () => {
    const { reference } = await demoMeetings(t)
    const bad = await t.submit('/settings', '/settings', {
      name: 'Dorset Community Safety Partnership',
      areaName: 'Dorset Council',
      quorumMinStatutoryAgencies: 'three',
      defaultPlatform: '',
      localitySharePercent: '50',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter the quorum as a whole number, like 3')
    const ok = await t.submit('/settings', '/settings', {
      name: 'Dorset Community Safety Partnership',
      areaName: 'Dorset Council',
      quorumMinStatutoryAgencies: '6',
      defaultPlatform: 'Microsoft Teams',
      localitySharePercent: '60',
    })
    expect(ok.statusCode).toBe(303)
    expect((await t.container.services.meetings.attendance(reference.id)).quorum.quorate).toBe(false)
  })

  it('adds an agency, once', async () => {
    expect(
      (
        await t.submit('/agencies/new', '/agencies/new', {
          name: 'Integrated Care Board',
          sector: 'health',
          statutory: 'yes',
        })
      ).statusCode,
    ).toBe(303)
    const again = await t.submit('/agencies/new', '/agencies/new', {
      name: 'Integrated Care Board',
      sector: 'health',
      statutory: 'yes',
    })
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('There is already an agency called Integrated Care Board')
  })
})
