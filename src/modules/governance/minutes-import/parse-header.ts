// The meeting as its minutes' opening lines give it: the body, title, date, time, venue or
// platform. Pure.
import { findDates, findTime } from './dates'
import type { ImportedMinutes } from './parse-minutes'

export const PLATFORMS: [RegExp, string][] = [
  [/\bmicrosoft teams\b|\bms teams\b|\bvia teams\b|\bon teams\b/i, 'Microsoft Teams'],
  [/\bzoom\b/i, 'Zoom'],
  [/\bgoogle meet\b/i, 'Google Meet'],
  [/\bwebex\b/i, 'Webex'],
  [/\b(?:held )?(?:virtually|online)\b|\bvirtual meeting\b/i, 'Online'],
]
const BODY = /\b(?:partnership|board|committee|panel|group|forum|executive)\b/i

/** A line that is a date and nothing else: "Monday, 9 September 2013", "Monday, September 10, 2007". */
const DATE_ALONE = new RegExp(
  String.raw`^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?` +
    String.raw`(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+|[A-Za-z]+\s+\d{1,2}),?\s+\d{4}$`,
  'i',
)

export function readHeader(out: ImportedMinutes, lines0: { text: string; at: string }[]) {
  // "Monday, 9 September 2013" alone above "Minute of a meeting … 10th July 2013": the page's date
  // (a blog's, a website's), not the meeting's, when a line about the meeting gives one.
  const pageDate =
    !!lines0[0] &&
    DATE_ALONE.test(lines0[0].text.trim()) &&
    lines0.slice(1, 5).some((l) => /\b(?:minutes?|meeting|held)\b/i.test(l.text)) &&
    lines0.slice(1, 5).some((l) => findDates(l.text).length)
  // A page's metadata: "Published" / "20 January 2025" is not the meeting's date; "Date of meeting" /
  // "6 June 2024" is, and "Date of next meeting" / "5 September 2024" is the next.
  const lines = (pageDate ? lines0.slice(1) : lines0).flatMap((l, k, all) => {
    const label = l.text.replace(/^[-•]\s*/, '').trim()
    const prev = all[k - 1]?.text.replace(/^[-•]\s*/, '').trim() ?? ''
    if (/^(?:published|(?:last |first )?updated)$/i.test(prev)) return []
    if (/^date of meeting$/i.test(prev)) return [{ ...l, text: `Date: ${label}` }]
    const next = /^date of (?:the )?next meeting$/i.test(prev) ? findDates(label)[0] : undefined
    if (next) {
      out.futureMeetings.push({ value: next.date, at: l.at, confidence: 0.9 })
      return []
    }
    return [l]
  })
  for (const l of lines) {
    const t = l.text
    if (!out.date) {
      const d = findDates(t)[0]
      if (d && !/\b(?:next|future|previous|last|between|not recorded|unknown)\b/i.test(t)) {
        out.date = { value: d.date, at: l.at, confidence: 0.95 }
        const time = findTime(t.slice(d.index + d.length)) ?? findTime(t.slice(0, d.index))
        if (time && !out.time) out.time = { value: time, at: l.at, confidence: 0.9 }
        const before = t
          .slice(0, d.index)
          .replace(/\b(?:held on|on|meeting of|minutes of|the|date:?|held)\b/gi, ' ')
          .replace(/[\s,–:-]+$/, '')
          // "… Community Safety Partnership Monday": the day is the date's, not the body's.
          .replace(/\s*\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?$/i, '')
          // ("The Scrutiny Committee - Thursday, …": the dash before the day too.)
          .replace(/[\s,–:-]+$/, '')
          .trim()
        if (!out.title && before && BODY.test(before))
          out.title = { value: before.replace(/^minutes\s*[:\-–]?\s*/i, ''), at: l.at, confidence: 0.7 }
        continue
      }
    }
    if (!out.time) {
      const labelled = /^(?:time|start(?:s|ing)?)\s*[:\-–]\s*(.+)$/i.exec(t)
      const time = findTime(labelled?.[1] ?? t)
      if (time && (labelled || /\b(?:at|from|commencing)\b/i.test(t) || t.length < 40 || findDates(t).length)) {
        out.time = { value: time, at: l.at, confidence: labelled ? 0.95 : 0.8 }
        continue
      }
    }
    const venue = /^(?:venue|location|place|where|held at)\s*[:\-–]\s*(.+)$/i.exec(t)
    if (venue && !out.venue) {
      const platform = PLATFORMS.find(([re]) => re.test(venue[1]!))
      if (platform) out.platform = { value: platform[1], at: l.at, confidence: 0.95 }
      else out.venue = { value: venue[1]!.replace(/\.?\s*view directions\.?$/i, '').trim(), at: l.at, confidence: 0.95 }
      continue
    }
    const platform = PLATFORMS.find(([re]) => re.test(t))
    if (platform && !out.platform) out.platform = { value: platform[1], at: l.at, confidence: 0.8 }
    if (!out.body && BODY.test(t) && t.length < 120 && !/^(?:minutes|agenda)\s*$/i.test(t)) {
      out.body = {
        value: t
          .replace(/^(?:minutes of (?:the )?|the )/i, '')
          .replace(/\s*[-–:]\s*minutes$/i, '')
          .trim(),
        at: l.at,
        confidence: 0.7,
      }
      continue
    }
  }
}
