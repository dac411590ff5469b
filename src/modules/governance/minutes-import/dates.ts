// Dates and times as minutes print them: "13th March 2025", "Tuesday, 26th June, 2012", "2 Oct
// 2024", "13/03/2025", "2025-03-13"; "2pm", "10.30 a.m.", "14:00", "4.00 pm".
import { isIsoDate, parseClock } from '../meetings/meeting-date'

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

const monthOf = (word: string): number | undefined => {
  const w = word.toLowerCase().replace(/\.$/, '')
  if (w.length < 3) return undefined
  const i = MONTHS.findIndex((m) => m.startsWith(w) && (w.length >= 3 || m === w))
  return i < 0 ? undefined : i + 1
}

const iso = (y: number, m: number, d: number): string | undefined => {
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  return isIsoDate(s) ? s : undefined
}

const year4 = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y))

/** A date found in a text: the ISO day, and where in the text it was. */
export interface FoundDate {
  date: string
  index: number
  length: number
}

const MONTH_WORD =
  '(' +
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|' +
  'sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?' +
  ')\\.?'
// ("21 st April": a space before the ordinal, as some PDFs print it.)
const DAY = '(\\d{1,2})(?:\\s?(?:st|nd|rd|th)){0,2}'
const patterns: { re: RegExp; read: (m: RegExpExecArray) => string | undefined }[] = [
  // 13th March 2025, 13 Mar 2025, 26th June, 2012, 13th of March 2025
  {
    // "8thSeptember2015" (a page that lost its spaces) too
    re: new RegExp(`\\b${DAY}(?:\\s+of)?(?:\\s+|(?<=st|nd|rd|th))${MONTH_WORD},?\\s*(\\d{4})\\b`, 'gi'),
    read: (m) => iso(Number(m[3]), monthOf(m[2]!)!, Number(m[1])),
  },
  // March 13th, 2025
  {
    re: new RegExp(`\\b${MONTH_WORD}\\s+${DAY},?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => iso(Number(m[3]), monthOf(m[1]!)!, Number(m[2])),
  },
  // "Monday 24th Jan 11": a weekday, then the day, the month and the year in two digits.
  {
    re: new RegExp(
      `\\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\\s+${DAY}\\s+${MONTH_WORD},?\\s+(\\d{2})\\b(?![:.]?\\d)`,
      'gi',
    ),
    read: (m) => iso(year4(m[3]!), monthOf(m[2]!)!, Number(m[1])),
  },
  // 2025-03-13
  // "the 27 Feb 03 meeting": a two-digit year where a meeting or a time follows.
  {
    re: new RegExp(`\\b${DAY}\\s+${MONTH_WORD}\\s+(\\d{2})\\b(?=\\s+(?:meeting|at\\s+\\d)\\b)`, 'gi'),
    read: (m) => iso(year4(m[3]!), monthOf(m[2]!)!, Number(m[1])),
  },
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, read: (m) => iso(Number(m[1]), Number(m[2]), Number(m[3])) },
  // 13/03/2025, 13.03.25 (British order)
  {
    re: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b/g,
    read: (m) => iso(year4(m[3]!), Number(m[2]), Number(m[1])),
  },
]

/** Every date in a text, in the order they appear. */
export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = []
  for (const p of patterns) {
    p.re.lastIndex = 0
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const date = p.read(m)
      if (date && !out.some((o) => m.index < o.index + o.length && o.index < m.index + m[0].length))
        out.push({ date, index: m.index, length: m[0].length })
    }
  }
  return out.sort((a, b) => a.index - b.index)
}

/** A day written without its year ("13th March"), read in the year given. */
export function findDayMonth(text: string, year: number): FoundDate[] {
  const re = new RegExp(`\\b${DAY}(?:\\s+of)?\\s+${MONTH_WORD}\\b(?!,?\\s+\\d{4})`, 'gi')
  const out: FoundDate[] = []
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const date = iso(year, monthOf(m[2]!)!, Number(m[1]))
    if (date) out.push({ date, index: m.index, length: m[0].length })
  }
  return out
}

/** The first time of day in a text ("at 2pm", "10.30 a.m.", "14:00", "4.00 pm"), as HH:MM. */
export function findTime(text: string): string | null {
  const re =
    // "2pm", "10.30 a.m.", or "14:00", "4.00 hrs"
    new RegExp(
      String.raw`\b(\d{1,2}(?:[:.]\d{2})?)\s*(a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])` +
        String.raw`|\b(\d{1,2}[:.]\d{2})(?![\d/.])(?:\s*(?:hrs|hours|h))?`,
      'gi',
    )
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const clock = m[2] ? `${m[1]}${m[2].replace(/[.\s]/g, '')}` : m[3]!
    // "13.03" could be a date without a year only if followed by more digits: excluded above.
    const t = parseClock(clock)
    if (t && (m[2] || /[:.]/.test(m[3] ?? ''))) {
      // A bare "2.1" paragraph number is not a time: a time has two-digit minutes.
      if (!m[2] && !/[:.]\d{2}$/.test(m[3]!)) continue
      return t
    }
  }
  return null
}
