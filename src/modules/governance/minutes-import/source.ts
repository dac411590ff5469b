// What every reader (text, DOCX, PDF) turns a document into before the minutes are found in it:
// its lines in reading order, each with where it came from, and tables kept as tables. The parser
// works on these alone, so one set of rules serves every format.

/** One line of a source document, or one table. */
export type SourceLine =
  | {
      kind: 'text'
      text: string
      /** Where it is in the source, as a person would find it: "line 12", "paragraph 34", "page 2". */
      at: string
      /** A number the format gave it outside its text (Word's automatic numbering): "2.1", "(a)". */
      number?: string
      /** A list level from the format (0 = top), when it has one. */
      level?: number
      /** Styled as a heading, or all bold (a heading in all but name). */
      heading?: boolean
      /** A bullet from the format (Word's bullet lists), not typed. */
      bullet?: boolean
      /** Read as the title of an item printed with no number (the parser's second reading). */
      unnumbered?: boolean
      /** Blank lines before it in a text file: what parts one block from the next. */
      gapBefore?: number
      /** Spaces before it in a fixed-width text file (a column's cell under an empty one). */
      indent?: number
    }
  | {
      kind: 'table'
      rows: string[][]
      at: string
      /** Read back from fixed-width text with no header of its own (the first row is a person). */
      headless?: boolean
      /** Blank lines before it in a text file. */
      gapBefore?: number
    }

/** A document read into lines, with what the reader noticed on the way (e.g. "DRAFT" watermark text). */
export interface SourceDocument {
  lines: SourceLine[]
  warnings: string[]
}

const tableRow = /^\|?(.*\|.*?)\|?\s*$/
const separatorRow = /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/

/**
 * Plain text (or text pasted into a form): each line is a line; rows written with "|" (as the
 * reference minutes and Markdown do) become tables, a new table at each header row.
 */
export function readText(text: string): SourceDocument {
  const lines: SourceLine[] = []
  const raw = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
  // A committee system's web page ("No. Item" over the list): a short title standing alone between
  // blank lines is an item's title there, even where the page lost its number.
  const itemList =
    raw.some((l) => /^\s*(?:note\s+)?no\.?\s*item\s*$/i.test(l)) && !raw.some((l) => /^\s*\d{1,3}[a-z]?\.?\s*$/.test(l))
  let table: { rows: string[][]; at: string } | null = null
  raw.forEach((l, i) => {
    const line = l
      .replace(/\t/g, ' ')
      .replace(/\u00a0/g, ' ')
      .trimEnd()
    const at = `line ${i + 1}`
    if (separatorRow.test(line.trim()) && line.includes('-')) return
    const row = line.includes('|') ? tableRow.exec(line.trim()) : null
    if (row) {
      const cells = row[1]!.split('|').map((c) => c.trim())
      // A header row after rows starts another table (the reference minutes' three tables).
      const header = cells.some((c) => /^name$/i.test(c))
      if (!table || (header && table.rows.length > 1)) {
        table = { rows: [], at }
        lines.push({ kind: 'table', rows: table.rows, at })
      }
      table.rows.push(cells)
      return
    }
    table = null
    if (!line.trim()) return
    const t = line.trim()
    // "Welcome, introductions and apologies.", "Minutes of the previous meeting. pdf icon PDF 97 KB": a
    // committee system's title may keep its full stop.
    const title = t.replace(/\s*pdf icon\s*PDF\s*[\d.]+\s*[KM]B\s*$/i, '').replace(/(?<=[a-z)])\.$/, '')
    const heading =
      itemList &&
      !raw[i - 1]?.trim() &&
      !raw[i + 1]?.trim() &&
      t.length <= 120 &&
      /^[A-Z]/.test(t) &&
      // (Not an agenda's purpose, "For discussion", nor a sentence cut short: "Nigel Farmer stated that …".)
      !/^for (?:discussion|information|decision|noting|approval)\b|\b(?:stated|said|reported|explained|agreed|noted|presented|welcomed|confirmed|advised|provided|gave|was|were|had|has|will|would)\b/i.test(
        t,
      ) &&
      (title === t ||
        (title.split(/\s+/).length <= 8 &&
          !/\b(?:is|are|be|been|sought|that|to [a-z]+)\b|^(?:no|none|nil|the|to|approved|agreed|resolved|noted)\b/i.test(
            title,
          ))) &&
      !/^(?:actions?\b(?!\s+(?:sheet|log|tracker|plan|list|update|register|points from|arising))|actioned|to be actioned|resolved|agreed|noted)|\bactioned by\b/i.test(
        t,
      ) &&
      !/[.;,:–-]$/.test(title) &&
      title.split(/\s+/).length <= 16
    let gap = 0
    while (gap < i && !raw[i - 1 - gap]!.trim()) gap++
    lines.push({
      kind: 'text',
      // (A title's full stop goes, as it would from a heading typed without one.)
      text: heading && title !== t ? t.replace(/(?<=[a-z)])\.(?=\s*(?:pdf icon|$))/i, '') : t,
      at,
      ...(heading ? { heading: true } : {}),
      ...(gap ? { gapBefore: gap } : {}),
      ...(/^ {4,}/.test(line) ? { indent: line.length - line.trimStart().length } : {}),
    })
  })
  return { lines, warnings: [] }
}
