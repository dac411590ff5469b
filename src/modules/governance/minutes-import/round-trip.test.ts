// The reference minutes round-trip: the demo's own Word and text exports import back to the same
// people, groups, items, paragraphs, actions, decisions and dates.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { demoMeetings, useDemoApp } from '../../../web/test-app'
import { readDocx } from './docx-source'
import { readPdf } from './pdf-source'
import { importJson, parseMinutes } from './parse-minutes'
import { readText } from './source'
import { attendanceGroupLabels } from '../meetings/meetings.service'

const app = useDemoApp()

async function expected() {
  const t = app.t
  const { reference } = await demoMeetings(t)
  const doc = await t.container.services.minutes.document(reference.id)
  const actions = doc.items.flatMap((i) =>
    i.paragraphs.flatMap((p) =>
      p.blocks.flatMap((b) => (b.kind === 'action' ? b.owners.map((o) => ({ owner: o, paragraph: p.number })) : [])),
    ),
  )
  return {
    reference,
    attendees: doc.attendance.groups.flatMap((g) =>
      g.people.map((p) => ({ name: p.displayName, agency: p.label, group: attendanceGroupLabels[g.key] })),
    ),
    apologies: doc.attendance.apologies.map((p) => ({ name: p.displayName, agency: p.affiliation })),
    items: doc.items.map((i) => ({
      number: String(i.number),
      title: i.title,
      paragraphs: i.paragraphs.map((p) => p.number),
    })),
    actions,
    futureMeetings: doc.futureMeetings.map((f) => f.date),
  }
}

function compare(got: ReturnType<typeof importJson>, want: Awaited<ReturnType<typeof expected>>) {
  expect(got.attendees).toEqual(want.attendees)
  expect(got.apologies).toEqual(want.apologies)
  expect(
    got.items.map((i) => ({ number: i.number, title: i.title, paragraphs: i.paragraphs.map((p) => p.number) })),
  ).toEqual(want.items)
  expect(got.actions.map((a) => ({ owner: a.owner, paragraph: a.paragraph }))).toEqual(want.actions)
  expect(got.futureMeetings).toEqual(want.futureMeetings)
  expect(got.nextMeeting).toBe(want.futureMeetings[0])
  expect(got.warnings).toEqual([])
}

describe('importing minutes: the demo round-trips', () => {
  it('reads the reference minutes as published (the seed text) into their parts', () => {
    const seed = readFileSync(new URL('../../../../demo/dorset/reference-minutes.txt', import.meta.url), 'utf8')
    const m = importJson('minutes.txt', parseMinutes(readText(seed)))
    expect(m.attendees).toHaveLength(19)
    expect(m.attendees.slice(0, 5).every((a) => a.group === 'Core members')).toBe(true)
    expect(m.apologies.map((a) => a.name)).toEqual(['Sunita Khattra-Hall', 'Stewart Dipple', 'Rachel Young'])
    expect(m.items.map((i) => i.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(m.items[5]!.paragraphs.map((p) => p.number)).toEqual([
      '6.1',
      '6.2',
      '6.3',
      '6.4',
      '6.5',
      '6.6',
      '6.7',
      '6.8',
    ])
    expect(m.actions.map((a) => `${a.owner} ${a.paragraph}`)).toEqual([
      'John Newcombe 1.1',
      'Andy Frost 1.1',
      'Di Evans 1.2',
      'Ian Denness 2.1',
      'Ian Denness 2.1',
    ])
    expect(m.decisions.map((d) => d.paragraph)).toEqual(['1.1', '2.1', '2.1', '2.1', '3.2', '8.1'])
    expect(m.futureMeetings).toEqual(['2025-03-13'])
  })

  it('imports the demo’s text export back to the same structure', async () => {
    const want = await expected()
    const text = (await app.t.app.inject(`/meetings/${want.reference.id}/minutes.txt`)).body
    compare(importJson('minutes.txt', parseMinutes(readText(text))), want)
  })

  it('imports the demo’s Word export back to the same structure', async () => {
    const want = await expected()
    const res = await app.t.app.inject(`/meetings/${want.reference.id}/minutes.docx`)
    const got = importJson('minutes.docx', parseMinutes(await readDocx(res.rawPayload)))
    compare(got, want)
  })

  it('imports the demo’s PDF export back to the same structure', async () => {
    const want = await expected()
    const res = await app.t.app.inject(`/meetings/${want.reference.id}/minutes.pdf`)
    expect(res.statusCode).toBe(200)
    const got = importJson('minutes.pdf', parseMinutes(await readPdf(res.rawPayload)))
    compare(got, want)
  }, 60000)
})
