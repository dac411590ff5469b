// Finds the minutes in a document's lines: the meeting (date, time, venue or platform), who was
// there in their groups, apologies and substitutes, the items and their numbered paragraphs, the
// actions with their owners and due dates, the decisions, the dates of future meetings and DHR
// case references. Every finding says where in the source it came from and how sure it is, so a
// person can check it before anything is saved. Pure: no database, no framework.
import { nameKey, splitOwnerNames } from '../partnership/person-name'
import { findDates, findDayMonth, findTime } from './dates'
import { PLATFORMS, readHeader } from './parse-header'
import {
  agencyWithoutRole,
  columnsRead,
  GROUPS,
  ORG_WORD,
  ROLE_WORD,
  groupFor,
  HONORIFIC,
  alreadyListed,
  firstNamesList,
  legendRun,
  gluedName,
  startsWithName,
  initialsMatch,
  initialsOf,
  isRoleOnly,
  legendEntry,
  looksLikeName,
  looksLikePeople,
  namesBySpaces,
  namesSideBySide,
  nameThenPlace,
  peopleByInitials,
  postThenName,
  peopleStarts,
  runOnPeople,
  splitList,
  splitNameAgency,
  withoutGroupLabel,
} from './people-names'
import { isFirstName } from './first-names'
import { ACTION_SHEET, nameThenRest, tablesInText } from './flat-tables'
import { unnumberedHeadings } from './unnumbered-headings'
import { codedRegister } from './coded-register'
import type { SourceDocument, SourceLine } from './source'

export { GROUPS, looksLikeName, splitList, splitNameAgency } from './people-names'

export interface Found<T> {
  value: T
  /** Where in the source: "line 12", "paragraph 3", "page 2". */
  at: string
  /** 0 to 1: how sure the rule that found it is. */
  confidence: number
}

export interface ImportedPerson {
  name: string
  agency: string | null
  group: string
  at: string
  confidence: number
  /** Who they stood in for, when they were a substitute. */
  substituteFor?: string
  /** A role printed in place of an agency: "(Chair)". */
  role?: string
}

export interface ImportedParagraph {
  number: string | null
  /** The paragraph of an earlier meeting it follows up (matters arising: "1.1 3.3 …"). */
  cites: string | null
  heading: string | null
  text: string
  at: string
}

export interface ImportedItem {
  number: string
  title: string
  at: string
  confidence: number
  /** Who led the item ("Lead: Ian Denness", "Presented by …"), when the minutes say. */
  lead: string | null
  paragraphs: ImportedParagraph[]
}

export interface ImportedAction {
  owner: string
  /** The owners as printed ("John Newcombe / Andy Frost"), initials resolved. */
  ownersText: string
  text: string
  paragraph: string | null
  due: string | null
  at: string
  confidence: number
}

export interface ImportedDecision {
  text: string
  paragraph: string | null
  at: string
  confidence: number
}

export interface ImportedMinutes {
  body: Found<string> | null
  title: Found<string> | null
  date: Found<string> | null
  time: Found<string> | null
  venue: Found<string> | null
  platform: Found<string> | null
  attendees: ImportedPerson[]
  apologies: ImportedPerson[]
  items: ImportedItem[]
  actions: ImportedAction[]
  decisions: ImportedDecision[]
  nextMeeting: Found<string> | null
  futureMeetings: Found<string>[]
  dhrRefs: string[]
  warnings: string[]
}

// --- Line classes -------------------------------------------------------------------------

/**
 * "Members of the Crime and Disorder Joint Scrutiny Committee in attendance: …": a long label, its colon,
 * its people.
 */
const LONG_ATTENDANCE_LABEL =
  /^(?:members|councillors|officers|partners|representatives|others|organisations)\b[^:]{0,90}?\s(?:in attendance|present|attending)\s*:\s*(.*)$/i
const ATTENDANCE =
  /^(?:attendance(?: details)?|attendees|present|members present,?\s+in attendance|(?:those|people|persons|members|councillors) present|present (?:were|at the meeting)|members(?=\s*:)|partners present|in attendance|also (?:present|in attendance|attending)|officers(?: present| in attendance)?|board members|(?:core )?membership|core members|attending|minutes of (?:the )?meeting attendance|(?:attendees|attendance) and apologies|official support|secretariat|(?:supporting|support) officers?|officials(?: in attendance| present)?)\b\s*(?:(?:[:;\-–]+(?:\s*[-–](?=\s))?\s*|\s+(?=(?:Cllr|Councillor|Lord|Dr|Mr|Mrs|Ms)\b|[A-Z][a-z]+ [A-Z][a-z]))(.*))?$/i
const APOLOGIES =
  /^(?:(?:councillors?['’]?s?\s+|members['’]?\s+)?apolog(?:ies|y)(?: for absence|\s?\/\s?absences?)?(?: (?:were )?(?:received|given|sent|noted))?|absent|absences|not present)\b\s*(?:(?:[:\-–]+\s*|\s+(?=(?:Cllr|Councillor|Lord|Dr|Mr|Mrs|Ms)\b|[A-Z][a-z]+ [A-Z][a-z]))(.*))?$/i
/** "Apologies for absence were received from A, B and C.": the sentence, from its names on. */
const APOLOGY_SENTENCE =
  /^apologies (?:for absence )?(?:were|was|have been|had been) (?:received|given|noted|submitted|tendered|intimated|recorded|offered|accepted|presented)(?: and (?:accepted|noted|approved))? (?:from|for|on behalf of|by)(?: the following)?:?\s*(.*)$/i
/** The same sentence inside a paragraph ("… introductions were made. Apologies were received from …"). */
const APOLOGY_IN_TEXT = new RegExp(
  `(?:^(?:\\d{1,2}(?:\\.\\d{1,2})*\\.?\\s+)?|[.;]\\s+|\\band\\s+)${APOLOGY_SENTENCE.source.slice(1)}`,
  'i',
)
/** A label before the people in a role: "Chairman:", "Police Representatives:", "Notes taker:". */
const PEOPLE_LABEL =
  /^(?:[A-Z][a-z]+\s+)?(?:chair(?:man|person)?|vice[- ]chair|representatives?|members?|officers?|attendees|present|clerk|secretary|(?:notes?|minutes?) taker|in attendance)$/i
/** Titles every committee's agenda has, which may run straight into their text. */
const STANDARD_TITLES = [
  'apologies(?: for absence)?',
  'welcome(?:,? and introductions?| and apologies)?',
  'introductions?',
  'declarations? of (?:urgent business|interests?)',
  'urgent business',
  'minutes of (?:the )?(?:previous|last) meeting',
  'matters arising',
  'any other business',
  'date of (?:the )?next meeting',
  'terms of reference',
].join('|')
const STANDARD_RUN_IN = new RegExp(`^(\\d{1,3}\\.?)\\s+(${STANDARD_TITLES})[:.]?\\s+(\\S.{10,})$`, 'i')
/** A line that starts with a title every committee's agenda has. */
const STANDARD_START = new RegExp(`^(?:${STANDARD_TITLES})\\b`, 'i')
/** An unnumbered standard title, its colon, then its text. */
const BARE_RUN_IN =
  /^(minutes(?: of (?:the )?(?:previous|last) meeting)?|matters arising|any other business|aob)\s*:\s+(\S.{10,})$/i
/** "DECLARATION OF INTEREST None": a standard title in capitals with no number, run into "none". */
const CAPITAL_NONE =
  /^(DECLARATIONS? OF INTERESTS?|MATTERS ARISING|ANY OTHER BUSINESS|URGENT BUSINESS)[:.]?\s+((?:None|Nil|There were none|No declarations)\b.{0,40})$/
/** Where a page flattened into one line is parted: before a numbered standard title ("… 2. Terms of Reference …"). */
const BEFORE_STANDARD = new RegExp(`\\s+(?=\\d{1,2}\\.\\s+(?:${STANDARD_TITLES})\\b)`, 'i')
/**
 * The same with no full stop, where the title has its capitals ("… None reported 1 Apologies for Absence
 * Jenny …"), and a flattened table's header ("Item Minute", "No. Item"), which is dropped.
 */
const BEFORE_STANDARD_CAPITALISED =
  /\s+(?=\d{1,2}\s+(?:Apologies|Welcome|Declarations? of|Minutes of the|Matters [Aa]rising|Any [Oo]ther [Bb]usiness)\b)|\s+(?:Item|No\.?)\s+(?:Minutes?|Description|Discussion|Item)(?:\s+Actions?)?\s+(?=[A-Z0-9])/
/** Someone recorded by their initials alone: "KT", "P B", "JM-S". */
const INITIALS_ONLY = /^(?:[A-Z](?:[a-z]?[A-Z]){1,3}(?:-[A-Z]{1,2})?|[A-Z] [A-Z])$/
/** Why someone sent apologies: not their organisation. */
const REASON =
  /^(?:work|holiday|illness|ill|sick|sickness|annual leave|leave|on leave|personal|family|prior|other|another|training|unwell|bereavement)\b/i
// ("It was agreed to accept apologies for non-attendance at the Meeting from Mrs S Irvine, …" too.)
const RECEIVE_APOLOGIES =
  /(?:^|\d\s+|[.;]\s+|\bagreed\s+)to (?:receive|note|accept) apologies(?: for (?:absences?|non-attendance)(?: at the meeting)?)?\s*(?:from\s+|[:\-–]\s*|\s)(?=[A-Z])(.+)$/i
/** Where a sentence of names ends: a full stop after a word, not after an initial ("Cllr A. Rand"). */
const sentenceEnd = (t: string) => {
  for (const m of t.matchAll(/([\w’')]+)\.(?=\s|$)/g))
    if (!/^(?:[A-Z]|Cllr|Cll|Mr|Mrs|Ms|Dr|Insp|Supt|Sgt|Det|Rev|Revd|Prof|St|Co|Cty|Ch|Supt)$/.test(m[1]!))
      return t.slice(0, m.index + m[1]!.length)
  return t
}
/** A group's label inside a list of people: "Directors:", "Medway Councillors:", "Invited Guests:". */
const GROUP_LABELS =
  /(?<=^|[\s.;,])((?:members of (?:the )?)?(?:[A-Z][\w’']*\s+)?(?:chair(?:man|person)?|vice[- ]chair(?:man)?|directors?|members?|representatives?|councillors?|cllrs|guests?|officers?|attending|clerk|secretary|treasurer|trustees?|residents?|partners?|observers?|visitors?))\s*:\s+/gi
/** A sentence after a list of people about one of them: ". Steve Farrin may be late." */
const LATE_NOTE =
  /(?<=[a-z)])\.\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+(?:may|might|will|would|has|had|is|was|were|arrived|left|joined|sent)\b.*$/
const FUTURE =
  /^(?:future meeting dates?|dates? of (?:the )?(?:next|future) meetings?|next meetings?|forthcoming meetings?)\b\s*[:\-–]?\s*(.*)$/i
const ITEMS_HEADING =
  /^(?:items?|item\s+no\.?(?:\s+(?:actions?|title|description|minutes?|discussion|details))*|agenda items?|minutes|business|note\s+no\.?\s*item|(?:no\.?\s*)?item(?:\s+(?:description|details|title|discussion|action|decision|minute|by|lead|owner))+|no\.?\s*item|item number(?:\s+item\/\w+)?)$/i
const NOISE = [
  /^(?:page\s+)?\d{1,3}(?:\s*(?:of|\/)\s*\d{1,3})?$/i,
  /^[-–]\s*\d{1,3}\s*[-–]$/,
  /^(?:draft|confidential|official(?:[-\s]sensitive)?|not protectively marked|restricted|protect)$/i,
  /^(?:signed|chair(?:man|person)?)\s*[:.]?\s*_{0,}\s*$/i,
  /^_{3,}$/,
  // A committee system's part of the agenda: "PART 1 - PUBLIC", "Part 2 (exempt)".
  /^part\s+\d+\s*(?:[-–:]\s*|\()?(?:public|private|exempt|confidential)?\)?$/i,
  // ModernGov's labels between an item's description and its minutes.
  /^(?:minutes|decision|supporting documents|additional documents|view the background to item \d+\.?)\s*:?$/i,
]

/**
 * A name with its organisation or post after it and nothing between ("Dave Moore DBC", "Kayley
 * Johnston Member Support Officer", "Billy McGill Dacorum Fire and Rescue District Commander"): the
 * person's name, then the rest as the agency, when the rest reads as one (an organisation's or a
 * post's word, or an acronym).
 */
function nameBeforeAgency(p: { name: string; agency: string | null }): { name: string; agency: string | null } {
  if (looksLikeName(p.name) && p.name.split(/\s+/).length < 3) return p
  const r = nameThenRest(p.name)
  if (!r || !r[1] || r[0].split(/\s+/).length < 2 || /^[/&]/.test(r[1])) return p
  // Letters after the name are the name's ("Les Hardy JP", "Mr. I. D. Ould OBE CC").
  const letters = /^((?:(?:AM|MS|MP|MSP|MLA|JP|MBE|OBE|CBE|QPM|DL|KC|QC|BEM|CC)\b[,\s]*)+)(.*)$/.exec(r[1])
  const name = letters ? `${r[0]} ${letters[1]!.replace(/[,\s]+$/, '')}` : r[0]
  const rest = letters ? letters[2]!.trim() : r[1]
  if (!rest) return { name, agency: p.agency }
  if (!(ORG_WORD.test(rest) || ROLE_WORD.test(rest) || /\b[A-Z]{2,6}\b/.test(rest))) return p
  return { name, agency: agencyWithoutRole([rest, p.agency].filter(Boolean).join(' – ')) }
}

/**
 * An organisation or post, then the person ("Territorial Policing Rod Jarman", "Birmingham City
 * Council Alex Warsama"): the person is the first name and surname at the end.
 */
function nameAfterAgency(p: { name: string; agency: string | null }): { name: string; agency: string | null } {
  if (looksLikeName(p.name)) return p
  const words = p.name.split(/\s+/)
  const k = words.length - 2
  if (k < 1 || !isFirstName(words[k]) || !/^(?:Mc|Mac|O[’'])?[A-Z][a-z'’-]+$/.test(words[k + 1]!)) return p
  const head = words.slice(0, k).join(' ')
  if (!(ORG_WORD.test(head) || ROLE_WORD.test(head))) return p
  return { name: words.slice(k).join(' '), agency: [head, p.agency].filter(Boolean).join(' – ') }
}

/**
 * A table of posts, names and whether each came, flattened one cell to a line ("Secretary" / "Amy
 * Rogerson" / "Present" / "Zone 2 Coordinator" / "Simon Venables" / "Apologies"): each name with its
 * post, under its own label, so the label says which list it belongs to. Three such rows or more.
 */
function statusColumn(lines: SourceLine[]) {
  const status = (l: SourceLine | undefined) =>
    l?.kind === 'text'
      ? /^(present|attended|apologies|apologised|absent|apols?)\.?$/i.exec(l.text.trim())?.[1]
      : undefined
  const person = (l: SourceLine | undefined) =>
    l?.kind === 'text' && looksLikeName(l.text.replace(/\s*\((?:interim|acting|chair)\)$/i, '').trim())
  const rows = lines.flatMap((l, k) => (status(l) && person(lines[k - 1]) ? [k] : []))
  if (rows.length < 3) return
  // Someone present for one post is not an apology for another.
  const came = new Set(
    rows
      .filter((k) => /^(?:present|attended)$/i.test(status(lines[k])!))
      .map((k) => (lines[k - 1] as { text: string }).text.trim()),
  )
  for (const k of [...rows].reverse()) {
    const name = lines[k - 1] as Extract<SourceLine, { kind: 'text' }>
    const post = lines[k - 2]
    const postText =
      post?.kind === 'text' && !person(post) && !status(post) && post.text.trim().length <= 40 ? post.text.trim() : null
    const label = /^(?:present|attended)$/i.test(status(lines[k])!) ? 'Present' : 'Apologies'
    if (label === 'Apologies' && came.has(name.text.trim())) {
      lines.splice(postText ? k - 2 : k - 1, postText ? 3 : 2)
      continue
    }
    const line: SourceLine = {
      kind: 'text',
      text: `${label}: ${name.text.trim()}${postText ? ` (${postText})` : ''}`,
      at: name.at,
    }
    lines.splice(postText ? k - 2 : k - 1, postText ? 3 : 2, line)
  }
}

/**
 * A page flattened into one line whose items are numbered with no full stops, or with stops the
 * other rules leave ("… Also in attendance NTR 1 Apologies Susan Astell 2 Minute of the previous meeting
 * The draft minute … 3 Police Report Police Sgt Neil Grant …"): parted before the numbers that run 1, 2, 3
 * in order (the "41 reports" and "5 individuals" between them are not in the run), where three or more do.
 */
function inSequence(text: string): string[] {
  // The longest run of numbers each one more than the last, from any start ("438 APOLOGIES …", "439 MINUTES …").
  const found = [...text.matchAll(/(?<=\s)(\d{1,3})\.?\s+(?=[A-Z][a-zA-Z])/g)].map((m) => ({
    n: Number(m[1]),
    at: m.index,
  }))
  let cuts: number[] = []
  found.forEach((start, k) => {
    const run = [start.at]
    let next = start.n + 1
    for (const f of found.slice(k + 1))
      if (f.n === next) {
        run.push(f.at)
        next++
      }
    if (run.length > cuts.length) cuts = run
  })
  if (cuts.length < 3) return [text]
  return [0, ...cuts].map((at, k) => text.slice(at, cuts[k] ?? text.length).trim()).filter(Boolean)
}

/**
 * A page whose host dropped its line breaks and kept inline tags ("QUARTERLY MEETINGChair: Marion
 * LewisVenue: Home OfficeDate: 15 April 2008Time: 12.00 – 16.00ATTENDEESMarion Lewis (ML) Chair/East
 * Midlands (EM)Sonja Bowie (SB) …APOLOGIEST<strong>here</strong> were no apologies."): the tags dropped, and
 * lines parted again before the header's labels and between the people.
 */
function unglued(l: SourceLine): SourceLine[] {
  if (l.kind !== 'text') return [l]
  const text = l.text
    .replace(/<\/?(?:strong|b|em|i|u|span)\b[^>]*>/gi, '')
    // "37.PRESENT Councillors: …": no space after an item number's stop.
    .replace(/^(\s*\d{1,3}\.)(?=[A-Z]{3})/, '$1 ')
  if (
    text.length < 150 ||
    !/[a-z0-9)](?:Chair|Venue|Date|Time|Present|Apologies|ATTENDEES|APOLOGIES|PRESENT)\b/.test(text)
  )
    return text === l.text ? [l] : [{ ...l, text }]
  return text
    .split(/(?<=[a-z0-9)])(?=(?:Chair|Venue|Date|Time|Present|Apologies|Attendees)\s*:|ATTENDEES|APOLOGIES|PRESENT)/)
    .flatMap((part) => part.replace(/^(ATTENDEES|APOLOGIES|PRESENT)(?=[A-Z][a-z])/, '$1\n').split('\n'))
    .flatMap((part) => part.split(/(?<=\([A-Z]{2,4}\))(?=[A-Z][a-z'’-]+ (?:[A-Z]\.? )?[A-Z][a-z'’-]+)/))
    .map((t) => ({ ...l, text: t.trim() }))
    .filter((x) => x.text)
}

/**
 * Table cells glued together where a page lost their spacing ("Robert Ruck-KeeneChicheleyChair",
 * "Karen GossEmberton"): the name, then the rest after a dash, where a name plainly ends.
 */
function deglue(lines: SourceLine[]) {
  lines.forEach((l, k) => {
    if (l.kind !== 'text') return
    const m = gluedName(l.text.trim())
    if (!m) return
    const rest = m[1].replace(/([a-z])([A-Z])/g, '$1 – $2')
    lines[k] = { ...l, text: `${m[0]} – ${rest}` }
  })
}

/**
 * A list of "Name – post, agency" lines whose cells wrapped ("Terry Hicks – Assistant General Manager,
 * West Norfolk, East of England" / "Ambulance Service NHS Trust (rep Anneliese Hillyer-Thake)" / "Pete
 * Hornby – …"): a line between two people's lines that is neither a person nor a label is the first's.
 */
function dashedWraps(lines: SourceLine[]) {
  const person = (l: SourceLine | undefined) => {
    const m = l?.kind === 'text' ? /^(.+?)\s+[-–]\s+\S/.exec(l.text.trim()) : null
    return !!m && looksLikeName(m[1]!) && m[1]!.split(/\s+/).length <= 4
  }
  for (let k = 1; k < lines.length - 1; k++) {
    const l = lines[k]!
    const above = lines[k - 1]!
    if (l.kind !== 'text' || above.kind !== 'text' || !person(above) || person(l)) continue
    // (Only inside a run of them, and not a heading, a label or a sentence of its own.)
    if (
      !person(lines[k + 1]) ||
      // (A blank line before it, or a person of its own: "Arabella Hoskyns, HMPPS".)
      l.gapBefore ||
      PERSON_THEN_COMMA.test(l.text.trim()) ||
      /:\s*$|^(?:apolog\w*|present|attend\w*|also|declarations?|minutes|items?|in attendance)\b/i.test(l.text.trim()) ||
      /[.!?]$/.test(l.text.trim())
    )
      continue
    lines[k - 1] = { ...above, text: `${above.text.trim()} ${l.text.trim()}` }
    lines.splice(k, 1)
    k--
  }
}

/** Item headings in the styles councils use; each returns [number, title]. */
const ITEM_PATTERNS: {
  re: RegExp
  confidence: number
  /** The title must read as one (not a sentence). */
  titled?: true
  take: (m: RegExpExecArray) => [string, string]
}[] = [
  // "1.0 Welcome and Apologies": a scheme whose items are N.0 and paragraphs N.1, N.2.
  { re: /^(\d{1,2}\.0)\.?\s+(\S.{1,118})$/, confidence: 0.9, titled: true, take: (m) => [m[1]!, m[2]!] },
  { re: /^No\.?\s*(\d+[a-z]?)\s*[.:)]?\s+(.+)$/i, confidence: 0.95, take: (m) => [m[1]!, m[2]!] },
  {
    re: /^(?:agenda\s+)?item\s+(?:no\.?\s*)?(\d+(?:\/\d{2})?[a-z]?)\s*[.:)\-–]?\s*(.*)$/i,
    confidence: 0.95,
    take: (m) => [m[1]!, m[2]!],
  },
  { re: /^minute\s+(?:no\.?\s*)?(\d+(?:\/\d+)?)\s*[.:)\-–]?\s*(.*)$/i, confidence: 0.95, take: (m) => [m[1]!, m[2]!] },
  // SSP 117/13, SSP/12/25, CSP 23/45: a body's initials and a minute number
  {
    re: /^([A-Z]{2,6})\s*[/ ]\s*(\d{1,4}\/\d{2,4})\s*[.:)\-–]?\s*(.*)$/,
    confidence: 0.9,
    take: (m) => [`${m[1]} ${m[2]}`, m[3]!],
  },
  // "7064 / Apologies for absence and dispensation.": a council's running minute number (not a year).
  {
    re: /^((?!19\d\d|20\d\d)\d{4})\s*[/|.]?\s+([A-Z‘'"“].{2,119}?)[.:]?$/,
    confidence: 0.8,
    titled: true,
    take: (m) => [m[1]!, m[2]!],
  },
  // "2018/4 POLICE REPORT": the year, then the minute's number in it.
  {
    re: /^((?:19|20)\d{2}\/\d{1,3})[.:]?\s+([A-Z‘'"“].{2,119}?):?$/,
    confidence: 0.85,
    titled: true,
    take: (m) => [m[1]!, m[2]!],
  },
  // "1/18 Appointment of Chair", "23/45 Minutes": a minute number over the council's year.
  {
    re: /^(\d{1,3}\/\d{2})\.?\s+([A-Z‘'"“].{2,119}?):?$/,
    confidence: 0.85,
    titled: true,
    take: (m) => [m[1]!, m[2]!],
  },
  // "Ref 01/21/06/2023" (the title on the next line), "Ref. 12/24 Budget"
  {
    re: /^ref(?:erence)?\.?\s*(\d{1,4}(?:\/\d{1,4}){1,3}|[A-Z]{1,6}\s?\d{1,4}(?:[/.]\d{1,4}){0,3})\s*[.:)\-–]?\s*(.*)$/i,
    confidence: 0.9,
    take: (m) => [m[1]!, m[2]!],
  },
  // A body's code and a minute number: "CE01 Appointment of Chair", "AF(4)1/06 MINUTES", "CS06/07.53 Police report"
  {
    re: /^([A-Z]{1,6}(?:\(\d{1,2}\))?\s?\d{1,4}(?:[/.]\d{1,4}){0,3})\s*[.:)\-–]?\s+([A-Z‘'"“(].{2,119})$/,
    confidence: 0.8,
    take: (m) => [m[1]!, m[2]!],
  },
]
/** "II SCOTTISH FIRE AND RESCUE SERVICE …", "(iv) Anti-social behaviour": items in Roman numerals. */
// (Not "I.A.G. Rep": a numeral's full stop is followed by a space.)
const ROMAN_ITEM = /^\(?((?:X{0,2})(?:IX|IV|V?I{0,3}))(?:[.)]\s+|\)|\s+(?=[A-Z][A-Z0-9'’ ,&()/–-]+$))([A-Z].{2,150})$/
/** Minute codes that are not items: a DHR's, a police station's, a date's. */
const NOT_A_CODE = /^(?:DHR|DARDR|PC|PCSO|DC|DS|CC|ACC|DCC|NHS|A|B|M|PART|Part)\s?\d|^CSP\s?\d{1,2}\b/
/** "3. Title" or "3 Title": an item heading only when short and title-like (checked by the caller). */
const NUMBERED_TITLE = /^(\d{1,3}[a-z]?)(?:\.|\)|\s)\s*(\S.{0,150})$/
// (And a committee's code alone: "CSF 14/1", its title on the next line.)
const NUMBER_ALONE =
  /^(\d{1,3}(?:[a-z]|\((?:\d{1,2}|[a-z])\)|\/\d{2})?|[A-Z]{2,6}\s?\d{1,3}\/\d{1,4}(?:\.\d{1,3})?)\.?$/
const PARAGRAPH = /^(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+(?:(\d{1,2}\.\d{1,2})\s+)?(.*)$/
const SUB_PARAGRAPH = /^(\(?[a-z]\)|\(?[ivx]{1,4}\)|[a-z]\.)\s+(.+)$/
const BULLET = /^[-•·*▪◦o§]\s+(.+)$/
const ACTION =
  /^(?:actions?|action point(?:\s+\d+)?|action by|AP)\s*(?:[-–—:]|\bfor\b)\s*(.+)$|^\(?\s*action\s*[:\-–]\s*([^)]+)\)?\.?$/i
// "… carried forward (Action PH & MP).", "… this wasn't reported on: Action: team to confirm whether this was done."
/** Everyone, or a team, given a task: "Action: All to review …", "Action: team to discuss …". */
const GROUP_OWNER =
  /^(?:all|everyone|(?:the )?team|all (?:members|partners)|officers|partners|members|partnership|board|group)$/i
/** Owners by their initials in an action column: "SJ/GP", "PH & MP", "TE". */
const OWNER_INITIALS = String.raw`[A-Z]{2,3}(?:\s*[/&,]\s*[A-Z]{2,3}){0,3}`
// "… distribute the minutes. Action LB/SW", "… oversee.            Action NB/ LB": initials closing the line.
const INLINE_ACTION = new RegExp(
  [
    String.raw`\(\s*[Aa]ction\s*[:\-–]?\s*([^)]+)\)\s*\.?\s*$`,
    String.raw`\baction\s*[:\-–]\s*([A-Z][^.]{0,60})\.?\s*$`,
    String.raw`[.:;]\s+(?:ACTION|Action)\s*[:\-–]\s*([^.]{4,200})\.?\s*$`,
    String.raw`(?:[.;]\s+|\s{4,})(?:ACTION|Action)\s+(${OWNER_INITIALS})\.?\s*$`,
  ].join('|'),
)
/** A post given a task: "Clerk to inform PCSO Redman", "Chair to write". */
const ROLE_OWNER = /^(?:the )?(?:clerk|chair(?:man|person)?|secretary|co-?ordinator)$/i
const RESOLVED = /^(?:resolved|agreed|decision|decided|recommendation agreed)\b\s*[:\-–]?\s*(.*)$/i
const AGREED_SENTENCE =
  /\b(?:it was (?:agreed|resolved|decided)|(?:the )?(?:partnership|board|group|committee|members) (?:agreed|resolved|decided)|was agreed|were agreed|agreed that|approved the)\b/i
const DHR = /\b(?:DHR|DARDR|DHRs?)\s*[-/ ]?\s*(?:no\.?\s*)?(\d{2,4}\s*[-/]\s*\d{1,4}|\d{1,3})\b/g
const PLACEHOLDER = /\bx{3,}\b|\[(?:insert|tbc|date|name)[^\]]*\]|\btbc\b|\?\?\?/i

// --- The parser ---------------------------------------------------------------------------

/** The titles printed before a name in the narrative ("Cllr", "Insp", "Dr"), as a pattern's part. */
const TITLE = String.raw`(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Prof|Revd|Rev|Insp|Supt|Sgt|PCSO|PC|CI|DCI|DI)\.?\s+`
/** "… Nigel Andrews – Tenancy Support Manager": a person's name before a dash, in a run of them. */
const DASHED_PERSON = new RegExp(String.raw`(?<=^|\s)((?:${TITLE})?[A-Z][a-z'’-]+\s+[A-Z][a-zA-Z'’-]+)\s+[-–]\s+`, 'g')
/** A row of an action sheet flattened with " / ": [task, owners]. */
const SHEET_ROW =
  /^(?:\d{1,3}\.?\s+\/\s+)?(.+?)\s+\/\s+((?:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?:\s*(?:\/|,|and|&)\s*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)*(?:\s+and)?)$/
/** A line that starts with a person and a comma: "Cllr J. Knapp, Resident", "Ann Hayne, Health, NHS". */
const PERSON_THEN_COMMA = new RegExp(
  String.raw`^(?:${TITLE})?(?:[A-Z][a-z'’-]+|[A-Z]\.?)(?:\s+[A-Z]\.?)*\s+[A-Z][\w'’-]+\s*,`,
)
/** "It was agreed that Wendy Ingledew and PC Arnold would …", "It was noted that Peter Clifton would …". */
const AGREED_THAT_PERSON = new RegExp(
  String.raw`\b(?:agreed|resolved|decided|noted) that ((?:${TITLE})?(?:[A-Z][a-z'’-]+\s+)?[A-Z][a-zA-Z'’-]+` +
    String.raw`(?:(?:,\s*|\s+and\s+)(?:${TITLE})?(?:[A-Z][a-z'’-]+\s+)?[A-Z][a-zA-Z'’-]+)*)\s+` +
    String.raw`(?:will|would|should|is to|are to|to)\s+(?!be\b)([a-z][^.]*)`,
  'g',
)
/** "Chris Hogan, Director of Children’s services joined the meeting", "Cllr Jones took the Chair". */
const ARRIVED = new RegExp(
  String.raw`(?:^|[.;,]\s+)((?:${TITLE})?[A-Z][a-z'’-]+(?:\s+[A-Z][\w'’-]+){1,2})` +
    String.raw`(?:,[^,.]{2,80}?,?|\s+\([^)]{2,80}\)|\s+from\s+(?:the\s+)?([A-Z][^.]{2,60}?))?\s+` +
    String.raw`(?:(?:joined|arrived at|entered|opened)\s+the\s+(?:\w+\s+)?meeting|took the [Cc]hair|(?:was|were) (?:also )?(?:in attendance|present)\b)`,
  'g',
)

type Section = 'header' | 'attendance' | 'apologies' | 'items' | 'future' | 'circulation'

const isTitleLike = (t0: string) => isTitleLikeText(t0.replace(/:$/, ''))
const isTitleLikeText = (t: string) =>
  t.length <= 120 && !/[.;:,]$/.test(t.replace(/\)$/, '')) && /^[A-Z(‘'"“]/.test(t) && t.split(/\s+/).length <= 16

/**
 * The minutes in a document. Where no item carries a printed number, the document is read a second
 * time with its unnumbered titles as items ("Welcome and Introductions" over its business), and
 * that reading is kept if it finds them.
 */
export function parseMinutes(doc: SourceDocument): ImportedMinutes {
  const first = readMinutes(doc, false)
  if (first.items.some((i) => i.confidence >= 0.8)) return first
  const titles = unnumberedHeadings(doc.lines)
  if (!titles.size) return first
  const second = readMinutes(
    {
      ...doc,
      lines: doc.lines.map((l, i) => (titles.has(i) && l.kind === 'text' ? { ...l, unnumbered: true } : l)),
    },
    true,
  )
  return second.items.filter((i) => i.number === '').length >= 2 ? second : first
}

function readMinutes(doc: SourceDocument, secondReading: boolean): ImportedMinutes {
  const out: ImportedMinutes = {
    body: null,
    title: null,
    date: null,
    time: null,
    venue: null,
    platform: null,
    attendees: [],
    apologies: [],
    items: [],
    actions: [],
    decisions: [],
    nextMeeting: null,
    futureMeetings: [],
    dhrRefs: [],
    warnings: [...doc.warnings],
  }
  const legend = new Map<string, string>()
  const resolve = (owner: string) => {
    const o = owner.trim()
    if (legend.has(o)) return legend.get(o)!
    // "(Action PH & MP)" with no legend: the one person present whose initials they are.
    if (/^[A-Z]{2,3}$/.test(o)) {
      const whose = out.attendees.filter((p) => initialsOf(p.name) === o)
      // Only where no one else in the minutes has them ("JM" for two people stays "JM").
      const others = new Set(
        doc.lines.flatMap((l) =>
          l.kind === 'text'
            ? [...l.text.matchAll(/\b([A-Z])[a-z'’-]+\s+([A-Z])[a-zA-Z'’-]+/g)]
                .filter((m) => `${m[1]}${m[2]}` === o && !ORG_WORD.test(m[0]))
                .map((m) => m[0])
            : [],
        ),
      )
      // ("Sibylle Walter" in the text is "Sibyllle Walter" of the attendance, spelt another way.)
      const same = (n: string) => {
        const [first, last] = n.split(/\s+/)
        const words = whose[0]!.name.split(/\s+/)
        return words.at(-1) === last && words.at(-2)?.startsWith(first!.slice(0, 3))
      }
      if (whose.length === 1 && [...others].every((n) => whose[0]!.name.endsWith(n) || same(n))) return whose[0]!.name
    }
    return o
  }
  let section: Section = 'header'
  let group: string = GROUPS[0]
  /** The attendance began with no heading ("Present" lost in the file). */
  let unlabelled = false
  /** Numbers printed alone on their lines, and those still waiting for their titles. */
  let numbersAlone = 0
  const waiting: string[] = []
  /** Under "Actions from the last minutes:": bulleted tasks, each with its owner in brackets. */
  let actionList = false
  /** An action mark closing a line ("… oversee.   Action NB/ LB") is being read. */
  let closingMark = false
  /** Where a committee's membership (not who came) began in the attendees, on a committee system's page. */
  let roster: { from: number } | null = null
  let previousText = ''
  /** Where a list of people by their first names alone was read (its line). */
  let firstNamesAt: string | null = null
  let firstNamesIn: ImportedPerson[] | null = null
  /** An organisation's name printed over its people in an attendance list. */
  let orgOver: string | null = null
  let orgSection: Section = 'header'
  /** How far the last item's number was indented (a fixed-width page's list). */
  let itemIndent = 0
  /** Under an "Action Sheet" heading: rows whose last cell names the owners. */
  let actionSheet = false
  /** A sheet's row whose owner cell is on its next line. */
  let sheetTask: string | null = null
  let tables = 0
  let item: ImportedItem | null = null
  let paragraph: ImportedParagraph | null = null
  let lastItemNumber = 0
  let pendingNumber: { n: string; at: string; explicit: boolean } | null = null
  const headerLines: { text: string; at: string }[] = []
  // A heading that runs into its text is two lines: "1. Chair’s opening address 1.1 Jane Hutt opened …",
  // "AF(4)1/06 DECLARATIONS OF INTEREST Members had no interests to declare."
  // A page flattened into one long line ("… NOTE OF MEETING Present Peter Walker, … Apologies Alan
  // Douglas, … CSP319 WELCOME The Chair welcomed …"): parted before its section labels and items.
  const unflattened = tablesInText(doc.lines.flatMap(unglued)).flatMap((l): SourceLine[] =>
    l.kind === 'text' && l.text.length > 250
      ? inSequence(l.text)
          .flatMap((t) =>
            t.split(
              /(?<!\b\d{1,2}\.?)\s+(?=(?:Present|Members Present|Also in Attendance|Also Present|In [Aa]ttendance|Attendees|Attending|Apologies(?: for absence|\/\s?Absences?)?)\s*(?:[:\-–]?\s+[A-Z]|:?\s*$))|\s+(?=(?:MEMBERS PRESENT|PRESENT|IN ATTENDANCE|ALSO PRESENT|ATTENDEES):\s)|\s+(?=(?:MEMBERS PRESENT|PRESENT|IN ATTENDANCE|ALSO PRESENT|ATTENDEES|APOLOGIES)\s+[A-Z][a-z])|\s+(?=Item\s+\d{1,3}(?:\/\d{2})?\s*:\s)|\s+(?=\d{1,2}\.\s+[A-Z]{3,}(?:[ ,&][A-Z]{2,})*[.:]?\s+[A-Z])|\s+(?=[A-Z]{2,6}\d{2,4}(?:\(\d+\))?\s+[A-Z]{3})|\s+(?=\d{1,2}\.\s+[A-Z][a-z]+(?:,|\s+[A-Z&]))|(?<=[a-z)]\.)\s+(?=\d{1,2}\.(?:\d{1,2})?\s+[A-Z][a-z]+\s)/,
            ),
          )
          .flatMap((t) => t.split(BEFORE_STANDARD))
          .flatMap((t) => t.split(BEFORE_STANDARD_CAPITALISED))
          .filter(Boolean)
          .map((text) => ({ ...l, text }))
      : [l],
  )
  const lines = unflattened.flatMap((l): SourceLine[] => {
    if (l.kind !== 'text') return [l]
    // "… Vivienne Bartlett (GOL) Apologies:": a table's next label flattened onto the end of a row of people.
    const labelEnd = /^(.{10,}?\))\s+(Apologies(?: for [Aa]bsence)?:?)$/.exec(l.text)
    if (labelEnd)
      return [
        { ...l, text: labelEnd[1]! },
        { kind: 'text', text: labelEnd[2]!, at: l.at },
      ]
    // "Present / Councillors: / R. J. Hancock OBE, Town Mayor/Chair": a table row of labels and a person.
    const labelRow = /^((?:present|apologies|in attendance)\s*:?)\s+\/\s+(.+)$/i.exec(l.text)
    if (labelRow)
      return [{ ...l, text: `${labelRow[1]!.replace(/:$/, '')}: ${labelRow[2]!.replace(/:?\s+\/\s+/g, ': ')}` }]
    const para = /^(\d{1,3})\.\s+(\S.{2,100}?)\s+(\1\.1\s+\S.*)$/.exec(l.text)
    if (para && !/[.;:,]$/.test(para[2]!))
      return [
        { ...l, text: `${para[1]}. ${para[2]}` },
        { kind: 'text', text: para[3]!, at: l.at },
      ]
    const caps =
      /^((?:ref\.?\s*)?(?:\d{1,3}\.?|[A-Z]{1,6}(?:\(\d{1,2}\))?\s?\d{1,4}(?:[/.]\d{1,4}){0,3}))\s+([A-Z][A-Z0-9&,'’()/ –-]{2,80}[A-Z0-9)])[.:]?\s+(?:[-–—]\s+)?([A-Z][a-z].{10,})$/.exec(
        l.text,
      )
    // (Not "8 SAPHRA Constitution: The proposed …": the title goes on in small letters to its colon.)
    if (
      caps &&
      caps[2]!.split(/\s+/).length <= 10 &&
      !NOT_A_CODE.test(caps[1]!) &&
      !/^(?!(?:Councillors|Cllrs|Members|Officers|Present|Apologies|Attendees)\b)[A-Z][a-z]+(?:\s+[A-Za-z]+){0,4}:/.test(
        caps[3]!,
      )
    )
      return [
        { ...l, text: `${caps[1]} ${caps[2]}` },
        { kind: 'text', text: caps[3]!, at: l.at },
      ]
    // "1. Present: Cllr. Mrs J. Bold (Chair), … 2. Apologies: Cllr. S. Bailey, …": numbered items whose
    // title is a list's label; each is an item, then its list.
    // ("1 Present: Roger Morton, …": the number's stop may be left out.)
    const numberedLabels = l.text.split(
      /\s+(?=\d{1,3}(?:\/\d{2})?\.?\s+(?:Present|Apologies(?: for absence)?|In attendance)\s*:)/,
    )
    if (
      numberedLabels.length > 1 ||
      /^\d{1,3}(?:\/\d{2})?\.?\s+(?:Present|Apologies(?: for absence)?|In attendance)\s*:/.test(l.text)
    )
      return numberedLabels.flatMap((t): SourceLine[] => {
        const m = /^(\d{1,3}(?:\/\d{2})?)\.?\s+(Present|Apologies(?: for absence)?|In attendance)\s*:\s*(.*)$/.exec(t)
        if (!m) return [{ ...l, text: t }]
        return [
          { ...l, text: `${m[1]}. ${m[2]}` },
          { kind: 'text', text: `${m[2]}: ${m[3]}`, at: l.at },
        ]
      })
    // "Minutes: Minutes 10 April 2008 approved.": a standard title with no number, run into its text.
    const bare = BARE_RUN_IN.exec(l.text) ?? CAPITAL_NONE.exec(l.text)
    if (bare)
      return [
        { ...l, text: bare[1]!, heading: true },
        { kind: 'text', text: bare[2]!, at: l.at },
      ]
    // "2018/4: POLICE REPORT PCSO Graham Suppiah advised …", "3 MINUTES The minutes were …": a title in
    // capitals run into its first sentence.
    const capitals =
      /^((?:19|20)\d{2}\/\d{1,3}|\d{1,3}(?:\/\d{2})?)[.:]?\s+((?:[A-Z0-9’'&,()/-]{2,}\s+){1,9}?[A-Z0-9’'&()/-]{2,})\s+([A-Z][a-z].{10,})$/.exec(
        l.text,
      )
    if (capitals && /[A-Z]{3}/.test(capitals[2]!) && !/^(?:AND|OF|THE)$/.test(capitals[2]!.split(/\s+/).at(-1)!))
      return [
        { ...l, text: `${capitals[1]} ${capitals[2]}` },
        { kind: 'text', text: capitals[3]!, at: l.at },
      ]
    // "6. Police Matters a. Police Report – An E-mail was received …": a title run into its first lettered part.
    const lettered = /^(\d{1,3}\.)\s+([A-Z][^.:;,]{2,60}?)\s+((?:\(?[a-z]\)|[a-z]\.)\s+[A-Z].{10,})$/.exec(l.text)
    if (lettered && isTitleLike(lettered[2]!) && lettered[2]!.split(/\s+/).length <= 8)
      return [
        { ...l, text: `${lettered[1]} ${lettered[2]}` },
        { kind: 'text', text: lettered[3]!, at: l.at },
      ]
    // "Item 1/13: Minutes of the previous meeting: The minutes of the last meeting were approved …".
    const itemColon = /^(Item\s+\d{1,3}(?:\/\d{2})?[a-z]?)\s*:\s+([A-Z][^:.]{2,60}):\s+(\S.{2,})$/i.exec(l.text)
    if (itemColon)
      return [
        { ...l, text: `${itemColon[1]}: ${itemColon[2]}` },
        { kind: 'text', text: itemColon[3]!, at: l.at },
      ]
    // "1. Matters arising from Minutes: No matters arising.": a numbered title, a colon, its text.
    // ("4. Register of Interests – It was noted …", "5. Matters raised by the public – None": a dash likewise.)
    const colon =
      /^(\d{1,3}(?:\/\d{2})?\.?)\s+([A-Z][^:.]{2,60}):\s+([A-Z£\d].{2,})$/.exec(l.text) ??
      /^(\d{1,3}\.)\s+([A-Z][^:.–()]{2,60}?)\s[–-]\s+((?:It|The|There|None|No|Nothing|This|All|Members)\b.*)$/.exec(
        l.text,
      )
    // (A committee's minute number, "85/23", may carry a longer title.)
    if (
      colon &&
      colon[2]!.split(/\s+/).length <= (/\//.test(colon[1]!) ? 14 : 8) &&
      !/^(?:present|apologies|in attendance)/i.test(colon[2]!)
    )
      return [
        { ...l, text: `${colon[1]} ${colon[2]}:` },
        { kind: 'text', text: colon[3]!, at: l.at },
      ]
    // "3. Declarations of Urgent Business George Clements highlighted …", "2. Terms of Reference The
    // Terms of Reference were reviewed …": a standard agenda title run into its text.
    const standard = STANDARD_RUN_IN.exec(l.text)
    if (standard && /^[A-Z][a-z]/.test(standard[3]!))
      return [
        { ...l, text: `${standard[1]} ${standard[2]}` },
        { kind: 'text', text: standard[3]!, at: l.at },
      ]
    /** The rest of a line parted from its title, on a line of its own. */
    const textOf = (text: string): SourceLine => ({ kind: 'text', text, at: l.at })
    // "2 Neighbourhood Policing Team The Neighbourhood Policing Team provided …", "4 Interests No Councillor
    // declared …": a title in capitals run into a sentence that starts with one of a sentence's first words.
    const runOnTitle =
      /^(\d{1,3})\.?\s+([A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|[a-z][\w'’-]*|&)){0,9}?)\s+((?:The|This|It|There|No|None|Members|Apologies|RESOLVED|AGREED|Councillor|Cllr|(?:Police\s+)?(?:Sgt|Sergeant|PCSO|PC|Insp|Inspector)|Mr|Mrs|Ms|Dr|\d{1,2}\.\d{1,2})\b.{8,})$/.exec(
        l.text,
      )
    if (runOnTitle && titleRunIn(runOnTitle[2]!))
      return [{ ...l, text: `${runOnTitle[1]} ${runOnTitle[2]}` }, textOf(runOnTitle[3]!)]
    // "3. Feedback from Safer Highland Moira thanked Gillian …", "1. Welcome & Introductions Action Moira
    // welcomed …": a title run into a sentence whose subject is someone's first name (an "Action" column's
    // heading between them dropped).
    const byName = new RegExp(
      String.raw`^(\d{1,3})\.?\s+([A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|[a-z][\w'’-]*|&)){0,9}?)(?:\s+Actions?)?\s+` +
        String.raw`(([A-Z][a-z'’]+)\s+(?:[a-z]{3,}ed|gave|said|spoke|went|took|made|led|told|began|brought)\b.{8,})$`,
    ).exec(l.text)
    if (byName && isFirstName(byName[4]) && titleRunIn(byName[2]!))
      return [{ ...l, text: `${byName[1]} ${byName[2]}` }, textOf(byName[3]!)]
    // "CS06/07.54 Minutes. The Chairman was authorised …": a coded minute's title, a full stop, its text.
    const runIn =
      /^([A-Z]{1,6}(?:\(\d{1,2}\))?\s?\d{1,4}(?:[/.]\d{1,4}){1,3})\s+([A-Z][^.:]{2,80})\.\s+([A-Z].{10,})$/.exec(l.text)
    if (runIn && runIn[2]!.split(/\s+/).length <= 8 && !NOT_A_CODE.test(runIn[1]!) && isTitleLike(runIn[2]!))
      return [
        { ...l, text: `${runIn[1]} ${runIn[2]}` },
        { kind: 'text', text: runIn[3]!, at: l.at },
      ]
    // "CS06/07.56 Report on matters arising …." (a title with its full stop) and "CS06/07.53 Apologies
    // for absence were received from …" (the item's title is the sentence's first words).
    const coded = /^([A-Z]{1,6}(?:\(\d{1,2}\))?\s?\d{1,4}(?:[/.]\d{1,4}){1,3})\s+(.+)$/.exec(l.text)
    if (coded && !NOT_A_CODE.test(coded[1]!)) {
      const sorry = /^(apologies(?: and reasons)?(?: for absence)?)\s+(?:were|was)\s/i.exec(coded[2]!)
      if (sorry)
        return [
          { ...l, text: `${coded[1]} ${sorry[1]}` },
          { kind: 'text', text: coded[2]!, at: l.at },
        ]
      if (/^[A-Z][^.:]{2,150}\.$/.test(coded[2]!) && coded[2]!.split(/\s+/).length <= 16)
        return [{ ...l, text: `${coded[1]} ${coded[2]!.replace(/\.$/, '')}` }]
    }
    return [l]
  })

  codedRegister(lines)
  statusColumn(lines)
  deglue(lines)
  dashedWraps(lines)
  let initialsList = false
  const addPerson = (list: ImportedPerson[], entry: string, at: string, groupName: string, confidence: number) => {
    let text = entry
      // "Councillor Ms S Murrin Vice – Chairman": one office, spaced.
      .replace(/\bVice\s+[–-]\s+Chair/g, 'Vice-Chair')
      // "Clerk Mr M Walker": the office before a titled name.
      .replace(
        /^(?:Clerk|Chair(?:man|person)?|Vice[- ]Chair(?:man)?|Secretary|Treasurer)\s+(?=(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr)\.?\s)/,
        '',
      )
      .replace(/\b(Cllr|Insp|Supt|Dr|Mr|Mrs|Ms|Prof|Sgt|Cll)\.(?=[A-Z])/g, '$1. ')
      .replace(/,?\s+and$/i, '')
      // "Kay Wilson-White (DCC) attended for item 1", "(left after item 3)": who attended, not when.
      .replace(/\s+(?:attended|present|joined|left)\b.*$/i, '')
      .replace(/\s*\((?:left|arrived|joined|until|from)\b[^)]*\)/gi, '')
      .trim()
      .replace(/^[-•·*▪]\s*/, '')
      .replace(/[.;,]$/, '')
      // "G. Jones*", "P. Vedhara* MBE": a mark against the name (a key below the list says what).
      .replace(/(?<=[a-z])\*(?=\s|$|\))/g, '')
    if (!text) return
    // "Peter Lewis - Jennifer James substituted", "Peter Lewis (substituted by Jennifer James)"
    const sub =
      /^(.+?)\s*[-–(]\s*(?:substituted by|sub(?:stitute)?:?|represented by|rep(?:resented)? by)\s+(.+?)\)?$/i.exec(
        text,
      ) ?? /^(.+?)\s*[-–]\s*(.+?)\s+substitut(?:ed|ing)\)?$/i.exec(text)
    if (sub && list === out.apologies) {
      const absent = splitNameAgency(sub[1]!)
      list.push({ ...absent, group: 'Apologies', at, confidence })
      const standIn = splitNameAgency(sub[2]!)
      out.attendees.push({ ...standIn, group: GROUPS[0], at, confidence, substituteFor: absent.name })
      return
    }
    // "Jane Mowat JM", "Alison Semmence ASe (Chief Exec CVS)": a name with its initials after it, a legend of one.
    const tail = /^(.+?)\s+([A-Z][A-Za-z]{1,3})(\s+\(.*\))?$/.exec(text)
    if (tail && !legendEntry(text) && looksLikeName(tail[1]!)) {
      const caps = tail[2]!.replace(/[a-z]/g, '')
      if (caps.length >= 2 && caps.length === tail[2]!.replace(/[a-z]$/, '').length && initialsMatch(caps, tail[1]!)) {
        legend.set(tail[2]!, tail[1]!)
        if (caps !== tail[2]) legend.set(caps, tail[1]!)
        text = `${tail[1]!}${tail[3] ?? ''}`
      }
    }
    const leg = legendEntry(text)
    if (leg) {
      legend.set(leg.initials, leg.name)
      text = leg.rest ? `${leg.name} (${leg.rest})` : leg.name
    }
    const p = nameAfterAgency(nameBeforeAgency(splitNameAgency(text)))
    // "Barnet (Derrick Cheung)": a place or body, then the person in brackets.
    if (
      !looksLikeName(p.name) &&
      p.agency &&
      looksLikeName(p.agency) &&
      isFirstName(p.agency.replace(HONORIFIC, '').split(/\s+/)[0], true)
    ) {
      const place = p.name
      p.name = p.agency
      p.agency = place
    }
    if (!p.name || /^(?:none|nil|n\/a|no apologies.*)$/i.test(p.name)) return
    // "Cllr W Wyatt-Lowe, Mahmood, Mathews, Silwal and Cllr Guest": surnames alone among titled councillors.
    const surnameAmongTitled =
      /^(?:Mc|Mac|O[’'])?[A-Z][a-z'’-]{2,}$/.test(p.name) &&
      !ORG_WORD.test(p.name) &&
      !ROLE_WORD.test(p.name) &&
      list.some((x) => x.at === at && /^(?:cllr|councillor)\b/i.test(x.name))
    // "Bron, Rachel, Christophe, …": a list of first names alone (a residents' group's), each a person.
    // (And a first name alone on the lines that carry such a list on: "Tora, Sophie Cameron (…)".)
    const firstNameAlone =
      /^[A-Z][a-z'’-]+$/.test(p.name) && (firstNamesAt === at || (firstNamesIn === list && isFirstName(p.name)))
    const nameOk = looksLikeName(p.name) || surnameAmongTitled || firstNameAlone
    // A board that records people by their initials alone ("KT (Chair), CJ, MA, STH (minutes)").
    const initialsOnly = initialsList && INITIALS_ONLY.test(p.name)
    if (!nameOk && !leg && !initialsOnly) {
      // Not a name: a title fragment or a note ("Members of the public: 2"); kept out and said.
      if (/^(?:name|agency|organisation|role|title)$/i.test(p.name)) return
      // (A long line quoted by its opening words: the source beside shows it whole.)
      const quoted = text.length > 90 ? `${text.slice(0, 80).trimEnd()}…` : text
      out.warnings.push(
        `${at}: “${quoted}” does not look like a person's name; left out of ${groupName.toLowerCase()}.`,
      )
      return
    }
    // The same person twice in one list (a chair named again among the members) once; "Ms G Ross"
    // and "Mr G Ross" are two people.
    const title = (n: string) => /^(mr|mrs|ms|miss|mx)\b/i.exec(n)?.[1]?.toLowerCase() ?? null
    if (
      list.some(
        (x) =>
          nameKey(x.name) === nameKey(p.name) && (!title(x.name) || !title(p.name) || title(x.name) === title(p.name)),
      )
    )
      return
    // "(Chair)" alone is a role, not an agency; "- work commitment" after an apology is its reason.
    const role = p.agency && isRoleOnly(p.agency) ? p.agency : null
    if (p.agency && list === out.apologies && REASON.test(p.agency)) p.agency = null
    // Under an organisation's name on a line of its own, its people's agency ("North Lanarkshire Council" /
    // "B Chadha (Depute), T Lunny"), where they print only a post.
    const under =
      orgOver &&
      (!p.agency ||
        role ||
        (ROLE_WORD.test(p.agency) && !ORG_WORD.test(p.agency)) ||
        /^(?:depute|deputy|superintendent|inspector|sergeant|constable)$/i.test(p.agency))
    list.push({
      name: p.name,
      agency: under ? orgOver : role ? null : p.agency,
      ...(role ? { role } : {}),
      group: groupName,
      at,
      confidence: nameOk ? confidence : initialsOnly ? 0.5 : 0.6,
    })
  }

  /** A line or list of people; "Councillors: Adje (Chair), Bevan and Gorrie" names each with their title. */
  const peopleIn = (whole0: string, list: ImportedPerson[], at: string, groupName: string, confidence: number) => {
    if (firstNamesList(whole0)) [firstNamesAt, firstNamesIn] = [at, list]
    // "(left after item 3)", "(one left after item 4.5; two left during item 5.5)": when, not who.
    const whole = whole0
      .replace(/\s*\((?:\w+\s+)?(?:left|arrived|joined)\b[^)]*\)/gi, '')
      // "Councillor Lowe in the Chair Councillors Pandor, Smaje …": the chair, then the rest.
      .replace(/\s+in the chair\b[,;]?\s*(?=(?:councillors|cllrs)\b)/i, '; ')
      .replace(/\s+in the chair\b/i, '')
      // "Cllr Joy Morrissey, (JM) and …": a comma before the initials.
      .replace(/,\s*(?=\([A-Z]{2,4}\))/g, ' ')
      // "Cllrs.M.Walters": a title's full stop with no space after it.
      .replace(/\b(Cllrs?|Councillors?|Mrs|Mr|Ms|Dr)\.(?=[A-Z])/g, '$1. ')
      // "M.Gregory", "A.Williams": an initial and a surname with no space between.
      // (Not "C.Cllr. Jean Battle", a county councillor's title.)
      .replace(/(?<=^|[\s,(])([A-Z])\.(?=(?!Cllr|Clr|Councillor|Cty)[A-Z][a-z]{2,})/g, '$1. ')
      // "Alison.Billett": a full stop for a space.
      .replace(/\b([A-Z][a-z]+)\.([A-Z][a-z]{2,})\b/g, '$1 $2')
      // "Derek & Diana Constantine", "Rachel Oliver & Julie Lockwood (Sanctuary Hsg Assn)": two people.
      .replace(
        /(?<=^|[,;]\s*)([A-Z][a-z'’-]+) & ([A-Z][a-z'’-]+) ((?:(?:de|van|von|le|la|du|da|di)\s+)?[A-Z][\w'’-]+)(?=\s*(?:[,;(]|$))/g,
        '$1 $3, $2 $3',
      )
      .replace(
        /(?<=^|[,;]\s*)([A-Z][a-z'’-]+ [A-Z][\w'’-]+) & ([A-Z][a-z'’-]+ [A-Z][\w'’-]+) \(([^)]+)\)/g,
        '$1 ($3), $2 ($3)',
      )
      // "PC Lee PCSO Amey-Head": two titled people with nothing between them.
      .replace(/(\b(?:PC|PCSO|Sgt|Insp)\.?\s+[A-Z][\w'’-]+)\s+(?=(?:PC|PCSO|Sgt|Insp)\.?\s+[A-Z][a-z])/g, '$1, ')
      // "PCSO’s Cindy Walton and Hayden Selwyn": a plural title for the two.
      .replace(
        /\b(PCSO|PC|Sgt|Insp)(?:’s|'s|s)\s+([A-Z][a-z'’-]+ [A-Z][\w'’-]+)\s+and\s+([A-Z][a-z'’-]+ [A-Z][\w'’-]+)/g,
        '$1 $2, $1 $3',
      )
    // A paragraph of sentences, each naming people ("Cllr Ian Waite (IW), Chair; … Clerk. Police
    // Superintendent Ian Drummond-Smith, Devon and Cornwall Police (left after item 3). …"): each alone.
    const said = whole.split(
      /(?<=[a-z]{3}\)?|\))(?<!\b(?:Cllr|Cll|Insp|Supt|Prof|Capt|Revd|Sgt|Det|Coun|Mrs|Miss|Chief|Acting))\.\s+(?=[A-Z])/,
    )
    if (whole.length > 150 && said.length > 1) {
      for (const [k, s] of said.entries()) {
        // "DC Ronnie Egan explained that Essex Police would …": the minutes' prose has begun.
        if (
          k > 0 &&
          /\b(?:explained|said|reported|stated|informed|advised|was|were|would|had)\b/.test(s) &&
          !/apolog|absen|attend|present|substitut/i.test(s)
        )
          break
        peopleIn(s, list, at, groupName, confidence)
      }
      return
    }
    // "…, with the substitution of Councillor Cartwright for Councillor Bill": the substitute attended.
    const sub = /,?\s*with the substitution of (.+?) for (.+?)\.?$/i.exec(whole)
    if (sub) addPerson(out.attendees, `${sub[1]}`, at, GROUPS[0], confidence)
    if (sub) out.attendees.at(-1)!.substituteFor = sub[2]!.trim()
    const raw = sub ? whole.slice(0, sub.index) : whole
    // Groups of a list are split by semicolons; "Councillors" (plural) titles every name of its group.
    // A group's label before its names ("Core Membership Cllr Kerby …", "Attendees Graham Duggan …").
    const labelled = withoutGroupLabel(raw)
    // One person with their agency after a mark, nothing listing more ("John Syme (Chairman)-Mid and
    // Upper Nithsdale", "Jo Bloggs - Police and Crime Commissioner"): the "and" is the agency's.
    const one = splitNameAgency(labelled)
    if (
      !/[,;]/.test(labelled) &&
      one.agency &&
      !/[()]/.test(one.agency) &&
      looksLikeName(one.name) &&
      !/\band\b/.test(one.name) &&
      /\band\b/.test(one.agency)
    ) {
      addPerson(list, labelled, at, groupName, confidence)
      return
    }
    const bareEntries = splitList(labelled, true).map((e) => e.replace(/\s*\([^)]*\)/g, '').trim())
    // (Mostly initials, a titled name or two among them: "NL, JM, JM-S, JV (NHS Open Doors), PS N Walsh".)
    const byInitials = bareEntries.filter((e) => INITIALS_ONLY.test(e.replace(/\.$/, '')))
    initialsList =
      byInitials.length >= 2 &&
      byInitials.length >= bareEntries.length * 0.5 &&
      bareEntries.every((e) => INITIALS_ONLY.test(e.replace(/\.$/, '')) || looksLikeName(e))
    if (initialsList) {
      for (const e of splitList(labelled, true)) addPerson(list, e, at, groupName, confidence)
      initialsList = false
      return
    }
    // Several groups' labels, each with its colon: "Chair: David Taylor (DT) Directors: Leslie James, …
    // Medway Councillors: Craig Mackinlay Invited Guests: …": each label's people, in its group.
    const groupLabels = [...labelled.matchAll(GROUP_LABELS)].filter((m) => /^[A-Z]/.test(m[1]!))
    if (groupLabels.length >= 2 || (groupLabels.length === 1 && groupLabels[0]!.index === 0)) {
      const before = labelled.slice(0, groupLabels[0]!.index).trim()
      if (before) peopleIn(before, list, at, groupName, confidence)
      groupLabels.forEach((m, k) => {
        const part = labelled.slice(m.index + m[0].length, groupLabels[k + 1]?.index ?? labelled.length).trim()
        if (!part || /\bpublic\b/i.test(m[1]!) || /^(?:none|nil|\d+)\.?$/i.test(part)) return
        peopleIn(part, list, at, /^(?:chair|vice)/i.test(m[1]!) ? groupName : groupFor(m[1]!), confidence)
      })
      return
    }
    // Labels inside the list ("… Cllr. P. Matthews. Members of Public Attending: None Clerk: Karen Price"):    // Labels inside the list ("… Cllr. P. Matthews. Members of Public Attending: None Clerk: Karen Price"):
    // each label's people, apart; the public as a number is no one.
    // (A label after a sentence's end too: "AL, SG (Officer). Attendees from Community Youth Groups: JC, AW".)
    const inner = [
      ...labelled.matchAll(
        /(?:^|\s)((?:[A-Z][a-z]+\s+){0,4}(?:attending|clerk|secretary|minutes|notes|officers?|[Mm]embers?))\s*(?::|\s[-–])\s+|(?<=[.;]\s+)((?:[A-Z][a-z]+\s+)?(?:attendees|members|representatives?|cllrs|councillors)(?:\s+[a-z]+(?:\s+[A-Z][a-z]+){0,4})?)\s*:\s+/gi,
      ),
      // ("Cabinet Member – Cllr Barry Abraham": a dash after a label in capitals, not "Panel member - Rugeley
      // resident".)
    ].filter((m) => m[0].includes(':') || /^\s?(?:[A-Z][a-z]+\s+)*[A-Z][a-z]+\s+[-–]\s+$/.test(m[0]))
    if (inner.length && inner[0]!.index > 0) {
      const cuts = [0, ...inner.map((m) => m.index)]
      cuts.forEach((at0, k) => {
        const part = labelled.slice(at0, cuts[k + 1] ?? labelled.length).trim()
        const lab = /^([^:]{2,60}):\s*(.*)$/.exec(part)
        if (k === 0) return peopleIn(part, list, at, groupName, confidence)
        if (!lab || /\bpublic\b/i.test(lab[1]!) || /^(?:none|nil|\d+)\.?$/i.test(lab[2]!.trim())) return
        peopleIn(lab[2]!, list, at, groupFor(lab[1]!), confidence)
      })
      return
    }
    // A legend run together: "AF PCSO Andy Freeman PF PC Pete Farrell RM Richard Macrae, Stapleford …".
    const legend = legendRun(labelled)
    if (legend) {
      for (const e of legend) addPerson(list, e, at, groupName, confidence * 0.85)
      return
    }
    // People each with their initials in brackets, nothing else parting them.
    // (What follows the last of them is not theirs: "… Laureen Canessa (LC) Also in attendance NTR …; there
    // were 22 …".)
    const lastMark = [...labelled.matchAll(/\([A-Z]{2,4}\)/g)].at(-1)
    const marked = lastMark ? labelled.slice(0, lastMark.index + lastMark[0].length) : ''
    const anchored = !marked || /[,;.]/.test(marked) ? null : peopleByInitials(marked)
    if (anchored) {
      for (const e of anchored) addPerson(list, e, at, groupName, confidence * 0.85)
      return
    }
    // A table read column by column: names, organisations, initials.
    const columns = columnsRead(labelled)
    if (columns) {
      for (const e of columns) addPerson(list, e, at, groupName, confidence * 0.7)
      return
    }
    // "Joan Maughan – Independent Chair Nigel Andrews – Tenancy Support Manager, Norwich City Council …":
    // each person's name before a dash, their post and agency after it, three or more run together.
    // (Straight after a dash, "Kully Raju - Street Pride – Derby City Council", words with no first name
    // or title are the description's.)
    const dashed = [...labelled.matchAll(DASHED_PERSON)].filter(
      (m, k, all) =>
        looksLikeName(m[1]!) &&
        (k === 0 ||
          all[k - 1]!.index + all[k - 1]![0].length < m.index ||
          HONORIFIC.test(m[1]!) ||
          isFirstName(m[1]!.split(/\s+/)[0], true)),
    )
    if (dashed.length >= 3 && dashed[0]!.index === 0) {
      dashed.forEach((m, k) => {
        const desc = labelled.slice(m.index + m[0].length, dashed[k + 1]?.index ?? labelled.length).trim()
        addPerson(list, desc ? `${m[1]} (${desc})` : m[1]!, at, groupName, confidence * 0.9)
      })
      return
    }
    // People by their titles and initials first ("Mrs. K. Vasey Sedgefield PCT B. Carr …"), then
    // names and agencies run together.
    // ("Donald Beaton (Chairman), Skye and Lochalsh Council on Alcohol Dick Johnston, …": the role aside.)
    const starts = peopleStarts(labelled.replace(/\s*\((?:co-?|vice[- ])?chair(?:man|person)?\)/gi, ''))
    const together = runOnPeople(labelled)
    const good = (l: string[] | null) =>
      (l ?? []).filter((e) => {
        const n = splitNameAgency(e).name
        return looksLikeName(n) && n.split(/\s+/).length <= 4
      }).length
    // Only where separators do not already part them.
    const runOn =
      starts && starts.length >= 3 && starts.length > splitList(labelled).length && good(starts) > good(together)
        ? starts
        : together && together.length > splitList(labelled).length
          ? together
          : null
    if (runOn) {
      for (const e of runOn) addPerson(list, e, at, groupName, confidence * 0.85)
      return
    }
    const groups = legendEntry(labelled)
      ? [labelled]
      : labelled.split(/;(?![a-z])\s*|\s+and\s+(?=(?:councillors|cllrs)\b)/i)
    for (const whole0 of groups) {
      // "and S MacDougall, F Carlin and A Conboy (all Renfrewshire Council)": the group's last "and" and its
      // shared agency, each person's.
      const shared = /^(.*?)\s*\((?:all|both)\s+([^)]+)\)\.?$/.exec(whole0.replace(/^and\s+/, ''))
      const whole = shared
        ? splitList(shared[1]!)
            .map((e) => `${e.replace(/^and\s+/, '')} (${shared[2]})`)
            .join(', ')
        : whole0.replace(/^and\s+(?=[A-Z])/, '')
      // "Blaby District Council: James Edmondston, Rebecca Holcroft" (the agency, then its people), or
      // "Councillors Aslam and Jackson from Blaby District Council".
      const org = /^([^:]{3,60}?):\s*(.+)$/.exec(whole)
      const from = /^(.+?)\s+(?:from|of|representing)\s+((?:the\s+)?[A-Z][^,;]{3,80})$/.exec(whole)
      // The label is an organisation by its words, or by the titled names after it ("Army: Colonel P Bates").
      const byColon =
        !!org &&
        !looksLikeName(org[1]!) &&
        (ORG_WORD.test(org[1]!) || (/^[A-Z]/.test(org[1]!) && HONORIFIC.test(org[2]!.trim())))
      const orgName = byColon ? org[1]!.trim() : from && ORG_WORD.test(from[2]!) ? from[2]!.trim() : null
      const g = byColon ? org[2]! : orgName ? from![1]! : whole
      // "Name - Agency Name - Agency …" run together on one line (a PDF's table, flattened).
      const flat = [...g.matchAll(DASHED_PERSON)]
      if (flat.length >= 2 && flat[0]!.index === 0) {
        flat.forEach((m, k) => {
          const end = flat[k + 1]?.index ?? g.length
          const agency = g.slice(m.index + m[0].length, end).trim()
          addPerson(list, agency ? `${m[1]} (${agency})` : m[1]!, at, groupName, confidence * 0.9)
        })
        continue
      }
      const cllrs = /^(?:councillors|cllrs\.?|c?clrs\.?)\s*[:\-–]?\s+(?=[A-Z])/i.exec(g)
      // The title as printed, made singular: "Councillors" → "Councillor", "CClrs" → "CClr".
      const title = cllrs
        ? /^councillors/i.test(cllrs[0])
          ? 'Councillor'
          : cllrs[0].trim().replace(/s?\.?\s*[:\-–]?$/, '')
        : 'Cllr'
      // (Not someone with their own title among them: "PC Lee", "Mrs McLaven (Clerk)".)
      const titled = (e: string) =>
        !cllrs || /^(?:cllr|councillor)\b/i.test(e) || HONORIFIC.test(e) ? e : `${title} ${e}`
      const body = cllrs ? g.slice(cllrs[0].length) : g
      const entries = (legendEntry(body) ? [body] : splitList(body, !!cllrs))
        .flatMap((e) => peopleStarts(e) ?? [e])
        .flatMap(namesSideBySide)
        .map(postThenName)
      for (const entry of entries.filter((x) => !/^(?:and|also)$/i.test(x.trim().replace(/[,;.]$/, '')))) {
        const e = entry.trim().replace(/[,;.]$/, '')
        // Under an organisation's label, "Thompson (Chair)" and "Mr D Lockhart, Local Senior Fire Officer"
        // are that organisation's: the role is not an agency.
        const own = splitNameAgency(e)
        const roleOnly =
          !!own.agency &&
          (isRoleOnly(own.agency) ||
            (ROLE_WORD.test(own.agency) && !ORG_WORD.test(own.agency)) ||
            /\bofficer\b/i.test(own.agency))
        const person = orgName && roleOnly ? own.name : e
        addPerson(
          list,
          orgName && (!own.agency || roleOnly) ? `${titled(person)} (${orgName})` : titled(e),
          at,
          groupName,
          confidence,
        )
      }
    }
  }

  const peopleFromTable = (rows: string[][], at: string, list: ImportedPerson[], groupName: string) => {
    const header = rows[0]!.map((c) => c.toLowerCase())
    const nameCol = header.findIndex((c) => /^(?:name|attendee|member|present)s?$/.test(c))
    const agencyCol = header.findIndex((c) =>
      /^(?:agency|organisation|organization|representing|role|title|service)s?$/.test(c),
    )
    const body = nameCol >= 0 ? rows.slice(1) : rows
    for (const r of body) {
      // "Tayo Prince- Chair", "Max Rashid (Chair)": a role printed after the name in its cell.
      const name = (r[nameCol >= 0 ? nameCol : 0]?.trim() ?? '').replace(
        /\s*(?:[-–]\s*(?:vice[- ]|co[- ])?chair(?:man|person)?|\((?:vice[- ]|co[- ])?chair(?:man|person)?\))$/i,
        '',
      )
      const agency = (r[agencyCol >= 0 ? agencyCol : 1] ?? '').trim()
      if (!name) continue
      // A legend in a table: initials | name | agency
      if (/^[A-Z]{2,4}$/.test(name) && r.length >= 2 && looksLikeName(splitNameAgency(r[1]!).name)) {
        legend.set(name, splitNameAgency(r[1]!).name)
        addPerson(list, r.slice(1).filter(Boolean).join(' (') + (r.length > 2 && r[2] ? ')' : ''), at, groupName, 0.9)
        continue
      }
      addPerson(list, agency ? `${name} (${agency})` : name, at, groupName, 0.95)
    }
  }

  const actionTable = (rows: string[][], at: string) => {
    const header = rows[0]!.map((c) => c.toLowerCase())
    const byWhom = (c: string) => /\b(?:owner|lead|by whom|who|responsible|officer)\b|^action(?:ed)? by$/.test(c)
    const actionCol = header.findIndex((c) => /\baction|task|what\b/.test(c) && !byWhom(c))
    const ownerCol = header.findIndex(byWhom)
    if (actionCol < 0 || ownerCol < 0) return false
    const dueCol = header.findIndex((c) => /\b(?:due|deadline|by when|date|when|timescale)\b/.test(c))
    const refCol = header.findIndex((c) => /\b(?:ref|no|item|minute)\b/.test(c) && !/action/.test(c))
    for (const r of rows.slice(1)) {
      const text = r[actionCol]?.trim()
      const owners = r[ownerCol]?.trim()
      if (!text || !owners) continue
      const resolved = splitOwnerNames(owners).map(resolve)
      const due = dueCol >= 0 ? dueIn(r[dueCol] ?? '') : null
      const para = refCol >= 0 ? (r[refCol]?.trim() ?? null) : (paragraph?.number ?? null)
      for (const o of resolved)
        out.actions.push({
          owner: o,
          ownersText: resolved.join(' / '),
          text,
          paragraph: para,
          due,
          at,
          confidence: 0.9,
        })
      // Written into the paragraph it names (or the last one), so the minutes show where it falls.
      const target = out.items.flatMap((i) => i.paragraphs).find((p) => p.number && p.number === para) ?? paragraph
      if (target) target.text += `\nAction - ${resolved.join(' / ')}: ${text.replace(/\.$/, '')}`
    }
    return true
  }

  /** An owner and task read from the narrative, recorded and written under the paragraph it came from. */
  const narrativeAction = (ownerAndTask: string, at: string, confidence: number) => {
    const written = noteAction(ownerAndTask, null, at, confidence)
    if (written && paragraph) paragraph.text += `\n${written}`
  }

  const dueIn = (s: string): string | null => {
    const d = findDates(s)[0]?.date
    if (d) return d
    const year = out.date ? Number(out.date.value.slice(0, 4)) : null
    if (!year) return null
    const dm = findDayMonth(s, year)[0]?.date
    if (!dm) return null
    // A day-and-month before the meeting is next year's.
    return out.date && dm < out.date.value ? `${year + 1}${dm.slice(4)}` : dm
  }

  const startItem = (number: string, title: string, at: string, confidence: number) => {
    item = { number, title: title.trim().replace(/\s+/g, ' '), at, confidence, lead: null, paragraphs: [] }
    out.items.push(item)
    paragraph = null
    section = 'items'
    const n = parseInt(number.replace(/^\D+/, ''), 10)
    // A placeholder item (text before any heading) does not count: the minutes' own "1." comes next.
    if (!Number.isNaN(n) && confidence > 0.3) lastItemNumber = n
  }

  const addText = (text: string, at: string, number: string | null, cites: string | null) => {
    if (!item) {
      // Before the first item: a label ("Public") or a note about the minutes is not business.
      if (
        number === null &&
        (text.split(/\s+/).length <= 3 ||
          (!out.items.length && /[.]$/.test(text) && text.length > 80) ||
          // "Roger Blantern chaired the meeting.": who chaired, not business.
          /^[^.]{3,60}\b(?:chaired the meeting|took the chair|was in the chair)\.?$/i.test(text) ||
          // "The minute of meeting of this Committee of 23rd August, 2021 was held as read.": about the minutes.
          (!out.items.length && /^[A-Z][^.]*\b(?:minutes?\b[^.]*|stand delegated)\.$/i.test(text)))
      ) {
        if (text.length > 80)
          out.warnings.push(`${at}: text before the first item was left out: “${text.slice(0, 80)}…”`)
        return
      }
      // "Police Report (Samantha Holmes and Lindy Wilson)" over its text, before any numbered item: a title
      // printed with no number, not business under a made-up one.
      // (Not an action, a sentence's first line, "The minutes from the previous", nor two sentences.)
      if (
        number === null &&
        isTitleLike(text) &&
        text.split(/\s+/).length <= 10 &&
        /^[A-Z]/.test(text) &&
        !/^(?:actions?|resolved|agreed|noted|decision)\b/i.test(text) &&
        !/\.\s/.test(text) &&
        !/\s(?:the|of|to|and|from|for|a|an|in|on|with|previous|at|by)$/i.test(text)
      ) {
        startItem('', text, at, 0.5)
        return
      }
      startItem(String(lastItemNumber + 1), 'Business', at, 0.3)
    }
    const it = item!
    if (number !== null || !paragraph) {
      paragraph = { number, cites, heading: null, text, at }
      it.paragraphs.push(paragraph)
    } else paragraph.text += `\n${text}`
  }

  const noteAction = (ownersRaw: string, task: string | null, at: string, confidence: number) => {
    const [ownersPart, ...taskParts] = ownersRaw.split(':')
    let owners = ownersPart!.trim()
    let what = task ?? (taskParts.join(':').trim() || null)
    // "JN to circulate the draft by 1 April"
    // "JN to circulate …", "Stephen Doogan would clarify …", "Jo Bloggs agreed to …", "Jo Bloggs will …"
    const to = /^(.+?)\s+(?:to|will|would|agreed to|undertook to|is to|was to|offered to)\s+(.+)$/.exec(owners)
    if (
      !what &&
      to &&
      splitOwnerNames(to[1]!).every(
        (o) =>
          legend.has(o) || looksLikeName(o) || /^[A-Z]{2,4}$/.test(o) || isFirstName(o, true) || GROUP_OWNER.test(o),
      )
    ) {
      owners = to[1]!
      what = to[2]!
    }
    // Owners by their posts: "Head of Housing and Community Safety/ Legal and Secretariat Manager".
    const posts = owners
      .replace(/\.$/, '')
      .split(/\s*\/\s*/)
      .map((p) => p.trim())
    const byPost = posts.every((p) => ROLE_WORD.test(p) && /^[A-Z]/.test(p) && p.split(/\s+/).length <= 8)
    const names = byPost ? posts : splitOwnerNames(owners.replace(/\.$/, '')).map(resolve)
    if (!names.length) return null
    // An owner that is a sentence ("Restorative Justice to work with …", "Board members to agree …")
    // names no one: the line stays in the minutes, no action is recorded for it.
    if (
      names.some(
        (n) =>
          (!byPost && n.split(/\s+/).length > 5) ||
          (!byPost &&
            !looksLikeName(n) &&
            !/^(?:[A-Z]{2,4}|[A-Z][a-z'’-]+)$/.test(n) &&
            !legend.has(n) &&
            !GROUP_OWNER.test(n) &&
            !ROLE_OWNER.test(n)),
      )
    )
      return null
    const para = paragraph
    const text = what ?? lastSentence(para?.text ?? '')
    const due = dueIn(what ?? owners)
    for (const o of names) {
      // "LB to request … Action NB/ LB": an owner the line has already given this task is not a second action.
      const task = text.replace(/\.$/, '')
      if (
        out.actions.some(
          (a) =>
            a.owner === o &&
            a.at === at &&
            a.paragraph === (para?.number ?? null) &&
            (closingMark || a.text.includes(task) || task.includes(a.text)),
        )
      )
        continue
      out.actions.push({
        owner: o,
        ownersText: names.join(' / '),
        text: task,
        paragraph: para?.number ?? null,
        due,
        at,
        confidence: names.every((n) => looksLikeName(n)) ? confidence : confidence * 0.6,
      })
    }
    // The line as csp-hub writes it: owners named in full (initials resolved), the task after a colon.
    return `Action - ${names.join(' / ')}${what ? `: ${what.replace(/\.$/, '')}` : ''}`
  }

  /** A person's name on line k and their agency or role on the next (a table flattened one cell to a line). */
  const nameOverAgency = (k: number, text?: string): [string, string] | null => {
    const a = lines[k]
    const b = lines[k + 1]
    if (a?.kind !== 'text' || b?.kind !== 'text') return null
    const bare = (text ?? a.text).replace(/^\((?:chair|chairman)\)\s*/i, '').trim()
    const next = b.text.trim()
    if (!looksLikeName(bare) || looksLikeName(next) || next.length > 60 || /[.;]$|:|\s[/|]\s/.test(next)) return null
    // ("Clerk Mr M Walker": an office and the next person, after a blank line.)
    if (b.gapBefore && new RegExp(String.raw`\b${TITLE}[A-Z]`).test(next)) return null
    // "Ronnie E Ogilvie-Annandale South": a name with its own ward or agency is no name over an agency.
    if (splitNameAgency(bare).agency) return null
    // Not the next heading ("In attendance", "CE01 Appointment of Chair").
    if (ATTENDANCE.test(next) || APOLOGIES.test(next) || itemHeading(next, b, lastItemNumber)) return null
    const agencyLike =
      ORG_WORD.test(next) || ROLE_WORD.test(next) || /^[A-Z&]{2,8}$/.test(next) || /^[A-Z][a-z]+$/.test(next)
    // Or any short phrase, where the line after it is the next name ("Make It York").
    const after = lines[k + 2]
    return agencyLike || (after?.kind === 'text' && looksLikeName(after.text) && /^[A-Z]/.test(next))
      ? [bare, next]
      : null
  }

  /** A sentence that wraps onto the next lines ("… Cllr Pat Thornton," / "Karen Rearie, … and Mo McManus."). */
  const wrappedOn = (first: string, at: number): { text: string; lines: number } => {
    let text = first.trim()
    let k = at + 1
    for (let next = lines[k]; text && !/[.;:]$/.test(text) && next?.kind === 'text'; next = lines[k]) {
      const t = next.text.trim()
      const listGoesOn = /(?:,|\band)$/.test(text) && /^[A-Z]/.test(t) && !ATTENDANCE.test(t)
      // "… Huw Lewis" / "AM, Edward Woosnam and Diane Thomas.": the list's last line, ending the sentence.
      const listEnds = /^[A-Z][\w’'-]*,?\s/.test(t) && /(?:,| and )/.test(t) && /\.$/.test(t) && t.length < 160
      // "… Lesley Wilkie, Director of Public" / "Health; Pat Greenhough, …; and Audrey Mooney": a list parted by
      // semicolons, wrapped mid-entry.
      const semicolons = !/;/.test(text) && /^[A-Z][^.;]{0,60};/.test(t) && /,/.test(text)
      if (!(
        /^(?:and\b|[a-z,&])/.test(t) ||
        listGoesOn ||
        semicolons ||
        (listEnds && !APOLOGIES.test(t) && !ATTENDANCE.test(t))
      ))
        break
      text += ` ${t}`
      k++
    }
    return { text, lines: k - at - 1 }
  }

  /** A list of names from line k on, with the lines it wraps onto ("… April Adam, Angela" / "Swift, Cllr Tim Brett, …"). */
  const listWrapped = (k: number, first: string): { text: string; at: number } => {
    let text = first
    for (let next = lines[k + 1]; ; next = lines[k + 1]) {
      // ("Sophie Cameron (Clissold ward" / "councillor), PC Ali Dag, …": a bracket open at the line's end.)
      const open = (text.match(/\(/g) ?? []).length > (text.match(/\)/g) ?? []).length
      if (open && next?.kind === 'text' && /^[a-z]/.test(next.text.trim()) && text.length < 400) {
        text = `${text} ${next.text.trim()}`
        k++
        continue
      }
      if (
        next?.kind !== 'text' ||
        // (A blank line before the next person's "Name, post, agency" ends this one, as it ends a list
        // whose last line closes with no comma: "… PCSO Balkar Bains (…, MET)" / "" / "Pat, Diane".)
        (next.gapBefore && (PERSON_THEN_COMMA.test(next.text) || !/(?:,|\band)$/.test(text))) ||
        (text.match(/,/g) ?? []).length < 2 ||
        /[,.;:]$/.test(text) ||
        !/^(?:[A-Z]|and\s+[A-Z])/.test(next.text) ||
        // The list's last line: "… Alan Briggs" / "and Bill Lawrie."
        !(
          next.text.includes(',') ||
          /^(?:and\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\.?|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\.)$/.test(
            next.text.trim(),
          )
        ) ||
        next.text.includes(':') ||
        APOLOGIES.test(next.text) ||
        ATTENDANCE.test(next.text) ||
        !!itemHeading(next.text, next, lastItemNumber)
      )
        break
      text = `${text} ${next.text.trim()}`
      k++
    }
    return { text, at: k }
  }

  /** Apologies named inside a paragraph or an item's title; the text stays where it is. */
  const apologiesInText = (text: string, at: number, where: string) => {
    // "1.1 To receive apologies for absences Cllr Bridie Kent (BK) - work commitment.": an agenda's words, then the names.
    const m = APOLOGY_IN_TEXT.exec(text) ?? RECEIVE_APOLOGIES.exec(text)
    // "… and apologies were noted from" / "George Cunningham and Graeme McArthur.": the names on the next line.
    const below = lines[at + 1]
    const names = m?.[1] || (m && below?.kind === 'text' && /^[A-Z]/.test(below.text) ? below.text : '')
    if (!names) return
    peopleIn(sentenceEnd(wrappedOn(names, m![1] ? at : at + 1).text), out.apologies, where, 'Apologies', 0.8)
  }

  const noteDecisions = (text: string, at: string, explicit: boolean) => {
    const para = paragraph
    if (explicit) {
      out.decisions.push({ text, paragraph: para?.number ?? null, at, confidence: 0.95 })
      return
    }
    for (const s of sentences(text))
      if (AGREED_SENTENCE.test(s))
        out.decisions.push({ text: s, paragraph: para?.number ?? null, at, confidence: 0.75 })
  }

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!
    // (An organisation over its people holds for its own list only.)
    if (section !== orgSection) [orgOver, orgSection] = [null, section]
    previousText = lines[i - 1]?.kind === 'text' ? (lines[i - 1] as { text: string }).text.trim() : ''
    if (line.kind === 'table') {
      const header = line.rows[0]!.map((c) => c.toLowerCase()).join(' ')
      if (/\baction\b/.test(header) && actionTable(line.rows, line.at)) continue
      // "EW |" under an item's text: the action column's initials, owner of the sentence it closes.
      const cells = line.rows[0]!.filter((c) => c.trim())
      if (
        paragraph &&
        item &&
        cells.length === 1 &&
        new RegExp(`^${OWNER_INITIALS}$`).test(cells[0]!.trim()) &&
        lastSentence((paragraph as ImportedParagraph).text)
      ) {
        const written = noteAction(cells[0]!.trim(), lastSentence((paragraph as ImportedParagraph).text), line.at, 0.6)
        if (written) (paragraph as ImportedParagraph).text += `\n${written}`
        // (The rest of the table is read below; its first row, these initials, is taken as its header.)
        if (line.rows.length === 1) continue
      }
      // People the minutes were sent to, not who came.
      if (section === 'circulation') continue
      const peopleRows = line.rows.filter(
        (r) => looksLikeName(splitNameAgency(r[0] ?? '').name) || /^[A-Z]{2,4}$/.test(r[0] ?? ''),
      )
      const peopleTable = /\bname\b/.test(header) || peopleRows.length >= Math.max(1, line.rows.length * 0.5)
      if (
        peopleTable &&
        (section === 'header' || section === 'attendance' || section === 'apologies' || /\bname\b/.test(header))
      ) {
        if (section === 'header') {
          section = 'attendance'
          if (line.headless) unlabelled = true
        } else if (
          // A second headless table of people after a gap, the first one's heading lost too: the apologies.
          section === 'attendance' &&
          unlabelled &&
          line.headless &&
          (line.gapBefore ?? 0) >= 1 &&
          out.attendees.length >= 3 &&
          !out.apologies.length
        ) {
          section = 'apologies'
          out.warnings.push(
            `${line.at}: a second list of people with no heading was read as apologies; check who was present.`,
          )
        }
        // Each table under one heading is the next group: the reference minutes' members, partners and officers.
        const groupName: string =
          tables > 0 && group === GROUPS[Math.min(tables - 1, 2)] ? GROUPS[Math.min(tables, 2)]! : group
        if (section !== 'apologies') {
          group = groupName
          tables++
        }
        peopleFromTable(
          line.rows,
          line.at,
          section === 'apologies' ? out.apologies : out.attendees,
          section === 'apologies' ? 'Apologies' : groupName,
        )
        continue
      }
      // A header's layout table of labels only ("No. | Item | |"): nothing to read.
      if (section === 'header' && line.rows.every((r) => r.every((c) => c.length < 20))) continue
      // Under "Action Sheet": rows of a number, the task and its owners ("8. | Jo to send … | Jo/Lorraine").
      if (actionSheet) {
        for (const r of line.rows) {
          const cells = r.map((c) => c.trim()).filter(Boolean)
          if (/^\d{1,3}\.?$/.test(cells[0] ?? '')) cells.shift()
          if (cells.length < 2) continue
          const owners = cells.at(-1)!.replace(/\s+and$/, '')
          const task = cells.slice(0, -1).join(' ')
          const named = splitOwnerNames(owners).every((o) => isFirstName(o.split(/\s+/)[0], true) || HONORIFIC.test(o))
          const written = (named && noteAction(`${owners}: ${task}`, null, line.at, 0.75)) || cells.join(' ')
          addText(written, line.at, null, null)
        }
        continue
      }
      // Any other table (minutes laid out as "No | Item | Action by"): each row read as lines, so
      // numbers, titles and owners are found as if typed.
      const ownerCol = line.rows[0]!.findIndex((c) => /\b(?:action(?:ed)? by|owner|lead|responsible|who)\b/i.test(c))
      const hasHeader = ownerCol >= 0 || line.rows[0]!.every((c) => c.length < 30 && !/\d\.\d/.test(c))
      const rows = hasHeader && line.rows.length > 1 ? line.rows.slice(1) : line.rows
      const flat: SourceLine[] = []
      for (const r of rows) {
        const cells = r.map((c) => c.trim())
        const lead = /^(?:\d{1,2}[a-z]?\.?|\d{1,2}\.\d{1,2}\.?)$/.test(cells[0] ?? '') ? cells.shift()! : null
        const owner =
          ownerCol > 0 && cells.length >= ownerCol ? cells.splice(ownerCol - (lead ? 1 : 0), 1)[0] : undefined
        const [first, ...rest] = cells.filter(Boolean).join('\n').split('\n')
        if (first !== undefined)
          flat.push({
            kind: 'text',
            text: lead ? `${lead.replace(/\.$/, '')}${/\./.test(lead.replace(/\.$/, '')) ? '' : '.'} ${first}` : first,
            at: line.at,
          })
        for (const t of rest) flat.push({ kind: 'text', text: t, at: line.at })
        if (owner) flat.push({ kind: 'text', text: `Action - ${owner}`, at: line.at })
      }
      lines.splice(i + 1, 0, ...flat)
      continue
    }
    // ModernGov prints a document's link text after an item's title: "Minutes pdf icon PDF 75 KB"
    // (which also says the line is an item's title).
    if (line.kind === 'text' && /pdf icon\s*PDF/i.test(line.text)) {
      line = { ...line, heading: true }
      lines[i] = line
    }
    let text = line.text
      .replace(/\s*pdf icon\s*PDF\s*[\d.]+\s*[KM]B\b/gi, '')
      // "received fromIris Bennett", "andInspector S McEwan": a small word glued to the name after it.
      .replace(/\b(and|from|by|with)(?=(?:[A-Z][a-z]{2,}))/g, '$1 ')
      // A page's footer run into the next line ("Page 1 of 6 3. Previous minutes").
      .replace(/^page \d+ of \d+\s+(?=\S)/i, '')
      // ".2. Resignation and Retirements": a stray full stop before an item's number; "- 38. Apologies for
      // absence": a web page's list mark before one.
      .replace(/^\.(?=\d{1,2}\.\s)/, '')
      .replace(/^[-•]\s+(?=\d{1,3}\.\s+[A-Z])/, '')
      .replace(/\s+/g, ' ')
      .trim()
    // An action sheet flattened with " / " between its cells: "4. / Carol will send each sub group … / Carol",
    // "8. / Jo to send Carol information … / Jo/Lorraine" (the task, then its owners).
    if (ACTION_SHEET.test(text)) actionSheet = true
    else if (actionSheet && /^(?:date|time|venue|present|people present|attendance)\b/i.test(text)) actionSheet = false
    const cells = actionSheet ? SHEET_ROW.exec(text) : null
    const sheetOwners = cells?.[2]!.replace(/\s+and$/, '')
    if (
      cells &&
      cells[1]!.split(/\s+/).length >= 3 &&
      splitOwnerNames(sheetOwners!).every(
        (o) => isFirstName(o.split(/\s+/)[0], true) || HONORIFIC.test(o) || /^[A-Z][a-z'’-]{2,}$/.test(o),
      )
    ) {
      // ("3. / Carol to develop the criteria …" / "NB: Board members will be invited … / Carol": the row's
      // task is the line that names its owner.)
      const pending = sheetTask
      sheetTask = null
      const firstOwner = splitOwnerNames(sheetOwners!)[0]!.split(/\s+/)[0]!
      const task = pending && pending.startsWith(firstOwner) ? pending : cells[1]!.replace(/^\d{1,3}\.?\s+\/\s+/, '')
      const written = noteAction(`${sheetOwners}: ${task}`, null, line.at, 0.75) ?? text
      if (paragraph) (paragraph as ImportedParagraph).text += `\n${written}`
      else addText(written, line.at, null, null)
      continue
    }
    // (A row with no owner is the sheet's text, not an item: "1. / Voluntary sector colleagues …".)
    if (actionSheet && /^\d{1,3}\.?\s+\/\s/.test(text)) {
      sheetTask = text.replace(/^\d{1,3}\.?\s+\/\s+/, '')
      addText(sheetTask, line.at, null, null)
      continue
    }
    // A committee system's page read row by row: "Introductions. Minutes: The Chairman welcomed …", its
    // item's title, then what was minuted ("Minutes:" alone where the row lost its title).
    const minutedRow = /^(?:([A-Z][^.:|]{2,100}?)\.?\s+)?Minutes:\s+(\S.{10,})$/.exec(text)
    if (minutedRow && (minutedRow[1] ? isTitleLike(minutedRow[1]) : out.items.length > 0)) {
      if (minutedRow[1]) startItem('', minutedRow[1], line.at, 0.7)
      section = 'items'
      text = minutedRow[2]!.replace(/\s*\|$/, '')
    }
    // A paragraph number on its own line (a PDF's or a table's column) belongs to the text after it.
    const next = lines[i + 1]
    if (/^\d{1,2}\.\d{1,2}\.?$/.test(text) && next?.kind === 'text' && !next.heading) {
      text = `${text.replace(/\.$/, '')} ${next.text}`
      i++
    }
    // A label whose value is on the next line ("Date:" / "Tuesday, 25th March, 2014"), and a minute
    // reference split over two ("SSP" / "136/13"), read as one line.
    if (/^(?:date|time|place|venue|location)\s*:$/i.test(text) && next?.kind === 'text') {
      text = `${text} ${next.text.trim()}`
      i++
    } else if (/^[A-Z]{2,6}$/.test(text) && next?.kind === 'text' && /^\d{1,4}\/\d{2,4}$/.test(next.text.trim())) {
      text = `${text} ${next.text.trim()}`
      i++
    }
    // A number alone on its line (ModernGov's "14.") takes the next title-like line as its item's title.
    if (pendingNumber) {
      const pending = pendingNumber
      pendingNumber = null
      // (Not the names beside it in a flattened table: "3." / "Cllr Mike Baker, Cllr Brian Hannah and …".)
      // (Nor an owners' column, "NB/MC", nor a sentence's first line, "Superintendent Carl Edwards attended …".)
      // (A long title marked as one, "TO SIGN AS A CORRECT RECORD THE MINUTES OF THE MEETING HELD ON THE 28TH
      // JULY, 2017 pdf icon PDF 238 KB", too.)
      if (
        (isTitleLike(text) || (line.heading && text.length <= 160 && !/[.;:]$/.test(text))) &&
        !(looksLikePeople(text) && /[a-z]/.test(text)) &&
        !new RegExp(`^${OWNER_INITIALS}$`).test(text) &&
        !/\b(?:was|were|attended|stated|reported|explained|requested|went|had|has|is|are)\b/.test(text)
      ) {
        startItem(pending.n, text, pending.at, 0.85)
        continue
      }
      // "CS07/08.37" / "Minutes. It was resolved: …": the title is the sentence's first words.
      const lead = /^[A-Z]{2,6}/.test(pending.n) ? leadTitle(text) : null
      if (lead && text.startsWith(`${lead}.`)) {
        startItem(pending.n, lead, pending.at, 0.8)
        addText(text.slice(lead.length + 1).trim(), line.at, null, null)
        continue
      }
      // "Agenda item 2" with no title: the item starts, and this line is its first text.
      if (pending.explicit) startItem(pending.n, '', pending.at, 0.85)
      // A PDF's columns read across: the title in capitals comes a few lines on ("3." / "Cllr Mike Baker, …" /
      // "None received" / "DECLARATIONS OF INTEREST"). The number waits for it.
      else if (/^\d+$/.test(pending.n) && Number(pending.n) > lastItemNumber) waiting.push(pending.n)
    }
    // (In that layout a title in capitals with no number before it takes the next, and a number already
    // given is passed over.)
    const capsTitle =
      /^[A-Z][A-Z0-9 ,&'’()/–-]{3,80}$/.test(text) && /[A-Z]{3}/.test(text) && text.split(/\s+/).length <= 10
    if (capsTitle && numbersAlone >= 2 && section !== 'header' && !/^(?:ACTIONS?|RESOLVED|AGREED|NOTED)$/.test(text)) {
      startItem(waiting.shift() ?? String(lastItemNumber + 1), text, line.at, 0.7)
      continue
    }
    if (NUMBER_ALONE.test(text) && /^\d/.test(text)) {
      numbersAlone++
      if (numbersAlone >= 2 && /^\d+\.?$/.test(text) && parseInt(text, 10) <= lastItemNumber && !waiting.length)
        continue
    }

    // An agenda pack's page stamp before anything else ("Agenda Item 4", "Item 8(ii)").
    if (
      section === 'header' &&
      !headerLines.length &&
      /^(?:\d+\s+)?(?:agenda\s+)?item\s+\d+[a-z]?(?:\s*\([ivx]+\))?(?:\s+.*\bminutes\b.*)?$/i.test(text)
    )
      continue
    // "APOLOGIES FOR ABSENCE" over "1.  Apologies for absence were received from …": the heading is
    // the item's title, the number its own.
    const below = lines[i + 1]
    const belowText = below?.kind === 'text' ? below.text : ''
    const numberedBelow = /^(\d{1,3})\.?\s+(\S.*)$/.exec(belowText)
    if (
      numberedBelow &&
      /^[A-Z][A-Z0-9 ,&()/'’-]{2,80}$/.test(text) &&
      /[A-Z]{3}/.test(text) &&
      text.split(/\s+/).length <= 10 &&
      !/^(?:ACTIONS?|RESOLVED|AGREED|NOTED|DECISION)$/.test(text) &&
      Number(numberedBelow[1]) > lastItemNumber &&
      Number(numberedBelow[1]) <= lastItemNumber + 3 &&
      !PARAGRAPH.test(belowText) &&
      // "PUBLIC" over "1 SEDERUNT AND APOLOGIES": the line below is the item's own title.
      !(isTitleLike(numberedBelow[2]!) && numberedBelow[2]!.split(/\s+/).length <= 10)
    ) {
      startItem(numberedBelow[1]!, text, line.at, 0.8)
      lines[i + 1] = { ...(below as Extract<SourceLine, { kind: 'text' }>), text: numberedBelow[2]! }
      continue
    }
    // A title printed with no number (found on the second reading): the next item. "Apologies for
    // Absence" as one lists them under it.
    // (In the header too when it is an agenda's standard title: "Apologies and Deputy Members" first of all.)
    if (line.kind === 'text' && line.unnumbered && (section !== 'header' || STANDARD_START.test(text))) {
      startItem('', text.replace(/:$/, ''), line.at, 0.6)
      if (/^(?:welcome,?\s+(?:and\s+)?)?(?:introductions and )?apologies\b/i.test(text)) section = 'apologies'
      continue
    }
    // "Minutes" (split from "Minutes: Minutes … approved") before any item: an item with no number.
    // ("Minutes" / "Matters Arising" on lines of their own after the apologies, before "1. Report …", too.)
    const proseBelow = next?.kind === 'text' && /^[A-Z].{20,}[.!?]$/.test(next.text.trim())
    const alone =
      line.kind === 'text' &&
      !/:\s*$/.test(line.text) &&
      proseBelow &&
      (section === 'attendance' ||
        section === 'apologies' ||
        (section === 'items' && (item as ImportedItem | null)?.number === ''))
    if (
      (line.heading || alone) &&
      section !== 'header' &&
      !out.items.some((it) => it.confidence > 0.3 && it.number !== '') &&
      (BARE_RUN_IN.test(`${text}: ${'x'.repeat(11)}`) || CAPITAL_NONE.test(`${text} None`))
    ) {
      startItem('', text, line.at, 0.7)
      continue
    }
    // "39/20" alone over "APOLOGIES FOR ABSENCE": a minute number (a committee system's), not a page's.
    const below1 = lines.slice(i + 1).find((l) => l.kind === 'text' && l.text.trim())
    // (So is "4" alone over "Minutes" when it is the next number in the run.)
    const minuteAlone =
      (/^\d{1,3}\/\d{2}$/.test(text) || (/^\d{1,2}\.?$/.test(text) && parseInt(text, 10) === lastItemNumber + 1)) &&
      below1?.kind === 'text' &&
      isTitleLike(below1.text.replace(/\s*pdf icon.*$/i, '').trim()) &&
      // (Not a table's header cell: "1" / "Action" / "Who".)
      !/^(?:actions?|who|item|discussion|owner|by when|status|no\.?)$/i.test(below1.text.trim()) &&
      !/^\d/.test(below1.text.trim())
    if (NOISE.some((re) => re.test(text)) && !minuteAlone) {
      if (/^draft$/i.test(text))
        out.warnings.push(`${line.at}: the document is marked DRAFT: check these are the approved minutes.`)
      continue
    }
    if (PLACEHOLDER.test(text)) out.warnings.push(`${line.at}: “${text.slice(0, 80)}” holds a placeholder; check it.`)
    for (const m of text.matchAll(DHR)) {
      const ref = `DHR ${m[1]!.replace(/\s+/g, '')}`
      if (!out.dhrRefs.includes(ref)) out.dhrRefs.push(ref)
    }

    // "For Information:", "Circulation:": who the minutes go to, not who came; their names are skipped.
    // "Committee Members" on a committee system's page is its membership, not who came.
    if (
      /^(?:for information|circulation(?: list)?|distribution(?: list)?|copy to|copies to|cc|committee members(?:hip)?)\s*:?$/i.test(
        text,
      )
    ) {
      section = 'circulation'
      continue
    }
    if (section === 'circulation') {
      if (looksLikeName(splitNameAgency(text).name) || looksLikePeople(text)) continue
      section = 'header'
    }
    // A flattened attendance table's header run into its rows: "SNB MEMBERS ATTENDING REPRESENTING CA
    // Carole Atkinson Chair SNB …", "APOLOGIES (SNB/COUNCIL) REPRESENTING Peter Burrows-Smith …".
    const capsHeader =
      /^((?:[A-Z/(][A-Z()&/]*\s+){1,5}?)(?:REPRESENTING|ORGANISATIONS?|AGENCY|ROLE|DESIGNATION)\s+(?=[A-Z][a-z]|[A-Z]{2,3}\s+[A-Z][a-z]|[A-Z]\/)(.*)$/.exec(
        text,
      )
    if (capsHeader && /\b(?:ATTENDING|PRESENT|ATTENDANCE|APOLOGIES|ABSENT)\b/.test(capsHeader[1]!)) {
      const sorry = /\b(?:APOLOGIES|ABSENT)\b/.test(capsHeader[1]!)
      section = sorry ? 'apologies' : 'attendance'
      if (!sorry) group = groupFor(capsHeader[1]!.toLowerCase())
      peopleIn(capsHeader[2]!, sorry ? out.apologies : out.attendees, line.at, sorry ? 'Apologies' : group, 0.8)
      continue
    }
    // Section headings ("Other Attendees Present", "SNB Member Organisations Present" too).
    const att =
      ATTENDANCE.exec(text.replace(/^((?:attendees|present|in attendance))\s*\([^)]{1,30}\)(?=\s*:)/i, '$1')) ??
      LONG_ATTENDANCE_LABEL.exec(text) ??
      /^(?:[A-Z][\w’']*\s+){0,4}(?:attendees|members|organisations|partners|officers|representatives)\s+(?:present|attending|in attendance)$/i.exec(
        text,
      ) ??
      // "Panel Attendees: JA, SA, …", "Cllrs: Cllr S Cameron, …", "MET Police Service Representative: PC D Brennan":
      // a group's label with its colon, then its people.
      (section === 'header' || section === 'attendance'
        ? /^(?:[A-Z][\w’']*\s+){0,4}(?:attendees|cllrs|councillors|representatives?|officers)(?:\s+[a-z]+(?:\s+[A-Z][\w’']*){0,4})?\s*:\s*(\S.*)$/i.exec(
            text,
          )
        : null)
    // Inside an item too when labelled with a colon ("Members Present: …"): ModernGov pages print the
    // attendance under the first item.
    if (att && (section !== 'items' || line.heading || text.length < 40 || (att[1] && /^[^:]{3,40}:/.test(text)))) {
      // A committee system's page lists its membership ("Committee Members" / "Members") before who was
      // "Present": the roster is not the attendance.
      const label = (att[1] ? text.slice(0, text.length - att[1].length) : text).replace(/[:\s]+$/, '').toLowerCase()
      if (/^(?:members )?present$/.test(label) && roster && out.attendees.length > roster.from) {
        out.attendees.splice(roster.from)
        roster = null
      } else if (/^(?:committee )?members(?:hip)?$/.test(label) && /^committee members$/i.test(previousText))
        roster = { from: out.attendees.length }
      section = 'attendance'
      // The group from the label alone, not from the people after it ("… Also present: …" further on).
      group = groupFor(att[1] ? text.slice(0, text.length - att[1].length) : text)
      tables = GROUPS.indexOf(group as (typeof GROUPS)[number])
      if (att[1]) {
        const joined = listWrapped(i, att[1])
        i = joined.at
        peopleIn(joined.text, out.attendees, line.at, group, 0.85)
      }
      continue
    }
    // "Apologies … were received from / submitted on behalf of …" is read as a sentence, below.
    const apologySentence =
      /^apologies (?:for absence )?(?:were|was) (?:received|given|noted|submitted|tendered|intimated|recorded|presented)\b/i.test(
        text,
      )
    // ("b)      Apologies – received from Sue Carrie, …": a lettered sub-item's label, wrapped onto the next line.)
    const lettered = /^\(?[a-z]\)\s+(?=apolog)/i.exec(text)
    const apo0 = apologySentence ? null : APOLOGIES.exec(lettered ? text.slice(lettered[0].length) : text)
    const apo =
      apo0 && lettered && /(?:,|\band)$/.test(apo0[1] ?? '') && lines[i + 1]?.kind === 'text'
        ? (() => {
            const joined = [...apo0] as unknown as RegExpExecArray
            joined[1] = `${apo0[1]} ${(lines[++i] as { text: string }).text.trim()}`
            return joined
          })()
        : apo0
    // "Apologies:" on a line of its own over a name is a list's label, inside an item too.
    const below0 = lines[i + 1]
    const labelAlone =
      /^apolog(?:ies|y)(?: for absence)?\s*:$/i.test(text) &&
      below0?.kind === 'text' &&
      looksLikeName(splitNameAgency(below0.text).name)
    if (
      apo &&
      // (An unnumbered item's title, "Apologies and Deputy Members", is read as the item it is, below.)
      !(line.kind === 'text' && line.unnumbered) &&
      (section !== 'items' ||
        !item ||
        (item as ImportedItem).paragraphs.length === 0 ||
        line.heading ||
        labelAlone ||
        !!lettered)
    ) {
      if (section !== 'items') section = 'apologies'
      const rest = apo[1] ?? ''
      const from = /received from(?: the following)?:?\s*(.*)$/i.exec(rest) ?? /^(?:were|was)?\s*(.*)$/i.exec(rest)
      // ("Apologies for the meeting were noted as above.": no one named here.)
      if (from?.[1] && !/^(?:for the meeting|were noted|noted|as above|none|nil)\b/i.test(from[1]))
        peopleIn(
          // ("…, Sonia Allen. Steve Farrin may be late.": a note after the list is not one of its names.)
          from[1]
            .replace(LATE_NOTE, '')
            // ("Apologies: Councillor Rootham and Councillor Timms sent their apologies which were accepted.")
            .replace(/\s+(?:sent|gave|tendered|offered|submitted)\s+(?:their\s+|his\s+|her\s+)?apologies\b.*$/i, '')
            .replace(/\.$/, ''),
          out.apologies,
          line.at,
          'Apologies',
          0.85,
        )
      if (section === 'items') section = 'apologies'
      continue
    }
    const apoSentence = APOLOGY_SENTENCE.exec(text)
    const sentApologies = /^(.+?)\s+(?:sent|gave|tendered|offered|submitted)\s+(?:their\s+)?apologies\b/i.exec(text)
    if (sentApologies && !apoSentence) {
      peopleIn(sentApologies[1]!, out.apologies, line.at, 'Apologies', 0.8)
      continue
    }
    if (apoSentence) {
      section = 'apologies'
      const wrapped = wrappedOn(apoSentence[1] ?? '', i)
      i += wrapped.lines
      if (wrapped.text) {
        // ("… on behalf of Councillor T Kennedy (Burnley) and Mr P Richardson, … and received from Councillor
        // P Wilson (Chorley).": both lists.)
        const first = sentenceEnd(wrapped.text).replace(/,?\s+and (?:were |was )?received from\s+/i, ', ')
        peopleIn(first, out.apologies, line.at, 'Apologies', 0.85)
        // "… and Cllr Guest. David Gibson, Lynn Webb, Tony Coley and Julie Still": a second sentence of names.
        const more = wrapped.text
          .slice(first.length)
          .replace(/^\.\s*/, '')
          .replace(/[\s|.]+$/, '')
        const entries = more ? splitList(more) : []
        if (entries.length >= 2 && entries.every((e) => looksLikeName(splitNameAgency(e).name)))
          peopleIn(more, out.apologies, line.at, 'Apologies', 0.7)
      }
      continue
    }
    const fut = FUTURE.exec(text)
    if (fut && (line.heading || text.length < 60 || findDates(text).length)) {
      section = 'future'
      text = fut[1] ?? ''
      if (!text) continue
    }
    if (section === 'future') {
      const year = out.date ? Number(out.date.value.slice(0, 4)) : new Date().getUTCFullYear()
      const dates = findDates(text).length ? findDates(text) : findDayMonth(text, year)
      for (const d of dates) {
        let date = d.date
        if (out.date && date < out.date.value && !findDates(text).length)
          date = `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`
        if (!out.futureMeetings.some((f) => f.value === date))
          out.futureMeetings.push({ value: date, at: line.at, confidence: 0.9 })
      }
      if (!dates.length && !PLATFORMS.some(([re]) => re.test(text)) && out.futureMeetings.length) section = 'items'
      else continue
    }
    if (ITEMS_HEADING.test(text.replace(/\s+[/|]\s+/g, ' ')) && (section !== 'items' || /^no\.?\s*item$/i.test(text))) {
      section = 'items'
      continue
    }

    // "Chris Hogan, Director of Children’s services joined the meeting at this point.": present from then.
    for (const m of text.matchAll(ARRIVED)) {
      // (Not someone listed already, by their initial: "Caroline Selman" is "Cllr C Selman".)
      const listed = alreadyListed(m[1]!, out.attendees)
      if (looksLikeName(m[1]!) && !listed)
        out.attendees.push({
          name: m[1]!,
          agency: m[2]?.trim() ?? null,
          group: GROUPS[0],
          at: line.at,
          confidence: 0.6,
        })
    }
    // "Councillor Laws for Councillor Davies," under "Substitutions": the first was there.
    const insteadOf =
      /^((?:Councillor|Cllr)\.?\s+(?:(?:Mrs|Mr|Ms|Miss|Dr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+for\s+(?:Councillor|Cllr)\b[^.]{2,40}[,.]?$/.exec(
        text,
      )
    if (insteadOf && !alreadyListed(insteadOf[1]!, out.attendees))
      out.attendees.push({ name: insteadOf[1]!, agency: null, group: GROUPS[0], at: line.at, confidence: 0.6 })
    // "Councillor Mrs Whitehouse would be substituting for Councillor Mrs Haigh", "Councillor Carruthers
    // attended as substitute for …": the substitute was there.
    for (const m of text.matchAll(
      /((?:Councillor|Cllr)\.?\s+(?:(?:Mrs|Mr|Ms|Miss|Dr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:would be substituting|was substituting|is substituting|substituted|attended as (?:a )?substitute|was present as (?:a )?substitute)\s+for\b/g,
    )) {
      if (!alreadyListed(m[1]!, out.attendees))
        out.attendees.push({ name: m[1]!, agency: null, group: GROUPS[0], at: line.at, confidence: 0.6 })
    }
    // Two lists of people with their headings lost, the second starting the alphabet again after a
    // wide gap, or printed another way (bare names in a line after "Name, Agency" lines): the second
    // is the apologies (minutes list who came, then who sent apologies).
    const listed = splitList(text)
    const otherLayout =
      listed.length >= 3 &&
      listed.every((e) => looksLikeName(e.replace(/\.$/, ''))) &&
      out.attendees.filter((p) => p.agency).length >= out.attendees.length * 0.6
    if (
      section === 'attendance' &&
      unlabelled &&
      line.kind === 'text' &&
      ((line.gapBefore ?? 0) >= 3 || ((line.gapBefore ?? 0) >= 1 && otherLayout)) &&
      out.attendees.length >= 3 &&
      !out.apologies.length &&
      looksLikeName(splitNameAgency(text).name) &&
      text.toLowerCase().localeCompare(out.attendees.at(-1)!.name.replace(HONORIFIC, '').toLowerCase()) < 0
    ) {
      section = 'apologies'
      out.warnings.push(
        `${line.at}: a second list of people with no heading was read as apologies; check who was present.`,
      )
    }
    // "These were received from Michael Laidlow, Tony and Gloria Faram.": apologies whose heading the page lost,
    // straight after who came.
    const these =
      section === 'attendance' &&
      /^(?:these|they)\s+(?:were|was)\s+(?:received|given|sent|noted|tendered)\s+from\s+(\S.+?)\.?$/i.exec(text)
    if (these) {
      section = 'apologies'
      peopleIn(these[1]!, out.apologies, line.at, 'Apologies', 0.7)
      continue
    }
    // Attendance and apologies lists.
    if (section === 'attendance' || section === 'apologies') {
      const list = section === 'apologies' ? out.apologies : out.attendees
      // Under an item called "Apologies": "These were received from Councillors S.T. Edwards (…); …".
      if (section === 'apologies')
        text = text.replace(
          /^(?:these|they|apologies)\s+(?:were|was)\s+(?:received|given|noted|tendered|accepted)\s+(?:from|for)\s+(?=[A-Z])/i,
          '',
        )
      // A list of names wrapped onto the next line mid-name ("… Andrew" / "Campy, Ryan McDowall, …"): one line.
      const joined = listWrapped(i, text)
      text = joined.text
      i = joined.at
      // "23 NHW Members", "5 members of the public": people counted, not named; the list goes on.
      if (
        /^\d{1,3}\s+(?:[A-Z]{2,6}\s+)?(?:members?|residents?|people|persons|officers|councillors|parishioners)\b[\w\s]{0,30}\.?$/i.test(
          text,
        )
      )
        continue
      // "Item 3:  Ms A Pyott, Ms R McKechnie …": guests for one item, not that item's heading.
      const forItem = section === 'attendance' && /^(?:for\s+)?items?\s+\d{1,3}[a-z]?\s*[:\-–]\s+(.+)$/i.exec(text)
      if (forItem && HONORIFIC.test(forItem[1]!) && startsWithName(forItem[1]!)) text = forItem[1]!
      // "North Lanarkshire Council" over "B Chadha (Depute), T Lunny": the organisation for the people below.
      if (
        /^[A-Z]/.test(text) &&
        !/[,;:]|\s[-–—]\s/.test(text.replace(/\s*\([A-Z]{2,6}\)$/, '')) &&
        !/[()]/.test(text.replace(/\s*\([A-Z]{2,6}\)$/, '')) &&
        ORG_WORD.test(text) &&
        !HONORIFIC.test(text) &&
        !startsWithName(text) &&
        !gluedName(text) &&
        !isFirstName(text.split(/\s+/)[0]) &&
        !nameThenPlace(text) &&
        text.split(/\s+/).length <= 8 &&
        next?.kind === 'text' &&
        !ORG_WORD.test(next.text.split(/[,;(]/)[0]!) &&
        (looksLikePeople(next.text) || startsWithName(next.text))
      ) {
        orgOver = text
        continue
      }
      const isItem = itemHeading(text, line, lastItemNumber)
      // An action or a decision is never a person: it ends the list.
      const business = /^(?:[-•·*▪]\s*)?(?:actions?|resolved|agreed|decision)\b/i.test(text)
      if (!isItem && !business) {
        // A form's date, time or place under its labels ("Date:", "Time:" … then their values).
        if (
          !out.items.length &&
          text.length < 60 &&
          ((!out.date && findDates(text).length) || (!out.time && findTime(text)))
        ) {
          headerLines.push({ text, at: line.at })
          continue
        }
        // "Sue Cavalier Abbey &Ryemead" / "David Furze Disraeli" / "Tim McGirr Inspector TVP": one to a line,
        // a first name and a surname, then the place or body they came for, in lines alike.
        const alike = (k: number) => {
          const l = lines[k]
          return l?.kind === 'text' && !!nameThenPlace(l.text.trim())
        }
        const placed = nameThenPlace(text) ?? (alike(i - 1) && alike(i + 1) ? nameThenPlace(text, true) : null)
        if (placed && (alike(i - 1) || alike(i + 1))) {
          addPerson(list, `${placed[0]} (${placed[1]})`, line.at, section === 'apologies' ? 'Apologies' : group, 0.7)
          continue
        }
        // A name and, on the next line, its agency (a table flattened one cell to a line).
        const pair = nameOverAgency(i, text)
        if (pair) {
          addPerson(list, `${pair[0]} (${pair[1]})`, line.at, section === 'apologies' ? 'Apologies' : group, 0.75)
          i++
          continue
        }
        const bulleted = !!line.bullet || BULLET.test(text)
        // A line that is prose, not a list, ends the list.
        const dashList = (text.match(/[A-Z][a-z'’-]+ [A-Z][a-zA-Z'’-]+ [-–] /g) ?? []).length >= 2
        if (dashList || runOnPeople(withoutGroupLabel(text)) || !(text.length > 160 && !/[,;]/.test(text)))
          if (
            /^(?:[A-Z]|[-•·*▪])/.test(text) &&
            !/\b(?:welcomed|opened|noted|thanked|apologised|explained|reported|confirmed|advised|informed|summarised|chaired|approved|volunteered|joined the meeting|arrived at the meeting)\b/.test(
              text,
            ) &&
            // "Liz Beadle was prompted to mention …": a sentence, where it is not about who came.
            !(
              /\b(?:was|were|would|will|has|had|said|asked|mentioned)\b/.test(text) &&
              !/apolog|absen|substitut|present|attend|represent/i.test(text)
            )
          ) {
            const groupName = section === 'apologies' ? 'Apologies' : group
            if (bulleted) addPerson(list, text.replace(BULLET, '$1'), line.at, groupName, 0.9)
            else peopleIn(text, list, line.at, groupName, 0.8)
            continue
          }
      }
    }

    // The header: body, title, date, time, venue, platform. A list of people with no heading
    // ("AC Cllr Alison Cooper (Chair)", "Councillors Barned, Joy …", "Name - Agency Name - Agency")
    // starts the attendance.
    // Names over their agencies, two or more, with the heading lost ("Alison Semmence ASe" / "Chief Exec CVS").
    if (section === 'header' && nameOverAgency(i, text) && nameOverAgency(i + 2)) {
      section = 'attendance'
      unlabelled = true
      group = GROUPS[0]
      i--
      continue
    }
    // "Nick King Chair Towcester" / "Linda Hemming Secretary Pattishall" / …: people one to a line with the
    // place or body they came for, no heading, three lines or more.
    const personLine = (k: number) => {
      const l = lines[k]
      const t = l?.kind === 'text' ? l.text.trim() : ''
      return !!t && (!!nameThenPlace(t) || (looksLikeName(t) && (HONORIFIC.test(t) || isFirstName(t.split(/\s+/)[0]))))
    }
    if (section === 'header' && personLine(i) && personLine(i + 1) && personLine(i + 2) && nameThenPlace(text)) {
      section = 'attendance'
      unlabelled = true
      group = GROUPS[0]
      i--
      continue
    }
    // A header line of labelled roles: "Chairman: Rowan Bird (…)  Police Representatives: PC Steve Mathias,
    // PC Caroline Voce  Notes taker: Bob Clarke": each label's people attended.
    const spaced = line.kind === 'text' ? line.text.trim() : text
    const labels = [...spaced.matchAll(/(?:^|\s{2,}|;\s*)([A-Z][A-Za-z ]{2,40}?):\s+/g)]
    if (
      section === 'header' &&
      labels.length >= 2 &&
      labels.every((m) => PEOPLE_LABEL.test(m[1]!)) &&
      labels[0]!.index === 0
    ) {
      labels.forEach((m, k) => {
        const names = spaced.slice(m.index + m[0].length, labels[k + 1]?.index ?? spaced.length).trim()
        peopleIn(names, out.attendees, line.at, groupFor(m[1]!), 0.75)
      })
      continue
    }
    // "Chairman James Pocklington      Brenda Nutt      Linda Scott …": names parted by runs of spaces, no heading.
    const spacedPeople = section === 'header' && line.kind === 'text' ? namesBySpaces(line.text) : null
    if (spacedPeople) {
      section = 'attendance'
      unlabelled = true
      group = GROUPS[0]
      for (const p of spacedPeople) addPerson(out.attendees, p, line.at, group, 0.7)
      continue
    }
    // (A list wrapped over lines, mid-name: "… Sam Plum, Andrew" / "Campy, Ryan McDowall, …", read whole.)
    const joined = section === 'header' ? listWrapped(i, text) : null
    if (joined && !itemHeading(text, line, lastItemNumber) && looksLikePeople(joined.text)) {
      // (Under "Committee Members" / "Members": the membership, which a "Present" list may follow.)
      if (/^(?:committee )?members(?:hip)?$/i.test(previousText)) roster = { from: out.attendees.length }
      section = 'attendance'
      unlabelled = true
      group = GROUPS[0]
      i = joined.at
      peopleIn(joined.text, out.attendees, line.at, group, 0.8)
      continue
    }
    // An action or decision before any heading is business, not the header.
    // ("Action notes", "Action Minutes": the document's name, not an action.)
    if (
      section === 'header' &&
      !/^(?:[-•·*▪]\s*)?(?:actions?\b(?!\s+(?:notes?|minutes?|points? (?:from|of))\b)|resolved\b|agreed\s*[:\-–])/i.test(
        text,
      )
    ) {
      const isItem = itemHeading(text, line, lastItemNumber)
      if (!isItem) {
        headerLines.push({ text, at: line.at })
        continue
      }
    }

    // "3.1 Drug Deaths Report" over "3.1.1 Dr. Baldacchino reported …": a sub-item with its own paragraphs.
    const subItem = /^(\d{1,2}\.\d{1,2})\.?\s+(\S.*)$/.exec(text)
    if (
      subItem &&
      isTitleLike(subItem[2]!) &&
      subItem[2]!.split(/\s+/).length <= 10 &&
      below?.kind === 'text' &&
      below.text.trim().startsWith(`${subItem[1]}.1`)
    ) {
      startItem(subItem[1]!, subItem[2]!, line.at, 0.8)
      continue
    }
    // Items.
    const heading = itemHeading(text, line, lastItemNumber)
    if (heading) {
      itemIndent = line.indent ?? 0
      // (The text after a dashed title is read as the item's first line.)
      if (heading.rest) lines.splice(i + 1, 0, { kind: 'text', text: heading.rest, at: line.at })
      if (heading.title) {
        startItem(heading.number, heading.title.replace(/:$/, ''), line.at, heading.confidence)
        // An item called "Apologies" lists them under it.
        if (/^(?:introductions and )?apologies\b/i.test(heading.title)) section = 'apologies'
        // An item called "Present" lists who came under it ("2. Present" / "David Norton, Drew Millar, …").
        else if (
          /^(?:present|attendance|in attendance|attendees|those present)$/i.test(heading.title.replace(/:$/, ''))
        )
          section = 'attendance'
        apologiesInText(heading.title, i, line.at)
      } else pendingNumber = { n: heading.number, at: line.at, explicit: heading.confidence >= 0.9 }
      continue
    }
    if (section !== 'items') section = 'items'

    // An item's lead, purpose and papers, printed under its title (csp-hub's own agendas do).
    const meta = /^(?:lead|presenter|presented by|report of|introduced by)\s*[:\-–]\s*(.+)$/i.exec(text)
    if (
      item &&
      !(item as ImportedItem).paragraphs.length &&
      (meta || /^papers?\s*:/i.test(text) || /^for (?:decision|information|discussion)\b/i.test(text))
    ) {
      if (meta) (item as ImportedItem).lead = meta[1]!.split(/\s+·\s+/)[0]!.trim()
      continue
    }

    // "• Check whether … is on the distribution list (Jenny) – Done": under an actions label, the person in
    // brackets after a bulleted task is its owner.
    const bulletedTask = !!line.bullet || BULLET.test(text)
    if (/^[\w\s’']{0,40}\bactions?\b[^.:]{0,40}:$/i.test(text)) actionList = true
    else if (!bulletedTask) actionList = false
    if (actionList && bulletedTask) {
      const bracket = /\(([A-Z][\w'’.\s/&,-]{1,60})\)/.exec(text)
      const who = bracket?.[1]!.split(/\s*[/&,]\s*|\s+and\s+/) ?? []
      if (
        who.length &&
        who.every((w) => isFirstName(w.split(/\s+/)[0], true) && (w.includes(' ') ? looksLikeName(w) : true))
      ) {
        const task = text.slice(0, bracket!.index).replace(BULLET, '$1').trim()
        const written = noteAction(who.join(' / '), task, line.at, 0.7)
        if (written) addText(`- ${text.replace(BULLET, '$1')}`, line.at, null, null)
        if (written) continue
      }
    }
    // "Owner: Lorraine Forrester", "Responsible: JB" under an action's text: who is to do it.
    const ownerLine = /^(?:owner|responsible|by whom|lead officer|action owner)s?\s*[:\-–]\s*(.{2,80})$/i.exec(text)
    if (ownerLine && paragraph) {
      const para = paragraph as ImportedParagraph
      const written = noteAction(ownerLine[1]!.replace(/\.$/, ''), lastSentence(para.text), line.at, 0.8)
      para.text += `\n${written ?? text}`
      continue
    }
    // Initials defined in passing ("Jade Hodgson (JH) will …") are a legend too.
    for (const m of text.matchAll(/([A-Z][a-z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2})\s*\(([A-Z]{2,4})\)/g))
      if (!legend.has(m[2]!) && legendEntry(`${m[1]} (${m[2]})`)) legend.set(m[2]!, m[1]!)
    // Actions: "Action - Name", "- ACTION: Name to …" (bulleted), "ACTION JM: task" (the owner
    // before the colon), "Actioned by Name" (an owner for what the paragraph just said).
    // "Action: TE to arrange for the papers to be          TE": the owner column repeats the owner.
    const tail = line.kind === 'text' ? new RegExp(`\\s{6,}(${OWNER_INITIALS})\\s*$`).exec(line.text) : null
    const inList = line.kind === 'text' && (line.indent ?? 0) >= 4 && (line.indent ?? 0) > itemIndent
    const unbulleted = (
      tail && /^(?:[-•·*▪]\s*)?action\b/i.test(text) ? text.slice(0, text.lastIndexOf(tail[1]!)).trim() : text
    )
      .replace(BULLET, '$1')
      // ("    5. John Muir to review …": a numbered list's entry inside an item.)
      .replace(inList ? /^\d{1,2}[.)]\s+/ : /^$/, '')
    // ("Action RH, speak Jan re timing …": the initials, then a comma, also.)
    const ownerFirst =
      /^(?:ACTION|Action|action)\s+([A-Z][A-Za-z]{1,3}(?:\s*[/,&]\s*[A-Z][A-Za-z]{1,3})*)\s*:\s*(.+)$/.exec(
        unbulleted,
      ) ?? /^(?:ACTION|Action|action)\s+([A-Z]{2,3}(?:\s*[/&]\s*[A-Z]{2,3})*),\s+([a-z].+)$/.exec(unbulleted)
    const actionedBy = /^(?:to be )?actioned\b.*?\bby\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\.?$/i.exec(unbulleted)
    const act = ownerFirst ? null : ACTION.exec(unbulleted)
    if (ownerFirst || actionedBy) {
      const written = ownerFirst
        ? noteAction(`${ownerFirst[1]}: ${ownerFirst[2]}`, null, line.at, 0.85)
        : noteAction(actionedBy![1]!, null, line.at, 0.75)
      if (paragraph) (paragraph as ImportedParagraph).text += `\n${written ?? text}`
      else addText(written ?? text, line.at, null, null)
      continue
    }
    // "Action iii: Nigel Farmer to establish …": a numbered action with its owner named first (an action
    // log's "Action 11: Travelsafe and Public …" names no owner).
    // ("Action 1 Jonathon Toy (JT) agreed to be finished by …": no colon, the initials after the name.)
    const numberedAction =
      /^action\s+(?:\d{1,3}|[ivx]{1,5})\s*[:\-–]?\s*(.+?)(?:\s*\([A-Z]{2,4}\))?\s+(?:to|will|agreed to)\s+([a-z].+)$/i.exec(
        unbulleted,
      )
    if (numberedAction && looksLikeName(numberedAction[1]!)) {
      const written = noteAction(`${numberedAction[1]}: ${numberedAction[2]}`, null, line.at, 0.8) ?? text
      if (paragraph) (paragraph as ImportedParagraph).text += `\n${written}`
      else addText(written, line.at, null, null)
      continue
    }
    if (act) {
      const written = noteAction(act[1] ?? act[2]!, null, line.at, 0.9) ?? text
      if (paragraph) (paragraph as ImportedParagraph).text += `\n${written}`
      else addText(written, line.at, null, null)
      continue
    }
    // Decisions announced: "RESOLVED: that …", "AGREED –"
    const res = RESOLVED.exec(text)
    if (
      res &&
      (res[0].slice(0, 8) === res[0].slice(0, 8).toUpperCase() || /^(?:resolved|agreed)\s*[:\-–]/i.test(text))
    ) {
      const rest = res[1]?.trim()
      const decision = rest || (lines[i + 1]?.kind === 'text' ? (lines[i + 1] as { text: string }).text : '')
      if (!rest && decision) i++
      addText(rest ? text : `${text} ${decision}`, line.at, null, null)
      if (decision) noteDecisions(decision.trim(), line.at, true)
      continue
    }

    // Paragraphs: a number from the format, or typed.
    const typed = PARAGRAPH.exec(text)
    const sub = SUB_PARAGRAPH.exec(text)
    if (line.number && /^\d+(?:\.\d+)+$/.test(line.number)) {
      const cites = /^(\d{1,2}\.\d{1,2})\s+(.*)$/.exec(text)
      addText(cites ? cites[2]! : text, line.at, line.number, cites ? cites[1]! : null)
    } else if (
      typed &&
      item &&
      typed[1]!.split('.')[0] ===
        String((item as ImportedItem).number)
          .replace(/\D+$/, '')
          .split('.')[0]
    ) {
      addText(typed[3]!, line.at, typed[1]!, typed[2] ?? null)
    } else if (
      typed &&
      item &&
      /^\d+\.1$/.test(typed[1]!) &&
      Number(typed[1]!.split('.')[0]) === lastItemNumber + 1 &&
      lastItemNumber > 0
    ) {
      // "2.1 Sat 5 July. Summer Street Clean …" after item 1, with no "2." printed: the parent heading is
      // absent, so the paragraph is the item, titled by its first words.
      startItem(typed[1]!, leadTitle(typed[3]!) ?? '', line.at, 0.6)
      addText(typed[3]!, line.at, typed[1]!, typed[2] ?? null)
    } else if (typed && !item && leadTitle(typed[3]!)) {
      // "4.6 Neighbourhood & Home Watch Week 2008 - ML was asked …" opening what the page kept: likewise.
      startItem(typed[1]!, leadTitle(typed[3]!)!, line.at, 0.5)
      addText(typed[3]!, line.at, typed[1]!, typed[2] ?? null)
    } else if (typed && !item) {
      startItem(typed[1]!.split('.')[0]!, 'Business', line.at, 0.4)
      addText(typed[3]!, line.at, typed[1]!, typed[2] ?? null)
    } else if (sub && paragraph) {
      addText(`${sub[1]} ${sub[2]}`, line.at, null, null)
    } else if (line.bullet || BULLET.test(text)) {
      addText(`- ${text.replace(BULLET, '$1')}`, line.at, null, null)
    } else if (line.heading && paragraph && isTitleLike(text)) {
      // A sub-heading inside an item: kept, on the next paragraph.
      addText(text, line.at, null, null)
    } else addText(text, line.at, null, null)

    if (!APOLOGY_SENTENCE.test(text)) apologiesInText(text, i, line.at)
    // "Gary Wallace agreed to send …", "Andree Pomfret to contact …": a named person given a task,
    // with no "Action" word (the person's name must be a name: "Members to note" is not).
    const named = new RegExp(
      String.raw`^((?:${TITLE})?[A-Z][a-z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2})\s+(?:agreed to|undertook to|offered to|will|to)\s+(?!be\b)([a-z].+)$`,
    ).exec(unbulleted)
    // Several people named before "to …": "Bronwyn Prosser, Jo Robinson and Katy Shorten to meet …".
    const several =
      /^((?:[A-Z][a-z'’-]+\s+[A-Z][a-zA-Z'’-]+(?:\s*\([^)]*\))?(?:,\s*|\s+and\s+)){1,5}[A-Z][a-z'’-]+\s+[A-Z][a-zA-Z'’-]+)(?:\s*\([^)]*\))?\s+to\s+(?!be\b)([a-z].+)$/.exec(
        unbulleted,
      )
    if (several) {
      const who = several[1]!.replace(/\s*\([^)]*\)/g, '').split(/,\s*|\s+and\s+/)
      if (who.length > 1 && who.every((w) => looksLikeName(w))) {
        narrativeAction(`${who.join(' / ')}: ${several[2]}`, line.at, 0.7)
      }
    } else if (
      named &&
      looksLikeName(named[1]!) &&
      !/^(?:The|This|It|All|Members|Partners|Officers)\b/.test(named[1]!)
    ) {
      narrativeAction(`${named[1]}: ${named[2]}`, line.at, 0.7)
    }
    // "d) Chairman to write to the Chief Constable …", "Clerk to inform …": a post given a task.
    // (Not "The Chair to consider …": an agenda's blurb.)
    const postTask =
      /^(?:\(?[a-z]\)\s*)?(Chair(?:man|person)?|Clerk|Secretary)\s+(?:to|will|agreed to)\s+([a-z].+)$/.exec(unbulleted)
    if (postTask) {
      narrativeAction(`${postTask[1]}: ${postTask[2]}`, line.at, 0.6)
    }
    // "Amanda agreed to circulate …": someone present named by their first name alone.
    const firstOnly =
      /^([A-Z][a-z'’-]+)\s+(?:agreed to|will|would|undertook to|offered to|to)\s+(?!be\b)([a-z].+)$/.exec(unbulleted)
    if (
      !named &&
      !several &&
      firstOnly &&
      isFirstName(firstOnly[1], true) &&
      out.attendees.filter((p) => p.name.replace(HONORIFIC, '').split(/\s+/)[0] === firstOnly[1]).length === 1
    ) {
      narrativeAction(`${firstOnly[1]}: ${firstOnly[2]}`, line.at, 0.6)
    }
    // "… was discussed.  Alice to contact Council.", "… agreed.  Hillary and Sara to draft and circ": a
    // sentence inside the paragraph giving people present a task, by their names or first names alone.
    const person = String.raw`(?:${TITLE})?[A-Z][a-z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+)?`
    for (const m of text.matchAll(
      new RegExp(
        String.raw`(?<=[a-z)]\.\s+|\([a-z]\)\s+|[a-z]\s[-–]\s+)(${person}(?:(?:,\s*|\s+and\s+|\s*&\s*)${person}){0,4})\s+(?:to|will|would(?!\s+(?:like|have|be)\b)|agreed to|undertook to|offered to)\s+(?!be\b)([a-z][^.]*)`,
        'g',
      ),
    )) {
      const who = m[1]!.split(/,\s*|\s+and\s+|\s*&\s*/)
      // (Someone who sent apologies may still be given a task.)
      const listed = [...out.attendees, ...out.apologies]
      // ("Ms Randhawa will circulate …": someone by their title and surname, listed or not.)
      const present = (w: string) =>
        // ("All to review date and check for clash": everyone.)
        (who.length === 1 && /^All$/.test(w)) ||
        (HONORIFIC.test(w) && looksLikeName(w)) ||
        (w.includes(' ')
          ? looksLikeName(w) && listed.some((p) => nameKey(p.name) === nameKey(w))
          : // The one person listed with that first name, or a common first name no one listed has
            // ("Sam will speak to PC Cleverley": the PCSO, recorded elsewhere by surname).
            (isFirstName(w, true) &&
              listed.filter((p) => p.name.replace(HONORIFIC, '').split(/\s+/)[0] === w).length === 1) ||
            (isFirstName(w) && !listed.some((p) => p.name.replace(HONORIFIC, '').split(/\s+/)[0] === w)))
      if (!who.every(present)) continue
      narrativeAction(`${who.join(' / ')}: ${m[2]}`, line.at, 0.6)
    }
    // "It was agreed that Wendy Ingledew and Suzanne Macaulay will edit …": people given a task by a decision.
    for (const m of text.matchAll(AGREED_THAT_PERSON)) {
      const who = m[1]!.split(/,\s*|\s+and\s+/)
      // ("It was also noted that Peter Clifton would check …": named, not "noted that the police would".)
      if (!who.every((w) => looksLikeName(w) && (HONORIFIC.test(w) || isFirstName(w.split(/\s+/)[0], true)))) continue
      narrativeAction(`${who.join(' / ')}: ${m[2]}`, line.at, 0.7)
    }
    // "… it was agreed that officers would follow up with …": a group given a task by a decision.
    for (const m of text.matchAll(
      /\b(?:agreed|resolved|decided) that (officers|partners|members|the (?:team|partnership|board|group))\s+(?:will|would|should|are to|to)\s+([a-z][^.]*)/g,
    )) {
      narrativeAction(`${m[1]!.replace(/^the /, '')}: ${m[2]}`, line.at, 0.6)
    }
    // "… before Christmas and Rik Basra agreed to look into this.", "Consequently officers agreed to …":
    // someone agreeing to a task mid-sentence.
    for (const m of text.matchAll(
      new RegExp(
        String.raw`\b(?:and|[Cc]onsequently|[Tt]herefore|[Ss]o)\s+((?:${TITLE})?[A-Z][a-z'’-]+\s+[A-Z][a-zA-Z'’-]+|officers|partners)\s+(?:agreed|undertook|offered) to\s+([a-z][^.]*)`,
        'g',
      ),
    )) {
      const who = m[1]!
      if (
        !GROUP_OWNER.test(who) &&
        !(looksLikeName(who) && (HONORIFIC.test(who) || isFirstName(who.split(/\s+/)[0], true)))
      )
        continue
      narrativeAction(`${who}: ${m[2]}`, line.at, 0.6)
    }
    // "Superintendent Paula Light agreed that she would also get involved …": the person who agreed.
    for (const m of text.matchAll(
      new RegExp(
        String.raw`(?:^|[.;]\s+)((?:${TITLE})?[A-Z][a-z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2})\s+agreed that (?:she|he|they) (?:would|will) ([a-z][^.]*)`,
        'g',
      ),
    )) {
      if (!looksLikeName(m[1]!) || !(HONORIFIC.test(m[1]!) || isFirstName(m[1]!.split(/\s+/)[0], true))) continue
      narrativeAction(`${m[1]}: ${m[2]}`, line.at, 0.7)
    }
    // "… should be nominated as Vice Chair Action- RS to gather volunteer suggestions …": initials mid-line.
    for (const m of text.matchAll(
      new RegExp(String.raw`(?<=\S\s+)Action\s*[-–:]\s*(${OWNER_INITIALS})\s+to\s+([a-z][^.]*)`, 'g'),
    )) {
      narrativeAction(`${m[1]}: ${m[2]}`, line.at, 0.7)
    }
    // "ND and NB to ensure …": people by their initials given a task, with no "Action" word.
    // "SK – to clarify …" too, and initials of people listed by their initials.
    // A sentence inside a paragraph too ("… or the OPCC. CD to request responses.").
    const byInitials = [
      ...text.matchAll(
        /(?:^|(?<=[\w)]\.\s))([A-Z]{2,4}(?:\s*(?:,|and|&|\/)\s*[A-Z]{2,4})*)\s+(?:[-–]\s+)?to\s+([a-z][^.]*(?:\.|$))/g,
      ),
    ]
    for (const m of byInitials) {
      const who = m[1]!.split(/\s*(?:,|and|&|\/)\s*/)
      // (Initials two people present share, "AM" for Alan Mann and Angela Mawdsley, are kept as printed.)
      const known = (w: string) =>
        legend.has(w) || out.attendees.some((p) => p.name === w || initialsOf(p.name) === w) || resolve(w) !== w
      if (who.every(known)) {
        narrativeAction(`${who.join(' / ')}: ${m[2]!}`, line.at, 0.8)
      }
    }
    // An action column flattened onto the line's end ("… to plug gaps if people leave.        SJ/GP") or
    // onto a line of its own under the paragraph ("PJ/AW"): the owners, by their initials, of what was said.
    const ownerColumn =
      line.kind === 'text'
        ? new RegExp(`^(?:(.*?\\S)(?:\\s{6,}|(?<=[a-z]{2}[.!?])\\s+(?:[/|]\\s+)?))?(${OWNER_INITIALS})\\s*$`).exec(
            line.text.trim(),
          )
        : null
    if (ownerColumn && (ownerColumn[1] || paragraph)) {
      const who = ownerColumn[2]!.split(/\s*[/&,]\s*/)
      const known = (w: string) => legend.has(w) || resolve(w) !== w
      if (who.every(known)) {
        const said = ownerColumn[1] ?? lastSentence((paragraph as ImportedParagraph | null)?.text ?? '')
        narrativeAction(`${who.join(' / ')}: ${lastSentence(said) || said}`, line.at, 0.6)
      }
    }
    // "(Action: Cllr. Davies to include in Newsletter. Clerk to inform PCSO Redman …)": a bracket inside
    // the paragraph, each sentence a task with its owner first.
    for (const m of text.matchAll(/\(\s*[Aa]ction\s*:\s*([^)]{6,400})(?:\)|$)/g)) {
      if (/\)\s*\.?\s*$/.test(text.slice(m.index)) && m.index + m[0].length >= text.trimEnd().length - 2) continue
      for (const sentence of m[1]!.split(/(?<=[a-z]{2})(?<!\b(?:Cllr|Mrs|Insp|Supt|Sgt|Cll))\.\s+(?=[A-Z])/)) {
        const task = new RegExp(String.raw`^((?:${TITLE})?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]+)?)\s+to\s+([a-z].+)$`).exec(
          sentence.trim(),
        )
        if (!task) continue
        const who = task[1]!
        if (!(looksLikeName(who) || ROLE_OWNER.test(who) || legend.has(who))) continue
        narrativeAction(`${who}: ${task[2]!.replace(/\.$/, '')}`, line.at, 0.7)
      }
    }
    // (The line as printed too: the spaces before a right-aligned "Action NB/ LB" are kept there.)
    const spacedLine = line.kind === 'text' ? line.text.trim() : text
    const inlineIn = INLINE_ACTION.test(text) ? text : spacedLine
    const inline = INLINE_ACTION.exec(inlineIn)
    if (inline) {
      // "(Action PH & MP)" closing a paragraph: the paragraph is the task.
      const before =
        inline[1] || inline[4]
          ? inlineIn
              .slice(0, inline.index)
              .replace(/^\d{1,2}(?:\.\d{1,2})*\.?\s+/, '')
              .replace(BULLET, '$1')
              .replace(/^[-•·*▪]\s*/, '')
              .trim() || null
          : null
      // ("… Sibylle Walter volunteered to help distribute the minutes. Action LB/SW": the sentence it closes.)
      const task = inline[4] && before ? lastSentence(before) || before : before
      // (A mark closing the line names the owners of what the line said: one already given a task in it is not
      // given a second.)
      closingMark = !!inline[4]
      const written = noteAction(
        inline[1] ?? inline[2] ?? inline[3] ?? inline[4]!.replace(/\s+/g, ''),
        task,
        line.at,
        0.75,
      )
      closingMark = false
      if (written && paragraph) (paragraph as ImportedParagraph).text += `\n${written}`
    }
    const said = paragraph ? (paragraph as ImportedParagraph).text.split('\n').at(-1)! : text
    noteDecisions(said.replace(/^- /, ''), line.at, false)
  }

  readHeader(out, headerLines)
  // "Wednesday 21st June" with no year: the year near the other dates the minutes print in which
  // that day is that weekday.
  if (!out.date)
    for (const h of headerLines) {
      const wd = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i.exec(h.text)
      if (!wd) continue
      const years = [
        ...new Set(
          doc.lines
            .flatMap((l) => (l.kind === 'text' ? findDates(l.text) : []))
            .map((d) => Number(d.date.slice(0, 4)))
            .flatMap((y) => [y, y + 1, y - 1]),
        ),
      ]
      const day = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].indexOf(
        wd[1]!.toLowerCase(),
      )
      const fits = years.flatMap((y) =>
        findDayMonth(h.text, y).filter((d) => new Date(`${d.date}T12:00:00Z`).getUTCDay() === day),
      )
      if (fits.length) {
        out.date = { value: fits[0]!.date, at: h.at, confidence: 0.6 }
        if (!out.time) {
          const time = findTime(h.text)
          if (time) out.time = { value: time, at: h.at, confidence: 0.6 }
        }
        break
      }
    }
  // "Monday 7th December 2011" in the heading, "Tuesday 7th December 2010" in the details table: where
  // the day printed with the date does not fall on it, a date elsewhere whose printed day does is the
  // meeting's (7 December 2011 was a Wednesday).
  if (out.date && !printedDayFits(doc.lines, out.date.value)) {
    const fitting = doc.lines.flatMap((l) =>
      l.kind === 'text' && /\bmeeting\b|^date\b/i.test(l.text) && !/\b(?:next|previous|last)\b/i.test(l.text)
        ? findDates(l.text)
            .filter((d) => d.date !== out.date!.value && weekdayBefore(l.text, d) === dayOf(d.date))
            .map((d) => ({ value: d.date, at: l.at }))
        : [],
    )
    if (fitting[0]) out.date = { ...fitting[0], confidence: 0.6 }
  }
  // No date in the header: the first "meeting … held on <date>" in the text (not the previous meeting's).
  if (!out.date)
    for (const l of doc.lines.slice(0, 80)) {
      if (
        l.kind !== 'text' ||
        !/\b(?:held|meeting of|minutes of)\b/i.test(l.text) ||
        /\b(?:previous|last)\b/i.test(l.text)
      )
        continue
      if (/\bminutes of the (?:meeting )?held on\b.*\b(?:be|were|was) (?:agreed|approved|confirmed)/i.test(l.text))
        continue
      // An item about the last minutes ("Minutes of the meeting held on 30 January 2014 & Matters Arising").
      if (/matters arising|pdf icon|\bto (?:approve|confirm|agree)\b/i.test(l.text)) continue
      const d = findDates(l.text)[0]
      if (d) {
        out.date = { value: d.date, at: l.at, confidence: 0.7 }
        if (!out.time) {
          const time = findTime(l.text.slice(d.index))
          if (time) out.time = { value: time, at: l.at, confidence: 0.7 }
        }
        break
      }
    }
  // An item called "Date of next meeting" holds the dates in its text.
  for (const it of out.items)
    if (FUTURE.test(it.title) || /^dates? of (?:the )?next meeting/i.test(it.title)) {
      const year = out.date ? Number(out.date.value.slice(0, 4)) : null
      for (const p of it.paragraphs) {
        const dates = findDates(p.text).length ? findDates(p.text) : year ? findDayMonth(p.text, year) : []
        for (const d of dates)
          if (!out.futureMeetings.some((f) => f.value === d.date))
            out.futureMeetings.push({ value: d.date, at: p.at, confidence: 0.85 })
      }
    }
  // A body's date, venue or platform may also be printed after the items (rare); else the first date anywhere.
  if (!out.date) {
    // (Not the last meeting's date in the item that approves its minutes.)
    const minutesOf = out.items
      .flatMap((i) => [i.title])
      .filter((t) => !/\bminutes\b|matters arising|previous|last meeting/i.test(t))
      .join(' ')
    const d = findDates(minutesOf)[0]
    if (d && !out.futureMeetings.length) out.date = { value: d.date, at: out.items[0]?.at ?? 'line 1', confidence: 0.3 }
  }
  if (out.date) {
    const after = out.futureMeetings
      .filter((f) => f.value > out.date!.value)
      .sort((a, b) => a.value.localeCompare(b.value))
    out.nextMeeting = after[0] ?? null
  } else out.nextMeeting = [...out.futureMeetings].sort((a, b) => a.value.localeCompare(b.value))[0] ?? null
  if (!out.items.length) out.warnings.push('No agenda items were found: check the document is minutes.')
  if (!out.attendees.length) out.warnings.push('No attendance was found.')
  return out

  function itemHeading(
    t: string,
    l: Extract<SourceLine, { kind: 'text' }>,
    last: number,
  ): { number: string; title: string; confidence: number; rest?: string } | null {
    // "2. Minutes of the Meeting held on 20th May 2019 (2020 meeting cancelled) - Proposed as a true …",
    // "1. Apologies - Cllr Panter, …": the next number in the run, its title, a dash, then its text.
    // (Not a line indented further than its item's number: "    4. Discussion Points – Brian to …".)
    const deeper = (l.indent ?? 0) >= 4 && out.items.length > 0 && (l.indent ?? 0) > itemIndent
    const dashed = deeper ? null : /^(\d{1,3})\.?\s+([A-Z][^–—]{1,110}?)\s+[-–—]\s+(\S.*)$/.exec(t)
    if (dashed) {
      const n = parseInt(dashed[1]!, 10)
      const title = dashed[2]!
      if (
        (n === last + 1 || (last === 0 && n <= 2)) &&
        title.split(/\s+/).length <= 14 &&
        !/[.;]\s/.test(title) &&
        !(
          looksLikeName(title.replace(/\s*\(.*\)$/, '')) &&
          (HONORIFIC.test(title) || isFirstName(title.split(/\s+/)[0]))
        ) &&
        // (Not "1. Ian Thomson (Kent Fire and Rescue Service – …", nor a list run on: "1. Drones – … 2.
        // Traffic –".)
        (title.match(/\(/g) ?? []).length === (title.match(/\)/g) ?? []).length &&
        !/\s\d{1,2}\.\s+[A-Z]/.test(dashed[3]!) &&
        !PARAGRAPH.test(t)
      )
        return { number: dashed[1]!, title, confidence: 0.8, rest: dashed[3]! }
    }
    for (const p of ITEM_PATTERNS) {
      const m = p.re.exec(t)
      if (m) {
        const [number, title] = p.take(m)
        // "Agenda item 113 (Safe & Secure programme presentation)": a reference to an item, not one; so is
        // "Agenda Item 5 – …" in minute 54 (minutes do not number backwards).
        if (/^\(.*\)$/.test(title.trim())) continue
        if (p.confidence >= 0.95 && /^\d+$/.test(number) && last >= 10 && Number(number) < last) continue
        // "Item 7 – Mr G Ross (non-financial)": a declaration naming an item, not an item.
        const who = title.replace(/\(.*?\)/g, '').trim()
        if (looksLikeName(who) && (HONORIFIC.test(who) || isFirstName(who.split(/\s+/)[0]))) continue
        if (p.confidence === 0.8 && (NOT_A_CODE.test(number) || !isTitleLike(title))) continue
        if (p.titled && !isTitleLike(title)) continue
        return { number, title: title.trim(), confidence: p.confidence }
      }
    }
    const roman = ROMAN_ITEM.exec(t)
    // (Not "I. Langley* / Secretary": an initial and a surname.)
    const initialled = looksLikeName(t.split(/\s+[/|]\s+|\s*\(/)[0]!.replace(/\*/g, ''))
    if (roman && roman[1] && !initialled && (isTitleLike(roman[2]!) || /^[A-Z0-9 ,&()/'’–-]+$/.test(roman[2]!)))
      return { number: roman[1], title: roman[2]!, confidence: 0.8 }
    if (l.number && /^\d+[a-z]?\.?$/.test(l.number) && isTitleLike(t) && (l.heading || (l.level ?? 0) === 0))
      return { number: l.number.replace(/\.$/, ''), title: t, confidence: 0.9 }
    const alone = NUMBER_ALONE.exec(t)
    const follows = (n: number, printed: string) =>
      (n > last && n <= last + 5) || (n === last && /[a-z)]$/i.test(printed)) || last === 0
    if (alone && /^[A-Z]/.test(alone[1]!) && !NOT_A_CODE.test(alone[1]!))
      return { number: alone[1]!, title: '', confidence: 0.8 }
    if (alone && (follows(parseInt(alone[1]!, 10), alone[1]!) || l.heading))
      return { number: alone[1]!, title: '', confidence: 0.8 }
    // "1. Introductions.": a short title with a stray full stop.
    const stray = /^(\d{1,3})\.?\s+([A-Z][A-Za-z&' ]{2,40})\.$/.exec(t)
    if (stray && stray[2]!.split(/\s+/).length <= 4 && parseInt(stray[1]!, 10) === last + 1)
      return { number: stray[1]!, title: stray[2]!, confidence: 0.8 }
    const nt = NUMBERED_TITLE.exec(t)
    // The next number in the run may carry a sentence for its title ("2. Apologies were given for …").
    // (A short sentence with its full stop too: "2. Minutes of the meeting on 1st November 2018 were agreed.")
    const nextInRun =
      !!nt &&
      last > 0 &&
      parseInt(nt[1]!, 10) === last + 1 &&
      /^[A-Z]/.test(nt[2]!) &&
      (!/[.;:,]$/.test(nt[2]!) || (/[^.]\.$/.test(nt[2]!) && nt[2]!.split(/\s+/).length <= 12 && !/\.\s/.test(nt[2]!)))
    // On a page whose items carry no numbers, an indented numbered line is a list in an item's text.
    // (So is one indented further than its item's own number: "  2. Roles" / "    1. Paul congratulated …".)
    const inText = (l.indent ?? 0) >= 4 && out.items.length > 0 && (last === 0 || (l.indent ?? 0) > itemIndent)
    if (nt && !inText && !PARAGRAPH.test(t) && (isTitleLike(nt[2]!) || nextInRun) && !findTime(t)) {
      const n = parseInt(nt[1]!, 10)
      // The first item may have any number (minute numbers run on through the year: 72, 173).
      if (
        n === last + 1 ||
        (l.heading && n > last) ||
        (n === last && /[a-z]$/i.test(nt[1]!)) ||
        // (A first item about the last minutes may carry their date: "3. Approve Minutes of the last AGM (8th
        // October 2015)".)
        // (Not the minutes' own date read as a number: "27 April 2021 – Minutes".)
        (last === 0 &&
          (n <= 3 || t.length <= 90) &&
          (!findDates(t).length || (/\bminutes\b/i.test(t) && findDates(t).every((d) => d.index > 0)))) ||
        // "1. Introductions:", "1. Reading of Minutes …:": a list whose numbers were lost, each "1." again.
        (n === 1 && last === 1 && /:$/.test(nt[2]!)) ||
        // (Or "1. Apologies" after "1. Welcome and Introductions", a blank line before each: a list's numbers,
        // each "1.")
        (n === 1 &&
          last === 1 &&
          (l.gapBefore ?? 0) >= 1 &&
          isTitleLike(nt[2]!) &&
          nt[2]!.split(/\s+/).length <= 10 &&
          out.items.every((it) => it.number === '1' && it.confidence >= 0.8))
      )
        return { number: nt[1]!, title: nt[2]!.replace(/:$/, ''), confidence: l.heading ? 0.9 : 0.8 }
    }
    if (
      l.heading &&
      isTitleLike(t) &&
      section === 'items' &&
      !/^(?:action|resolved|agreed)|^(?:agenda\s+)?item\s+\d+\s*\(|^part\s+\d+\b/i.test(t) &&
      !looksLikePeople(t) &&
      t.length > 3
    ) {
      // An unnumbered heading in an item list is the next item; on the second reading (no item is
      // numbered) it has no number, as printed.
      return { number: secondReading ? '' : String(last + 1), title: t, confidence: 0.6 }
    }
    return null
  }
}

/**
 * A paragraph's first words that read as its title: "Sat 5 July. …", "Neighbourhood & Home Watch Week
 * 2008 - …".
 */
function leadTitle(text: string): string | null {
  const first = /^([^.]{3,80}?)(?:\.\s|\s[-–]\s)/.exec(text)?.[1]
  return first && first.split(/\s+/).length <= 10 && /^[A-Z0-9]/.test(first) && isTitleLike(first) ? first : null
}

function sentences(text: string): string[] {
  return (text.replace(/\n/g, ' ').match(/[^.!?]+(?:[.!?]+|$)/g) ?? []).map((s) => s.trim()).filter(Boolean)
}

function lastSentence(text: string): string {
  const lines = text.split('\n').filter((l) => !/^action\b/i.test(l))
  const s = sentences(lines.at(-1)?.replace(/^- /, '') ?? '')
  return s.at(-1) ?? ''
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const dayOf = (iso: string) => new Date(`${iso}T12:00:00Z`).getUTCDay()
/** The weekday printed just before a date ("Monday 7th December 2011"), as 0–6, or null. */
function weekdayBefore(text: string, d: { index: number }): number | null {
  const m = /\b(sun|mon|tues|wednes|thurs|fri|satur)day,?\s*(?:the\s+)?$/i.exec(text.slice(0, d.index))
  return m ? WEEKDAYS.findIndex((w) => w.startsWith(m[1]!.toLowerCase())) : null
}
/** Whether every weekday printed before this date in the document falls on it (true if none is printed). */
function printedDayFits(lines: SourceLine[], iso: string): boolean {
  return lines.every(
    (l) =>
      l.kind !== 'text' ||
      findDates(l.text).every(
        (d) => d.date !== iso || weekdayBefore(l.text, d) === null || weekdayBefore(l.text, d) === dayOf(iso),
      ),
  )
}

/** A title run into the text after it reads as a title: not cut at "of" or "and", not a person's name. */
const titleRunIn = (title: string) =>
  !/\s(?:of|and|the|for|in|on|to|&)$/.test(title) && !looksLikeName(title) && isTitleLike(title)

/** The item made up to hold text that came before any heading. */
const unheaded = (i: ImportedItem) => i.title === 'Business' && i.confidence <= 0.4

/** The JSON the CLI writes for a dry run: the issue's shape, `null` where absent. */
export function importJson(file: string, m: ImportedMinutes) {
  return {
    file,
    date: m.date?.value ?? null,
    time: m.time?.value ?? null,
    venue: m.venue?.value ?? m.platform?.value ?? null,
    attendees: m.attendees.map((a) => ({ name: a.name, agency: a.agency, group: a.group })),
    apologies: m.apologies.map((a) => ({ name: a.name, agency: a.agency })),
    // Text before any heading is kept under no number and no title: none was printed ("Business" and its
    // number are what the review page and the saved minutes call it).
    items: m.items.map((i) => ({
      number: unheaded(i) ? null : i.number,
      title: unheaded(i) ? null : i.title,
      paragraphs: i.paragraphs.map((p) => ({ number: p.number, text: p.text })),
    })),
    actions: m.actions.map((a) => ({ owner: a.owner, text: a.text, paragraph: a.paragraph })),
    decisions: m.decisions.map((d) => ({ text: d.text, paragraph: d.paragraph })),
    nextMeeting: m.nextMeeting?.value ?? null,
    futureMeetings: m.futureMeetings.map((f) => f.value),
    dhrRefs: m.dhrRefs,
    warnings: m.warnings,
  }
}
