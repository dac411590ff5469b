import { describe, expect, it } from 'vitest'
import { coverageNotes, monthRuns } from './coverage'

describe('coverage notes: what a set of figures leaves out, never silently', () => {
  it('joins months into runs', () => {
    expect(monthRuns(['2025-03', '2025-01', '2025-02', '2025-06', '2024-12'])).toBe('2024-12 to 2025-03, 2025-06')
    expect(monthRuns([])).toBe('')
  })

  it('says nothing when the window is inside the months held and every month is there', () => {
    expect(coverageNotes({ held: ['2025-01', '2025-02', '2025-03'], from: '2025-01', to: '2025-03' })).toEqual([])
    expect(coverageNotes({ held: ['2025-01', '2025-02'] })).toEqual([])
  })

  it('names a window reaching outside the months held, and months missing inside it', () => {
    const notes = coverageNotes({ held: ['2025-01', '2025-02', '2025-05'], from: '2024-11', to: '2025-07' })
    expect(notes).toEqual([
      'The window starts at 2024-11, before the first month held (2025-01): the figures start at 2025-01.',
      'The window ends at 2025-07, after the latest month held (2025-05): the figures stop at 2025-05.',
      'No police.uk crime is held for 2025-03 to 2025-04, inside the window: those months are missing from these figures, not zero.',
    ])
  })

  it('names a window wholly outside the months held', () => {
    expect(coverageNotes({ held: ['2025-01'], from: '2023-01', to: '2023-02' })).toEqual([
      'No crime is held for 2023-01 to 2023-02: the months held are 2025-01.',
    ])
    expect(coverageNotes({ held: [] })).toEqual(['No police.uk crime is held yet.'])
  })

  it('names months counted on no boundaries of the layer', () => {
    const [note] = coverageNotes({
      held: ['2025-01', '2025-02', '2025-03'],
      withoutBoundaries: ['2025-01'],
      layer: 'beats',
    })
    expect(note).toBe(
      "No beats were in effect for 2025-01: that month's crimes are not in these figures. Import beats that apply to it (or without a date, to cover every earlier month).",
    )
  })
})
