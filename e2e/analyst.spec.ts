import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, startApp, verifyHeading, type Running } from './browser'

const root = fileURLToPath(new URL('../', import.meta.url))
let run: Running
let page: Page

beforeAll(async () => {
  run = await startApp()
  page = await (await run.browser.newContext({ acceptDownloads: true })).newPage()
})
afterAll(() => run?.stop())

describe('an analyst checks and loads crime data', () => {
  it("sees the demo's twelve force-months and the stand-in boundaries in use", async () => {
    await page.goto(run.baseUrl)
    await page.getByRole('link', { name: 'Evidence', exact: true }).click()
    await verifyHeading(page, 'Evidence')
    await page.getByRole('link', { name: 'Crime data and boundaries' }).click()
    await verifyHeading(page, 'Crime data and boundaries')
    expect(await page.locator('[data-qa="crime-units"] caption').textContent()).toContain('12 force-months: 56023 rows')
    expect(await page.locator('.govuk-warning-text').textContent()).toContain('Stand-in boundaries')
    await expectAccessible(page)
  })

  it('downloads the counts by beat as CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'by beat', exact: true }).click(),
    ])
    const csv = readFileSync(await download.path(), 'utf8').split('\n')
    expect(csv[0]).toBe('area_code,area_name,month,crime_type,count')
    expect(csv.length).toBeGreaterThan(2000)
  })

  it('reads which localities each stand-in beat lies in', async () => {
    await page.getByRole('link', { name: /Stand-in beats/ }).click()
    await verifyHeading(page, /Stand-in beats/)
    expect(await page.locator('[data-qa="overlaps"]').textContent()).toContain('Weymouth and Portland')
    await expectAccessible(page)
  })

  it('finds the ASB hotspots of the last twelve months on the map and in the table, and downloads both', async () => {
    await page.goto(run.baseUrl)
    await page.getByRole('link', { name: 'Evidence', exact: true }).click()
    await page.getByRole('link', { name: 'Hotspots', exact: true }).click()
    await verifyHeading(page, 'Hotspots')
    await page.getByLabel('Crime group').selectOption('asb')
    await page.getByLabel('Last 12 months (partnership)').check()
    await Promise.all([
      page.waitForURL(/\/hotspots\?group=asb/),
      page.getByRole('button', { name: 'Show hotspots' }).click(),
    ])
    await page.waitForSelector('#hotspot-map[data-ready="true"]')
    // A boundary name (from an uploaded file) is text in the tooltip, never HTML.
    const hostile = '<img src=x id="pwned-by-name"><b>Bold</b>'
    await page.route('**/hotspots.geojson*', async (route) => {
      const res = await route.fetch()
      const data = (await res.json()) as { features: { properties: { area_name: string } }[] }
      for (const f of data.features) f.properties.area_name = hostile
      await route.fulfill({ response: res, json: data })
    })
    await page.reload()
    await page.waitForSelector('#hotspot-map[data-ready="true"]')
    await page.locator('#hotspot-map path.leaflet-interactive').first().hover({ force: true })
    const tip = page.locator('.leaflet-tooltip').filter({ hasText: '<b>Bold</b>' })
    expect(await tip.first().textContent()).toContain(hostile)
    expect(await page.locator('#pwned-by-name').count()).toBe(0)
    await page.unroute('**/hotspots.geojson*')
    await page.reload()
    await page.waitForSelector('#hotspot-map[data-ready="true"]')
    // The map drew every beat, and the hotspots with their thick outline.
    const shapes = await page.locator('#hotspot-map path.leaflet-interactive').count()
    expect(shapes).toBe(52)
    const hotRows = await page.locator('[data-qa="hotspot-table"] .govuk-tag--red').count()
    expect(hotRows).toBeGreaterThan(0)
    expect(await page.locator('#hotspot-map path[stroke-width="4"]').count()).toBe(hotRows)
    expect(await page.locator('[data-qa="summary"]').textContent()).toMatch(
      /of the [\d,]+ crimes counted by beat \(.*\) are .* the area holds [\d,]+ of this group in all, the figure the Trends and Rural pages count/,
    )
    await expectAccessible(page)
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download this table (CSV)' }).click(),
    ])
    const lines = readFileSync(await csv.path(), 'utf8')
      .trimEnd()
      .split('\n')
    expect(lines[0]).toBe(
      'area_code,area_name,type_count,all_count,share,volume_rank,lq,lq_lower,lq_upper,p_adjusted,lq_eb,hotspot,population,rate_per_1000',
    )
    expect(lines.filter((l) => /,true,[^,]*,[^,]*$/.test(l))).toHaveLength(hotRows)
    const [geo] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the map (GeoJSON)' }).click(),
    ])
    const features = JSON.parse(readFileSync(await geo.path(), 'utf8')).features as {
      properties: { layer: string; hotspot?: boolean }
    }[]
    expect(features.filter((f) => f.properties.layer === 'beat' && f.properties.hotspot)).toHaveLength(hotRows)
  })

  it('sees the map by locality draw its localities, and every hotspot named on the map with a marker', async () => {
    await page.goto(`${run.baseUrl}/hotspots?group=violence&by=locality&window=12`)
    await page.waitForSelector('#hotspot-map[data-ready="true"]')
    const localities = await page.locator('[data-qa="hotspot-table"] tbody tr').count()
    expect(await page.locator('#hotspot-map path.leaflet-interactive').count()).toBe(localities)
    await page.goto(`${run.baseUrl}/hotspots?group=asb&by=beat&window=12`)
    await page.waitForSelector('#hotspot-map[data-ready="true"]')
    const hot = await page.locator('[data-qa="hotspot-table"] .govuk-tag--red').count()
    expect(hot).toBeGreaterThan(0)
    expect(await page.locator('#hotspot-map .csp-map-label--hotspot').count()).toBe(hot)
    expect(await page.locator('#hotspot-map .csp-map-label--locality').count()).toBeGreaterThan(0)
    await expectAccessible(page)
  })

  it('reads the ASB trend: July 2025 above the process limit, marked by shape as well as colour, and downloads it', async () => {
    await page.getByRole('navigation', { name: 'Evidence' }).getByRole('link', { name: 'Trends', exact: true }).click()
    await verifyHeading(page, 'Trends')
    await page.getByLabel('Crime group').selectOption('asb')
    await Promise.all([
      page.waitForURL(/\/trends\?group=asb/),
      page.getByRole('button', { name: 'Show trend' }).click(),
    ])
    const chart = page.getByRole('img', {
      name: /Anti-social behaviour, The partnership's whole area: monthly counts: 2025-01 to 2025-12/,
    })
    await chart.waitFor()
    // One concern marker (a triangle), for July.
    expect(await chart.locator('path[fill="#f47738"]').count()).toBe(1)
    expect(await page.locator('[data-qa="trend-table"] tr', { hasText: 'July 2025' }).textContent()).toMatch(
      /above upper \(concern\)/,
    )
    await expectAccessible(page)
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download these figures (CSV)' }).click(),
    ])
    const lines = readFileSync(await csv.path(), 'utf8')
      .trimEnd()
      .split('\n')
    expect(lines[0]!.startsWith('month,value,mean,lower_limit,upper_limit,signal')).toBe(true)
    expect(lines).toHaveLength(13)
  })

  it('imports a month through the upload page and watches it finish', async () => {
    await page.goto(`${run.baseUrl}/data/crimes/upload`)
    await verifyHeading(page, 'Import police.uk crime data')
    await expectAccessible(page)
    await page.getByLabel('Files').setInputFiles(join(root, 'fixtures/crime/2024-01-dorset-street.csv.gz'))
    await page.getByRole('button', { name: 'Import' }).click()
    await page.waitForSelector('.govuk-panel', { timeout: 30000 })
    await verifyHeading(page, 'Crime data imported')
    expect(await page.locator('[data-qa="job-result"]').textContent()).toContain('4802 rows')
    await expectAccessible(page)
  })
})
