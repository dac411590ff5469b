import { describe, expect, it } from 'vitest'
import {
  analysisWindow,
  dhrAnalysis,
  recommendationFigures,
  recommendationOverdue,
  type Recommendation,
  type ReviewForAnalysis,
} from './dhr-analysis'
import { dhrClock, type DhrEvent } from './dhr-clock'

const rec = (
  ref: string,
  status: Recommendation['status'],
  dueDate: string | null,
  extra: Partial<Recommendation> = {},
): Recommendation => ({
  ref,
  text: `Recommendation ${ref}`,
  level: 'local',
  agency: null,
  owner: '',
  dueDate,
  status,
  statusSince: '2024-01-01',
  evidence: '',
  ...extra,
})

describe('a recommendation overdue', () => {
  it('is overdue only while still the partners to deliver and past its due date', () => {
    expect(recommendationOverdue({ status: 'in_progress', dueDate: '2025-01-31' }, '2025-01-31')).toBeNull()
    expect(recommendationOverdue({ status: 'in_progress', dueDate: '2025-01-31' }, '2025-02-10')).toBe(10)
    expect(recommendationOverdue({ status: 'not_started', dueDate: '2025-01-31' }, '2025-03-02')).toBe(30)
    expect(recommendationOverdue({ status: 'complete', dueDate: '2025-01-31' }, '2025-03-02')).toBeNull()
    // National practice is outside the partners' control: never "overdue" locally.
    expect(recommendationOverdue({ status: 'outside_local_control', dueDate: '2025-01-31' }, '2025-03-02')).toBeNull()
    expect(recommendationOverdue({ status: 'in_progress', dueDate: null }, '2025-03-02')).toBeNull()
  })
})

describe('the action plan figures', () => {
  it('gives % complete and % overdue of those that count, and the median days overdue', () => {
    const recs = [
      rec('1', 'complete', '2024-06-30'),
      rec('2', 'complete_evidenced', '2024-06-30'),
      rec('3', 'in_progress', '2025-01-01'), // 59 days over on 1 March 2025
      rec('4', 'not_started', '2025-02-19'), // 10 days over
      rec('5', 'outside_local_control', '2024-12-31'),
      rec('6', 'superseded', '2024-01-01'), // left out of the percentages
      rec('7', 'in_progress', '2025-12-31'),
      rec('8', 'in_progress', '2025-02-27'), // 2 days over
    ]
    const f = recommendationFigures(recs, '2025-03-01')
    expect(f).toMatchObject({
      total: 8,
      counted: 7,
      complete: 2,
      percentComplete: 28.6,
      overdue: 3,
      percentOverdue: 42.9,
      medianDaysOverdue: 10,
      outsideLocalControl: 1,
    })
    expect(
      recommendationFigures(
        [rec('1', 'in_progress', '2025-01-01'), rec('2', 'in_progress', '2025-01-11')],
        '2025-01-21',
      ).medianDaysOverdue,
    ).toBe(15)
    expect(recommendationFigures([], '2025-01-21')).toMatchObject({ percentComplete: null, medianDaysOverdue: null })
  })
})

describe('the two-year analysis', () => {
  const at = (status: DhrEvent['status'], date: string): DhrEvent => ({ status, date })
  const review = (ref: string, history: DhrEvent[], extra: Partial<ReviewForAnalysis> = {}): ReviewForAnalysis => {
    const clock = dhrClock(history, '2025-01-15')
    return {
      id: ref,
      ref,
      title: ref,
      reason: 'intimate_partner',
      themes: [],
      impact: '',
      clock,
      closedOn: clock.closed ? clock.statusSince : null,
      recommendations: [],
      ...extra,
    }
  }
  const reviews = [
    // Published within the window, two themes, one evidenced recommendation.
    review(
      'DHR-1',
      [
        at('notified', '2022-11-01'),
        at('ongoing', '2022-11-20'),
        at('submitted_qa', '2023-08-01'),
        at('approved', '2023-10-01'),
        at('published', '2023-11-01'),
      ],
      {
        themes: ['Coercive control', 'Information sharing'],
        impact: 'GP practices now ask about abuse at every contact.',
        recommendations: [
          rec('1', 'complete_evidenced', '2023-12-31', { evidence: 'Audit of 40 GP records, Sept 2024' }),
          rec('2', 'outside_local_control', '2024-06-30', {
            level: 'national',
            text: 'Change national guidance on information sharing',
          }),
        ],
      },
    ),
    // Closed before the window: left out.
    review('DHR-0', [at('notified', '2021-01-10'), at('not_met', '2021-02-01')]),
    // Ongoing, late, themes spelled differently.
    review('DHR-2', [at('notified', '2023-05-01'), at('ongoing', '2023-05-20')], {
      reason: 'suicide',
      themes: ['coercive  control', 'Mental health'],
      recommendations: [rec('1', 'in_progress', '2024-12-01')],
    }),
    // Did not meet the criteria, within the window.
    review('DHR-3', [at('notified', '2024-03-01'), at('not_met', '2024-03-20')], { reason: null }),
  ]
  const w = analysisWindow('2025-01-15')

  it('covers the 24 months to the day asked for', () => {
    expect(w).toEqual({ from: '2023-01-15', to: '2025-01-15' })
  })

  it('counts the reviews live in the window, why they were held, and which were completed in it', () => {
    const a = dhrAnalysis(reviews, w, '2025-01-15')
    expect(a.reviews).toBe(3)
    expect(a.notified).toBe(2)
    expect(a.reasons.map((r) => [r.reason, r.refs])).toEqual([
      ['intimate_partner', ['DHR-1']],
      ['suicide', ['DHR-2']],
      ['not_recorded', ['DHR-3']],
    ])
    expect(a.completed.map((c) => [c.ref, c.completedOn])).toEqual([['DHR-1', '2023-08-01']])
    expect(a.overCompletionDeadline).toEqual(['DHR-1', 'DHR-2'])
    expect(a.byStage.map((s) => [s.status, s.count])).toEqual([
      ['ongoing', 1],
      ['published', 1],
      ['not_met', 1],
    ])
  })

  it('gathers the learning themes across reviews, however they were typed', () => {
    const a = dhrAnalysis(reviews, w, '2025-01-15')
    expect(a.themes).toEqual([
      { theme: 'Coercive control', refs: ['DHR-1', 'DHR-2'] },
      { theme: 'Information sharing', refs: ['DHR-1'] },
      { theme: 'Mental health', refs: ['DHR-2'] },
    ])
  })

  it('reports the actions taken, what is outside local control, what is overdue, and the impact', () => {
    const a = dhrAnalysis(reviews, w, '2025-01-15')
    expect(a.figures).toMatchObject({ total: 3, complete: 1, overdue: 1, outsideLocalControl: 1 })
    expect(a.outsideLocalControl.map((r) => [r.review, r.ref, r.level])).toEqual([['DHR-1', '2', 'national']])
    expect(a.overdue.map((r) => [r.review, r.daysOverdue])).toEqual([['DHR-2', 45]])
    expect(a.impact.map((i) => [i.review, i.source])).toEqual([
      ['DHR-1', 'Review'],
      ['DHR-1', 'Recommendation 1'],
    ])
  })
})
