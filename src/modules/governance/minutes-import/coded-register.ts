// An attendance register whose marks a legend explains, flattened into one run of text by a PDF or
// a web page:
//
//   P= Present A= Apologies DNA=Did not attend D/R=Deputise/Representative
//   Board Member P A DNA D/R Steve Pugh (SP) – Chair P Brian Gathercole (BG) – Safeguarding, SCC P …
//
// Each person is anchored by the initials in brackets after their name; the mark that follows their
// entry (or, where a cell wrapped, the one inside it) says which list they belong to. The run is
// rewritten as one "Present: …" or "Apologies: …" line a person, which the parser reads as any other.
import type { SourceLine } from './source'
import { agencyWithoutRole, looksLikeName } from './people-names'

type Mark = 'Present' | 'Apologies' | 'Neither'

const LEGEND_CODE = /(?<![\w/])([A-Z]{1,3}(?:\/[A-Z]{1,3})?)\s*=\s*/g

/** The marks a legend defines, or null when it is not a register's legend (present and apologies both). */
export function registerLegend(text: string): Map<string, Mark> | null {
  const marks = new Map<string, Mark>()
  const codes = [...text.matchAll(LEGEND_CODE)]
  for (const [k, c] of codes.entries()) {
    const code = c[1]!
    // What a code means runs to the next code ("P= Present A= Apologies").
    const meaning = text.slice(c.index + c[0].length, codes[k + 1]?.index ?? c.index + c[0].length + 40)
    const m = meaning.toLowerCase()
    const mark: Mark | null = /did not|not attend|no apolog|absent without/.test(m)
      ? 'Neither'
      : /apolog|absent/.test(m)
        ? 'Apologies'
        : /present|attend|deput|represent|substitut/.test(m)
          ? 'Present'
          : null
    // "D/R=Deputise/Representative": either letter alone marks the row too.
    if (mark) for (const one of [code, ...(code.includes('/') ? code.split('/') : [])]) marks.set(one, mark)
  }
  const kinds = new Set(marks.values())
  return kinds.has('Present') && kinds.has('Apologies') ? marks : null
}

/** A person and the initials in brackets after them: "Steve Pugh (SP)", "Cllr Ann Lee (AL)". */
const ANCHOR = new RegExp(
  String.raw`((?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Prof|Insp|Supt|Sgt|PC)\.?\s+)?` +
    String.raw`[A-Z][a-z'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\s*\(([A-Z]{2,4})\)`,
  'g',
)

/** The people of a flattened register, each with the list their mark puts them in; null if fewer than three. */
export function readRegister(
  text: string,
  marks: Map<string, Mark>,
): { name: string; agency: string; mark: Mark }[] | null {
  const anchors = [...text.matchAll(ANCHOR)].filter((m) => looksLikeName(m[1]!))
  if (anchors.length < 3) return null
  const codes = [...marks.keys()].map((c) => c.replace('/', '\\/')).join('|')
  const markAt = new RegExp(String.raw`(?:^|\s)(${codes})(?=\s|$)`, 'g')
  const people: { name: string; agency: string; mark: Mark }[] = []
  anchors.forEach((a, k) => {
    const end = anchors[k + 1]?.index ?? text.length
    const entry = text.slice(a.index + a[0].length, end)
    const found = [...entry.matchAll(markAt)]
    // The mark closing the entry, else one inside a wrapped cell; an entry with none is left out.
    const last = found.at(-1)
    if (!last) return
    const desc = (entry.slice(0, last.index) + entry.slice(last.index + last[0].length))
      .replace(/^\s*[-–—:]\s*/, '')
      .replace(/\s+/g, ' ')
      .trim()
    people.push({ name: a[1]!, agency: agencyWithoutRole(desc), mark: marks.get(last[1]!)! })
  })
  return people.length >= 3 ? people : null
}

/** Rewrites a flattened, legend-coded register in place as one line a person. */
export function codedRegister(lines: SourceLine[]): void {
  const at = lines.findIndex((l) => l.kind === 'text' && registerLegend(l.text))
  if (at < 0) return
  const legend = lines[at] as Extract<SourceLine, { kind: 'text' }>
  const marks = registerLegend(legend.text)!
  for (let k = at; k <= at + 3 && k < lines.length; k++) {
    const line = lines[k]!
    if (line.kind !== 'text') continue
    const people = readRegister(line.text, marks)
    if (!people) continue
    const rows: SourceLine[] = people
      .filter((p) => p.mark !== 'Neither')
      .map((p) => ({
        kind: 'text',
        text: `${p.mark}: ${p.name}${p.agency ? ` (${p.agency})` : ''}`,
        at: line.at,
      }))
    lines.splice(k, 1, ...rows)
    if (k !== at) lines.splice(at, 1)
    return
  }
}
