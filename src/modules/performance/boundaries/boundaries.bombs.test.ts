import { gzipSync } from 'node:zlib'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../web/test-app'
import { BoundaryImportError } from './boundaries.service'

/** Hostile boundary files as small generated fixtures, under small limits: refused with a message, nothing written. */
let t: TestApp
let partnershipId: string
const actor = { name: 'system:test' }

beforeAll(async () => {
  t = await buildTestApp({
    now: '2025-06-01T09:00:00Z',
    env: { CSP_MAX_UNPACKED_MB: '4', CSP_MAX_BOUNDARY_VERTICES: '1000' },
  })
  partnershipId = (await t.container.services.partnership.current()).id
})
afterAll(() => t.close())

const square = (x: number, y: number, n = 4) => {
  const ring = Array.from({ length: n }, (_, i) => [
    -2 + x * 0.01 + 0.005 * Math.cos((2 * Math.PI * i) / n),
    50.7 + y * 0.01 + 0.005 * Math.sin((2 * Math.PI * i) / n),
  ])
  return [...ring, ring[0]!]
}
const collection = (features: number, vertices: number, pad = '') =>
  `{"type":"FeatureCollection",${pad}"features":[${Array.from({ length: features }, (_, i) => JSON.stringify({ type: 'Feature', properties: { code: `B${i}`, name: `Beat ${i}` }, geometry: { type: 'Polygon', coordinates: [square(i, 0, vertices)] } })).join(',')}]}`

async function refusal(name: string, bytes: Buffer): Promise<string> {
  const before = await t.container.services.boundaries.sets(partnershipId)
  const e = await t.container.services.boundaries
    .import(partnershipId, { name, bytes }, { layer: 'beats' }, actor)
    .then(
      () => undefined,
      (x: unknown) => x,
    )
  expect(e).toBeInstanceOf(BoundaryImportError)
  expect(await t.container.services.boundaries.sets(partnershipId)).toEqual(before)
  return (e as BoundaryImportError).report.errors.map((x) => x.message).join(' ')
}

describe('boundary files past the limits', () => {
  it('takes a file within them', async () => {
    const r = await t.container.services.boundaries.import(
      partnershipId,
      { name: 'beats.geojson', bytes: Buffer.from(collection(10, 50)) },
      { layer: 'beats' },
      actor,
    )
    expect(r.accepted).toBe(10)
  })

  it('stops a gzip bomb where it passes the unpacked limit', async () => {
    const bomb = gzipSync(Buffer.from(collection(1, 4, ' '.repeat(64 * 1024 * 1024))))
    expect(bomb.length).toBeLessThan(200_000)
    expect(await refusal('beats.geojson.gz', bomb)).toMatch(
      /beats\.geojson\.gz unpacks to more than 4 MB.*CSP_MAX_UNPACKED_MB/,
    )
  })

  it('stops a zip whose entries together pass the unpacked limit', async () => {
    const zip = new JSZip()
    for (const n of [1, 2, 3]) zip.file(`part${n}.kml`, `<kml>${' '.repeat(2 * 1024 * 1024)}</kml>`)
    expect(await refusal('beats.zip', await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))).toMatch(
      /beats\.zip unpacks to more than 4 MB/,
    )
  })

  it('refuses a file with more vertices than allowed, saying how many it has', async () => {
    expect(await refusal('beats.geojson', Buffer.from(collection(30, 50)))).toMatch(
      /beats\.geojson has 1,530 vertices, more than the 1,000 allowed.*CSP_MAX_BOUNDARY_VERTICES/,
    )
  })
})
