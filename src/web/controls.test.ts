import { describe, expect, it } from 'vitest'
import { demoMeetings, signInAs, useDemoApp } from './test-app'

const app = useDemoApp()
const actor = { name: 'system:test' }
const PASS = 'a long test passphrase'

/** The controls that lead only to a refusal for a role that may not change through them. */
const CONTROLS: [string, RegExp][] = [
  ['/meetings', /Schedule a meeting/],
  ['/people', /Add a person|Add an agency/],
  ['/forward-plan', /Add to the forward plan|>Withdraw<|>Done</],
  ['/registers/priorities', /Add a priority|Import from CSV|Change the statuses/],
  ['/registers/dhr', /Record a review/],
  ['/data', /Import police\.uk crime data|Import boundaries/],
  ['/measures', /Add a partner measure/],
]

describe('controls a role cannot use are not offered', () => {
  it('shows a viewer no button or form that would only be refused, and a coordinator those of the meeting cycle', async () => {
    const t = app.t
    for (const role of ['viewer', 'coordinator', 'analyst'] as const)
      await t.container.services.users.add(
        app.partnershipId,
        { email: `${role}@example.org`, role, password: PASS },
        actor,
      )
    const viewer = await signInAs(t, 'viewer@example.org', PASS, '10.4.0.1')
    for (const [url, control] of CONTROLS) expect((await viewer.get(url)).body, `viewer ${url}`).not.toMatch(control)
    const { reference } = await demoMeetings(t)
    const meeting = (await viewer.get(`/meetings/${reference.id}`)).body
    expect(meeting).not.toMatch(
      /Change meeting details|Record attendance|Add an agenda item|Add a paragraph|>Edit<span/,
    )
    const coordinator = await signInAs(t, 'coordinator@example.org', PASS, '10.4.0.2')
    expect((await coordinator.get('/meetings')).body).toMatch(/Schedule a meeting/)
    expect((await coordinator.get('/data')).body).not.toMatch(/Import police\.uk crime data/)
    const analyst = await signInAs(t, 'analyst@example.org', PASS, '10.4.0.3')
    expect((await analyst.get('/data')).body).toMatch(/Import police\.uk crime data/)
    expect((await analyst.get('/meetings')).body).not.toMatch(/Schedule a meeting/)
  })
})
