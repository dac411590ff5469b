/**
 * HTML printed to PDF by Chromium (playwright-core with the system's browser, CHROMIUM_PATH):
 * tagged for screen readers, with the title and language from the document, a bookmark outline
 * from its headings, and page numbers. Where no browser is installed, PdfUnavailable says so and
 * what to do; HTML and Word still work.
 */
import { existsSync } from 'node:fs'

export class PdfUnavailable extends Error {
  constructor(path: string) {
    super(
      `PDF needs Chromium, and none was found at ${path}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome; HTML and Word downloads work without it.`,
    )
    this.name = 'PdfUnavailable'
  }
}

/** Whether a PDF can be made here. */
export function pdfAvailable(chromiumPath: string): boolean {
  return existsSync(chromiumPath)
}

/**
 * Prints a standalone HTML document to an A4 PDF, with the footer and page numbers on each page
 * (or none, `footer: null`, where the pages are numbered later, as in an agenda pack).
 */
export async function htmlToPdf(html: string, chromiumPath: string, footer: string | null): Promise<Buffer> {
  if (!pdfAvailable(chromiumPath)) throw new PdfUnavailable(chromiumPath)
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  })
  try {
    const page = await browser.newPage()
    // The document is self-contained: nothing is fetched while it prints.
    await page.route('**/*', (route) => route.abort())
    await page.setContent(html, { waitUntil: 'load' })
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      tagged: true,
      outline: true,
      displayHeaderFooter: footer !== null,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-family:Arial,sans-serif;font-size:8pt;width:100%;padding:0 14mm;display:flex;justify-content:space-between;color:#505a5f"><span>${(footer ?? '').replace(/[<>&"]/g, '')}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
    })
  } finally {
    await browser.close()
  }
}
