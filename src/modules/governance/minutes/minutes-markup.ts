import { splitOwnerNames } from '../partnership/person-name'

/**
 * Minute paragraphs are written the way the reference minutes are: a line of text, bullet lines
 * starting "- ", and action lines "Action - John Newcombe / Andy Frost" where the action falls.
 * The same text is what a minute-taker types, what we store, and what the plain-text export prints.
 */
export type MinutesBlock =
  | { kind: 'text'; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'action'; index: number; ownersText: string; owners: string[]; task?: string }

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
        // "Action - Di Evans / Ian Grant" or, with what is to be done, "Action - Di Evans: circulate the draft".
        const [ownersPart, ...taskParts] = action[1]!.split(':')
        const ownersText = ownersPart!.trim()
        const task = taskParts.join(':').trim()
        const owners = splitOwnerNames(ownersText)
        if (owners.length === 0)
          problems.push({
            line: i + 1,
            message: `Line ${i + 1}: write who owns the action after "Action -", for example "Action - Ian Denness"`,
          })
        blocks.push({ kind: 'action', index: actions++, ownersText, owners, ...(task ? { task } : {}) })
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

/**
 * What an action line asks for, as the action log's title: the task written after the owners
 * ("Action - Di Evans: circulate the draft"), else the sentence just before the line — not the
 * paragraph's opening, which may be about something else.
 */
export function actionTitle(
  blocks: readonly MinutesBlock[],
  marker: Extract<MinutesBlock, { kind: 'action' }>,
): string {
  const cap = (t: string) => (t.length > 140 ? `${t.slice(0, 137).replace(/\s+\S*$/, '')}…` : t)
  if (marker.task) return cap(marker.task.charAt(0).toUpperCase() + marker.task.slice(1))
  const at = blocks.indexOf(marker)
  for (let i = at - 1; i >= 0; i--) {
    const b = blocks[i]!
    if (b.kind === 'action') break
    const text = b.kind === 'text' ? b.text : b.items.at(-1)!
    const sentences = text
      .match(/[^.!?]+(?:[.!?]+|$)/g)
      ?.map((x) => x.trim())
      .filter(Boolean) ?? [text]
    return cap(sentences.at(-1)!.replace(/[.!?]+$/, ''))
  }
  return 'Action from the minutes'
}

/** The plain-text lines of a paragraph in the reference minutes' layout ("2.1 text", "- bullet", "Action - Name"). */
export function paragraphTextLines(p: {
  number: string
  heading: string | null
  cites: string | null
  body: string
}): string[] {
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
      lines.push(`Action - ${b.ownersText}${b.task ? `: ${b.task}` : ''}`)
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
    const start = m.index + m[1]!.length
    if (start > last) out.push({ text: text.slice(last, start) })
    out.push({ text: m[2]!, ref: m[2]! })
    last = start + m[2]!.length
  }
  if (last < text.length) out.push({ text: text.slice(last) })
  return out
}
