/** The months' names, as dates are written in the minutes. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** "March 2025" for 2025-03. */
export function monthText(ym: string): string {
  const [y, m] = ym.split('-').map(Number)
  return `${MONTH_NAMES[(m ?? 1) - 1]} ${y}`
}

function parts(iso: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!match) throw new Error(`Not an ISO date: ${iso}`)
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) }
}

/** "2 October 2024": the GOV.UK date style. */
export function longDate(iso: string): string {
  const { y, m, d } = parts(iso)
  return `${d} ${MONTH_NAMES[m - 1]} ${y}`
}

/** "2 Oct 2024": the style of the reference minutes' item 1 ("Minutes of Meeting held on 2 Oct 2024"). */
export function shortDate(iso: string): string {
  const { y, m, d } = parts(iso)
  return `${d} ${MONTH_NAMES[m - 1]!.slice(0, 3)} ${y}`
}

export function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`
}

/** "13th March 2025": the style of the reference minutes' "Future Meeting Dates". */
export function ordinalDate(iso: string): string {
  const { y, m, d } = parts(iso)
  return `${ordinal(d)} ${MONTH_NAMES[m - 1]} ${y}`
}

/** "2pm", "9.30am": the GOV.UK time style. */
export function clockTime(hhmm: string): string {
  const [h = 0, min = 0] = hhmm.split(':').map(Number)
  const suffix = h >= 12 ? 'pm' : 'am'
  const h12 = h % 12 === 0 ? 12 : h % 12
  if (h === 12 && min === 0) return 'midday'
  return min === 0 ? `${h12}${suffix}` : `${h12}.${String(min).padStart(2, '0')}${suffix}`
}

export interface DatedMeeting {
  date: string | null
  date_not_before: string | null
  date_not_after: string | null
}

/** How a meeting's date reads when it may be unknown: never a silent guess. */
export function describeMeetingDate(m: DatedMeeting): string {
  if (m.date) return longDate(m.date)
  if (m.date_not_before && m.date_not_after) {
    return `Date not recorded (between ${longDate(m.date_not_before)} and ${longDate(m.date_not_after)})`
  }
  return 'Date not recorded'
}

/** Sort key: unknown dates sort at the latest day they could be. */
export function meetingSortKey(m: DatedMeeting): string {
  return m.date ?? m.date_not_after ?? m.date_not_before ?? '9999-12-31'
}

/** A day `n` days after (or, negative, before) an ISO day. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Reads "14:00", "14.00", "2pm", "2.30pm" or "9:30 am" as HH:MM; undefined when it is not a time. */
export function parseClock(input: string): string | undefined {
  const s = input.trim().toLowerCase().replace(/\s+/g, '')
  if (s === 'midday' || s === 'noon') return '12:00'
  const m = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(s)
  if (!m) return undefined
  let h = Number(m[1])
  const min = m[2] === undefined ? 0 : Number(m[2])
  if (m[3] === undefined && m[2] === undefined) return undefined
  if (min > 59) return undefined
  if (m[3]) {
    if (h < 1 || h > 12) return undefined
    if (m[3] === 'pm' && h !== 12) h += 12
    if (m[3] === 'am' && h === 12) h = 0
  } else if (h > 23) return undefined
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`
}
