import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoMeetings, usePerformanceApp } from '../../web/test-app'
import { reportPeriod } from './report-period'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const actor = { name: 'system:test' }
const app = usePerformanceApp()

/** Crimes of a type inside the partnership's area in one police.uk file, counted with Turf (not the engine). */
function countInArea(file: string, type: string): number {
  const area = JSON.parse(
    gunzipSync(readFileSync(join(root, 'demo/dorset/boundaries/area-dorset-council-lad2024.geojson.gz'))).toString(),
  ).features[0].geometry
  let n = 0
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(1)) {
    const f = line.replace(/\r$/, '').split(',')
    if (f.length < 10 || !f[4] || !f[5]) continue
    // The type is the tenth field; locations may hold commas inside quotes, so count from the end.
    const crimeType = line.includes('"')
      ? line
          .replace(/"[^"]*"/g, 'x')
          .replace(/\r$/, '')
          .split(',')[9]
      : f[9]
    if (crimeType !== type) continue
    if (booleanPointInPolygon([Number(f[4]), Number(f[5])], area)) n++
  }
  return n
}

const quarterFiles = (months: string[]) =>
  months.map((m) =>
    m.startsWith('2025')
      ? join(root, `demo/dorset/crime/${m}-dorset-street.csv.gz`)
      : join(root, `fixtures/crime/${m}-dorset-street.csv.gz`),
  )

/** The text of each format: tags stripped from HTML, Word's document.xml runs, pdftotext's output. */
async function texts(id: string) {
  const s = app.t.container.services.reports
  const html = (await s.render(id, 'html')).body.toString('utf8').replace(/<[^>]+>/g, ' ')
  const zip = await JSZip.loadAsync((await s.render(id, 'docx')).body)
  const docxXml = await zip.file('word/document.xml')!.async('string')
  const docx = docxXml.replace(/<[^>]+>/g, '')
  const pdf = (await s.render(id, 'pdf')).body
  const pdfText = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8')
  const decode = (x: string) =>
    x
      .replace(/&amp;/g, '&')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&quot;/g, '"')
  return { html: decode(html), docx: decode(docx), docxXml, pdf: pdfText, pdfBytes: pdf }
}

describe('the quarterly partnership report', () => {
  beforeAll(async () => {
    const files = ['2024-01', '2024-02', '2024-03', '2024-04'].map((m) =>
      join(root, `fixtures/crime/${m}-dorset-street.csv.gz`),
    )
    await app.t.container.services.crimes.import(app.partnershipId, files, actor)
  }, 120000)

  it('holds the ASB and violence totals of the quarter and the same quarter a year before, as Turf counts them', async () => {
    const r = await app.t.container.services.reports.create(
      app.partnershipId,
      { template: 'quarterly', period: '2025-Q1', audience: 'public' },
      actor,
    )
    const period = reportPeriod('quarterly', '2025-Q1')
    expect(period.lastYear.months).toEqual(['2024-01', '2024-02', '2024-03'])
    const sum = (months: string[], type: string) => quarterFiles(months).reduce((s, f) => s + countInArea(f, type), 0)
    const expected = {
      asb: { a: sum(period.months, 'Anti-social behaviour'), b: sum(period.lastYear.months, 'Anti-social behaviour') },
      violence: {
        a: sum(period.months, 'Violence and sexual offences'),
        b: sum(period.lastYear.months, 'Violence and sexual offences'),
      },
    }
    const asb = r.model.measures.find((m) => m.key === 'asb')!
    const violence = r.model.measures.find((m) => m.key === 'violence')!
    expect([asb.value, asb.lastYear]).toEqual([expected.asb.a, expected.asb.b])
    expect([violence.value, violence.lastYear]).toEqual([expected.violence.a, expected.violence.b])
    expect(expected.asb.a).toBeGreaterThan(500)
    const change = (x: { a: number; b: number }) =>
      `${x.a >= x.b ? '+' : '−'}${Math.abs((100 * (x.a - x.b)) / x.b).toFixed(0)}%`
    const fmt = (v: number) => v.toLocaleString('en-GB')

    // The same figures and bullets in all three formats.
    const t = await texts(r.id)
    for (const [name, text] of Object.entries({ html: t.html, docx: t.docx, pdf: t.pdf.replace(/\s+/g, ' ') })) {
      for (const x of [expected.asb, expected.violence]) {
        expect(text, name).toContain(fmt(x.a))
        expect(text, name).toContain(fmt(x.b))
        expect(text, name).toContain(change(x))
      }
      for (const h of r.model.headlines.slice(0, 2))
        expect(text.replace(/\s+/g, ' '), name).toContain(h.text.slice(0, 60))
    }
    // The hotspot maps: vector in HTML and PDF with their scale bar and attribution, an image with alt text in Word.
    const raw = (await app.t.container.services.reports.render(r.id, 'html')).body.toString('utf8')
    for (const group of ['asb', 'violence'])
      expect(raw).toContain(`aria-labelledby="map-${group}-title map-${group}-desc"`)
    expect(t.pdf).toMatch(/\b\d+ km\b/)
    expect(t.pdf.replace(/\s+/g, ' ')).toContain('Boundaries: police.uk and ONS')
    expect(t.docxXml.match(/descr="Map of \d+ beats shaded by location quotient band/g)?.length).toBe(2)
    // Tagged, with a bookmark outline and its title.
    const info = execFileSync('pdfinfo', ['-'], { input: t.pdfBytes }).toString()
    expect(info).toMatch(/Tagged:\s+yes/)
    expect(info).toContain('Quarterly partnership report: January to March 2025')
    expect(t.pdfBytes.toString('latin1')).toContain('/Outlines')
  }, 120000)

  it('says why the rules read a change the way they do, never calling common cause a rise or a fall', async () => {
    const r = await app.t.container.services.reports.create(
      app.partnershipId,
      { template: 'quarterly', period: '2025-Q1', audience: 'public' },
      actor,
    )
    for (const h of r.model.headlines.filter((x) => x.rule === 'change')) {
      const m = r.model.measures.find((x) => x.id === h.section)!
      const special = m.series.some(
        (p) => r.model.period.months.includes(p.month) && p.variation.startsWith('special_cause_'),
      )
      if (!special) {
        expect(h.text).toContain('within normal variation')
        expect(h.text).not.toMatch(/\b(rose|fell)\b/)
      }
    }
    expect(r.model.dhr).toBeNull()
    expect(r.version).toBeGreaterThan(1)
  }, 60000)

  it('edits a headline (drafted text kept, audited), issues, locks, attaches to an agenda item, and rebuilds as a new version', async () => {
    const s = app.t.container.services.reports
    const r = await s.create(app.partnershipId, { template: 'monthly', period: '2025-03', audience: 'public' }, actor)
    const first = r.model.headlines[0]!
    const page = await app.t.submit(`/reports/${r.id}`, `/reports/${r.id}/headlines/${first.id}`, {
      action: 'save',
      text: 'Edited by the analyst.',
    })
    expect(page.statusCode).toBe(303)
    const edited = await s.get(r.id)
    expect(edited.model.headlines[0]!.text).toBe('Edited by the analyst.')
    expect(edited.model.headlines[0]!.drafted).toBe(first.drafted)
    const audit = await app.t.container.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', r.id)
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['reports.create', 'reports.headline.edit'])
    expect((await app.t.submit(`/reports/${r.id}`, `/reports/${r.id}/issue`, {})).statusCode).toBe(303)
    const locked = await app.t.submit(`/reports/${r.id}`, `/reports/${r.id}/headlines/${first.id}`, {
      action: 'save',
      text: 'Too late.',
    })
    expect(locked.statusCode).toBe(409)
    const { next } = await demoMeetings(app.t)
    const doc = await app.t.container.services.minutes.document(next.id)
    const item = doc.items[0]!
    expect((await app.t.submit(`/reports/${r.id}`, `/reports/${r.id}/attach`, { item: item.id })).statusCode).toBe(303)
    const meeting = await app.t.app.inject({ method: 'GET', url: `/meetings/${next.id}` })
    expect(meeting.body).toContain(`href="/reports/${r.id}"`)
    const again = await s.rebuild(r.id, actor)
    expect(again.version).toBe(r.version + 1)
    expect(again.status).toBe('draft')
    expect(again.changes).toEqual([])
    expect((await s.get(r.id)).model.headlines[0]!.text).toBe('Edited by the analyst.')
  }, 60000)

  it('builds one from the page, and refuses a bad period at its field with what to write', async () => {
    const ok = await app.t.submit('/reports', '/reports', {
      template: 'quarterly',
      period: '2025-Q1',
      audience: 'public',
    })
    expect(ok.statusCode).toBe(303)
    // The build runs in the background: its page shows the step in words until the report is ready.
    const building = ok.headers.location as string
    expect(building).toMatch(/^\/reports\/builds\/[0-9a-f-]{36}$/)
    let at = await app.t.app.inject({ method: 'GET', url: building })
    // Each step lets the event loop run, so the page answers while the build goes on.
    expect(at.statusCode).toBe(200)
    expect(at.body).toMatch(/<progress id="progress" class="csp-progress" max="100" value="\d+">/)
    expect(at.body).toMatch(/: step \d+ of \d+</)
    const steps = new Set<string>()
    for (let i = 0; at.statusCode === 200 && i < 600; i++) {
      const status = (await app.t.app.inject({ method: 'GET', url: `${building}/status` })).json<{
        status: string
        text: string
      }>()
      steps.add(status.text)
      await new Promise((r) => setTimeout(r, 50))
      at = await app.t.app.inject({ method: 'GET', url: building })
    }
    expect(at.statusCode).toBe(303)
    expect([...steps].every((x) => /: step \d+ of \d+$/.test(x))).toBe(true)
    const page = await app.t.app.inject({ method: 'GET', url: at.headers.location as string })
    expect(page.body).toContain('<h1 class="govuk-heading-l">Quarterly partnership report: January to March 2025</h1>')
    expect(page.body.match(/<h1/g)).toHaveLength(1)
    const bad = await app.t.submit('/reports', '/reports', {
      template: 'quarterly',
      period: 'Q1 2025',
      audience: 'public',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#period"')
    expect(bad.body).toContain('write it YYYY-Qn')
  }, 60000)

  it('refuses a period that is not one, or holds no crime, saying what to write', async () => {
    const s = app.t.container.services.reports
    await expect(
      s.create(app.partnershipId, { template: 'quarterly', period: '2025-5', audience: 'public' }, actor),
    ).rejects.toThrow(/write it YYYY-Qn/)
    await expect(
      s.create(app.partnershipId, { template: 'monthly', period: '2019-01', audience: 'public' }, actor),
    ).rejects.toThrow(/No police.uk crime is held for January 2019/)
    expect(existsSync(join(root, 'fixtures/crime/2024-03-dorset-street.csv.gz'))).toBe(true)
  })

  it('is promised on the forward plan: not yet built, then issued and attached to the meeting it was promised to', async () => {
    const { next } = await demoMeetings(app.t)
    const promise = (await app.t.container.services.forwardPlan.list(app.partnershipId)).find(
      (i) => i.title === 'Performance Measures: quarterly update',
    )!
    expect([promise.report_template, promise.report_period, promise.target_meeting_id]).toEqual([
      'quarterly',
      null,
      next.id,
    ])
    const plan = async () =>
      (await app.t.app.inject('/forward-plan')).body.match(/data-qa="promised-report">([^]*?)<\/span><\/a>/)![1]!
    // Not yet built, or (after the tests above) built as drafts: the plan points at the latest.
    expect(await plan()).toMatch(
      /^Report promised: Quarterly partnership report – (not yet built|built, a draft not yet issued)\. /,
    )
    const s = app.t.container.services.reports
    const r = await s.create(app.partnershipId, { template: 'quarterly', period: '2025-Q1', audience: 'public' }, actor)
    await s.issue(r.id, actor)
    const item = (await app.t.container.services.minutes.document(next.id)).items.find((i) =>
      i.title.startsWith('Performance Measures'),
    )!
    await s.attach(r.id, item.id, actor)
    expect(await plan()).toContain(`issued and attached to the agenda. <a class="govuk-link" href="/reports/${r.id}">`)

    // A promise made on the form: the period checked against its template, at its field.
    const form = { title: 'Monthly report for the tasking group', targetMeetingId: next.id, reportTemplate: 'monthly' }
    const bad = await app.t.submit('/forward-plan/new', '/forward-plan/new', { ...form, reportPeriod: '2025-Q2' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#reportPeriod"')
    expect(bad.body).toContain('is not a month: write it YYYY-MM')
    expect(
      (await app.t.submit('/forward-plan/new', '/forward-plan/new', { ...form, reportPeriod: '2025-06' })).statusCode,
    ).toBe(303)
    expect(await app.t.app.inject('/forward-plan').then((x) => x.body)).toContain(
      'Monthly operational report, June 2025 – not yet built. <a class="govuk-link" href="/reports?template=monthly&amp;period=2025-06">Build it',
    )
  }, 60000)
})
