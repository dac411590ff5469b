import { describe, expect, it } from 'vitest'
import { useDemoApp } from '../../web/test-app'

const app = useDemoApp()

describe('the JSON API and open-data files', () => {
  it('gives the same meetings, actions and decisions as the pages, as JSON and as CSV', async () => {
    const t = app.t
    const meetings = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/v1/meetings' })).body) as {
      data: { id: string; minutes_status: string }[]
    }
    expect(meetings.data.map((m) => m.id).sort()).toEqual(
      (await t.container.services.meetings.list(app.partnershipId)).map((m) => m.id).sort(),
    )
    const decisions = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/v1/decisions' })).body) as {
      data: { ref: number; wording: string }[]
    }
    expect(decisions.data).toHaveLength(7)
    const csv = (await t.app.inject({ method: 'GET', url: '/open-data/actions.csv' })).body.trimEnd().split('\n')
    expect(csv[0]).toBe(
      'id,ref,title,description,status,owners,due_date,target_meeting_id,meeting_id,paragraph,raised,overdue',
    )
    const actions = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/v1/actions' })).body) as {
      data: { id: string }[]
    }
    expect(actions.data.length).toBeGreaterThan(0)
    expect(csv.filter((l) => /^[0-9a-f-]{36},/.test(l))).toHaveLength(actions.data.length)
  })

  it('describes itself in OpenAPI 3.1, with a schema naming every field each list returns', async () => {
    const doc = JSON.parse((await app.t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body)
    expect(doc.openapi).toBe('3.1.0')
    for (const kind of ['meetings', 'actions', 'decisions']) {
      expect(doc.paths[`/api/v1/${kind}`].get.responses['200']).toBeDefined()
      const first = JSON.parse((await app.t.app.inject({ method: 'GET', url: `/api/v1/${kind}` })).body).data[0]
      expect(Object.keys(first).sort()).toEqual([...doc.components.schemas[kind].required].sort())
    }
  })

  it('answers 401 in JSON, not a sign-in page, once accounts are on', async () => {
    await app.t.container.services.users.add(
      app.partnershipId,
      { email: 'a@example.org', role: 'administrator', password: 'a long test passphrase' },
      { name: 'system:test' },
    )
    const res = await app.t.app.inject({ method: 'GET', url: '/api/v1/meetings' })
    expect(res.statusCode).toBe(401)
    expect(JSON.parse(res.body).error).toMatch(/Sign in first/)
  })
})
