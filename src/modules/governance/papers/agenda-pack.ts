// The agenda pack: one PDF of the agenda followed by each PDF paper in agenda order, numbered
// through ("Page 7 of 31" on every page) with a bookmark for the agenda and each paper (pdf-lib).
import {
  PDFArray,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  StandardFonts,
  rgb,
  type PDFRef,
} from 'pdf-lib'

export interface PackSection {
  /** The bookmark: "No 2. Performance Measures Report: Quarterly partnership report". */
  bookmark: string
  pdf: Uint8Array
}

export async function agendaPack(
  agenda: { bookmark: string; pdf: Uint8Array },
  papers: readonly PackSection[],
  meta: { title: string; footer: string },
): Promise<Buffer> {
  const out = await PDFDocument.create()
  out.setTitle(meta.title, { showInWindowTitleBar: true })
  out.setLanguage('en-GB')
  out.setCreator('csp-hub')
  const marks: { title: string; page: number }[] = []
  for (const section of [agenda, ...papers]) {
    const src = await PDFDocument.load(section.pdf, { ignoreEncryption: true, updateMetadata: false })
    const pages = await out.copyPages(src, src.getPageIndices())
    marks.push({ title: section.bookmark, page: out.getPageCount() })
    for (const p of pages) out.addPage(p)
  }
  // Numbered through, in the bottom margin, on every page.
  const font = await out.embedFont(StandardFonts.Helvetica)
  const total = out.getPageCount()
  out.getPages().forEach((page, i) => {
    const text = `${meta.footer} · Page ${i + 1} of ${total}`
    const size = 8
    const { width } = page.getSize()
    const w = font.widthOfTextAtSize(text, size)
    page.drawRectangle({ x: (width - w) / 2 - 4, y: 6, width: w + 8, height: size + 6, color: rgb(1, 1, 1) })
    page.drawText(text, { x: (width - w) / 2, y: 9, size, font, color: rgb(0.2, 0.2, 0.2) })
  })
  addOutline(
    out,
    marks.map((m) => ({ title: m.title, ref: out.getPage(m.page).ref })),
  )
  // Without object streams: the outline and page tree stay readable to older readers and tools.
  return Buffer.from(await out.save({ useObjectStreams: false }))
}

/** A flat bookmark outline (pdf-lib has no API for one): each entry opens its first page. */
function addOutline(doc: PDFDocument, entries: readonly { title: string; ref: PDFRef }[]): void {
  if (!entries.length) return
  const ctx = doc.context
  const outlinesRef = ctx.nextRef()
  const refs = entries.map(() => ctx.nextRef())
  entries.forEach((e, i) => {
    const dest = PDFArray.withContext(ctx)
    dest.push(e.ref)
    dest.push(PDFName.of('XYZ'))
    dest.push(PDFNull)
    dest.push(PDFNull)
    dest.push(PDFNull)
    const item = ctx.obj({})
    item.set(PDFName.of('Title'), PDFHexString.fromText(e.title))
    item.set(PDFName.of('Parent'), outlinesRef)
    item.set(PDFName.of('Dest'), dest)
    if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]!)
    if (i < entries.length - 1) item.set(PDFName.of('Next'), refs[i + 1]!)
    ctx.assign(refs[i]!, item)
  })
  const outlines = ctx.obj({})
  outlines.set(PDFName.of('Type'), PDFName.of('Outlines'))
  outlines.set(PDFName.of('First'), refs[0]!)
  outlines.set(PDFName.of('Last'), refs[refs.length - 1]!)
  outlines.set(PDFName.of('Count'), PDFNumber.of(entries.length))
  ctx.assign(outlinesRef, outlines)
  doc.catalog.set(PDFName.of('Outlines'), outlinesRef)
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
}
