// A PDF read into lines in reading order with pdf.js (Mozilla's reader). A tagged PDF (Word's and
// Chromium's are) is read by its structure: headings, paragraphs, list items and table cells as
// their author made them, running headers and footers left out as the artifacts they are. Any
// other PDF is read by position: text pieces are placed by
// their position, put into lines, pages of two columns read left column first, running headers and
// footers (the same text at the top or bottom of most pages) and page numbers dropped, lines a
// paragraph wrapped joined again, rows whose pieces stand in columns kept as tables, and lines in
// larger or bold type marked as headings.
import type { SourceDocument, SourceLine } from './source'

interface Piece {
  x: number
  y: number
  w: number
  size: number
  bold: boolean
  text: string
}

interface Line {
  y: number
  size: number
  bold: boolean
  /** The line's pieces grouped where a wide gap separates them (table cells, columns). */
  segments: { x: number; end: number; text: string; bold: boolean }[]
  page: number
  /** The column on a two-column page (0 left, 1 right); 0 otherwise. */
  col: number
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')
let pdfjs: Promise<PdfJs> | undefined

const joinPieces = (pieces: Piece[]) => {
  let text = ''
  let end = -Infinity
  for (const p of pieces) {
    const gap = p.x - end
    if (text && gap > p.size * 0.15 && !text.endsWith(' ') && !p.text.startsWith(' ')) text += ' '
    text += p.text
    end = Math.max(end, p.x + p.w)
  }
  return text.replace(/\s+/g, ' ').trim()
}

/** Pieces at one height into a line, split into segments at gaps wider than 2.5 characters. */
function toLine(pieces: Piece[], page: number): Line {
  pieces.sort((a, b) => a.x - b.x)
  const size = Math.max(...pieces.map((p) => p.size))
  const segments: Line['segments'] = []
  let cur: Piece[] = []
  let end = -Infinity
  for (const p of pieces) {
    if (cur.length && p.x - end > size * 2.5) {
      segments.push({ x: cur[0]!.x, end, text: joinPieces(cur), bold: cur.every((p) => p.bold || !p.text.trim()) })
      cur = []
    }
    cur.push(p)
    end = Math.max(end, p.x + p.w)
  }
  if (cur.length)
    segments.push({ x: cur[0]!.x, end, text: joinPieces(cur), bold: cur.every((p) => p.bold || !p.text.trim()) })
  const printed = pieces.filter((p) => p.text.trim())
  return {
    y: pieces[0]!.y,
    size,
    bold: printed.length > 0 && printed.every((p) => p.bold),
    segments: segments.filter((s) => s.text),
    page,
    col: 0,
  }
}

/** A page's pieces into lines, top to bottom; a two-column page as its left column then its right. */
function pageLines(pieces: Piece[], width: number, page: number): Line[] {
  const sorted = [...pieces].sort((a, b) => b.y - a.y || a.x - b.x)
  const rows: Piece[][] = []
  for (const p of sorted) {
    const row = rows.at(-1)
    if (row && Math.abs(row[0]!.y - p.y) <= Math.max(2, p.size * 0.45)) row.push(p)
    else rows.push([p])
  }
  const lines = rows.map((r) => toLine(r, page)).filter((l) => l.segments.length)
  // Two columns: most lines have a piece starting right of the middle, none crossing it.
  const mid = width / 2
  const crossing = lines.filter((l) => l.segments.some((s) => s.x < mid - 10 && s.end > mid + 10)).length
  const right = lines.filter((l) => l.segments.some((s) => s.x >= mid - 10)).length
  // A page of table rows has both sides on nearly every line; columns of prose run to different lengths.
  const oneSided = lines.filter(
    (l) => l.segments.every((s) => s.x < mid - 10) || l.segments.every((s) => s.x >= mid - 10),
  ).length
  if (
    lines.length >= 8 &&
    crossing <= lines.length * 0.1 &&
    right >= lines.length * 0.35 &&
    oneSided >= lines.length * 0.15
  ) {
    const side = (keep: (x: number) => boolean, col: number) =>
      lines
        .map((l) => {
          const segments = l.segments.filter((s) => keep(s.x))
          return { ...l, col, segments, bold: segments.length > 0 && segments.every((s) => s.bold) }
        })
        .filter((l) => l.segments.length)
    return [...side((x) => x < mid - 10, 0), ...side((x) => x >= mid - 10, 1)]
  }
  return lines
}

const shape = (t: string) => t.replace(/\d+/g, '#').toLowerCase()

export async function readPdf(bytes: Buffer): Promise<SourceDocument> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs')
  const { getDocument } = await pdfjs
  let doc
  try {
    doc = await getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise
  } catch (e) {
    throw new Error(
      `This PDF cannot be read${e instanceof Error && /password/i.test(e.message) ? ': it is protected by a password' : ''}. Save it again as PDF, or import the Word file.`,
    )
  }
  const warnings: string[] = []
  const tagged = await readTagged(doc)
  if (tagged) {
    await doc.destroy()
    return { lines: tagged, warnings }
  }
  const pages: { lines: Line[]; height: number }[] = []
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n)
    const view = page.getViewport({ scale: 1 })
    const content = await page.getTextContent()
    const styles = content.styles as Record<string, { fontFamily?: string } | undefined>
    const pieces: Piece[] = []
    for (const it of content.items) {
      if (!('str' in it) || !it.str) continue
      const [a, b, , d, e, f] = it.transform as number[]
      const size = Math.hypot(a!, b!) || Math.abs(d!) || 10
      const font = `${it.fontName} ${styles[it.fontName]?.fontFamily ?? ''}`
      pieces.push({ x: e!, y: f!, w: it.width, size, bold: /bold|black|heavy|semibold/i.test(font), text: it.str })
    }
    // Bold is also in the font's real name, which pdf.js keeps in its font objects.
    if (pieces.length) await markBoldFonts(page, pieces, content.items)
    pages.push({ lines: pageLines(pieces, view.width, n), height: view.height })
    page.cleanup()
  }
  await doc.destroy()
  if (!pages.some((p) => p.lines.length))
    throw new Error('This PDF holds no text (it may be a scan). Import the Word file, or a PDF saved from it.')

  // Running headers and footers: the same words (numbers aside) near the top or bottom of most pages.
  const edge = (p: { lines: Line[]; height: number }, l: Line) => l.y > p.height * 0.9 || l.y < p.height * 0.1
  const counts = new Map<string, number>()
  for (const p of pages)
    for (const key of new Set(
      p.lines.filter((l) => edge(p, l)).map((l) => shape(l.segments.map((s) => s.text).join(' '))),
    ))
      counts.set(key, (counts.get(key) ?? 0) + 1)
  const running = (p: { lines: Line[]; height: number }, l: Line) =>
    pages.length >= 2 &&
    edge(p, l) &&
    (counts.get(shape(l.segments.map((s) => s.text).join(' '))) ?? 0) >= Math.max(2, pages.length * 0.5)

  const sizes = pages.flatMap((p) => p.lines.map((l) => l.size)).sort((a, b) => a - b)
  const body = sizes[Math.floor(sizes.length / 2)] ?? 10
  const lines: SourceLine[] = []
  let table: Extract<SourceLine, { kind: 'table' }> | null = null
  let prev: { line: Line; text: string; out: Extract<SourceLine, { kind: 'text' }> } | null = null
  // Where lines of each column start and end when they run full: a wrapped line reaches near the end.
  const edges = new Map<string, { left: number; right: number }>()
  for (const p of pages)
    for (const l of p.lines) {
      if (running(p, l)) continue
      const k = `${l.page}:${l.col}`
      const e = edges.get(k) ?? { left: Infinity, right: 0 }
      edges.set(k, {
        left: Math.min(e.left, l.segments[0]!.x),
        right: Math.max(e.right, ...l.segments.map((s) => s.end)),
      })
    }
  const fullWidth = (l: Line) => {
    const e = edges.get(`${l.page}:${l.col}`)!
    return l.segments.at(-1)!.end - e.left > (e.right - e.left) * 0.8
  }
  for (const p of pages)
    for (const l of p.lines) {
      if (running(p, l)) continue
      const at = `page ${l.page}`
      if (l.segments.length >= 2) {
        // Pieces standing in columns: a table row (the attendance tables, action tables).
        if (!table || table.at !== at || table.rows[0]!.length !== l.segments.length) {
          table = { kind: 'table', rows: [], at }
          lines.push(table)
        }
        table.rows.push(l.segments.map((s) => s.text))
        prev = null
        continue
      }
      table = null
      const seg = l.segments[0]!
      const text = seg.text
      const heading = l.size > body * 1.15 || l.bold
      // A paragraph wrapped onto this line: the line before ran to the margin, this one is not a new number, bullet or action.
      const wrapped =
        prev &&
        prev.line.page === l.page &&
        !heading &&
        !prev.out.heading &&
        prev.line.y - l.y < l.size * 1.9 &&
        prev.line.col === l.col &&
        fullWidth(prev.line) &&
        !/^(?:\d{1,2}(?:\.\d{1,2})*\.?\s|\(?[a-z]\)\s|\(?[ivx]+\)\s|[-•·*▪]\s|action\b|resolved\b|agreed\b)/i.test(text)
      if (wrapped) {
        prev!.out.text += ` ${text}`
        prev = { line: l, text, out: prev!.out }
        continue
      }
      const out: Extract<SourceLine, { kind: 'text' }> = {
        kind: 'text',
        text,
        at,
        ...(heading ? { heading: true } : {}),
      }
      lines.push(out)
      prev = { line: l, text, out }
    }
  return { lines, warnings }
}

/** Marks pieces set in a bold font, by the font's own name (pdf.js's styles give only the family). */
async function markBoldFonts(
  page: Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>,
  pieces: Piece[],
  items: readonly unknown[],
) {
  await page.getOperatorList()
  const names = new Map<string, boolean>()
  let i = 0
  for (const it of items as { str?: string; fontName?: string }[]) {
    if (!it.str) continue
    const id = it.fontName ?? ''
    if (!names.has(id)) {
      let bold = false
      try {
        const font = page.commonObjs.get(id) as { name?: string; bold?: boolean } | undefined
        bold = !!font && (font.bold === true || /bold|black|heavy|semibold/i.test(font.name ?? ''))
      } catch {
        bold = false
      }
      names.set(id, bold)
    }
    if (names.get(id)) pieces[i]!.bold = true
    i++
  }
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>
interface StructNode {
  role?: string
  type?: string
  id?: string
  children?: StructNode[]
}

/**
 * A tagged PDF by its structure tree, or null when it has none worth reading (untagged, or tags
 * holding almost none of the text). Text is gathered by marked-content id, then read in the
 * tree's order; what is outside the tree (running headers, footers, page numbers) is left out.
 */
async function readTagged(doc: PdfDocument): Promise<SourceLine[] | null> {
  const lines: SourceLine[] = []
  let tagged = 0
  let all = 0
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n)
    const tree = (await page.getStructTree()) as StructNode | null
    const content = await page.getTextContent({ includeMarkedContent: true })
    const text = new Map<string, string>()
    const stack: (string | null)[] = []
    let lastY: number | null = null
    for (const it of content.items as {
      type?: string
      id?: string
      str?: string
      hasEOL?: boolean
      transform?: number[]
    }[]) {
      if (it.type === 'beginMarkedContentProps' || it.type === 'beginMarkedContent') {
        stack.push(it.id ?? stack.at(-1) ?? null)
        continue
      }
      if (it.type === 'endMarkedContent') {
        stack.pop()
        continue
      }
      if (typeof it.str !== 'string') continue
      all += it.str.trim().length
      const id = stack.at(-1)
      if (!id) continue
      tagged += it.str.trim().length
      const y = it.transform?.[5] ?? null
      const before = text.get(id) ?? ''
      // A new line inside one tag is a wrapped line: joined with a space.
      const sep =
        before && (it.hasEOL || (lastY !== null && y !== null && Math.abs(y - lastY) > 1)) && !/[\s-]$/.test(before)
          ? ' '
          : ''
      text.set(id, before + sep + it.str)
      lastY = y
    }
    const first = lines.length
    if (tree) walk(tree, n, text, lines)
    // An element running over a page break is in both pages' trees: its two halves joined again.
    const prev = lines[first - 1]
    const next = lines[first]
    if (
      prev?.kind === 'text' &&
      next?.kind === 'text' &&
      !!prev.bullet === !!next.bullet &&
      !prev.heading &&
      !next.heading &&
      !/[.:;!?)]$/.test(prev.text) &&
      /^[a-z(‘'"“]/.test(next.text)
    ) {
      prev.text += ` ${next.text}`
      lines.splice(first, 1)
    }
    page.cleanup()
  }
  return tagged > all * 0.8 && lines.length ? lines : null
}

const collect = (node: StructNode, text: Map<string, string>): string => {
  if (node.type === 'content' && node.id) return text.get(node.id) ?? ''
  return (node.children ?? [])
    .map((c) => collect(c, text))
    .filter(Boolean)
    .join(' ')
}
const clean = (t: string) => t.replace(/\s+/g, ' ').trim()

function walk(node: StructNode, page: number, text: Map<string, string>, out: SourceLine[]) {
  const role = node.role ?? ''
  const at = `page ${page}`
  if (/^H\d?$|^Title$/.test(role)) {
    const t = clean(collect(node, text))
    if (t) out.push({ kind: 'text', text: t, at, heading: true })
    return
  }
  if (role === 'Table') {
    const rows: string[][] = []
    const rowsOf = (n: StructNode) => {
      for (const c of n.children ?? [])
        if (c.role === 'TR')
          rows.push(
            (c.children ?? []).filter((d) => d.role === 'TD' || d.role === 'TH').map((d) => clean(collect(d, text))),
          )
        else if (c.role === 'THead' || c.role === 'TBody' || c.role === 'TFoot') rowsOf(c)
    }
    rowsOf(node)
    const kept = rows.filter((r) => r.some(Boolean))
    if (kept.length) out.push({ kind: 'table', rows: kept, at })
    return
  }
  if (role === 'LI') {
    const label = (node.children ?? []).find((c) => c.role === 'Lbl')
    const body = (node.children ?? []).filter((c) => c.role !== 'Lbl')
    const lbl = label ? clean(collect(label, text)) : ''
    const t = clean(body.map((c) => collect(c, text)).join(' '))
    if (!t) return
    if (!lbl || /^[•·▪◦o*-]$/.test(lbl)) out.push({ kind: 'text', text: t, at, bullet: true })
    else out.push({ kind: 'text', text: `${lbl} ${t}`, at })
    return
  }
  if (role === 'P' || role === 'Caption' || role === 'BlockQuote' || role === 'Note') {
    // A paragraph may hold line breaks the author made: each is a line (an "Action - " line stays its own).
    const t = clean(collect(node, text))
    if (t) out.push({ kind: 'text', text: t, at })
    return
  }
  if (role === 'Figure' || role === 'Artifact') return
  const kids = node.children ?? []
  // A leaf of text directly in a grouping element: a paragraph.
  if (kids.length && kids.every((c) => c.type === 'content')) {
    const t = clean(collect(node, text))
    if (t) out.push({ kind: 'text', text: t, at })
    return
  }
  for (const c of kids) walk(c, page, text, out)
}
