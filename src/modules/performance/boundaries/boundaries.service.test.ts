import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import shpwrite from '@mapbox/shp-write'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, demoMeetings, type TestApp } from '../../../web/test-app'
import { BoundaryImportError } from './boundaries.service'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const demoBoundary = (f: string) => ({ name: f, bytes: readFileSync(join(root, 'demo/dorset/boundaries', f)) })
const fixture = (f: string) => ({ name: f, bytes: readFileSync(join(root, 'fixtures/boundaries', f)) })
const actor = { name: 'system:test' }

let t: TestApp
let partnershipId: string
beforeAll(async () => {
  t = await buildTestApp({ now: '2025-06-01T09:00:00Z' })
  partnershipId = (await demoMeetings(t)).partnership.id
})
afterAll(() => t.close())

function refused(p: Promise<unknown>) {
  return p.then(
    () => {
      throw new Error('expected the import to be refused')
    },
    (e: unknown) => {
      if (!(e instanceof BoundaryImportError)) throw e
      return e
    },
  )
}

async function setCount() {
  return (await t.container.services.boundaries.sets(partnershipId)).length
}

describe('importing boundaries', () => {
  it('imports the 52 stand-in beats, guessing the code and name fields', async () => {
    const r = await t.container.services.boundaries.import(
      partnershipId,
      demoBoundary('beats-wards2022-as-beats.geojson.gz'),
      { layer: 'beats', effectiveFrom: '2022-05-01' },
      actor,
    )
    expect([r.accepted, r.codeField, r.nameField, r.crs, r.reprojected]).toEqual([52, 'code', 'name', 'wgs84', false])
    const areas = await t.container.services.boundaries.areas(r.setId!)
    const dorchester = areas.find((a) => a.name === 'Dorchester East')!
    expect(dorchester.code).toBe('E05012696')
    expect(dorchester.area_m2).toBeGreaterThan(1e6)
    expect(dorchester.area_m2).toBeLessThan(2e7)
  })

  it('maps beats onto localities by share of area', async () => {
    const r = await t.container.services.boundaries.import(
      partnershipId,
      demoBoundary('localities-former-districts.geojson.gz'),
      { layer: 'localities', effectiveFrom: '2019-04-01' },
      actor,
    )
    expect(r.accepted).toBe(5)
    const beats = (await t.container.services.boundaries.inEffect(partnershipId, 'beats', '2025-06-01'))!
    const overlaps = await t.container.services.boundaries.overlaps(beats.id, r.setId!)
    const portland = overlaps.filter((o) => o.beat_code === 'E05012709')
    expect(portland).toHaveLength(1)
    expect(portland[0]!.locality_code).toBe('E07000053')
    expect(portland[0]!.area_share).toBeGreaterThan(0.95)
    const byBeat = new Map<string, number>()
    for (const o of overlaps) byBeat.set(o.beat_code, (byBeat.get(o.beat_code) ?? 0) + o.area_share)
    expect(byBeat.size).toBe(52)
    // The layers come from different generalisations, so coastal beats poke out of the districts.
    const totals = [...byBeat.values()].sort((a, b) => a - b)
    expect(totals[0]).toBeGreaterThan(0.8)
    expect(totals[26]).toBeGreaterThan(0.97)
  })

  it('reads British National Grid GeoJSON and reprojects it to WGS84', async () => {
    const r = await t.container.services.boundaries.import(
      partnershipId,
      fixture('boundary_poole_bng.geojson'),
      { layer: 'area', codeField: 'CODE', nameField: 'NAME' },
      actor,
    )
    expect([r.crs, r.reprojected, r.accepted]).toEqual(['bng', true, 1])
    const [poole] = await t.container.services.boundaries.areas(r.setId!)
    expect(poole!.name).toBe('Poole (B)')
    expect(poole!.min_lon).toBeGreaterThan(-2.1)
    expect(poole!.max_lon).toBeLessThan(-1.85)
    expect(poole!.min_lat).toBeGreaterThan(50.65)
    // Poole UA is about 65 km² of land (74.7 km² in HECTARES including intertidal).
    expect(poole!.area_m2 / 1e6).toBeGreaterThan(60)
    expect(poole!.area_m2 / 1e6).toBeLessThan(80)
  })

  it('reads police.uk-style KML, one neighbourhood per file, coded by the file name', async () => {
    const fc = JSON.parse(
      gunzipSync(readFileSync(join(root, 'demo/dorset/boundaries/beats-wards2022-as-beats.geojson.gz'))).toString(),
    )
    const ward = fc.features.find((f: { properties: { name: string } }) => f.properties.name === 'Portland')
    const ring = (
      ward.geometry.type === 'Polygon' ? ward.geometry.coordinates[0] : ward.geometry.coordinates[0][0]
    ) as number[][]
    const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Portland</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring.map((p) => `${p[0]},${p[1]},0`).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`
    const r = await t.container.services.boundaries.import(
      partnershipId,
      { name: '55.WP3001.kml', bytes: Buffer.from(kml) },
      { layer: 'beats', effectiveFrom: '2026-01-01' },
      actor,
    )
    expect([r.format, r.codeField, r.nameField, r.accepted]).toEqual(['kml', 'file', 'name', 1])
    const [area] = await t.container.services.boundaries.areas(r.setId!)
    expect([area!.code, area!.name]).toEqual(['55.WP3001', 'Portland'])
  })

  it("reads police.uk's neighbourhood download, a folder per force, by choosing the force, from the zip or a folder", async () => {
    const fc = JSON.parse(
      gunzipSync(readFileSync(join(root, 'demo/dorset/boundaries/beats-wards2022-as-beats.geojson.gz'))).toString(),
    )
    const kmlOf = (f: {
      properties: { name: string }
      geometry: { type: string; coordinates: number[][][] | number[][][][] }
    }) => {
      const ring = (
        f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : (f.geometry.coordinates as number[][][][])[0]![0]
      ) as number[][]
      return `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>${f.properties.name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring.map((p) => `${p[0]},${p[1]},0`).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`
    }
    const [a, b, c] = fc.features as Parameters<typeof kmlOf>[0][]
    const zip = new JSZip()
    zip.file('dorset/DC01.kml', kmlOf(a!))
    zip.file('dorset/DC02.kml', kmlOf(b!))
    zip.file('city-of-london/CL01.kml', kmlOf(c!))
    const bytes = await zip.generateAsync({ type: 'nodebuffer' })
    const whole = await refused(
      t.container.services.boundaries.import(
        partnershipId,
        { name: 'police-boundaries.zip', bytes },
        { layer: 'beats', effectiveFrom: '2026-03-01' },
        actor,
      ),
    )
    expect(whole.report.errors[0]!.message).toBe(
      'police-boundaries.zip holds the neighbourhoods of 2 forces (city-of-london, dorset): choose your force (--force, or the police force on the upload page).',
    )
    const wrong = await refused(
      t.container.services.boundaries.import(
        partnershipId,
        { name: 'police-boundaries.zip', bytes },
        { layer: 'beats', force: 'Wiltshire', effectiveFrom: '2026-03-01' },
        actor,
      ),
    )
    expect(wrong.report.errors[0]!.message).toMatch(
      /has no folder for Wiltshire\. Its folders are: city-of-london, dorset/,
    )
    const r = await t.container.services.boundaries.import(
      partnershipId,
      { name: 'police-boundaries.zip', bytes },
      { layer: 'beats', force: 'Dorset Police', effectiveFrom: '2026-03-01' },
      actor,
    )
    expect((await t.container.services.boundaries.areas(r.setId!)).map((x) => [x.code, x.name])).toEqual([
      ['DC01', a!.properties.name],
      ['DC02', b!.properties.name],
    ])
    // The ONS names a force differently from police.uk's folder: "London, City of" is city-of-london.
    const city = await t.container.services.boundaries.import(
      partnershipId,
      { name: 'police-boundaries.zip', bytes },
      { layer: 'beats', force: 'London, City of', effectiveFrom: '2026-03-01' },
      actor,
    )
    expect((await t.container.services.boundaries.areas(city.setId!)).map((x) => x.code)).toEqual(['CL01'])
    // The same download unpacked into a folder.
    const files = [
      ['dorset/DC01.kml', kmlOf(a!)],
      ['dorset/DC02.kml', kmlOf(b!)],
      ['city-of-london/CL01.kml', kmlOf(c!)],
    ].map(([path, text]) => ({ path: path!, bytes: Buffer.from(text!) }))
    const folder = await t.container.services.boundaries.import(
      partnershipId,
      { name: 'police-boundaries', bytes: Buffer.alloc(0), files },
      { layer: 'beats', force: 'dorset', effectiveFrom: '2026-03-01' },
      actor,
    )
    expect(folder.accepted).toBe(2)
    expect((await t.container.services.boundaries.set(folder.setId!)).source_sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('reads a zipped shapefile with its .prj, and refuses one without', async () => {
    const square = (x: number, y: number) => [
      [
        [x, y],
        [x + 1000, y],
        [x + 1000, y + 1000],
        [x, y + 1000],
        [x, y],
      ],
    ]
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { BEAT_ID: 'B1', BEAT_NAME: 'North' },
          geometry: { type: 'Polygon', coordinates: square(400000, 90000) },
        },
        {
          type: 'Feature',
          properties: { BEAT_ID: 'B2', BEAT_NAME: 'South' },
          geometry: { type: 'Polygon', coordinates: square(400000, 89000) },
        },
      ],
    }
    const prj =
      'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",400000.0],PARAMETER["False_Northing",-100000.0],PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]'
    const zipped = Buffer.from(
      (await shpwrite.zip(
        fc as never,
        { outputType: 'nodebuffer', compression: 'DEFLATE', types: { polygon: 'beats' }, prj } as never,
      )) as unknown as ArrayBuffer,
    )
    const r = await t.container.services.boundaries.import(
      partnershipId,
      { name: 'beats.zip', bytes: zipped },
      { layer: 'beats', codeField: 'BEAT_ID', nameField: 'BEAT_NAME', effectiveFrom: '2030-01-01' },
      actor,
    )
    expect([r.format, r.crs, r.reprojected, r.accepted]).toEqual(['shapefile', 'bng', true, 2])
    const index = await t.container.services.boundaries.index(r.setId!)
    const { bngToWgs84 } = await import('../../../geo/projection')
    const [lon, lat] = bngToWgs84(400500, 90500)
    expect(index.codes[index.locate(lon, lat)]).toBe('B1')

    const zip = await JSZip.loadAsync(zipped)
    for (const name of Object.keys(zip.files)) if (name.endsWith('.prj')) zip.remove(name)
    const noPrj = await zip.generateAsync({ type: 'nodebuffer' })
    const before = await setCount()
    const e = await refused(
      t.container.services.boundaries.import(
        partnershipId,
        { name: 'beats.zip', bytes: noPrj },
        { layer: 'beats' },
        actor,
      ),
    )
    expect(e.message).toContain('has no .prj beside it, so its coordinate system is unknown')
    expect(await setCount()).toBe(before)
  })
})

describe('bad boundary files', () => {
  it('reports a self-intersecting LSOA by feature and still imports it', async () => {
    const r = await t.container.services.boundaries.import(
      partnershipId,
      fixture('lsoa2011_E07000052_west_dorset.json.gz'),
      { layer: 'localities', codeField: 'LSOA11CD', nameField: 'LSOA11NM', effectiveFrom: '2011-01-01' },
      actor,
    )
    expect(r.accepted).toBe(58)
    expect(r.warnings).toEqual([
      {
        feature: expect.any(Number),
        code: 'E01020541',
        message: expect.stringMatching(/^outer ring crosses itself near \(-2\.54\d+, 50\.93\d+\)/),
      },
    ])
  })

  it('repairs an unclosed ring and says so; refuses a ring with two corners, naming the feature; writes nothing', async () => {
    const before = await setCount()
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'A', name: 'Open' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-2, 50],
                [-1.9, 50],
                [-1.9, 50.1],
                [-2, 50.1],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { code: 'B', name: 'Line' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [-2, 50],
                [-1.9, 50],
                [-2, 50],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { code: 'A', name: 'Again' },
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
        {
          type: 'Feature',
          properties: { code: '', name: 'No code' },
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
        {
          type: 'Feature',
          properties: { code: 'P', name: 'Point' },
          geometry: { type: 'Point', coordinates: [-2, 50] },
        },
      ],
    }
    const e = await refused(
      t.container.services.boundaries.import(
        partnershipId,
        { name: 'bad.geojson', bytes: Buffer.from(JSON.stringify(fc)) },
        { layer: 'beats' },
        actor,
      ),
    )
    expect(e.report.repaired).toEqual([
      { feature: 1, code: 'A', message: 'closed 1 ring that was not closed, by repeating the first position' },
      {
        feature: 2,
        code: 'B',
        message: 'dropped 1 part with no area (fewer than 3 distinct corners, or corners in a line)',
      },
    ])
    expect(e.report.errors).toEqual([
      { feature: 2, code: 'B', message: 'has no area: no ring encloses anything' },
      { feature: 3, code: 'A', message: 'has the same code as feature 1; codes must be unique within a set' },
      { feature: 4, message: 'has no value in the code field "code"' },
      { feature: 5, code: 'P', message: 'is a Point, not a polygon' },
    ])
    expect(await setCount()).toBe(before)
  })

  it('names the fields when the code field is wrong, and refuses non-JSON and unknown formats', async () => {
    const e1 = await refused(
      t.container.services.boundaries.import(
        partnershipId,
        demoBoundary('localities-former-districts.geojson.gz'),
        { layer: 'localities', codeField: 'LAD22CD' },
        actor,
      ),
    )
    expect(e1.message).toContain('The code field "LAD22CD" is not in the file; its fields are: code, name.')
    const e2 = await refused(
      t.container.services.boundaries.import(
        partnershipId,
        { name: 'x.geojson', bytes: Buffer.from('{"type": "Feature",') },
        { layer: 'beats' },
        actor,
      ),
    )
    expect(e2.message).toContain('x.geojson is not valid JSON')
    const e3 = await refused(
      t.container.services.boundaries.import(
        partnershipId,
        { name: 'x.csv', bytes: Buffer.from('a,b') },
        { layer: 'beats' },
        actor,
      ),
    )
    expect(e3.message).toContain(
      'the file must be GeoJSON (.geojson or .json), KML (.kml) or a zipped shapefile (.zip)',
    )
  })
})

describe('boundary versions', () => {
  it('uses the set in effect on a date, so old figures stay reproducible', async () => {
    const s2024 = await t.container.services.boundaries.inEffect(partnershipId, 'beats', '2024-06-01')
    const s2026 = await t.container.services.boundaries.inEffect(partnershipId, 'beats', '2026-02-01')
    expect(s2024!.feature_count).toBe(52)
    expect(s2026!.feature_count).toBe(1)
    expect(await t.container.services.boundaries.inEffect(partnershipId, 'beats', '2020-01-01')).toBeUndefined()
  })
})
