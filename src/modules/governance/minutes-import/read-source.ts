// Any file of minutes into lines: a PDF, a Word file, plain text, or a zip of many (each file in it
// read in turn). Recognised by their bytes, never by the name alone.
import JSZip from 'jszip'
import { readDocx } from './docx-source'
import { readPdf } from './pdf-source'
import { readText, type SourceDocument } from './source'

export type SourceFormat = 'pdf' | 'docx' | 'text'

export interface SourceFile {
  name: string
  bytes: Buffer
}

/** What a file is, from its first bytes. */
export async function formatOf(f: SourceFile): Promise<SourceFormat | 'zip'> {
  if (f.bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf'
  if (f.bytes.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') {
    const zip = await JSZip.loadAsync(f.bytes).catch(() => null)
    if (!zip) throw new Error(`${f.name} looks like a zip or Office file but cannot be opened. Save it again.`)
    if (zip.file('word/document.xml')) return 'docx'
    if (zip.file('xl/workbook.xml') || zip.file('content.xml'))
      throw new Error(`${f.name} is a spreadsheet or OpenDocument file: save the minutes as Word (.docx), PDF or text.`)
    return 'zip'
  }
  if (f.bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    throw new Error(`${f.name} is an old Word (.doc) file: open it in Word and save it as .docx, or as PDF.`)
  const text = f.bytes.toString('utf8')
  const head = f.bytes.subarray(0, 4096)
  const binary = head.some((b) => b < 9 || (b > 13 && b < 32 && b !== 27))
  if (text.includes('\uFFFD') || binary)
    throw new Error(`${f.name} is not text, Word (.docx) or PDF. Save the minutes as one of those.`)
  return 'text'
}

/** The files inside a zip that can hold minutes, in name order (folders and hidden files skipped). */
export async function filesInZip(f: SourceFile): Promise<SourceFile[]> {
  const zip = await JSZip.loadAsync(f.bytes)
  const names = Object.keys(zip.files)
    .filter((n) => !zip.files[n]!.dir && !/(^|\/)(\.|__MACOSX\/)/.test(n) && /\.(?:docx|pdf|txt|text|md)$/i.test(n))
    .sort()
  const out: SourceFile[] = []
  for (const n of names) out.push({ name: `${f.name}/${n}`, bytes: await zip.file(n)!.async('nodebuffer') })
  return out
}

/** Reads one file of minutes (not a zip) into lines. */
export async function readSource(f: SourceFile): Promise<{ format: SourceFormat; doc: SourceDocument }> {
  const format = await formatOf(f)
  if (format === 'zip') throw new Error(`${f.name} is a zip: its files are read one by one.`)
  const doc =
    format === 'pdf'
      ? await readPdf(f.bytes)
      : format === 'docx'
        ? await readDocx(f.bytes)
        : readText(f.bytes.toString('utf8'))
  return { format, doc }
}
