import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../web/test-app'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const demoFile = (p: string) => readFileSync(join(root, 'demo/dorset', p))

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp({ now: '2026-01-15T09:00:00Z' })
})
afterAll(() => t.close())

async function waitForJob(location: string) {
  for (let i = 0; i < 200; i++) {
    const s = (await t.app.inject(`${location}/status`)).json<{ status: string }>()
    if (s.status !== 'running') return s
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the import did not finish')
}

describe('the data pages', () => {
  it('imports boundaries from an upload, and refuses a bad file with its problems by feature', async () => {
    const bad = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: '' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-2, 50],
                [-1.9, 50],
                [-1.9, 50.1],
                [-2, 50],
              ],
            ],
          },
        },
      ],
    })
    const refused = await t.upload(
      '/data/boundaries/upload',
      '/data/boundaries/upload',
      { layer: 'beats', codeField: '', nameField: '', effectiveFrom: '', label: '' },
      [{ field: 'file', name: 'beats.geojson', content: bad }],
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('Feature 1 has no value in the code field &quot;code&quot;')
    expect(
      (await t.container.services.boundaries.sets((await t.container.services.partnership.current()).id)).length,
    ).toBe(0)

    for (const [layer, file, from] of [
      ['beats', 'beats-wards2022-as-beats.geojson.gz', '2022-12-01'],
      ['localities', 'localities-former-districts.geojson.gz', '2019-04-01'],
      ['area', 'area-dorset-council-lad2024.geojson.gz', '2019-04-01'],
    ] as const) {
      const res = await t.upload(
        '/data/boundaries/upload',
        '/data/boundaries/upload',
        {
          layer,
          codeField: '',
          nameField: '',
          effectiveFrom: from,
          label: layer === 'beats' ? 'Stand-in beats: Dorset Council wards' : '',
        },
        [{ field: 'file', name: file, content: demoFile(`boundaries/${file}`) }],
      )
      expect(res.statusCode, res.body.slice(0, 300)).toBe(303)
    }
    const sets = await t.container.services.boundaries.sets(
      (await t.container.services.partnership.current()).id,
      'beats',
    )
    const page = await t.app.inject(`/data/boundaries/${sets[0]!.id}`)
    expect(page.body).toContain('Beats in localities')
    expect(page.body).toMatch(
      /Portland <span class="govuk-body-s">\(E05012709\)<\/span><\/td><td class="govuk-table__cell"><strong>Weymouth and Portland \d+(\.\d)?%<\/strong>/,
    )
  })

  it('imports crime from an upload in the background, showing progress then the result', async () => {
    const res = await t.upload('/data/crimes/upload', '/data/crimes/upload', {}, [
      { field: 'files', name: '2025-01-dorset-street.csv.gz', content: demoFile('crime/2025-01-dorset-street.csv.gz') },
      { field: 'files', name: '2025-02-dorset-street.csv.gz', content: demoFile('crime/2025-02-dorset-street.csv.gz') },
    ])
    expect(res.statusCode).toBe(303)
    const location = String(res.headers.location)
    expect(location).toMatch(/^\/data\/jobs\/[0-9a-f-]+$/)
    expect((await waitForJob(location)).status).toBe('done')
    const done = await t.app.inject(location)
    expect(done.body).toContain('Crime data imported')
    expect(done.body).toContain('8302 rows: 8279 located, 23 without a location, 0 rejected')
    const data = await t.app.inject('/data')
    expect(data.body).toContain('2 force-months: 8302 rows')
    expect(data.body).toContain('Stand-in boundaries')
    const csv = await t.app.inject('/data/counts.csv?by=beat&from=2025-01&to=2025-01')
    expect(csv.body.split('\n')[0]).toBe('area_code,area_name,month,crime_type,count')
    expect(csv.body).toMatch(/\nE05012709,Portland,2025-01,Anti-social behaviour,\d+\n/)
    // The beat page now weighs each beat's localities by its crimes too.
    const beats = await t.container.services.boundaries.sets(
      (await t.container.services.partnership.current()).id,
      'beats',
    )
    const page = await t.app.inject(`/data/boundaries/${beats[0]!.id}`)
    expect(page.body).toMatch(
      /<strong>Weymouth and Portland \d+(\.\d)?%<\/strong> \(residents \d+(\.\d)?%, crimes 100%\)/,
    )
  })

  it('shows a failed upload import with its located error, and imports nothing', async () => {
    const res = await t.upload('/data/crimes/upload', '/data/crimes/upload', {}, [
      { field: 'files', name: '2025-03-dorset-street.csv', content: 'Crime ID,Month\n1,2025-03\n' },
    ])
    const location = String(res.headers.location)
    expect((await waitForJob(location)).status).toBe('failed')
    const page = await t.app.inject(location)
    expect(page.body).toContain('the header is not police.uk&#39;s street-level header')
    expect(
      (await t.container.services.crimes.units((await t.container.services.partnership.current()).id)).map(
        (u) => u.month,
      ),
    ).toEqual(['2025-01', '2025-02'])
  })

  it('asks for a file when none is chosen, and refuses an upload without the form token', async () => {
    const none = await t.upload('/data/crimes/upload', '/data/crimes/upload', {}, [])
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('Select one or more police.uk street-level files')
    const forged = await t.app.inject({
      method: 'POST',
      url: '/data/crimes/upload',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\nx\r\n--x--\r\n',
    })
    expect(forged.statusCode).toBe(403)
  })
})
