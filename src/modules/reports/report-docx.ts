// A report's blocks as a Word document: real headings and tables, each chart an image with its
// alternative text, beside the table of its figures.
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  Bookmark,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  Footer,
  PageNumber,
} from 'docx'
import { Resvg } from '@resvg/resvg-js'
import type { Block, Cell } from './report-layout'

const FONT = 'Arial'
const line = { style: BorderStyle.SINGLE, size: 4, color: 'B1B4B6' }
const borders = { top: line, bottom: line, left: line, right: line }

function text(t: string, o: { bold?: boolean; size?: number; colour?: string } = {}): TextRun {
  return new TextRun({ text: t, bold: o.bold, font: FONT, size: o.size, color: o.colour })
}

function cellOf(c: Cell, header: boolean, numeric: boolean): TableCell {
  const run = text(c.text, { bold: header })
  const anchor = c.href?.startsWith('#') ? c.href.slice(1) : null
  return new TableCell({
    borders,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [
      new Paragraph({
        alignment: numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [anchor ? new InternalHyperlink({ anchor, children: [run] }) : run],
      }),
    ],
  })
}

function table(caption: string, head: readonly string[], rows: readonly Cell[][], numeric: readonly boolean[]) {
  return [
    new Paragraph({ spacing: { before: 120, after: 60 }, children: [text(caption, { bold: true })] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: head.map((h, i) => cellOf({ text: h }, true, numeric[i] ?? false)),
        }),
        ...rows.map(
          (r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cellOf(c, i === 0, numeric[i] ?? false)) }),
        ),
      ],
    }),
  ]
}

/** A chart's SVG as a PNG Word can show (system fonts, Liberation Sans for Arial). */
function png(svg: string, width: number): Buffer {
  return new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' },
  })
    .render()
    .asPng()
}

const headingLevels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const

export async function reportDocx(title: string, blocks: readonly Block[], footer: string): Promise<Buffer> {
  const children: (Paragraph | Table)[] = []
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        children.push(
          new Paragraph({
            heading: b.level === 1 ? HeadingLevel.TITLE : headingLevels[b.level],
            children: b.id ? [new Bookmark({ id: b.id, children: [text(b.text)] })] : [text(b.text)],
          }),
        )
        break
      case 'paragraph':
        children.push(new Paragraph({ spacing: { after: 120 }, children: [text(b.text)] }))
        break
      case 'headlines':
        for (const h of b.items)
          children.push(
            new Paragraph({
              bullet: { level: 0 },
              spacing: { after: 80 },
              children: [text(h.text), text(` (${h.figures}. Rule: ${h.rule})`, { size: 18, colour: '505A5F' })],
            }),
          )
        break
      case 'variation':
        children.push(
          ...table(
            'Variation and assurance of each tracked measure (Making Data Count)',
            ['Measure', 'Variation', 'Assurance'],
            b.rows.map((r) => [{ text: r.label, href: r.href }, { text: r.variation }, { text: r.assurance }]),
            [false, false, false],
          ),
        )
        break
      case 'table':
        children.push(...table(b.caption, b.head, b.rows, b.numeric))
        break
      case 'chart':
        children.push(
          new Paragraph({
            keepNext: true,
            children: [
              new ImageRun({
                type: 'png',
                data: png(b.svg, 1520),
                transformation: { width: 600, height: 260 },
                altText: { title: b.title, description: b.alt, name: b.id },
              }),
            ],
          }),
          new Paragraph({ spacing: { after: 120 }, children: [text(b.alt, { size: 18, colour: '505A5F' })] }),
        )
        break
      case 'notes':
        children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [text(b.title)] }))
        for (const x of b.items) children.push(new Paragraph({ bullet: { level: 0 }, children: [text(x)] }))
        break
    }
  }
  const doc = new Document({
    title,
    creator: 'csp-hub',
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                children: [
                  text(`${footer}    Page `, { size: 16 }),
                  new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 16 }),
                  text(' of ', { size: 16 }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], font: FONT, size: 16 }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  })
  return Packer.toBuffer(doc)
}
