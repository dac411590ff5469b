// The PDF reader on a PDF with no tags (as many scanned-to-text or older exports are): reading order
// by position, two columns read left then right, running headers and footers dropped, and lines a
// paragraph wrapped joined again.
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { readPdf } from './pdf-source'
import { parseMinutes } from './parse-minutes'

async function untagged(): Promise<Buffer> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  const pages = [
    {
      left: [
        ['Present', bold],
        ['Cllr Alison Cooper (Chair)', font],
        ['Brian Dowd (Somewhere Police)', font],
        ['1. Anti-social behaviour', bold],
        ['1.1 Brian Dowd reported a rise in', font],
        ['anti-social behaviour near the', font],
        ['bus station over the summer, and', font],
        ['in the park beside the leisure', font],
        ['centre, mostly after dark, on', font],
        ['Fridays and Saturdays.', font],
      ],
      right: [
        ['1.2 The partnership noted that the', font],
        ['new lighting had helped in the', font],
        ['town centre.', font],
        ['Action - Brian Dowd', font],
        ['2. Any other business', bold],
        ['2.1 There was none.', font],
      ],
    },
    {
      left: [
        ['3. Date of next meeting', bold],
        ['3.1 The next meeting is on 8 April 2025.', font],
      ],
      right: [],
    },
  ] as const
  for (const [n, p] of pages.entries()) {
    const page = doc.addPage([595, 842])
    page.drawText('Safer Somewhere Partnership: minutes of 14 January 2025', { x: 50, y: 810, size: 9, font })
    page.drawText(`Page ${n + 1} of ${pages.length}`, { x: 270, y: 30, size: 9, font })
    const column = (lines: readonly (readonly [string, typeof font])[], x: number) =>
      lines.forEach(([text, f], i) => page.drawText(text, { x, y: 760 - i * 16, size: 11, font: f }))
    column(p.left, 50)
    column(p.right, 320)
  }
  return Buffer.from(await doc.save())
}

describe('reading a PDF without tags', () => {
  it('reads the left column before the right, drops the running header and footer, and joins wrapped lines', async () => {
    const read = await readPdf(await untagged())
    const texts = read.lines.map((l) => (l.kind === 'text' ? l.text : l.rows.map((r) => r.join(' | ')).join(' / ')))
    expect(texts.some((t) => /Safer Somewhere Partnership: minutes of|Page \d of/.test(t))).toBe(false)
    expect(texts.indexOf('Action - Brian Dowd')).toBeGreaterThan(texts.findIndex((t) => t.startsWith('1.1 ')))
    const m = parseMinutes(read)
    expect(m.items.map((i) => `${i.number} ${i.title}`)).toEqual([
      '1 Anti-social behaviour',
      '2 Any other business',
      '3 Date of next meeting',
    ])
    expect(m.attendees.map((a) => a.name)).toEqual(['Cllr Alison Cooper', 'Brian Dowd'])
    expect(m.items[0]!.paragraphs.map((p) => p.number)).toEqual(['1.1', '1.2'])
    expect(m.items[0]!.paragraphs[0]!.text).toBe(
      'Brian Dowd reported a rise in anti-social behaviour near the bus station over the summer, and in the park beside the leisure centre, mostly after dark, on Fridays and Saturdays.',
    )
    expect(m.actions.map((a) => [a.owner, a.paragraph])).toEqual([['Brian Dowd', '1.2']])
    expect(m.futureMeetings.map((f) => f.value)).toEqual(['2025-04-08'])
  })
})
