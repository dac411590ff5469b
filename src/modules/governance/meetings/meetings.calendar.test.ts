import { describe, expect, it } from 'vitest'
import { calendar, escapeText, foldLine, type CalendarMeeting } from './meetings.calendar'

const base: CalendarMeeting = {
  id: 'abc',
  title: 'Community Safety Partnership',
  date: '2025-03-13',
  start_time: '14:00',
  end_time: null,
  venue: null,
  online_platform: 'Microsoft Teams',
  online_url: 'https://teams.example.org/l/meetup-join/19%3ameeting_abc',
  status: 'scheduled',
  sequence: 3,
  updated_at: '2025-01-15T10:00:00.000Z',
}
const opts = { partnershipName: 'Dorset Community Safety Partnership', baseUrl: 'https://csp.example.org' }

describe('iCalendar', () => {
  it('writes a VEVENT with a stable UID, SEQUENCE, UTC DTSTAMP and Europe/London local times', () => {
    const ics = calendar([base], opts)
    const lines = ics.replace(/\r\n /g, '').split('\r\n')
    expect(lines).toContain('UID:meeting-abc@csp-hub')
    expect(lines).toContain('SEQUENCE:3')
    expect(lines).toContain('DTSTAMP:20250115T100000Z')
    expect(lines).toContain('DTSTART;TZID=Europe/London:20250313T140000')
    expect(lines).toContain('DTEND;TZID=Europe/London:20250313T160000')
    expect(lines).toContain('STATUS:CONFIRMED')
    expect(lines).toContain('TZID:Europe/London')
    expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toContain(
      'Join the meeting: https://teams.example.org/l/meetup-join/19%3ameeting_abc',
    )
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true)
  })

  it('marks a cancelled meeting STATUS:CANCELLED and an undated one not at all', () => {
    const ics = calendar(
      [
        { ...base, status: 'cancelled' },
        { ...base, id: 'undated', date: null },
      ],
      opts,
    )
    expect(ics).toContain('STATUS:CANCELLED')
    expect(ics).not.toContain('undated')
  })

  it('writes an all-day event when there is no start time', () => {
    const ics = calendar([{ ...base, start_time: null, date: '2025-12-31' }], opts)
    expect(ics).toContain('DTSTART;VALUE=DATE:20251231')
    expect(ics).toContain('DTEND;VALUE=DATE:20260101')
  })

  it('escapes TEXT values and folds long lines at 75 octets without splitting characters', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne')
    // A bare carriage return cannot end the line and start a property of its own.
    expect(escapeText('Teams\rATTENDEE:mailto:x@evil.example\r\nX\u0001')).toBe(
      'Teams\\nATTENDEE:mailto:x@evil.example\\nX',
    )
    const long = `SUMMARY:${'é'.repeat(100)}`
    const folded = foldLine(long)
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75)
    expect(folded.replace(/\r\n /g, '')).toBe(long)
  })
})
