// A Word file (.docx) read into lines in reading order. Word's automatic numbering is not in a
// paragraph's text but in numbering.xml: each numbered paragraph names a numbering instance and a
// level, and its number is counted here as Word counts it (multi-level lists, restarts, start
// overrides, numbering carried by a paragraph style), so "2.1" reaches the parser as Word shows it.
// Tables stay tables; headings (by style, or a paragraph wholly in bold) are marked.
import { DOMParser, type Element } from '@xmldom/xmldom'
import JSZip from 'jszip'
import type { SourceDocument, SourceLine } from './source'

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'

interface Level {
  start: number
  format: string
  text: string
  /** The level whose change restarts this one (Word: lvlRestart), or -1 for "any higher level". */
  restart: number
}

const children = (el: Element | null | undefined, name?: string): Element[] => {
  const out: Element[] = []
  if (!el) return out
  for (let n = el.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 1 && (!name || (n as Element).localName === name)) out.push(n as Element)
  return out
}
const child = (el: Element | null | undefined, name: string) => children(el, name)[0]
const attr = (el: Element | null | undefined, name: string) =>
  el?.getAttributeNS(W, name) ?? el?.getAttribute(`w:${name}`) ?? null
const val = (el: Element | null | undefined) => attr(el, 'val')
const on = (el: Element | undefined) => !!el && !['0', 'false', 'off'].includes(val(el) ?? 'true')

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ]
  let out = ''
  for (const [v, s] of table)
    while (n >= v) {
      out += s
      n -= v
    }
  return out
}
const letters = (n: number) => {
  let s = ''
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(97 + ((n - 1) % 26)) + s
  return s
}
function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letters(n)
    case 'upperLetter':
      return letters(n).toUpperCase()
    case 'lowerRoman':
      return roman(n)
    case 'upperRoman':
      return roman(n).toUpperCase()
    case 'decimalZero':
      return String(n).padStart(2, '0')
    case 'none':
      return ''
    default:
      return String(n)
  }
}

/** Word's numbering: definitions, instances and the running counters. */
function numbering(xml: string | null, styles: Map<string, { numId: string; ilvl: number } | undefined>) {
  const abstracts = new Map<string, Level[]>()
  const nums = new Map<string, { abstract: string; starts: Map<number, number> }>()
  if (xml) {
    const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement
    for (const a of children(root ?? undefined, 'abstractNum')) {
      const levels: Level[] = []
      for (const l of children(a, 'lvl'))
        levels[Number(attr(l, 'ilvl') ?? 0)] = {
          start: Number(val(child(l, 'start')) ?? 1),
          format: val(child(l, 'numFmt')) ?? 'decimal',
          text: val(child(l, 'lvlText')) ?? '',
          restart: child(l, 'lvlRestart') ? Number(val(child(l, 'lvlRestart'))) - 1 : -1,
        }
      abstracts.set(attr(a, 'abstractNumId') ?? '', levels)
    }
    for (const n of children(root ?? undefined, 'num')) {
      const starts = new Map<number, number>()
      for (const o of children(n, 'lvlOverride')) {
        const s = child(o, 'startOverride')
        if (s) starts.set(Number(attr(o, 'ilvl') ?? 0), Number(val(s)))
      }
      nums.set(attr(n, 'numId') ?? '', { abstract: val(child(n, 'abstractNumId')) ?? '', starts })
    }
  }
  // Counters are per abstract list (instances share them) unless an instance restarts with an override.
  const counters = new Map<string, number[]>()
  return {
    /** The number Word shows for a paragraph in instance `numId` at level `ilvl`, or a bullet. */
    next(numId: string, ilvl: number): { number?: string; bullet?: boolean } {
      const num = nums.get(numId)
      if (!num || numId === '0') return {}
      const levels = abstracts.get(num.abstract) ?? []
      const level = levels[ilvl]
      if (!level) return {}
      if (level.format === 'bullet') return { bullet: true }
      const key = num.starts.size ? `num:${numId}` : `abs:${num.abstract}`
      let c = counters.get(key)
      if (!c) {
        c = levels.map((l, i) => (num.starts.get(i) ?? l?.start ?? 1) - 1)
        counters.set(key, c)
      }
      c[ilvl] = (c[ilvl] ?? level.start - 1) + 1
      for (let d = ilvl + 1; d < levels.length; d++) {
        const l = levels[d]
        if (l && (l.restart < 0 || l.restart <= ilvl)) c[d] = (num.starts.get(d) ?? l.start) - 1
      }
      const number = level.text.replace(/%(\d)/g, (_, k: string) => {
        const i = Number(k) - 1
        const l = levels[i]
        return formatNumber(Math.max(c[i] ?? 0, l ? l.start : 1), l?.format ?? 'decimal')
      })
      return { number: number.trim() }
    },
    style: (id: string | null) => (id ? styles.get(id) : undefined),
  }
}

/** Reads a .docx file's body into lines; a file that is not one says so. */
export async function readDocx(bytes: Buffer): Promise<SourceDocument> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    throw new Error('This is not a Word (.docx) file, or it is damaged: open it in Word and save it again.')
  }
  const documentXml = await zip.file('word/document.xml')?.async('string')
  if (!documentXml) throw new Error('This is not a Word (.docx) file: it has no word/document.xml.')
  const warnings: string[] = []

  // Styles: which are headings, which are bold, which carry numbering.
  const stylesXml = await zip.file('word/styles.xml')?.async('string')
  const headingStyles = new Set<string>()
  const boldStyles = new Set<string>()
  const styleNumbering = new Map<string, { numId: string; ilvl: number } | undefined>()
  if (stylesXml) {
    const root = new DOMParser().parseFromString(stylesXml, 'text/xml').documentElement
    for (const s of children(root ?? undefined, 'style')) {
      const id = attr(s, 'styleId') ?? ''
      const name = val(child(s, 'name')) ?? ''
      if (/^(?:heading\s*\d|title|subtitle)$/i.test(name) || /^(?:Heading\d|Title|Subtitle)$/.test(id))
        headingStyles.add(id)
      if (on(child(child(s, 'rPr'), 'b'))) boldStyles.add(id)
      const numPr = child(child(s, 'pPr'), 'numPr')
      if (numPr)
        styleNumbering.set(id, {
          numId: val(child(numPr, 'numId')) ?? '0',
          ilvl: Number(val(child(numPr, 'ilvl')) ?? 0),
        })
    }
  }
  const numbers = numbering((await zip.file('word/numbering.xml')?.async('string')) ?? null, styleNumbering)

  for (const name of Object.keys(zip.files).filter((n) => /^word\/header\d*\.xml$/.test(n))) {
    const text = ((await zip.file(name)?.async('string')) ?? '').replace(/<[^>]+>/g, ' ')
    if (/\bDRAFT\b/i.test(text)) warnings.push('The page header says DRAFT: check these are the approved minutes.')
  }

  const doc = new DOMParser().parseFromString(documentXml, 'text/xml').documentElement
  const body = child(doc ?? undefined, 'body')
  const lines: SourceLine[] = []
  let paragraphs = 0

  const runText = (p: Element): { text: string; bold: boolean } => {
    let text = ''
    let chars = 0
    let boldChars = 0
    const style = val(child(child(p, 'pPr'), 'pStyle'))
    const walk = (el: Element) => {
      for (const c of children(el)) {
        const n = c.localName
        if (n === 'r') {
          const rPr = child(c, 'rPr')
          const bold =
            on(child(rPr, 'b')) ||
            (!child(rPr, 'b') && (boldStyles.has(style ?? '') || boldStyles.has(val(child(rPr, 'rStyle')) ?? '')))
          for (const t of children(c)) {
            if (t.localName === 't') {
              const s = t.textContent ?? ''
              text += s
              chars += s.trim().length
              if (bold) boldChars += s.trim().length
            } else if (t.localName === 'tab') text += ' '
            else if (t.localName === 'br' || t.localName === 'cr') text += '\n'
            else if (t.localName === 'noBreakHyphen') text += '-'
          }
        } else if (
          n === 'hyperlink' ||
          n === 'smartTag' ||
          n === 'ins' ||
          n === 'sdt' ||
          n === 'sdtContent' ||
          n === 'fldSimple'
        )
          walk(c)
        // w:del (tracked deletions) are left out.
      }
    }
    walk(p)
    return { text, bold: chars > 0 && boldChars === chars }
  }

  const paragraph = (p: Element) => {
    paragraphs++
    const at = `paragraph ${paragraphs}`
    const pPr = child(p, 'pPr')
    const style = val(child(pPr, 'pStyle'))
    const numPr = child(pPr, 'numPr')
    const fromStyle = numbers.style(style)
    const numId = numPr ? (val(child(numPr, 'numId')) ?? fromStyle?.numId) : fromStyle?.numId
    const ilvl = numPr && child(numPr, 'ilvl') ? Number(val(child(numPr, 'ilvl'))) : (fromStyle?.ilvl ?? 0)
    const { text, bold } = runText(p)
    const n = numId ? numbers.next(numId, ilvl) : {}
    const heading = headingStyles.has(style ?? '') || bold
    const parts = text
      .split('\n')
      .map((t) => t.trim())
      .filter(Boolean)
    parts.forEach((t, i) =>
      lines.push({
        kind: 'text',
        text: t,
        at,
        ...(i === 0 && n.number ? { number: n.number, level: ilvl } : {}),
        ...(i === 0 && n.bullet ? { bullet: true, level: ilvl } : {}),
        ...(heading ? { heading: true } : {}),
      }),
    )
  }

  const cellText = (tc: Element): string => {
    const out: string[] = []
    const walk = (el: Element) => {
      for (const c of children(el)) {
        if (c.localName === 'p') {
          const t = runText(c).text.replace(/\s+/g, ' ').trim()
          if (t) out.push(t)
        } else if (
          c.localName === 'tbl' ||
          c.localName === 'tr' ||
          c.localName === 'tc' ||
          c.localName === 'sdt' ||
          c.localName === 'sdtContent'
        )
          walk(c)
      }
    }
    walk(tc)
    return out.join(' ')
  }

  const walkBody = (el: Element) => {
    for (const c of children(el)) {
      if (c.localName === 'p') paragraph(c)
      else if (c.localName === 'tbl') {
        paragraphs++
        const rows = children(c, 'tr')
          .map((tr) => children(tr, 'tc').map(cellText))
          .filter((r) => r.some(Boolean))
        if (rows.length) lines.push({ kind: 'table', rows, at: `table at paragraph ${paragraphs}` })
      } else if (c.localName === 'sdt') walkBody(child(c, 'sdtContent')!)
    }
  }
  if (body) walkBody(body)
  return { lines, warnings }
}
