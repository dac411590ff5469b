import { describe, expect, it } from 'vitest'
import { useDemoApp } from '../../../web/test-app'
import { MeasureFileError } from './measures.service'

const actor = { name: 'system:test' }
const app = useDemoApp()

const csv = (text: string) => ({ name: 'upload.csv', bytes: Buffer.from(text) })

describe('a monthly partner measure', () => {
  it('uploads a series, charts it with XmR like crime, and takes a correction for one month', async () => {
    const s = app.t.container.services.measures
    const m = await s.create(
      app.partnershipId,
      {
        key: 'fly-tipping',
        label: 'Fly-tipping incidents',
        kind: 'series',
        owner: 'Dorset Council waste team',
        direction: 'decrease',
        target: 100,
      },
      actor,
    )
    const months = [95, 102, 98, 110, 97, 101, 99, 104, 100, 96, 180, 103, 98]
    const r = await s.upload(
      m.id,
      csv(
        `month,value\n${months.map((v, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${v}`).join('\n')}\n`,
      ),
      actor,
    )
    expect(r.rows).toBe(13)
    const c = await s.chart(m.id)
    expect(c.points.map((p) => p.value)).toEqual(months)
    expect(c.chart.points[10]!.signal).toBe('above_upper')
    expect(c.chart.points[10]!.variation).toBe('special_cause_concern')
    expect(c.chart.assurance).toBe('inconsistent')
    await s.setValue(m.id, { month: '2025-11', value: 105, denominator: null }, actor)
    expect((await s.chart(m.id)).points[10]!.value).toBe(105)
  })

  it('refuses a bad file with every problem located, and writes nothing', async () => {
    const s = app.t.container.services.measures
    const m = await s.create(
      app.partnershipId,
      { key: 'alcohol-so', label: 'Sexual offences with an alcohol flag', kind: 'series', direction: 'decrease' },
      actor,
    )
    const e = await s
      .upload(m.id, csv('month,value,denominator\n2025-01,12,300\n2025-1,x,0\n2025-01,4,\n'), actor)
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    expect(e).toBeInstanceOf(MeasureFileError)
    expect((e as MeasureFileError).problems).toEqual([
      'Line 3, column month: "2025-1" is not a month written YYYY-MM.',
      'Line 3, column value: "x" is not a number.',
      'Line 3, column denominator: "0" is not a number above zero.',
      'Line 4, column month: 2025-01 is also on line 2; give each month once.',
    ])
    await expect(s.upload(m.id, csv('when,count\n2025-01,3\n'), actor)).rejects.toThrow(
      /must name the columns month,value/,
    )
    expect(await s.series(m.id)).toEqual([])
  })
})

describe('domestic-abuse repeats from pseudonymous occurrences', () => {
  it('gives TV-DA-1 rates and a monthly repeat-victim series, and never shows an id', async () => {
    const s = app.t.container.services.measures
    const m = await s.create(
      app.partnershipId,
      { key: 'da-repeats', label: 'Domestic abuse: repeat victims', kind: 'da_cases', direction: 'neutral' },
      actor,
    )
    await s.upload(
      m.id,
      csv(
        'date,victim_id\n2024-01-10,V1\n2024-06-01,V1\n2024-05-01,V2\n2023-03-01,V3\n2024-04-15,V3\n2024-08-01,V4\n2024-09-15,V4\n2025-03-31,V5\n2025-04-02,V5\n',
      ),
      actor,
    )
    const r = await s.daRates(m.id, '2024-04-01', '2025-03-31')
    expect(r.repeatVictimRate).toBe(0.4)
    expect(r.repeatOccurrenceRate).toBeCloseTo(1 / 3, 12)
    const series = await s.series(m.id)
    expect(series.find((p) => p.month === '2024-06')).toEqual({ month: '2024-06', value: 100, denominator: 1 })
    const page = await app.t.app.inject({ method: 'GET', url: `/measures/${m.id}` })
    expect(page.statusCode).toBe(200)
    for (const id of ['V1', 'V2', 'V3', 'V4', 'V5']) expect(page.body).not.toContain(`>${id}<`)
    expect(page.body).not.toMatch(/\bV[1-5]\b/)
    const audit = await app.t.container.database.db
      .selectFrom('audit_event')
      .select('details')
      .where('subject_id', '=', m.id)
      .execute()
    expect(audit.map((a) => a.details).join(' ')).not.toMatch(/\bV[1-5]\b/)
    await expect(
      s.upload(
        m.id,
        csv('date,victim_id,kind\n2024-02-30,V1,crime\n2024-03-01,,incident\n2024-03-02,V9,call\n'),
        actor,
      ),
    ).rejects.toThrow(/3 problems/)
  })
})

describe('the partner measure pages', () => {
  it('adds a measure through the form, refusing a bad key first, then enters a month and uploads a file', async () => {
    const bad = await app.t.submit('/measures/new', '/measures', {
      label: 'Graffiti reports',
      key: 'Graffiti!',
      kind: 'series',
      direction: 'decrease',
      owner: '',
      description: '',
      target: '',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter a short key')
    const ok = await app.t.submit('/measures/new', '/measures', {
      label: 'Graffiti reports',
      key: 'graffiti',
      kind: 'series',
      direction: 'decrease',
      owner: 'Town council',
      description: '',
      target: '',
    })
    expect(ok.statusCode).toBe(303)
    const id = ok.headers.location!.split('/').pop()!
    const value = await app.t.submit(`/measures/${id}`, `/measures/${id}/values`, {
      month: '2025-02',
      value: '14',
      denominator: '',
    })
    expect(value.statusCode).toBe(303)
    const badValue = await app.t.submit(`/measures/${id}`, `/measures/${id}/values`, {
      month: 'Feb',
      value: 'lots',
      denominator: '',
    })
    expect(badValue.statusCode).toBe(400)
    expect(badValue.body).toContain('Enter the month as YYYY-MM')
    const up = await app.t.upload(`/measures/${id}`, `/measures/${id}/upload`, {}, [
      { field: 'file', name: 'graffiti.csv', content: 'month,value\n2025-03,11\n2025-04,not-a-number\n' },
    ])
    expect(up.statusCode).toBe(400)
    expect(up.body).toContain('Line 3, column value: &quot;not-a-number&quot; is not a number.')
    const list = await app.t.app.inject({ method: 'GET', url: '/measures' })
    expect(list.body).toContain('Graffiti reports')
    expect((await app.t.container.services.measures.series(id)).map((p) => p.month)).toEqual(['2025-02'])
  })
})
