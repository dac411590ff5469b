// Tables that reached us as lines of text: a web page or a mirror printed a Word table's cells with
// " / " between them ("Name / Organisation", then "Lina Wallace / Victim Support"), or dropped the
// cell boundaries altogether ("Name Authority", then "Cllr Gill Butler Hart District Council").
// Under a header row that says so, the lines that follow are read back into a table, so the
// parser's table rules serve them. Pure.
import { isFirstName } from './first-names'
import { HONORIFIC, looksLikeName, ORG_WORD, ROLE_WORD } from './people-names'
import type { SourceLine } from './source'

const NAME_CELL = /^(?:name|named\s+(?:representative|person|member|attendee)|attendee|member|representative)s?$/i
/** A regular expression matching any one of the words, whole (an "s" after it where asked). */
const oneOf = (words: string[], after = '') => new RegExp(`^(?:${words.join('|')})${after}$`, 'i')

const AGENCY_CELL = oneOf(
  [
    'organisation',
    'organization',
    'agency',
    'authority',
    'designation',
    'representing',
    'role',
    'service',
    'title',
    'position',
    'job title',
    'council',
  ],
  's?',
)
const TITLE = new RegExp(
  `^(?:${[
    'Cllr|Councillor|Cty|County|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Revd|Sir|Dame|Lord|Lady',
    'PC|PCSO|DC|DS|DI|DCI|CI|Sgt|Insp|Inspector|Supt|Superintendent|Chief|Det|Detective|Sergeant|Constable|Mayor',
  ].join('|')})\\.?$`,
)
/** The words of a table's header row, which are never a row of people. */
const HEADER_WORD =
  /^(?:item(?:\s+no\.?)?|no\.?|ref|actions?|minutes?|title|description|owner|lead|by when|date|status|discussion)$/i
const WORD = /^(?:Mc|Mac|O[’'])?[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?$/
const INITIAL = /^[A-Z]\.?$/

/**
 * "Cllr Gill Butler Hart District Council" → ["Cllr Gill Butler", "Hart District Council"]: the
 * titles, a first name (or initials) and a surname, then the rest. Null when the line does not
 * start with a person.
 */
export function nameThenRest(line: string): [string, string] | null {
  const words = line.trim().split(/\s+/)
  let k = 0
  while (k < words.length && TITLE.test(words[k]!)) k++
  const titled = k > 0
  const start = k
  while (k < words.length && INITIAL.test(words[k]!)) k++
  const initials = k > start
  if (!initials) {
    if (!WORD.test(words[k] ?? '')) return null
    // Untitled, the first word must be a first name people have ("Kirsty Jenkins Executive Director").
    if (!titled && !isFirstName(words[k], true)) return null
    k++
    while (k < words.length && INITIAL.test(words[k]!)) k++
  }
  if (!WORD.test(words[k] ?? '')) return titled && k > start && !initials ? [words.slice(0, k).join(' '), ''] : null
  // "Frank Resident": a post or an organisation's word is no surname.
  if (ORG_WORD.test(words[k]!) || ROLE_WORD.test(words[k]!)) return null
  k++
  const rest = words.slice(k).join(' ')
  return [words.slice(0, k).join(' '), rest.replace(/^[-–,]\s*/, '')]
}

/** An action table's header cells: "Action by / Action / Deadline", "Action / Owner / Due". */
const ACTION_CELL = oneOf([
  'action(?:ed)?(?:\\s+(?:by|owner|point))?',
  'owners?|who|lead|by whom|responsible',
  'deadline|due(?:\\s+date)?|by when|date|timescale',
  'status|ref|no\\.?|item',
])

/** A header row of a table whose cells lost their boundaries: its cells, or null. */
function headerCells(text: string): { cells: string[]; slashed: boolean } | null {
  const t = text.trim().replace(/:$/, '')
  if (/\s[/|]\s/.test(t)) {
    const cells = t.split(/\s+[/|]\s+/)
    if (cells.length >= 2 && NAME_CELL.test(cells[0]!) && cells.slice(1).every((c) => AGENCY_CELL.test(c)))
      return { cells: ['Name', ...cells.slice(1)], slashed: true }
    // An action log: one cell says what, one says who.
    if (
      cells.length >= 2 &&
      cells.every((c) => ACTION_CELL.test(c)) &&
      cells.some((c) => /^action$/i.test(c)) &&
      cells.some((c) => /^(?:action(?:ed)? by|action owner|owners?|who|lead|by whom|responsible)$/i.test(c))
    )
      return { cells, slashed: true }
    return null
  }
  const spaced = /^(name)\s+(.+)$/i.exec(t)
  if (spaced && AGENCY_CELL.test(spaced[2]!)) return { cells: [spaced[1]!, spaced[2]!], slashed: false }
  return null
}

/** A list's label as a column's header: who came, who came besides, who sent apologies. */
const LIST_LABEL =
  '(' +
  [
    'members in attendance|members present|present',
    'attendees at [A-Za-z ]+|attendees|in attendance|other attendees',
    'also present|also in attendance|apologies(?: for absence)?',
  ].join('|') +
  ')'
/** "Members in attendance / ApologiesGraham Foster / Jackie Brock": two labels, then the first row. */
const SIDE_BY_SIDE = new RegExp(`^${LIST_LABEL}(\\s*/\\s*|)${LIST_LABEL}(.*)$`, 'i')

/** The two labels and the first row, where the labels are parted by " / " or glued ("attendeesAttendees"). */
function sideLabels(text: string): [string, string, string] | null {
  const m = SIDE_BY_SIDE.exec(text)
  if (!m) return null
  const glued = !m[2] && /[a-z]/.test(text[m[1]!.length - 1] ?? '') && /[A-Z]/.test(text[m[1]!.length] ?? '')
  return m[2] || glued ? [m[1]!, m[3]!, m[4] ?? ''] : null
}

/** The label csp-hub reads for a column: present, also present, apologies, or none (a lunch's guests). */
const labelFor = (l: string) =>
  /^apolog/i.test(l)
    ? 'Apologies:'
    : /^(?:other|also)/i.test(l)
      ? 'Also in attendance:'
      : /\bat\b/i.test(l)
        ? null
        : 'Present:'

/**
 * Two lists side by side in a table flattened with " / " between its cells, the header glued to the
 * first row ("Members in attendance / ApologiesGraham Foster / Jackie Brock"): each column read as its
 * own labelled list, left then right. Rows with one cell are the left column's.
 */
function sideBySide(lines: SourceLine[], i: number): { out: SourceLine[]; next: number } | null {
  const line = lines[i]!
  if (line.kind !== 'text') return null
  const m = sideLabels(line.text.trim())
  if (!m) return null
  const [left, right] = m
  if (!/^apolog/i.test(right) && !/^apolog/i.test(left) && !/^other/i.test(left)) return null
  const columns: [string[], string[]] = [[], []]
  const add = (row: string) => {
    const cells = row.split(/\s+\/\s+/)
    if (cells[0]?.trim()) columns[0].push(cells[0].trim())
    if (cells[1]?.trim()) columns[1].push(cells.slice(1).join(' / ').trim())
  }
  if (m[2].trim()) add(m[2].trim())
  let k = i + 1
  for (; k < lines.length; k++) {
    const next = lines[k]!
    if (next.kind !== 'text' || sideLabels(next.text.trim()) || /^(?:agenda\s+)?item\b|^\d/i.test(next.text)) break
    add(next.text.trim())
  }
  const out: SourceLine[] = []
  for (const [label, cells] of [
    [labelFor(left), columns[0]],
    [labelFor(right), columns[1]],
  ] as const)
    if (label && cells.length)
      out.push(
        { kind: 'text', text: label, at: line.at },
        ...cells.map((text) => ({ kind: 'text' as const, text, at: line.at })),
      )
  return { out, next: k }
}

/**
 * A fixed-width table of people under group labels, the label printed on each group's first row
 * only ("TVP                        Sam Gregson" / "Parish Council             Gwen Corbett" /
 * "                           Peter Laws"): a table of names with their group as the agency. Three
 * rows or more; "None" under a label names no one.
 */
function groupColumns(lines: SourceLine[], i: number): { table: SourceLine; next: number } | null {
  const rows: string[][] = [['Name', 'Agency']]
  let label = ''
  let k = i
  for (; k < lines.length; k++) {
    const l = lines[k]!
    if (l.kind !== 'text') break
    const pair = /^([A-Za-z][A-Za-z &'’/-]{1,30}?)\s{3,}(\S.*)$/.exec(l.text)
    const name = pair ? pair[2]!.trim() : (l.indent ?? 0) >= 8 && label ? l.text.trim() : null
    if (name === null) break
    if (pair && /\d/.test(pair[1]!)) break
    if (pair) label = pair[1]!.trim()
    if (/^none$/i.test(name)) continue
    const bare = name.replace(/\s*\((?:co[- ]?)?chair(?:man|person)?\)$/i, '')
    if (!nameThenRest(bare) || nameThenRest(bare)![1]) break
    rows.push([name, label])
  }
  return rows.length >= 4 ? { table: { kind: 'table', rows, at: lines[i]!.at }, next: k } : null
}

/**
 * An action log laid out in fixed-width columns ("Ref    Action    Owner    Req by Date", then
 * "Jan11-01    Completed survey forms …    Max    28/01/11" with the action's text wrapped onto
 * indented lines): read back into a table, the wrapped lines joined to their action.
 */
function spacedActionTable(lines: SourceLine[], i: number): { table: SourceLine; next: number } | null {
  const head = lines[i]!
  if (head.kind !== 'text') return null
  const header = head.text.trim().split(/\s{3,}/)
  const action = header.findIndex((c) => /^actions?$/i.test(c))
  if (
    header.length < 3 ||
    action < 0 ||
    !header.some((c) => /^(?:owner|who|lead|by whom|responsible|action by)$/i.test(c))
  )
    return null
  const rows: string[][] = [header]
  let k = i + 1
  for (; k < lines.length; k++) {
    const l = lines[k]!
    if (l.kind !== 'text') break
    const cells = l.text.trim().split(/\s{3,}/)
    if ((l.indent ?? 0) >= 8 && rows.length > 1 && cells.length === 1) {
      const last = rows.at(-1)!
      last[action] = `${last[action] ?? ''} ${cells[0]}`.trim()
      continue
    }
    if (cells.length < 2 || (l.indent ?? 0) >= 8) break
    rows.push(header.map((_, c) => cells[c] ?? ''))
  }
  return rows.length >= 2 ? { table: { kind: 'table', rows, at: head.at }, next: k } : null
}

/**
 * People in fixed-width columns, the name then the organisation or post ("Geeta Subramaniam
 * LBL Crime Reduction Service"), three rows or more: a table with a header of its own added.
 */
function nameColumns(lines: SourceLine[], i: number): { table: SourceLine; next: number } | null {
  const rows: string[][] = [['Name', 'Agency']]
  let k = i
  for (; k < lines.length; k++) {
    const l = lines[k]!
    if (l.kind !== 'text' || (k > i && (l.gapBefore ?? 0) > 0)) break
    const pair = /^(\S.{2,40}?)\s{3,}(\S.{1,80})$/.exec(l.text)
    if (!pair) break
    const name = pair[1]!.replace(/\s*\([A-Z][A-Za-z]{1,3}\)$/, '')
    if (!looksLikeName(name) || /\s{3,}/.test(pair[2]!)) break
    rows.push([pair[1]!, pair[2]!])
  }
  if (rows.length < 4) return null
  const first = lines[i]!
  return {
    table: {
      kind: 'table',
      rows,
      at: first.at,
      headless: true,
      ...(first.kind === 'text' && first.gapBefore ? { gapBefore: first.gapBefore } : {}),
    },
    next: k,
  }
}

/** The heading of an action sheet or log printed before or instead of the minutes. */
export const ACTION_SHEET =
  /^(?:action (?:sheet|log|tracker|list|points?)|actions? arising|actions? from (?:the )?(?:last|previous) meeting)$/i

type Reader = (lines: SourceLine[], i: number) => { out: SourceLine[]; next: number } | null
const asOut =
  (reader: (lines: SourceLine[], i: number) => { table: SourceLine; next: number } | null): Reader =>
  (lines, i) => {
    const r = reader(lines, i)
    return r ? { out: [r.table], next: r.next } : null
  }
const READERS: Reader[] = [asOut(spacedActionTable), asOut(nameColumns), asOut(groupColumns), sideBySide]

/** The document's lines with flattened tables read back into tables. */
export function tablesInText(lines: SourceLine[]): SourceLine[] {
  const out: SourceLine[] = []
  let actionSheet = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.kind !== 'text') {
      out.push(line)
      continue
    }
    // An action sheet's rows ("2. / Circulate … / Carol") stay whole: the parser reads their owners.
    if (ACTION_SHEET.test(line.text.trim())) actionSheet = true
    else if (
      actionSheet &&
      !/\s[/|]\s/.test(line.text) &&
      /^(?:date|time|venue|present|people present|attendance)\b/i.test(line.text)
    )
      actionSheet = false

    // Fixed-width and side-by-side layouts, each read whole from this line on: the first that fits.
    const read = READERS.map((reader) => reader(lines, i)).find((r) => r !== null)
    if (read) {
      out.push(...read.out)
      i = read.next - 1
      continue
    }
    // "1. / Chair’s Welcome": an item's number and title in two cells.
    const numbered = actionSheet ? null : /^(\d{1,3}[a-z]?\.?|(?!19\d\d|20\d\d)\d{4})\s+[/|]\s+(\S.*)$/.exec(line.text)
    if (numbered) {
      // "1. / Welcome, introductions and apologies / Welcome from JM. …": the number, the title, the text.
      const [title, ...text] = numbered[2]!.split(/\s+[/|]\s+/)
      out.push({ ...line, text: `${numbered[1]} ${title}` })
      if (text.length) out.push({ ...line, text: text.join(' / ') })
      continue
    }
    // "Andy Hayes / Hesters Way Partnership / Cllr Pat Thornton": a table of names and organisations
    // whose rows ran on, the next person in the third cell.
    const three = line.text.trim().split(/\s+[/|]\s+/)
    if (
      three.length === 3 &&
      looksLikeName(three[0]!) &&
      !looksLikeName(three[1]!) &&
      looksLikeName(three[2]!) &&
      (HONORIFIC.test(three[2]!) || isFirstName(three[2]!.split(/\s+/)[0]))
    ) {
      out.push({ ...line, text: `${three[0]} / ${three[1]}` }, { ...line, text: three[2]! })
      continue
    }
    // "Present / John Mitchell", "Apologies / Tim Flowers": a list's label in the first cell, a name in the next.
    const labelled = /^(present|attendees|in attendance|apologies(?: for absence)?):?\s+[/|]\s+(\S.*)$/i.exec(line.text)
    if (labelled) {
      out.push(
        { ...line, text: `${labelled[1]}:` },
        {
          ...line,
          text: labelled[2]!.replace(/\s+[/|]\s+/g, ' (') + ')'.repeat((labelled[2]!.match(/\s[/|]\s/g) ?? []).length),
        },
      )
      continue
    }
    const header = headerCells(line.text)
    if (!header) {
      out.push(line)
      continue
    }
    const rows: string[][] = [header.cells]
    let k = i + 1
    for (; k < lines.length; k++) {
      const next = lines[k]!
      if (next.kind !== 'text' || headerCells(next.text) || /:$/.test(next.text.trim())) break
      if (header.slashed) {
        if (!/\s[/|]\s/.test(next.text) || /^\d/.test(next.text)) break
        const cells = next.text.split(/\s+[/|]\s+/).map((c) => c.trim())
        // The next table's header ("Item No / ACTIONS") ends this one.
        if (cells.every((c) => HEADER_WORD.test(c) || ACTION_CELL.test(c))) break
        // An agency with " / " in its name ("Community / Older People’s Forum") stays one cell.
        rows.push([...cells.slice(0, header.cells.length - 1), cells.slice(header.cells.length - 1).join(' / ')])
      } else {
        const row = nameThenRest(next.text)
        if (!row) break
        rows.push(row)
      }
    }
    if (rows.length < 2) {
      out.push(line)
      continue
    }
    out.push({ kind: 'table', rows, at: line.at })
    i = k - 1
  }
  return out
}
