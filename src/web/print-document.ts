// A standalone HTML document for printing and for Chromium's print to PDF: system fonts (not GDS
// Transport: csp-hub is not a GOV.UK service), A4 pages, headings kept with what follows, table
// headers repeated and rows kept whole.
import { escapeHtml as e } from './views'

/** Print styles of standalone documents (reports, minutes, agendas): system fonts (not GDS Transport), A4, tables that print well. */
export const PRINT_CSS = `
body{font-family:Arial,"Helvetica Neue",Helvetica,sans-serif;color:#0b0c0c;font-size:11pt;line-height:1.4;margin:0 auto;max-width:1000px;padding:16px}
h1{font-size:22pt;margin:0 0 8pt}h2{font-size:16pt;margin:18pt 0 6pt;break-after:avoid}h3{font-size:13pt;break-after:avoid}
a{color:#1d70b8}
table{border-collapse:collapse;width:100%;margin:6pt 0 12pt;font-size:10pt}
caption{text-align:left;font-weight:700;padding-bottom:4pt;break-after:avoid}
table.csp-keep{break-inside:avoid}h1,h2,h3{break-after:avoid}
th,td{border-bottom:1px solid #b1b4b6;padding:4pt 6pt;text-align:left;vertical-align:top}
.govuk-table__header--numeric,.govuk-table__cell--numeric{text-align:right}
thead{display:table-header-group}tr{break-inside:avoid}
figure{margin:6pt 0;break-inside:avoid}figure svg{width:100%;height:auto;max-height:90mm}.csp-report-map svg{max-height:235mm}
figcaption{font-size:9pt;color:#505a5f}
.csp-figures{color:#505a5f;font-size:9pt}.csp-icon svg{vertical-align:middle}
ul{padding-left:18pt}li{margin-bottom:4pt}
@page{size:A4;margin:16mm 14mm 18mm}
@media print{body{padding:0;max-width:none}a{color:#0b0c0c;text-decoration:none}}
`

/** A titled, self-contained HTML document (no external fetch) around a body. */
export function printDocument(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
}
