import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../web/test-app'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(async () => t.app.close())

describe('crime groups', () => {
  it('adds a group of several types from the page, keeping the ticks when the name is missing', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/groups' })
    expect(page.body).toContain('All crime and ASB')
    const missing = await t.submit('/groups', '/groups', {
      label: '',
      key: 'acquisitive',
      types: ['Burglary', 'Robbery'],
    })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('Enter the name of the group')
    expect(missing.body).toMatch(/value="Burglary" checked/)
    expect(missing.body).toMatch(/value="Robbery" checked/)
    const none = await t.submit('/groups', '/groups', { label: 'Nothing', key: 'nothing' })
    expect(none.body).toContain('Select at least one crime type')
    const ok = await t.submit('/groups', '/groups', {
      label: 'Acquisitive crime',
      key: 'acquisitive',
      types: ['Burglary', 'Robbery', 'Shoplifting'],
    })
    expect(ok.statusCode).toBe(303)
    const p = await t.container.services.partnership.current()
    expect(await t.container.services.groups.resolve(p.id, 'acquisitive')).toMatchObject({
      label: 'Acquisitive crime',
      types: ['Burglary', 'Robbery', 'Shoplifting'],
      origin: 'partnership',
    })
    const removed = await t.submit('/groups', '/groups/acquisitive/remove', {})
    expect(removed.statusCode).toBe(303)
    await expect(t.container.services.groups.resolve(p.id, 'acquisitive')).rejects.toThrow(/no crime group/)
  })
})
