import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, demoMeetings, type TestApp } from '../../web/test-app'
import { demoDirectory } from './demo.service'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

describe('the demo partnership', () => {
  it('renders back to the reference minutes line for line', async () => {
    const { reference } = await demoMeetings(t)
    const text = await t.container.services.minutes.plainText(reference.id)
    const source = readFileSync(join(demoDirectory, 'reference-minutes.txt'), 'utf8').replace(/\n$/, '')
    const got = text.split('\n')
    const want = source.split('\n')
    for (let i = 0; i < want.length; i++) expect(got[i], `line ${i + 1}`).toBe(want[i])
    expect(got.length).toBe(want.length)
  })

  it('holds all 19 attendees in their three groups, and the 3 apologies with agencies', async () => {
    const { reference } = await demoMeetings(t)
    const a = await t.container.services.meetings.attendance(reference.id)
    expect(a.groups.map((g) => [g.key, g.people.length])).toEqual([['core', 5], ['attendee', 3], ['support', 11]])
    expect(a.presentCount).toBe(19)
    expect(a.apologies.map((p) => `${p.full_name}: ${p.agency_name}`)).toEqual([
      'Sunita Khattra-Hall: Dorset Council',
      'Stewart Dipple: Dorset Police',
      'Rachel Young: Office of the Police and Crime Commissioner',
    ])
    expect(a.groups[0]!.people[0]!.label).toBe('Dorset Council (Chair)')
  })

  it('counts quorum by agency: five responsible authorities present, three needed', async () => {
    const { reference } = await demoMeetings(t)
    const { quorum } = await t.container.services.meetings.attendance(reference.id)
    expect(quorum.quorate).toBe(true)
    expect(quorum.statutoryAgenciesPresent).toHaveLength(5)
    expect(quorum.required).toBe(3)
  })

  it('has the four actions with their owners, raised by their paragraphs', async () => {
    const { partnership } = await demoMeetings(t)
    const actions = await t.container.services.actions.list(partnership.id, { status: 'all' })
    expect(actions.map((a) => [a.paragraphNumber, a.ownersText])).toEqual([
      ['1.1', 'John Newcombe / Andy Frost'],
      ['1.2', 'Diane Evans'],
      ['2.1', 'Ian Denness'],
      ['2.1', 'Ian Denness'],
    ])
    expect(actions[0]!.carried_from).toBe('3.3 of the minutes of 2 Oct 2024')
  })

  it('logs the decisions of the minutes, in their own words', async () => {
    const { partnership } = await demoMeetings(t)
    const decisions = await t.container.services.decisions.list(partnership.id)
    expect(decisions.length).toBeGreaterThanOrEqual(6)
    const topics = decisions.map((d) => d.topic)
    for (const topic of ['Hotspots are based on police beats', 'Hotspots by relative proportion, not volume', 'Repeat victims and offenders of ASB not measured', 'Rural crime hotspots abandoned', 'Fraud removed from the priorities']) {
      expect(topics).toContain(topic)
    }
    expect(decisions.find((d) => d.topic === 'Fraud removed from the priorities')!.paragraphNumber).toBe('3.2')
  })

  it('resolves the aliases the minutes use to one person each', async () => {
    const { partnership } = await demoMeetings(t)
    const ps = t.container.services.partnership
    expect((await ps.resolveName(partnership.id, 'Di Evans'))!.full_name).toBe('Diane Evans')
    expect((await ps.resolveName(partnership.id, 'John Newcome'))!.full_name).toBe('John Newcombe')
    expect((await ps.resolveName(partnership.id, 'Cllr Gill Taylor'))!.full_name).toBe('Gill Taylor')
    expect(await ps.resolveName(partnership.id, 'Nobody Here')).toBeUndefined()
  })

  it('holds every register entry the minutes mention, each linked to its paragraphs', async () => {
    const r = t.container.services.registers
    const p = (await t.container.services.partnership.current()).id
    const priorities = await r.list(p, 'priorities')
    expect(priorities.map((e) => `${e.ref} ${e.title} ${e.status}`)).toEqual(['L1 Anti-social behaviour active', 'L2 Fly tipping active', 'L3 Vehicle theft active', 'L4 Boy racers in West Bay active', 'P1 Fraud removed', 'P2 Domestic abuse active', 'P3 Sexual offences active', 'P4 Serious violence active'])
    const fraud = await r.get(priorities.find((e) => e.ref === 'P1')!.id)
    expect(fraud.events.at(-1)).toMatchObject({ kind: 'status', from_status: 'active', status: 'removed' })
    expect(fraud.events.at(-1)!.text).toContain('fraud was a national and international issue that required a much larger response')
    expect(fraud.discussedAt.map((d) => d.number)).toEqual(['3.2'])
    expect(fraud.decisions.map((d) => d.topic)).toEqual(['Fraud removed from the priorities'])
    const asb = await r.get(priorities.find((e) => e.ref === 'L1')!.id)
    expect(asb.actions.map((a) => a.title)).toEqual(['Managing individuals who have a disproportionately high impact on anti-social behaviour', 'Identify ASB and violent crime hotspots on police beats by relative proportion and map them against partners\' locality areas'])
    expect(asb.decisions).toHaveLength(3)
    // The risk register names the DHR risk register the minutes say was drafted.
    expect((await r.config(p, 'risks')).books).toEqual(['Partnership risk register', 'Domestic Homicide Reviews risk register'])
    expect((await r.list(p, 'assessments')).map((e) => e.title)).toEqual(['Partnership Strategic Assessment (PSA)', 'Domestic Abuse Needs Assessment', 'Serious Violence Needs Assessment'])
    const interventions = await r.list(p, 'interventions')
    expect(interventions).toHaveLength(9)
    const bystander = await r.get(interventions.find((e) => e.ref === 'I1')!.id)
    expect(bystander.title).toBe('The Bystander Project')
    expect(bystander.events.map((e) => e.text)).toContain('Renamed from "The Boys Project" to "The Bystander Project": Reported at the meeting (6.1; its exact date is not recorded).')
    expect(interventions.every((e) => e.details.fundingEnds === '2025-03-31' && e.details.designedForBau === true)).toBe(true)
    // From the paragraph's side: 6.1 lists the nine interventions.
    const doc = await t.container.services.minutes.document((await demoMeetings(t)).reference.id)
    expect(doc.items.find((i) => i.number === 6)!.paragraphs.find((x) => x.seq === 1)!.registerEntries.map((e) => e.ref)).toEqual(['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7', 'I8', 'I9'])
  })

  it('does not invent the reference meeting date', async () => {
    const { reference } = await demoMeetings(t)
    expect(reference.date).toBeNull()
    expect(reference.dateText).toBe('Date not recorded (between 3 October 2024 and 12 March 2025)')
  })

  it('schedules the next meeting (13 March 2025, 2pm, Teams) with a draft agenda from open actions and the forward plan', async () => {
    const { next } = await demoMeetings(t)
    expect([next.start_time, next.online_platform, next.status]).toEqual(['14:00', 'Microsoft Teams', 'scheduled'])
    const lines = (await t.container.services.minutes.plainText(next.id)).split('\n')
    expect(lines).toContain('No 1. Minutes of the previous meeting and Matters Arising')
    expect(lines).toContain('1.1 1.1 Managing individuals who have a disproportionately high impact on anti-social behaviour.')
    expect(lines).toContain('1.2 1.2 Domestic Homicide Reviews Risk Register.')
    expect(lines.filter((l) => /^1\.\d 2\.1 /.test(l))).toHaveLength(2)
    expect(lines).toContain('No 3. Domestic Homicide Reviews Risk Register: update')
    expect(lines.at(-1)).toBe('No 7. Any Other Business')
  })

  it('refuses to load into a database that already has a partnership', async () => {
    await expect(t.container.services.demo.load({ name: 'test' })).rejects.toThrow(/already holds a partnership/)
  })
})

describe('bad demo files', () => {
  async function loadFrom(mutate: (meetings: any, partnership: any, registers: any) => void) {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'csp-demo-'))
    const meetings = JSON.parse(readFileSync(join(demoDirectory, 'meetings.json'), 'utf8'))
    const partnership = JSON.parse(readFileSync(join(demoDirectory, 'partnership.json'), 'utf8'))
    const registers = JSON.parse(readFileSync(join(demoDirectory, 'registers.json'), 'utf8'))
    mutate(meetings, partnership, registers)
    writeFileSync(join(dir, 'meetings.json'), JSON.stringify(meetings))
    writeFileSync(join(dir, 'registers.json'), JSON.stringify(registers))
    writeFileSync(join(dir, 'partnership.json'), JSON.stringify(partnership))
    const empty = await buildTestApp({ demo: false })
    try {
      const error = await empty.container.services.demo.load({ name: 'test' }, dir).then(() => undefined, (e: Error) => e)
      const rows = await empty.container.database.db.selectFrom('person').select('id').execute()
      return { error, rows: rows.length }
    } finally {
      await empty.close()
      rmSync(dir, { recursive: true })
    }
  }

  it('names the attendee it cannot find and writes nothing', async () => {
    const r = await loadFrom((m) => {
      m.meetings[1].attendance[0].people[2].person = 'Simon Hesters'
    })
    expect(r.error?.message).toBe('meeting reference attendance: "Simon Hesters" is not in partnership.json\'s people or aliases')
    expect(r.rows).toBe(0)
  })

  it('names the register entry whose paragraph or status is wrong, and writes nothing', async () => {
    const noParagraph = await loadFrom((_m, _p, r) => {
      r.entries[1].links = ['9.9']
    })
    expect(noParagraph.error?.message).toBe('registers.json entry P2: the reference minutes have no paragraph 9.9')
    expect(noParagraph.rows).toBe(0)
    const badStatus = await loadFrom((_m, _p, r) => {
      r.entries[0].moves[0].to = 'abolished'
    })
    expect(badStatus.error?.message).toContain('"abolished" is not a status of the priorities register')
    expect(badStatus.rows).toBe(0)
    const noDecision = await loadFrom((_m, _p, r) => {
      r.entries[0].decisions = ['Fraud kept']
    })
    expect(noDecision.error?.message).toBe('registers.json entry P1: there is no decision with the topic "Fraud kept" in meetings.json')
    expect(noDecision.rows).toBe(0)
  })

  it('names the field that breaks the file format', async () => {
    const r = await loadFrom((_m, p) => {
      p.memberships[0].role = 'president'
    })
    expect(r.error?.message).toMatch(/partnership\.json is not a valid demo file\. Fix: memberships\.0\.role: /)
  })
})
