import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import type { MinutesService } from './minutes.service'
import { agendaOpening, itemDetailsText } from './minutes-document'
import { paperLines, type AgendaPapers } from './minutes-html'

type MinutesDocument = Awaited<ReturnType<MinutesService['document']>>

const FONT = 'Arial'
const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '505A5F' }
const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder }

function cell(text: string, header = false): TableCell {
  return new TableCell({
    borders,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    children: [new Paragraph({ children: [new TextRun({ text, bold: header, font: FONT })] })],
  })
}

function nameAgencyTable(rows: { name: string; agency: string }[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [4000, 5000],
    rows: [
      new TableRow({ tableHeader: true, children: [cell('Name', true), cell('Agency', true)] }),
      ...rows.map((r) => new TableRow({ children: [cell(r.name), cell(r.agency)] })),
    ],
  })
}

function body(text: string, opts: { bold?: boolean; indent?: boolean } = {}): Paragraph {
  return new Paragraph({
    spacing: { after: 120 },
    indent: opts.indent ? { left: 720 } : undefined,
    children: [new TextRun({ text, bold: opts.bold, font: FONT })],
  })
}

/**
 * What a meeting's document is, as its title says: the agenda of a meeting still to be held, or
 * of one with no minutes written yet (paragraphs generated for the agenda — matters arising,
 * forward-plan items — are not minutes); then draft minutes until they are approved.
 */
export function documentKind(doc: Pick<MinutesDocument, 'meeting' | 'items'>): 'Agenda' | 'Draft minutes' | 'Minutes' {
  const hasMinutes = doc.items.some((i) => i.paragraphs.some((p) => p.source === 'written'))
  if (!hasMinutes || doc.meeting.status === 'scheduled') return 'Agenda'
  return doc.meeting.minutes_status === 'approved' || doc.meeting.minutes_status === 'published'
    ? 'Minutes'
    : 'Draft minutes'
}

/**
 * The minutes (or agenda) as a Word document in the reference minutes' own layout: the three
 * attendance tables, apologies, "No n." items with numbered paragraphs, bullets, and bold
 * "Action - Name" lines where the actions fall, then future meeting dates.
 */
export async function minutesDocx(
  doc: MinutesDocument,
  partnershipName: string,
  listed: AgendaPapers = {},
): Promise<Buffer> {
  const m = doc.meeting
  const kind = documentKind(doc)
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: partnershipName, font: FONT })] }),
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      children: [new TextRun({ text: `${kind}: ${m.title}`, font: FONT })],
    }),
    body(
      `${m.dateText}${m.start_time ? ` at ${m.start_time}` : ''}${m.online_platform ? `, ${m.online_platform}` : ''}${m.venue ? `, ${m.venue}` : ''}`,
    ),
  ]
  if (m.date_note) children.push(body(m.date_note))

  if (doc.attendance.presentCount > 0) {
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: 'Attendance', font: FONT })] }),
    )
    for (const g of doc.attendance.groups) {
      if (g.people.length === 0) continue
      children.push(
        nameAgencyTable(g.people.map((p) => ({ name: p.displayName, agency: p.label }))),
        new Paragraph({ text: '' }),
      )
    }
  }
  const opening = kind === 'Agenda' ? agendaOpening(doc) : null
  if (opening)
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: opening.title, font: FONT })] }),
      body(opening.text),
    )
  else if (doc.attendance.apologies.length > 0) {
    children.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: 'Apologies', font: FONT })] }),
    )
    for (const p of doc.attendance.apologies) {
      children.push(
        new Paragraph({
          numbering: { reference: 'bullets', level: 0 },
          children: [new TextRun({ text: `${p.displayName} (${p.affiliation})`, font: FONT })],
        }),
      )
    }
  }

  children.push(
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: 'Item', font: FONT })] }),
  )
  for (const item of doc.items) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_3,
        children: [new TextRun({ text: `No ${item.number}. ${item.title}`, font: FONT })],
      }),
    )
    const details = itemDetailsText(item)
    if (details) children.push(body(details))
    const papers = paperLines(listed, item.id)
    if (papers.length)
      children.push(
        body(
          `${papers.length === 1 ? 'Paper' : 'Papers'}: ${papers.map((p) => `${p.text}${p.exempt ? ` Not for publication${p.reason ? `: ${p.reason}` : ''}` : ''}`).join('; ')}`,
        ),
      )
    for (const p of item.paragraphs) {
      if (p.heading) children.push(body(p.heading, { bold: true }))
      let first = true
      for (const b of p.blocks) {
        if (b.kind === 'text') {
          const lead = first ? `${p.number}\t${p.cites ? `${p.cites} ` : ''}` : ''
          children.push(
            new Paragraph({
              spacing: { after: 120 },
              indent: { left: 720, hanging: first ? 720 : 0 },
              children: [
                ...(lead ? [new TextRun({ text: lead, bold: true, font: FONT })] : []),
                new TextRun({ text: b.text, font: FONT }),
              ],
            }),
          )
        } else if (b.kind === 'bullets') {
          if (first) children.push(body(`${p.number}${p.cites ? ` ${p.cites}` : ''}`, { bold: true }))
          for (const i of b.items)
            children.push(
              new Paragraph({
                numbering: { reference: 'bullets', level: 1 },
                children: [new TextRun({ text: i, font: FONT })],
              }),
            )
        } else {
          if (first) children.push(body(`${p.number}${p.cites ? ` ${p.cites}` : ''}`, { bold: true }))
          children.push(
            new Paragraph({
              alignment: AlignmentType.RIGHT,
              spacing: { after: 160 },
              children: [
                new TextRun({ text: `Action - ${b.ownersText}${b.task ? `: ${b.task}` : ''}`, bold: true, font: FONT }),
              ],
            }),
          )
        }
        first = false
      }
    }
  }

  if (doc.futureMeetings.length) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        children: [new TextRun({ text: 'Future Meeting Dates', font: FONT })],
      }),
    )
    for (const f of doc.futureMeetings) children.push(body(f.text))
    if (doc.platformLine) children.push(body(doc.platformLine))
  }

  const document = new Document({
    creator: 'csp-hub',
    title: `${partnershipName}: ${kind} ${m.dateText}`,
    description: `${kind} of ${m.title}`,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '•',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 360, hanging: 360 } } },
            },
            {
              level: 1,
              format: LevelFormat.BULLET,
              text: '•',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 1080, hanging: 360 } } },
            },
          ],
        },
      ],
    },
    sections: [{ children }],
  })
  return Packer.toBuffer(document)
}
