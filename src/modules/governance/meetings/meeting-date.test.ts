import { describe, expect, it } from 'vitest'
import { clockTime, describeMeetingDate, isIsoDate, longDate, ordinalDate, parseClock, shortDate } from './meeting-date'

describe('meeting dates', () => {
  it('writes dates in the styles the minutes and GOV.UK use', () => {
    expect(longDate('2024-10-02')).toBe('2 October 2024')
    expect(shortDate('2024-10-02')).toBe('2 Oct 2024')
    expect(ordinalDate('2025-03-13')).toBe('13th March 2025')
    expect(
      ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-11', '2025-03-12', '2025-03-22', '2025-03-23'].map(
        (d) => ordinalDate(d).split(' ')[0],
      ),
    ).toEqual(['1st', '2nd', '3rd', '11th', '12th', '22nd', '23rd'])
    expect(clockTime('14:00')).toBe('2pm')
    expect(clockTime('09:30')).toBe('9.30am')
    expect(clockTime('12:00')).toBe('midday')
    expect(clockTime('00:15')).toBe('12.15am')
  })

  it('reads the times people type', () => {
    expect(['14:00', '14.00', '2pm', '2 PM', '2.30pm', '9:30 am', 'midday', '12am'].map(parseClock)).toEqual([
      '14:00',
      '14:00',
      '14:00',
      '14:00',
      '14:30',
      '09:30',
      '12:00',
      '00:00',
    ])
    expect(['25:00', '2', '13pm', '10:75', 'soon', ''].map(parseClock)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })

  it('never guesses an unknown date', () => {
    expect(describeMeetingDate({ date: null, date_not_before: '2024-10-03', date_not_after: '2025-03-12' })).toBe(
      'Date not recorded (between 3 October 2024 and 12 March 2025)',
    )
    expect(describeMeetingDate({ date: null, date_not_before: null, date_not_after: null })).toBe('Date not recorded')
  })

  it('knows a real date from an impossible one', () => {
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2025-02-29')).toBe(false)
    expect(isIsoDate('2025-3-1')).toBe(false)
  })
})
