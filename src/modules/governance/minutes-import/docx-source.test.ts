// Word's automatic numbering is not in a paragraph's text: the reader counts it from numbering.xml
// as Word shows it, across levels, with a restart and bullets, beside typed text and a table.
import { Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'
import { describe, expect, it } from 'vitest'
import { readDocx } from './docx-source'
import { parseMinutes } from './parse-minutes'

const cell = (t: string) => new TableCell({ children: [new Paragraph(t)] })

async function numbered(): Promise<Buffer> {
  const item = (text: string) =>
    new Paragraph({ numbering: { reference: 'minutes', level: 0 }, children: [new TextRun({ text, bold: true })] })
  const para = (text: string) => new Paragraph({ numbering: { reference: 'minutes', level: 1 }, text })
  const bullet = (text: string) => new Paragraph({ numbering: { reference: 'dots', level: 0 }, text })
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'minutes',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', start: 1 },
            { level: 1, format: LevelFormat.DECIMAL, text: '%1.%2', start: 1 },
          ],
        },
        { reference: 'dots', levels: [{ level: 0, format: LevelFormat.BULLET, text: '•' }] },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph('Safer Somewhere Partnership'),
          new Paragraph('Minutes of the meeting held on 5 February 2025 at 10am'),
          new Paragraph({ children: [new TextRun({ text: 'Present', bold: true })] }),
          new Table({
            rows: [
              new TableRow({ children: [cell('Name'), cell('Agency')] }),
              new TableRow({ children: [cell('Ian Denness'), cell('Dorset Council')] }),
              new TableRow({ children: [cell('Brian Dowd'), cell('Somewhere Police')] }),
            ],
          }),
          item('Minutes and matters arising'),
          para('The minutes of the last meeting were agreed.'),
          item('Anti-social behaviour'),
          para('Brian Dowd reported on the town centre.'),
          bullet('dispersal orders'),
          bullet('new lighting'),
          new Paragraph({ children: [new TextRun({ text: 'Action - Brian Dowd', bold: true })] }),
          para('It was agreed that the hotspots be mapped each quarter.'),
          item('Any other business'),
          para('None.'),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}

describe('reading a Word file', () => {
  it('counts automatic numbers across levels, restarts the second level under each item, and keeps bullets and tables', async () => {
    const read = await readDocx(await numbered())
    const numbers = read.lines.flatMap((l) => (l.kind === 'text' && l.number ? [l.number] : []))
    expect(numbers).toEqual(['1.', '1.1', '2.', '2.1', '2.2', '3.', '3.1'])
    expect(
      read.lines.filter((l) => l.kind === 'text' && l.bullet).map((l) => (l.kind === 'text' ? l.text : '')),
    ).toEqual(['dispersal orders', 'new lighting'])
    expect(read.lines.find((l) => l.kind === 'table')).toMatchObject({
      rows: [
        ['Name', 'Agency'],
        ['Ian Denness', 'Dorset Council'],
        ['Brian Dowd', 'Somewhere Police'],
      ],
    })

    const m = parseMinutes(read)
    expect(m.date?.value).toBe('2025-02-05')
    expect(m.time?.value).toBe('10:00')
    expect(m.attendees.map((a) => `${a.name} (${a.agency})`)).toEqual([
      'Ian Denness (Dorset Council)',
      'Brian Dowd (Somewhere Police)',
    ])
    expect(m.items.map((i) => `${i.number} ${i.title}`)).toEqual([
      '1 Minutes and matters arising',
      '2 Anti-social behaviour',
      '3 Any other business',
    ])
    expect(m.items[1]!.paragraphs.map((p) => p.number)).toEqual(['2.1', '2.2'])
    expect(m.items[1]!.paragraphs[0]!.text).toBe(
      'Brian Dowd reported on the town centre.\n- dispersal orders\n- new lighting\nAction - Brian Dowd',
    )
    expect(m.actions.map((a) => [a.owner, a.paragraph])).toEqual([['Brian Dowd', '2.1']])
    expect(m.decisions.map((d) => d.paragraph)).toEqual(['1.1', '2.2'])
  })
})
