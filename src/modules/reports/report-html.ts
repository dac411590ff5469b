// A report's blocks as HTML: the fragment the web page shows, and the standalone document that is
// downloaded and printed to PDF (its own print styles: A4, headers repeated, rows never split).
import { escapeHtml as e } from '../../web/views'
import type { Block, Cell } from './report-layout'
import { printDocument } from '../../web/print-document'

const cell = (c: Cell) => (c.href ? `<a class="govuk-link" href="${e(c.href)}">${e(c.text)}</a>` : e(c.text))

/** The blocks as HTML with GOV.UK Design System classes (they read the same printed without them). */
export function blocksToHtml(blocks: readonly Block[]): string {
  const out: string[] = []
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading': {
        const size = b.level === 1 ? 'xl' : b.level === 2 ? 'l' : 'm'
        out.push(
          `<h${b.level} class="govuk-heading-${size}"${b.id ? ` id="${e(b.id)}"` : ''}>${e(b.text)}</h${b.level}>`,
        )
        break
      }
      case 'paragraph':
        out.push(`<p class="govuk-body">${e(b.text)}</p>`)
        break
      case 'headlines':
        out.push(
          `<ul class="govuk-list govuk-list--bullet csp-headlines">${b.items
            .map(
              (h) =>
                `<li id="headline-${e(h.id)}"><span class="csp-headline">${e(h.text)}</span> <span class="govuk-body-s csp-figures">(${e(h.figures)}. Rule: ${e(h.rule)}${h.href ? `; <a class="govuk-link" href="${e(h.href)}">see the section</a>` : ''})</span></li>`,
            )
            .join('')}</ul>`,
        )
        break
      case 'variation':
        out.push(
          `<table class="govuk-table csp-variation"><caption class="govuk-table__caption govuk-table__caption--s">Variation and assurance of each tracked measure (Making Data Count)</caption><thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Measure</th><th scope="col" class="govuk-table__header">Variation</th><th scope="col" class="govuk-table__header">Assurance</th></tr></thead><tbody class="govuk-table__body">${b.rows
            .map(
              (r) =>
                `<tr class="govuk-table__row"><th scope="row" class="govuk-table__header"><a class="govuk-link" href="${e(r.href)}">${e(r.label)}</a></th><td class="govuk-table__cell"><span class="csp-icon">${r.icon}</span> ${e(r.variation)}</td><td class="govuk-table__cell">${e(r.assurance)}</td></tr>`,
            )
            .join('')}</tbody></table>`,
        )
        break
      case 'table':
        out.push(
          `<table class="govuk-table${b.rows.length <= KEEP_WHOLE ? ' csp-keep' : ''}"><caption class="govuk-table__caption govuk-table__caption--s">${e(b.caption)}</caption><thead class="govuk-table__head"><tr class="govuk-table__row">${b.head
            .map(
              (h, i) =>
                `<th scope="col" class="govuk-table__header${b.numeric[i] ? ' govuk-table__header--numeric' : ''}">${e(h)}</th>`,
            )
            .join('')}</tr></thead><tbody class="govuk-table__body">${b.rows
            .map(
              (r) =>
                `<tr class="govuk-table__row">${r
                  .map((c, i) =>
                    i === 0
                      ? `<th scope="row" class="govuk-table__header">${cell(c)}</th>`
                      : `<td class="govuk-table__cell${b.numeric[i] ? ' govuk-table__cell--numeric' : ''}">${cell(c)}</td>`,
                  )
                  .join('')}</tr>`,
            )
            .join('')}</tbody></table>`,
        )
        break
      case 'chart':
        out.push(
          `<figure class="csp-report-chart${b.map ? ' csp-report-map' : ''}">${b.svg}<figcaption class="govuk-body-s">${e(b.alt)}</figcaption></figure>`,
        )
        break
      case 'notes':
        out.push(
          `<h2 class="govuk-heading-m" id="about">${e(b.title)}</h2><ul class="govuk-list govuk-list--bullet">${b.items
            .map((x) => `<li>${e(x)}</li>`)
            .join('')}</ul>`,
        )
        break
    }
  }
  return out.join('\n')
}

/** Tables this short are kept on one page in print; longer ones break between rows, their headers repeated. */
const KEEP_WHOLE = 15

/** The report as a document of its own: downloaded as HTML, and what Chromium prints to PDF. */
export function reportDocument(title: string, blocks: readonly Block[]): string {
  return printDocument(title, blocksToHtml(blocks))
}
