import { describe, expect, it } from 'vitest'
import { addMonths, checkDhrMove, dhrClock, dhrStatuses, type DhrEvent } from './dhr-clock'

const at = (status: DhrEvent['status'], date: string): DhrEvent => ({ status, date })

describe('calendar months', () => {
  it('adds months as a calendar does, clamping to the month end', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28')
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28')
    expect(addMonths('2024-10-15', 3)).toBe('2025-01-15')
  })
})

describe('the DHR clock, day by day through every stage', () => {
  // One review followed with a fake clock: notified 10 Jan 2024 (decision due 10 Feb).
  const notified = [at('notified', '2024-01-10')]
  it('counts down to the decision, then flags it overdue the day after it was due', () => {
    expect(dhrClock(notified, '2024-02-10').overdue.decision).toBe(false)
    const late = dhrClock(notified, '2024-02-11')
    expect(late).toMatchObject({
      status: 'notified',
      decisionDue: '2024-02-10',
      overdue: { decision: true, completion: false, publication: false },
      daysOverdue: 1,
      closed: false,
    })
    const pending = dhrClock([...notified, at('decision_pending', '2024-01-20')], '2024-02-15')
    expect(pending.overdue.decision).toBe(true)
    expect(pending.daysInStatus).toBe(26)
  })

  const commissioned = [...notified, at('decision_pending', '2024-01-20'), at('ongoing', '2024-02-05')]
  it('starts the six months from the decision to hold a review', () => {
    const c = dhrClock(commissioned, '2024-06-01')
    expect(c).toMatchObject({
      decidedOn: '2024-02-05',
      completionDue: '2024-08-05',
      overdue: { decision: false, completion: false },
    })
    expect(dhrClock(commissioned, '2024-08-06')).toMatchObject({ overdue: { completion: true }, daysOverdue: 1 })
    // An agreed two-month extension moves the deadline.
    expect(dhrClock(commissioned, '2024-08-06', undefined, 2)).toMatchObject({
      completionDue: '2024-10-05',
      overdue: { completion: false },
    })
  })

  const paused = [...commissioned, at('paused', '2024-03-01'), at('ongoing', '2024-05-01')]
  it('stops the completion clock while criminal proceedings pause the review (if local policy says so)', () => {
    const c = dhrClock(paused, '2024-08-06')
    expect(c.pausedDays).toBe(61)
    expect(c.completionDue).toBe('2024-10-05')
    expect(c.overdue.completion).toBe(false)
    expect(
      dhrClock(paused, '2024-08-06', {
        decisionDueMonths: 1,
        completionDueMonths: 6,
        publicationDueDays: 30,
        pauseStopsClock: false,
      }).overdue.completion,
    ).toBe(true)
    // Still paused: the days run on to today.
    expect(dhrClock([...commissioned, at('paused', '2024-03-01')], '2024-04-01').pausedDays).toBe(31)
  })

  const submitted = [...paused, at('submitted_qa', '2024-09-20')]
  it('stops the completion clock when the report goes to the Quality Assurance Panel, through revisions', () => {
    expect(dhrClock(submitted, '2025-01-01')).toMatchObject({
      completedOn: '2024-09-20',
      overdue: { completion: false },
    })
    const revised = [...submitted, at('qa_revisions', '2024-11-01'), at('submitted_qa', '2024-12-01')]
    expect(dhrClock(revised, '2025-01-01')).toMatchObject({
      status: 'submitted_qa',
      completedOn: '2024-09-20',
      overdue: { completion: false },
    })
  })

  const approved = [...submitted, at('approved', '2025-01-15')]
  it('expects publication within the local number of days of approval, and closes when published or not', () => {
    expect(dhrClock(approved, '2025-02-14')).toMatchObject({
      publicationDue: '2025-02-14',
      overdue: { publication: false },
    })
    expect(dhrClock(approved, '2025-02-15')).toMatchObject({
      overdue: { publication: true },
      daysOverdue: 1,
      closed: false,
    })
    expect(dhrClock([...approved, at('published', '2025-03-01')], '2025-06-01')).toMatchObject({
      status: 'published',
      overdue: { publication: false },
      closed: true,
    })
    expect(dhrClock([...approved, at('not_published', '2025-03-01')], '2025-06-01').closed).toBe(true)
  })

  it('closes a review that did not meet the criteria, or went to another partnership, with nothing overdue', () => {
    expect(dhrClock([...notified, at('not_met', '2024-02-01')], '2025-01-01')).toMatchObject({
      closed: true,
      overdue: { decision: false, completion: false, publication: false },
    })
    expect(dhrClock([...commissioned, at('transferred', '2024-04-01')], '2025-01-01')).toMatchObject({
      closed: true,
      overdue: { completion: false },
    })
  })

  it('refuses a move out of order: an unknown stage, a skipped stage, a date before the last, a future date', () => {
    expect(checkDhrMove(approved, 'published', '2025-02-01', '2025-03-01')).toBeNull()
    expect(checkDhrMove(submitted, 'published', '2025-01-01', '2025-03-01')).toContain(
      'cannot become "Published": next comes "Revisions asked for by the Quality Assurance Panel" or "Approved by the Quality Assurance Panel"',
    )
    expect(checkDhrMove(approved, 'published', '2025-01-01', '2025-03-01')).toBe(
      '"Published" on 2025-01-01 would come before "Approved by the Quality Assurance Panel" on 2025-01-15. Check the dates.',
    )
    expect(checkDhrMove(approved, 'published', '2025-04-01', '2025-03-01')).toContain('is in the future')
    expect(checkDhrMove(approved, 'archived', '2025-02-01', '2025-03-01')).toContain('"archived" is not a DHR stage')
    expect(checkDhrMove([], 'ongoing', '2025-02-01', '2025-03-01')).toBe('A review starts with its notification.')
    expect(
      checkDhrMove([...approved, at('published', '2025-03-01')], 'approved', '2025-03-01', '2025-03-02'),
    ).toContain(': it is closed')
    // Every stage is reachable from the notification.
    const reach = new Set<string>(['notified'])
    for (let i = 0; i < dhrStatuses.length; i++)
      for (const s of [...reach])
        for (const t of dhrStatuses)
          if (checkDhrMove([at(s as DhrEvent['status'], '2024-01-01')], t, '2024-01-02', '2024-02-01') === null)
            reach.add(t)
    expect([...reach].sort()).toEqual([...dhrStatuses].sort())
  })
})
