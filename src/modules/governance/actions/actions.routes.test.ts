import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, demoMeetings, type TestApp } from '../../../web/test-app'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

async function actionByParagraph(paragraph: string, index = 0) {
  const { partnership } = await demoMeetings(t)
  const all = await t.container.services.actions.list(partnership.id, { status: 'all' })
  return all.filter((a) => a.paragraphNumber === paragraph)[index]!
}

describe('action updates', () => {
  it('marks an action done with a dated update, and keeps the history', async () => {
    const action = await actionByParagraph('2.1', 1)
    const url = `/actions/${action.id}`
    const res = await t.submit(url, `${url}/updates`, {
      status: 'done',
      note: 'Monthly reports now go to the operational group.',
      'updateDate-day': '10',
      'updateDate-month': '1',
      'updateDate-year': '2025',
    })
    expect(res.statusCode).toBe(303)
    const page = await t.app.inject(url)
    expect(page.body).toContain('data-qa="action-status">Done')
    expect(page.body).toContain('10 January 2025')
    expect(page.body).toContain('Monthly reports now go to the operational group.')
    const audit = await t.container.database.db
      .selectFrom('audit_event')
      .selectAll()
      .where('subject_id', '=', action.id)
      .where('action', '=', 'action.update')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ before: { status: 'open' }, after: { status: 'done' } })
  })

  it('rejects an update with no note and an impossible date, writing nothing', async () => {
    const action = await actionByParagraph('1.2')
    const url = `/actions/${action.id}`
    const res = await t.submit(url, `${url}/updates`, {
      status: 'done',
      note: '  ',
      'updateDate-day': '30',
      'updateDate-month': '2',
      'updateDate-year': '2025',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('There is a problem')
    expect(res.body).toContain('href="#note">Enter what has happened')
    expect(res.body).toContain('href="#updateDate-day">The date of the update must be a real date')
    const after = await t.container.services.actions.get(action.id)
    expect(after.status).toBe('open')
    expect(after.updates).toHaveLength(0)
  })

  it('lists open actions by default and filters by owner', async () => {
    const { partnership } = await demoMeetings(t)
    const people = await t.container.services.partnership.people(partnership.id)
    const frost = people.find((p) => p.full_name === 'Andy Frost')!
    const res = await t.app.inject(`/actions?owner=${frost.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('1 action<')
    expect(res.body).toContain('Managing individuals who have a disproportionately high impact')
  })

  it("drops a done action from the next agenda's matters arising when it is refreshed", async () => {
    const { next } = await demoMeetings(t)
    const done = await actionByParagraph('2.1', 1)
    expect(done.status).toBe('done')
    const res = await t.submit(`/meetings/${next.id}`, `/meetings/${next.id}/agenda`, {})
    expect(res.statusCode).toBe(303)
    const text = await t.container.services.minutes.plainText(next.id)
    expect(text).not.toContain('Monthly operational performance reports')
    expect(text).toContain('1.3 2.1 Identify ASB and violent crime hotspots')
    expect(text.match(/^No \d+\. /gm)).toHaveLength(7)
  })
})

describe('changing an action and the forward plan', () => {
  it('sets a due date and target meeting, refusing an impossible date', async () => {
    const action = await actionByParagraph('2.1', 0)
    const { next } = await demoMeetings(t)
    const url = `/actions/${action.id}/edit`
    const bad = await t.submit(url, url, {
      title: action.title,
      description: action.description,
      'dueDate-day': '31',
      'dueDate-month': '4',
      'dueDate-year': '2025',
      targetMeetingId: '',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('The due date must be a real date')
    const ok = await t.submit(url, url, {
      title: action.title,
      description: action.description,
      'dueDate-day': '28',
      'dueDate-month': '2',
      'dueDate-year': '2025',
      targetMeetingId: next.id,
    })
    expect(ok.statusCode).toBe(303)
    const after = await t.container.services.actions.get(action.id)
    expect([after.due_date, after.target_meeting_id]).toEqual(['2025-02-28', next.id])
  })

  it('marks a forward plan item done', async () => {
    const { partnership } = await demoMeetings(t)
    const item = (await t.container.services.forwardPlan.list(partnership.id)).find((i) =>
      i.title.startsWith('Domestic Abuse Needs Assessment'),
    )!
    const res = await t.submit('/forward-plan', `/forward-plan/${item.id}/status`, { status: 'done' })
    expect(res.statusCode).toBe(303)
    expect((await t.container.services.forwardPlan.list(partnership.id)).find((i) => i.id === item.id)!.status).toBe(
      'done',
    )
    const bad = await t.submit('/forward-plan', `/forward-plan/${item.id}/status`, { status: 'finished' })
    expect(bad.statusCode).toBe(400)
  })
})
