import { splitOwnerNames } from '../partnership/person-name'

/**
 * Minute paragraphs are written the way the reference minutes are: a line of text, bullet lines
 * starting "- ", and action lines "Action - John Newcombe / Andy Frost" where the action falls.
 * The same text is what a minute-taker types, what we store, and what the plain-text export prints.
 */
export type MinutesBlock =
  | { kind: 'text'; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'action'; index: number; ownersText: string; owners: string[] }

const actionLine = /^Action\s*[-–—:]\s*(.*)$/i
const bulletLine = /^[-•*]\s+(.*)$/

export interface MarkupProblem {
  line: number
  message: string
}

export function parseMinutesMarkup(body: string): { blocks: MinutesBlock[]; problems: MarkupProblem[] } {
  const blocks: MinutesBlock[] = []
  const problems: MarkupProblem[] = []
  let actions = 0
  body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim()
      if (!line) return
      const action = actionLine.exec(line)
      if (action) {
        const ownersText = action[1]!.trim()
        const owners = splitOwnerNames(ownersText)
        if (owners.length === 0) problems.push({ line: i + 1, message: `Line ${i + 1}: write who owns the action after "Action -", for example "Action - Ian Denness"` })
        blocks.push({ kind: 'action', index: actions++, ownersText, owners })
        return
      }
      const bullet = bulletLine.exec(line)
      if (bullet) {
        const last = blocks[blocks.length - 1]
        if (last?.kind === 'bullets') last.items.push(bullet[1]!)
        else blocks.push({ kind: 'bullets', items: [bullet[1]!] })
        return
      }
      blocks.push({ kind: 'text', text: line })
    })
  if (blocks.length === 0) problems.push({ line: 1, message: 'Enter the text of the paragraph' })
  return { blocks, problems }
}

/** The plain-text lines of a paragraph in the reference minutes' layout ("2.1 text", "- bullet", "Action - Name"). */
export function paragraphTextLines(p: { number: string; heading: string | null; cites: string | null; body: string }): string[] {
  const lines: string[] = []
  if (p.heading) lines.push(p.heading)
  const { blocks } = parseMinutesMarkup(p.body)
  let first = true
  for (const b of blocks) {
    const prefix = first ? `${p.number} ${p.cites ? `${p.cites} ` : ''}` : ''
    if (b.kind === 'text') lines.push(prefix + b.text)
    else if (b.kind === 'bullets') {
      if (first) lines.push(prefix.trimEnd())
      lines.push(...b.items.map((item) => `- ${item}`))
    } else {
      if (first) lines.push(prefix.trimEnd())
      lines.push(`Action - ${b.ownersText}`)
    }
    first = false
  }
  return lines
}

const crossReference = /\b((?:paragraph|para\.?|minute|see)\s+)(\d{1,2}\.\d{1,2})\b/gi

export interface InlineSegment {
  text: string
  /** Set when the segment is a cross-reference to another paragraph ("see 2.1"). */
  ref?: string
}

/** Splits paragraph text into plain runs and cross-references, for linking in HTML and DOCX. */
export function inlineSegments(text: string): InlineSegment[] {
  const out: InlineSegment[] = []
  let last = 0
  for (const m of text.matchAll(crossReference)) {
    const start = m.index! + m[1]!.length
    if (start > last) out.push({ text: text.slice(last, start) })
    out.push({ text: m[2]!, ref: m[2]! })
    last = start + m[2]!.length
  }
  if (last < text.length) out.push({ text: text.slice(last) })
  return out
}
