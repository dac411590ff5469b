import { initAll } from '/javascripts/govuk-frontend.min.js'
initAll()

// Wide tables scroll inside their own box on a narrow screen (WCAG 1.4.10 lets data tables scroll)
// rather than widening the page: each in a region a keyboard can reach and scroll, named by its caption.
for (const table of document.querySelectorAll('table.govuk-table:not(.csp-table--stack)')) {
  if (table.parentElement?.classList.contains('csp-table-scroll')) continue
  const box = document.createElement('div')
  box.className = 'csp-table-scroll'
  box.setAttribute('role', 'region')
  box.setAttribute('tabindex', '0')
  const caption = table.querySelector('caption')?.textContent?.trim()
  box.setAttribute('aria-label', caption ? `Table: ${caption}` : 'Table')
  table.parentNode.insertBefore(box, table)
  box.appendChild(table)
}
