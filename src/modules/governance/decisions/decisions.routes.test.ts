import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, demoMeetings, type TestApp } from '../../../web/test-app'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

describe('recording decisions', () => {
  it('records a decision from a paragraph, prefilled with its wording', async () => {
    const { reference } = await demoMeetings(t)
    const doc = await t.container.services.minutes.document(reference.id)
    const p = doc.items.flatMap((i) => i.paragraphs).find((x) => x.number === '6.7')!
    const url = `/meetings/${reference.id}/paragraphs/${p.id}/decisions/new`
    const form = await t.app.inject(url)
    expect(form.body).toContain('As with the main Duty, the expectation would be that local areas')
    const bad = await t.submit(url, url, { topic: '', wording: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter a short name for the decision')
    expect(bad.body).toContain('Enter the decision as the minutes word it')
    const ok = await t.submit(url, url, {
      topic: 'Build Prevention Partnerships on existing structures',
      wording:
        'Members of the group welcomed this approach and stressed the importance of building on existing structures where possible.',
    })
    expect(ok.statusCode).toBe(303)
    const log = await t.app.inject('/decisions')
    expect(log.body).toContain('Build Prevention Partnerships on existing structures')
    expect(log.body).toContain('>6.7</a>')
  })

  it('refuses a decision on approved minutes', async () => {
    const { previous } = await demoMeetings(t)
    await expect(
      t.container.services.decisions.create('nope', { topic: 'x', wording: 'y' }, { name: 't' }),
    ).rejects.toThrow(/no paragraph/)
    expect(previous.minutes_status).toBe('approved')
  })
})
