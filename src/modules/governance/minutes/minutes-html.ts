// The minutes (or agenda) as a standalone print document, in the same layout as the Word file:
// what Chromium prints to PDF. Only what the reader may see is in the document it is given.
import { escapeHtml as e } from '../../../web/views'
import { printDocument } from '../../../web/print-document'
import { documentKind } from './minutes.docx'
import { agendaOpening, itemDetailsText } from './minutes-document'
import type { MinutesService } from './minutes.service'

type MinutesDocument = Awaited<ReturnType<MinutesService['document']>>

const MINUTES_CSS = `<style>.csp-para{display:flex;gap:10pt;margin:0 0 6pt}.csp-para>b{min-width:28pt}
.csp-action{text-align:right;font-weight:700;margin:0 0 8pt}.csp-caption{color:#505a5f;margin:0}</style>`

/** What an agenda lists under each item: its papers, and the board reports attached to it. */
export interface AgendaPapers {
  papers?: readonly {
    itemId: string
    title: string
    format: string
    pdf: boolean
    notForPublication: boolean
    reason: string | null
  }[]
  reports?: readonly { itemId: string; title: string }[]
  /** Printed as the first part of an agenda pack: says which papers follow in it. */
  pack?: boolean
}

export function minutesHtml(
  doc: MinutesDocument,
  partnershipName: string,
  listed: AgendaPapers = {},
): { title: string; html: string } {
  const m = doc.meeting
  const kind = documentKind(doc)
  const title = `${kind}: ${m.title}, ${m.dateText}`
  const out: string[] = [
    MINUTES_CSS,
    `<p class="csp-caption">${e(partnershipName)}</p>`,
    `<h1>${e(`${kind}: ${m.title}`)}</h1>`,
    `<p>${e(`${m.dateText}${m.start_time ? ` at ${m.start_time}` : ''}${m.online_platform ? `, ${m.online_platform}` : ''}${m.venue ? `, ${m.venue}` : ''}`)}</p>`,
  ]
  if (m.date_note) out.push(`<p>${e(m.date_note)}</p>`)
  if (doc.attendance.presentCount > 0) {
    out.push('<h2>Attendance</h2>')
    for (const g of doc.attendance.groups) {
      if (!g.people.length) continue
      out.push(
        `<table class="csp-keep"><caption>${e(g.label)}</caption><thead><tr><th scope="col">Name</th><th scope="col">Agency</th></tr></thead><tbody>${g.people
          .map((p) => `<tr><td>${e(p.displayName)}</td><td>${e(p.label)}</td></tr>`)
          .join('')}</tbody></table>`,
      )
    }
  }
  if (kind === 'Agenda') {
    const opening = agendaOpening(doc)
    out.push(`<h2>${e(opening.title)}</h2>`, `<p>${e(opening.text)}</p>`)
  } else if (doc.attendance.apologies.length)
    out.push(
      `<h2>Apologies</h2><ul>${doc.attendance.apologies.map((p) => `<li>${e(`${p.displayName} (${p.affiliation})`)}</li>`).join('')}</ul>`,
    )
  for (const item of doc.items) {
    out.push(`<h2>${e(`No ${item.number}. ${item.title}`)}</h2>`)
    const details = itemDetailsText(item)
    if (details) out.push(`<p class="csp-caption">${e(details)}</p>`)
    const papers = paperLines(listed, item.id).map(
      (l) =>
        `${e(l.text)}${l.exempt ? ` <strong>Not for publication</strong>${l.reason ? `: ${e(l.reason)}` : ''}` : ''}`,
    )
    if (papers.length)
      out.push(`<p class="csp-papers">${papers.length === 1 ? 'Paper' : 'Papers'}: ${papers.join('; ')}</p>`)
    for (const p of item.paragraphs) {
      if (p.heading) out.push(`<h3>${e(p.heading)}</h3>`)
      let first = true
      for (const b of p.blocks) {
        const lead = first ? `<b>${e(p.number)}</b>` : '<b></b>'
        const cites = first && p.cites ? `${e(p.cites)} ` : ''
        if (b.kind === 'text') out.push(`<p class="csp-para">${lead}<span>${cites}${e(b.text)}</span></p>`)
        else if (b.kind === 'bullets') {
          if (first) out.push(`<p class="csp-para">${lead}<span>${cites}</span></p>`)
          out.push(`<ul>${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`)
        } else {
          if (first) out.push(`<p class="csp-para">${lead}<span>${cites}</span></p>`)
          out.push(`<p class="csp-action">${e(`Action - ${b.ownersText}${b.task ? `: ${b.task}` : ''}`)}</p>`)
        }
        first = false
      }
    }
  }
  if (doc.futureMeetings.length) {
    out.push('<h2>Future Meeting Dates</h2>')
    for (const f of doc.futureMeetings) out.push(`<p>${e(f.text)}</p>`)
    if (doc.platformLine) out.push(`<p>${e(doc.platformLine)}</p>`)
  }
  return { title: `${partnershipName}: ${title}`, html: printDocument(`${partnershipName}: ${title}`, out.join('\n')) }
}

/** The papers an agenda lists under an item, in words: "Title (PDF, 3 pages, in this pack)". */
export function paperLines(
  listed: AgendaPapers,
  itemId: string,
): { text: string; exempt: boolean; reason: string | null }[] {
  return [
    ...(listed.reports ?? [])
      .filter((r) => r.itemId === itemId)
      .map((r) => ({
        text: `${r.title} (board report${listed.pack ? ', in this pack' : ''})`,
        exempt: false,
        reason: null,
      })),
    ...(listed.papers ?? [])
      .filter((p) => p.itemId === itemId)
      .map((p) => ({
        text: `${p.title} (${p.format}${listed.pack ? (p.pdf ? ', in this pack' : ': not in this pack; download it from the meeting page') : ''})`,
        exempt: p.notForPublication,
        reason: p.reason,
      })),
  ]
}
