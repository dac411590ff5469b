import { describe, expect, it } from 'vitest'
import { draftVersion } from './minutes-import.service'
import { asOperator, demoMeetings, useDemoApp } from '../../../web/test-app'

const app = useDemoApp()
const actor = { name: 'system:test' }

/** Minutes of another partnership in a council's house style: a legend of initials, "AGREED", an action table. */
const OTHER = `SAFER SOMEWHERE PARTNERSHIP
Minutes of the meeting held on Tuesday, 14th January 2025 at 10.00 a.m.
Venue: Committee Room 2, Town Hall

Present:
AC Cllr. Alison Cooper (Chair)
BD Brian Dowd, Somewhere Police
Ian Denness (Dorset Council)

Apologies: Katie Sorrell (Probation Service) and Peter Lewis - Jennifer James substituted

1. Welcome and apologies
The Chair welcomed everyone.

2. Anti-social behaviour in the town centre
2.1 BD reported a rise in anti-social behaviour around the bus station (DHR 2024/07 was noted separately).
AGREED: that a dispersal order be sought for the summer.
Action: BD to report back on the dispersal order by 1 April 2025

3. Date of next meeting
Tuesday 8th April 2025 at 10.00 a.m.
`

describe('importing old minutes', () => {
  it('reads a file, matches the people held, and saves it as a held meeting with approved minutes, its actions and decisions', async () => {
    const s = asOperator(app.t.container.services)
    const read = await s.minutesImport.read(
      app.partnershipId,
      [{ name: 'somewhere-2025-01.txt', bytes: Buffer.from(OTHER) }],
      actor,
    )
    const [file] = read.files
    if (!file || 'error' in file) throw new Error(JSON.stringify(file))
    const review = await s.minutesImport.review(file.id)
    expect(review.found.date?.value).toBe('2025-01-14')
    expect(review.found.time?.value).toBe('10:00')
    expect(review.found.venue?.value).toBe('Committee Room 2, Town Hall')
    // Known: Ian Denness and Katie Sorrell; new: the rest.
    expect(review.matches.get('Ian Denness')!.personId).not.toBeNull()
    expect(review.matches.get('Katie Sorrell')!.personId).not.toBeNull()
    expect(review.matches.get('Cllr. Alison Cooper')!.personId).toBeNull()
    expect(review.found.actions.map((a) => [a.owner, a.paragraph, a.due])).toEqual([
      ['Brian Dowd', '2.1', '2025-04-01'],
    ])
    expect(review.found.dhrRefs).toEqual(['DHR 2024/07'])
    // Without saying yes to new people, nothing is saved and the reason names them.
    await expect(s.minutesImport.save(file.id, actor, { newPeople: false })).rejects.toThrow(
      /is not one of the partnership's people/,
    )
    expect((await s.meetings.list(app.partnershipId)).some((m) => m.date === '2025-01-14')).toBe(false)

    const meetingId = await s.minutesImport.save(file.id, actor, { newPeople: true })
    const m = await s.meetings.get(meetingId)
    expect([m.status, m.minutes_status, m.date, m.start_time, m.venue]).toEqual([
      'held',
      'approved',
      '2025-01-14',
      '10:00',
      'Committee Room 2, Town Hall',
    ])
    const doc = await s.minutes.document(meetingId)
    expect(doc.items.map((i) => `${i.number} ${i.title}`)).toEqual([
      '1 Welcome and apologies',
      '2 Anti-social behaviour in the town centre',
      '3 Date of next meeting',
    ])
    expect(doc.attendance.apologies.map((p) => p.displayName).sort()).toEqual(['Katie Sorrell', 'Peter Lewis'])
    const actions = (await s.actions.list(app.partnershipId, { status: 'all' })).filter(
      (a) => a.meeting_id === meetingId,
    )
    expect(actions.map((a) => [a.ownersText, a.due_date])).toEqual([['Brian Dowd', '2025-04-01']])
    const decisions = (await s.decisions.list(app.partnershipId)).filter((d) => d.meeting_id === meetingId)
    expect(decisions.map((d) => d.wording)).toEqual(['that a dispersal order be sought for the summer.'])
    expect((await s.minutesImport.sourceOf(meetingId))?.file_name).toBe('somewhere-2025-01.txt')
    // The same file again is recognised.
    const again = await s.minutesImport.read(
      app.partnershipId,
      [{ name: 'copy.txt', bytes: Buffer.from(OTHER) }],
      actor,
    )
    expect(again.files[0]).toMatchObject({ status: 'saved', duplicateOf: 'somewhere-2025-01.txt' })

    // Undone as a batch: the meeting, its actions and decisions, and the people it created.
    const people = (await s.partnership.people(app.partnershipId)).length
    await s.minutesImport.undoBatch(read.batchId, actor)
    expect((await s.meetings.list(app.partnershipId)).some((m) => m.date === '2025-01-14')).toBe(false)
    expect((await s.actions.list(app.partnershipId, { status: 'all' })).some((a) => a.meeting_id === meetingId)).toBe(
      false,
    )
    expect((await s.partnership.people(app.partnershipId)).length).toBeLessThan(people)
    const audit = await app.t.container.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'minutes.import.%')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['minutes.import.read', 'minutes.import.save', 'minutes.import.undo'])
  })

  it('saves what the coordinator corrected on review, and refuses corrections made to an older page', async () => {
    const s = asOperator(app.t.container.services)
    const read = await s.minutesImport.read(
      app.partnershipId,
      [{ name: 'edited.txt', bytes: Buffer.from(OTHER.replace('14th January 2025', '21st January 2025')) }],
      actor,
    )
    const id = (read.files[0] as { id: string }).id
    const before = await s.minutesImport.review(id)
    const seen = draftVersion(JSON.stringify(before.found))
    // Ian Denness sent apologies in fact; the action is Brian Dowd's and Ian Denness's; item 3 is not an item.
    await s.minutesImport.correct(
      id,
      {
        edits: {
          people: [{ index: 2, as: 'apologies' }],
          actions: [
            { index: 0, owners: 'Brian Dowd / Ian Denness', text: 'report back on the dispersal order', drop: false },
          ],
          items: [{ index: 2, number: '3', title: 'Date of next meeting', join: true }],
          decisions: [{ index: 0, drop: true }],
        },
        seen,
      },
      actor,
    )
    await expect(s.minutesImport.correct(id, { title: 'Another', seen }, actor)).rejects.toThrow(/changed since/)
    const meetingId = await s.minutesImport.save(id, actor, { newPeople: true })
    const doc = await s.minutesImport.review(id)
    expect(doc.found.items.map((i) => i.title)).toEqual([
      'Welcome and apologies',
      'Anti-social behaviour in the town centre',
    ])
    const minutes = await s.minutes.document(meetingId)
    expect(minutes.attendance.apologies.map((p) => p.displayName)).toContain('Ian Denness')
    const actions = (await s.actions.list(app.partnershipId, { status: 'all' })).filter(
      (a) => a.meeting_id === meetingId,
    )
    expect(actions.map((a) => a.ownersText)).toEqual(['Brian Dowd / Ian Denness'])
    expect((await s.decisions.list(app.partnershipId)).some((d) => d.meeting_id === meetingId)).toBe(false)
    await s.minutesImport.undoBatch(read.batchId, actor)
  })

  it('flags a second document for a meeting already held that day', async () => {
    const s = asOperator(app.t.container.services)
    const { previous } = await demoMeetings(app.t)
    const text = OTHER.replace('14th January 2025', '2nd October 2024')
    const read = await s.minutesImport.read(app.partnershipId, [{ name: 'oct.txt', bytes: Buffer.from(text) }], actor)
    expect(read.files[0]).toMatchObject({ sameDay: previous.id })
    const id = (read.files[0] as { id: string }).id
    await expect(s.minutesImport.save(id, actor, { newPeople: true })).rejects.toThrow(
      /A meeting on 2 October 2024 is already held here/,
    )
  })

  it('numbers items printed with no numbers, or numbered out of run, and keeps what was printed', async () => {
    const s = asOperator(app.t.container.services)
    const text = `Road Safety Forum – 3 February 2025
Attendees
- Ian Denness (ID) Dorset Council
- Katie Sorrell (KS) Probation Service
Welcome and Introductions
The Chair welcomed the group and explained the purpose of the forum.
Overview of the Framework
Ian Denness gave a short presentation on the framework and its targets.
`
    const read = await s.minutesImport.read(app.partnershipId, [{ name: 'forum.txt', bytes: Buffer.from(text) }], actor)
    const id = (read.files[0] as { id: string }).id
    await s.minutesImport.correct(
      id,
      { edits: { addItem: { number: '1', title: 'Framework targets', startsWith: 'Ian Denness gave' } } },
      actor,
    )
    const doc = await s.minutes.document(await s.minutesImport.save(id, actor, { newPeople: true }))
    expect(doc.items.map((i) => `${i.number} ${i.title}`)).toEqual([
      '1 Welcome and Introductions',
      '2 Overview of the Framework',
      '3 1 Framework targets',
    ])
  })
})
