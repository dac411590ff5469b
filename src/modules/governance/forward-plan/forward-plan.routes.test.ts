import { describe, expect, it } from 'vitest'
import { useDemoApp } from '../../../web/test-app'

const app = useDemoApp()

describe('the forward plan', () => {
  it('asks before withdrawing an item: one click only opens the question, and Cancel changes nothing', async () => {
    const t = app.t
    const item = (await t.container.services.forwardPlan.list(app.partnershipId)).find(
      (i) => i.status === 'planned' || i.status === 'on_agenda',
    )!
    const page = await t.app.inject('/forward-plan')
    expect(page.body).toContain(`href="/forward-plan/${item.id}/withdraw"`)
    const oneClick = await t.submit('/forward-plan', `/forward-plan/${item.id}/status`, { status: 'withdrawn' })
    expect(oneClick.statusCode).toBe(303)
    expect(oneClick.headers.location).toBe(`/forward-plan/${item.id}/withdraw`)
    expect((await t.container.services.forwardPlan.list(app.partnershipId)).find((i) => i.id === item.id)!.status).toBe(
      item.status,
    )
    const question = await t.app.inject(`/forward-plan/${item.id}/withdraw`)
    expect(question.body).toContain(`Withdraw “${item.title.replace(/'/g, '&#39;')}” from the forward plan?`)
    expect(question.body).toContain('href="/forward-plan">Cancel</a>')
    const confirmed = await t.submit(`/forward-plan/${item.id}/withdraw`, `/forward-plan/${item.id}/status`, {
      status: 'withdrawn',
      confirm: 'yes',
    })
    expect(confirmed.statusCode).toBe(303)
    expect((await t.container.services.forwardPlan.list(app.partnershipId)).find((i) => i.id === item.id)!.status).toBe(
      'withdrawn',
    )
  })
})
