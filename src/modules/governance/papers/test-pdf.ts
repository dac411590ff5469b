// Test support: a real PDF of some pages, each saying its text and its page.
import { PDFDocument, StandardFonts } from 'pdf-lib'

export async function samplePdf(text: string, pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  for (let i = 1; i <= pages; i++) doc.addPage().drawText(`${text}, page ${i}`, { x: 72, y: 700, size: 14, font })
  return Buffer.from(await doc.save())
}
