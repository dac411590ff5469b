import { describe, expect, it } from 'vitest'
import { RuleError } from '../../../errors'
import { parseMinutes } from './parse-minutes'
import { actionLines, applyEdits } from './review-edits'
import { readText } from './source'

/** Minutes a reader gets partly wrong: a venue read as a person, a list line read as an item. */
const TEXT = `SAFER SOMEWHERE PARTNERSHIP
Minutes of the meeting held on 14 January 2025 at 10am

Present:
Ian Denness (Dorset Council)
Brian Dowd (Somewhere Police)
Katie Sorrell (Probation Service)

Apologies: Peter Lewis (Fire)

1. Welcome and apologies
1.1 The Chair welcomed everyone.

2. Anti-social behaviour
2.1 Brian Dowd reported a rise in anti-social behaviour around the bus station.
AGREED: that a dispersal order be sought for the summer.
Action: Brian Dowd and Ian Denness to report back on the dispersal order by 1 April 2025

3. CCTV Update
3.1 The cameras are working.
Action: Katie Sorrell to circulate the camera map
`

const fresh = () => parseMinutes(readText(TEXT))

describe('edits made on the review page', () => {
  it('finds what the test expects to edit', () => {
    const f = fresh()
    expect(f.attendees.map((p) => p.name)).toEqual(['Ian Denness', 'Brian Dowd', 'Katie Sorrell'])
    expect(f.items.map((i) => i.title)).toEqual(['Welcome and apologies', 'Anti-social behaviour', 'CCTV Update'])
    expect(actionLines(f.actions).map((a) => a.owners)).toEqual([['Brian Dowd', 'Ian Denness'], ['Katie Sorrell']])
  })

  it('moves a person to apologies and leaves one out', () => {
    const f = fresh()
    const done = applyEdits(f, {
      people: [
        { index: 1, as: 'apologies' },
        { index: 2, as: 'drop' },
      ],
    })
    expect(f.attendees.map((p) => p.name)).toEqual(['Ian Denness'])
    expect(f.apologies.map((p) => p.name)).toEqual(['Brian Dowd', 'Peter Lewis'])
    expect(done.leftOut).toEqual(['Katie Sorrell'])
    expect(done.moved).toEqual(['Brian Dowd: apologies'])
  })

  it('joins an item that is not one to the item above, keeping its words', () => {
    const f = fresh()
    const done = applyEdits(f, { items: [{ index: 2, number: '3', title: 'CCTV Update', join: true }] })
    expect(f.items.map((i) => i.title)).toEqual(['Welcome and apologies', 'Anti-social behaviour'])
    const texts = f.items[1]!.paragraphs.map((p) => p.text).join('\n')
    expect(texts).toMatch(/CCTV Update[^]*The cameras are working[^]*Action - Katie Sorrell: circulate/)
    expect(done.joined).toEqual(['3 CCTV Update'])
  })

  it('joins a first "item" to the first real item, in order', () => {
    const f = fresh()
    applyEdits(f, {
      items: [
        { index: 0, number: '1', title: 'Welcome and apologies', join: true },
        { index: 1, number: '2', title: 'Anti-social behaviour', join: true },
      ],
    })
    expect(f.items.map((i) => i.title)).toEqual(['CCTV Update'])
    const texts = f.items[0]!.paragraphs.map((p) => p.text).join('\n')
    expect(texts).toMatch(/^Welcome and apologies\n[^]*\nAnti-social behaviour\n[^]*The cameras are working/)
  })

  it('retitles an item and refuses an empty title at its field', () => {
    const f = fresh()
    applyEdits(f, { items: [{ index: 1, number: '2a', title: 'ASB in the town centre', join: false }] })
    expect(f.items[1]).toMatchObject({ number: '2a', title: 'ASB in the town centre' })
    try {
      applyEdits(fresh(), { items: [{ index: 1, number: '2', title: ' ', join: false }] })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(RuleError)
      expect((e as RuleError).field).toBe('item-title-2')
    }
  })

  it('changes an action’s owners in its line, and leaves one out', () => {
    const f = fresh()
    const done = applyEdits(f, {
      actions: [
        { index: 0, owners: 'Brian Dowd', text: 'report back on the dispersal order by 1 April 2025', drop: false },
        { index: 1, owners: 'Katie Sorrell', text: 'circulate the camera map', drop: true },
      ],
    })
    expect(f.actions.map((a) => a.owner)).toEqual(['Brian Dowd'])
    expect(f.actions[0]!.due).toBe('2025-04-01')
    const all = f.items.flatMap((i) => i.paragraphs.map((p) => p.text)).join('\n')
    expect(all).toContain('Action - Brian Dowd: report back on the dispersal order by 1 April 2025')
    expect(all).not.toMatch(/Action - Katie Sorrell/)
    expect(done).toMatchObject({ actionsChanged: 1, actionsLeftOut: 1 })
    expect(() =>
      applyEdits(fresh(), { actions: [{ index: 1, owners: '', text: 'circulate the camera map', drop: false }] }),
    ).toThrow(/who owns the action/)
  })

  it('leaves a decision out', () => {
    const f = fresh()
    expect(f.decisions).toHaveLength(1)
    applyEdits(f, { decisions: [{ index: 0, drop: true }] })
    expect(f.decisions).toHaveLength(0)
  })

  it('adds people the reader missed, once each, present or with apologies', () => {
    const f = fresh()
    const done = applyEdits(f, {
      addPeople: { lines: 'Jo Bloggs (Dorset Police)\n- Sam Smith - Fire\nIan Denness\n', as: 'present' },
    })
    expect(f.attendees.map((p) => [p.name, p.agency])).toEqual([
      ['Ian Denness', 'Dorset Council'],
      ['Brian Dowd', 'Somewhere Police'],
      ['Katie Sorrell', 'Probation Service'],
      ['Jo Bloggs', 'Dorset Police'],
      ['Sam Smith', 'Fire'],
    ])
    expect(done.added).toEqual(['Jo Bloggs: present', 'Sam Smith: present'])
    applyEdits(f, { addPeople: { lines: 'Cllr Ann Other', as: 'apologies' } })
    expect(f.apologies.map((p) => p.name)).toEqual(['Peter Lewis', 'Cllr Ann Other'])
    expect(() => applyEdits(fresh(), { addPeople: { lines: '(--)', as: 'present' } })).toThrow(/not a name/)
  })

  it('adds an item the reader missed at the line it starts, with the text after it', () => {
    const f = fresh()
    const done = applyEdits(f, { addItem: { number: '2a', title: 'Dispersal order', startsWith: 'agreed: that a' } })
    expect(f.items.map((i) => `${i.number} ${i.title}`)).toEqual([
      '1 Welcome and apologies',
      '2 Anti-social behaviour',
      '2a Dispersal order',
      '3 CCTV Update',
    ])
    expect(f.items[1]!.paragraphs.map((p) => p.text).join('\n')).toMatch(/bus station\.$/)
    expect(f.items[2]!.paragraphs.map((p) => p.text).join('\n')).toMatch(
      /^AGREED: that a dispersal order[^]*Action - Brian Dowd/,
    )
    expect(done.itemsAdded).toEqual(['2a Dispersal order'])
    try {
      applyEdits(fresh(), { addItem: { number: '', title: 'Budget', startsWith: 'The budget was' } })
      expect.unreachable()
    } catch (e) {
      expect((e as RuleError).field).toBe('add-item-start')
    }
    expect(() => applyEdits(fresh(), { addItem: { number: '4', title: '', startsWith: 'The' } })).toThrow(/title/)
  })
})
