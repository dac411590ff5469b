import { describe, expect, it } from 'vitest'
import { overdue } from '../modules/governance/actions/actions.service'
import { needsAttention } from '../modules/registers/registers.service'
import { useDemoApp } from './test-app'

describe('what is overdue on a day', () => {
  const open = { status: 'open' as const, due_date: null, target_date: null, target_status: null }
  it('an open action past its due date, or whose target meeting has been held or has passed', () => {
    expect(overdue({ ...open, due_date: '2025-02-28' }, '2025-03-01')).toBe('was due by 28 February 2025')
    expect(overdue({ ...open, due_date: '2025-02-28' }, '2025-02-28')).toBeNull()
    expect(overdue({ ...open, target_date: '2025-03-13', target_status: 'held' }, '2025-03-13')).toBe(
      'was to report to the meeting on 13 March 2025',
    )
    expect(overdue({ ...open, target_date: '2025-03-13', target_status: 'scheduled' }, '2025-03-14')).toMatch(
      /13 March 2025/,
    )
    expect(overdue({ ...open, target_date: '2025-03-13', target_status: 'scheduled' }, '2025-03-12')).toBeNull()
    expect(overdue({ ...open, status: 'done', due_date: '2020-01-01' }, '2025-01-01')).toBeNull()
  })

  it('an intervention delivered past its funding, a risk past its review, an assessment past its due date', () => {
    expect(needsAttention('interventions', 'active', false, { fundingEnds: '2025-03-31' }, '2025-04-01')).toMatch(
      /Funding ended on 31 March 2025 but it is still marked as being delivered/,
    )
    expect(needsAttention('interventions', 'planned', false, { fundingEnds: '2025-03-31' }, '2025-04-01')).toBeNull()
    expect(needsAttention('interventions', 'ended', true, { fundingEnds: '2025-03-31' }, '2025-04-01')).toBeNull()
    expect(needsAttention('risks', 'open', false, { reviewDate: '2025-01-31' }, '2025-02-01')).toBe(
      'Its review was due on 31 January 2025',
    )
    expect(needsAttention('assessments', 'in_progress', false, { dueDate: '2025-01-31' }, '2025-01-31')).toBeNull()
    expect(needsAttention('assessments', 'in_progress', false, { dueDate: '2025-01-31' }, '2025-02-01')).toBe(
      'It was due on 31 January 2025',
    )
  })
})

describe('the demo, opened on 15 January 2026', () => {
  const app = useDemoApp('2026-01-15T09:00:00Z')
  it('says its dates are 2024–25, has no next meeting, names the past meeting not recorded as held, and flags overdue actions', async () => {
    const html = (await app.t.app.inject({ method: 'GET', url: '/' })).body
    expect(html).toContain('data-qa="demo-notice"')
    expect(html).toMatch(/dated 2024–25/)
    expect(html).toContain('No meeting is scheduled after today.')
    expect(html).toMatch(/13 March 2025<\/a> has passed but is not recorded as held or cancelled/)
    const open = await app.t.container.services.actions.open(app.partnershipId)
    const late = open.filter((a) => a.overdue)
    expect(late.length).toBeGreaterThan(0)
    expect(html).toContain(`<strong>${late.length}</strong> of the ${open.length} open actions`)
    const log = (await app.t.app.inject({ method: 'GET', url: '/actions' })).body
    expect(log.match(/data-qa="overdue"/g)?.length).toBe(late.length)
    const csv = (await app.t.app.inject({ method: 'GET', url: '/open-data/actions.csv' })).body
    expect(csv.split('\n')[0]).toMatch(/,overdue$/)
    // Matters arising on the next meeting's agenda carry the flag too.
    const meetings = await app.t.container.services.meetings.list(app.partnershipId)
    const next = meetings.find((m) => m.date === '2025-03-13')!
    expect((await app.t.app.inject({ method: 'GET', url: `/meetings/${next.id}` })).body).toContain('data-qa="overdue"')
    // Interventions still marked as delivered after their funding ended are flagged for review.
    const interventions = (await app.t.app.inject({ method: 'GET', url: '/registers/interventions' })).body
    expect(interventions).toMatch(
      /data-qa="attention">Review<\/strong> <span class="govuk-body-s">Funding ended on 31 March 2025 but it is still marked as being delivered/,
    )
  })
})

describe('the demo, opened on 1 March 2025, before its next meeting', () => {
  const app = useDemoApp('2025-03-01T09:00:00Z')
  it('shows the 13 March 2025 meeting as next', async () => {
    const html = (await app.t.app.inject({ method: 'GET', url: '/' })).body
    expect(html).toMatch(
      /Next meeting<\/h2>\s*<p class="govuk-body-l"><a class="govuk-link" href="\/meetings\/[^"]+">13 March 2025/,
    )
    expect(html).not.toContain('has passed but is not recorded')
    expect(html).not.toContain('last scheduled meeting has passed')
  })
})
