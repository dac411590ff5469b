// Minutes whose items carry no numbers: "Welcome and Introductions", "Actions & Matters Arising",
// "Police Report & discussion", each a short title on a line of its own with the business under
// it. Read only when the minutes print no numbered items at all, so a numbered set is never
// second-guessed. Pure.
import { findTime } from './dates'
import { isFirstName } from './first-names'
import { gluedName, HONORIFIC, legendEntry, looksLikeName, looksLikePeople } from './people-names'
import type { SourceLine } from './source'

const BULLET = /^[-•·*▪o]\s+/
/** Words a sentence has and a title rarely does. */
const VERB = /\b(?:was|were|had|has|have|will|would|is|are|said|asked|thanked|welcomed|explained|sent|gave|made)\b/i
/** Labels and business lines that are not items' titles. */
const NOT_TITLE =
  /^(?:action\s*[:\-–]|action (?:by|for|point)\b|actions?\s*\d|actioned\b|to be actioned|outstanding\b|actions?\s*(?:point|no\.?)?\s*\d|owner|responsible|resolved|agreed|noted|decision|present|attendees|in attendance|also present|date|time|venue|location|page \d|minutes? of the|draft\b|chair\b|additional documents|supporting documents|view the background|for (?:discussion|information|decision|noting|approval)\b|(?:agenda\s+)?item\s+\d+\s*\(|item number\b|part\s+\d+\b)/i

const text = (l: SourceLine | undefined) => (l && l.kind === 'text' ? l.text.trim() : null)

/** Whether a line reads as the title of an item with nothing to number it. */
function titleLike(t0: string): boolean {
  // "Minutes from the last meeting and matters arising:": a title may end in a colon.
  const t = t0.replace(/:$/, '')
  const words = t.split(/\s+/)
  return (
    t.length >= 5 &&
    t.length <= 80 &&
    (t.match(/,/g) ?? []).length < 2 &&
    words.length <= 10 &&
    /^[A-Z]/.test(t) &&
    !/[.,;:!–-]$/.test(t) &&
    // ("Public Health sent apologies but": a sentence's first line.)
    !/\s(?:but|and|or|the|of|to|for|with|a|an|in|on|by|from|that)$/i.test(t) &&
    !BULLET.test(t) &&
    !NOT_TITLE.test(t) &&
    !VERB.test(t) &&
    // ("Apologies and Deputy Members" is an agenda's title; "Council Officers" a list's label.)
    !(GROUP_LABEL.test(t) && !/^apolog/i.test(t)) &&
    // ("Scrutiny report reference SC043": a paper's reference under its item.)
    !/\breference\s+[A-Z]{1,5}\s?\d/i.test(t) &&
    !findTime(t) &&
    // A person's name, not "Public Participation" or "Chairperson's Announcements" (no first name or title).
    !personal(t) &&
    // "Evelyn Glasgow – Three Rivers District Council (Minutes)": a person and their agency.
    !personal(t.split(/\s+[-–—]\s+|,\s*/)[0]!) &&
    // "Matthew EllisPolice and Crime Commissioner": a person glued to their post.
    !gluedName(t) &&
    !legendEntry(t) &&
    !looksLikePeople(t)
  )
}

const personal = (t: string) =>
  looksLikeName(t) && (HONORIFIC.test(t) || isFirstName(t.split(/\s+/)[0], true) || /^[A-Z]\.?\s/.test(t))

/** A group's label in an attendance list ("Council Officers", "Partner Agencies"), not an item. */
const GROUP_LABEL = /\b(?:members|officers|partners|agencies|guests|attendees|representatives|observers|councillors)\b/i

/** A line naming people: an attendance list's entry, bulleted or not. */
const names = (t: string) => {
  const bare = t.replace(BULLET, '').trim()
  return looksLikeName(bare) || !!legendEntry(bare) || looksLikePeople(bare)
}

/** Prose or a list under a title: a sentence, a bullet, or a line longer than the title; not a list of people. */
const businessUnder = (t: string, title: string) =>
  (!names(t) || /^apolog/i.test(title)) &&
  (BULLET.test(t) ||
    (t.length > title.length && (/[.!?:)]$/.test(t) || t.split(/\s+/).length >= 8)) ||
    // "Correspondence" over "None received.": a short sentence is business too.
    (/[a-z][.!?]$/.test(t) && t.split(/\s+/).length >= 2))

/**
 * The indexes of lines that are unnumbered items' titles: a title-like line after the end of a
 * sentence, a list entry or another short line (never mid-sentence), with business under it. Two
 * or more, or none: one such line is more likely a stray heading than a set of items.
 */
export function unnumberedHeadings(lines: SourceLine[]): Set<number> {
  const found = new Set<number>()
  lines.forEach((l, i) => {
    const t = text(l)
    if (!t || !titleLike(t)) return
    const below = text(lines[i + 1])
    const above = text(lines[i - 1])
    if (!below || !businessUnder(below, t)) return
    // A line wrapped from the one above is that sentence's end, not a title.
    // (Not after a blank line: "Apologies: … and Doug Meredith" / "" / "Chairman’s Introduction:".)
    const gap = l.kind === 'text' && (l.gapBefore ?? 0) >= 1
    if (above && !gap && above.length >= 60 && !/[.!?:;)]$/.test(above) && !BULLET.test(above)) return
    found.add(i)
  })
  return found.size >= 2 ? found : new Set()
}
