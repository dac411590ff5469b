/**
 * iCalendar (RFC 5545) for meeting dates. Written by hand rather than with ical-generator, which
 * (v10) writes DTSTAMP without its UTC "Z" once a calendar time zone is set — a §3.8.7.2 violation
 * that Outlook tolerates and strict parsers reject. See docs/decisions.md.
 */
export interface CalendarMeeting {
  id: string
  title: string
  date: string | null
  start_time: string | null
  end_time: string | null
  venue: string | null
  online_platform: string | null
  online_url: string | null
  status: 'scheduled' | 'held' | 'cancelled'
  sequence: number
  updated_at: string
}

export interface CalendarOptions {
  partnershipName: string
  baseUrl: string
  /** Length assumed when a meeting has no end time (minutes). */
  defaultMinutes?: number
  /**
   * The public feed leaves out the join link and points at the published minutes (the meeting's
   * own page needs an account); an account's feed (its secret address, or the signed-in download)
   * has both.
   */
  audience?: 'public' | 'account'
}

const LONDON = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
]

/** TEXT value escaping (§3.3.11). */
export function escapeText(s: string): string {
  // Any line break — CRLF, LF or a bare CR — becomes \n; other control characters (which RFC 5545
  // does not allow in text) are dropped, so no value can start a property line of its own.
  return (
    s
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex -- control characters are what this removes (RFC 5545 forbids them)
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  )
}

/** Folds a content line at 75 octets (§3.1), never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = []
  let current = ''
  let octets = 0
  for (const ch of line) {
    const size = Buffer.byteLength(ch)
    const limit = out.length === 0 ? 75 : 74
    if (octets + size > limit) {
      out.push(current)
      current = ''
      octets = 0
    }
    current += ch
    octets += size
  }
  out.push(current)
  return out.join('\r\n ')
}

function utcStamp(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function local(date: string, time: string): string {
  return `${date.replace(/-/g, '')}T${time.replace(':', '')}00`
}

function addMinutes(date: string, time: string, minutes: number): { date: string; time: string } {
  const [h = 0, m = 0] = time.split(':').map(Number)
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCMinutes(h * 60 + m + minutes)
  return { date: d.toISOString().slice(0, 10), time: d.toISOString().slice(11, 16) }
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10).replace(/-/g, '')
}

export function meetingEvent(m: CalendarMeeting, o: CalendarOptions): string[] {
  if (!m.date) return []
  const open = o.audience === 'public'
  const url = open ? `${o.baseUrl}/published` : `${o.baseUrl}/meetings/${m.id}`
  const where = m.venue ?? (m.online_platform ? `Online: ${m.online_platform}` : '')
  const description = [
    `${o.partnershipName}: ${m.title}`,
    m.venue ? `Venue: ${m.venue}` : null,
    m.online_platform ? `Online via ${m.online_platform}` : null,
    m.online_url && !open ? `Join the meeting: ${m.online_url}` : null,
    open ? `Published minutes: ${url}` : `Agenda, papers and minutes: ${url}`,
    m.status === 'cancelled' ? 'This meeting has been cancelled.' : null,
  ]
    .filter(Boolean)
    .join('\n')
  const lines = [
    'BEGIN:VEVENT',
    `UID:meeting-${m.id}@csp-hub`,
    `SEQUENCE:${m.sequence}`,
    `DTSTAMP:${utcStamp(m.updated_at)}`,
    `LAST-MODIFIED:${utcStamp(m.updated_at)}`,
  ]
  if (m.start_time) {
    const end = m.end_time
      ? { date: m.date, time: m.end_time }
      : addMinutes(m.date, m.start_time, o.defaultMinutes ?? 120)
    lines.push(
      `DTSTART;TZID=Europe/London:${local(m.date, m.start_time)}`,
      `DTEND;TZID=Europe/London:${local(end.date, end.time)}`,
    )
  } else {
    lines.push(`DTSTART;VALUE=DATE:${m.date.replace(/-/g, '')}`, `DTEND;VALUE=DATE:${nextDay(m.date)}`)
  }
  lines.push(`SUMMARY:${escapeText(`${o.partnershipName}: ${m.title}`)}`)
  if (where) lines.push(`LOCATION:${escapeText(where)}`)
  lines.push(
    `DESCRIPTION:${escapeText(description)}`,
    `URL:${url}`,
    `STATUS:${m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  )
  return lines
}

/** A whole calendar: the feed (all dated meetings) or one meeting's .ics. */
export function calendar(meetings: readonly CalendarMeeting[], o: CalendarOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//csp-hub//Community Safety Partnership meetings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(o.partnershipName)}`,
    'X-WR-TIMEZONE:Europe/London',
    ...LONDON,
    ...meetings.flatMap((m) => meetingEvent(m, o)),
    'END:VCALENDAR',
  ]
  return lines.map(foldLine).join('\r\n') + '\r\n'
}
