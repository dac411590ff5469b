import { execFileSync } from 'node:child_process'
import { PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib'
import { samplePdf } from './test-pdf'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { demoMeetings, useDemoApp } from '../../../web/test-app'

const app = useDemoApp()
const actor = { name: 'system:test' }

const pdf = samplePdf
const text = (bytes: Buffer | Uint8Array) =>
  execFileSync('pdftotext', ['-', '-'], { input: bytes }).toString().replace(/\s+/g, ' ')

describe('papers on the agenda, the pack and the published agenda', () => {
  it('takes PDF papers on the next meeting’s items, one not for publication, and refuses what is not a paper', async () => {
    const t = app.t
    const { next } = await demoMeetings(t)
    const items = (await t.container.services.minutes.document(next.id)).items
    const page = `/meetings/${next.id}`
    const add = (item: string, fields: Record<string, string>, content: Buffer, name: string) =>
      t.upload(page, `/meetings/${next.id}/items/${item}/papers`, fields, [{ field: 'file', name, content }])
    const ok = await add(items[1]!.id, { title: 'ASB impact update' }, await pdf('Public ASB paper', 2), 'asb.pdf')
    expect(ok.statusCode).toBe(303)
    const exempt = await add(
      items[2]!.id,
      {
        title: 'DHR risk register',
        notForPublication: 'yes',
        reason: 'Local Government Act 1972, Schedule 12A, paragraph 2',
      },
      await pdf('Confidential DHR paper', 3),
      'dhr.pdf',
    )
    expect(exempt.statusCode).toBe(303)
    // Not a paper: said at the file field, with what was typed kept; nothing stored.
    const bad = await add(items[1]!.id, { title: 'Notes' }, Buffer.from('just text'), 'notes.txt')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toMatch(
      /id="file-error"[^]*is not a PDF, Word \(\.docx\), Excel \(\.xlsx\) or OpenDocument text \(\.odt\) file/,
    )
    expect(bad.body).toContain('href="#file"')
    expect(bad.body).toContain('value="Notes"')
    const noReason = await add(items[1]!.id, { title: 'X', notForPublication: 'yes' }, await pdf('x', 1), 'x.pdf')
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toMatch(/id="reason-error"[^]*Say why it is not for publication/)
    const papers = await t.container.services.papers.current(next.id)
    expect(papers.map((p) => [p.title, p.pages, p.not_for_publication])).toEqual([
      ['ASB impact update', 2, 0],
      ['DHR risk register', 3, 1],
    ])
    const shown = (await t.app.inject(page)).body
    expect(shown).toContain('ASB impact update</a> <span class="govuk-body-s">(PDF, 2 pages)</span>')
    expect(shown).toContain('Not for publication</strong> <span class="govuk-body-s">Local Government Act 1972')
    // The agenda's Word file lists them under their items, the exempt one with its reason.
    const zip = await JSZip.loadAsync((await t.app.inject(`/meetings/${next.id}/minutes.docx`)).rawPayload)
    const xml = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '')
    expect(xml).toContain('Paper: ASB impact update (PDF, 2 pages)')
    expect(xml).toContain('Paper: DHR risk register (PDF, 3 pages) Not for publication: Local Government Act 1972')
    const file = await t.app.inject(`/papers/${papers[0]!.id}`)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(text(file.rawPayload)).toContain('Public ASB paper, page 1')
  })

  it('makes the pack: the agenda then each paper, numbered through, with a bookmark each; the published pack leaves out the exempt one', async () => {
    const t = app.t
    const { next } = await demoMeetings(t)
    const pack = await t.app.inject(`/meetings/${next.id}/pack.pdf`)
    expect(pack.statusCode).toBe(200)
    const info = execFileSync('pdfinfo', ['-'], { input: pack.rawPayload }).toString()
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1])
    const all = text(pack.rawPayload)
    expect(all).toMatch(/^Dorset Community Safety Partnership Agenda: /)
    expect(all).toContain('Paper: ASB impact update (PDF, 2 pages, in this pack)')
    expect(all).toContain('Public ASB paper, page 2')
    expect(all).toContain('Confidential DHR paper, page 3')
    expect(all).toContain(`Page ${pages} of ${pages}`)
    const doc = await PDFDocument.load(pack.rawPayload)
    expect(doc.getPageCount()).toBe(pages)
    // A bookmark for the agenda and for each paper.
    const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict)
    expect(outlines.lookup(PDFName.of('Count'), PDFNumber).asNumber()).toBe(3)

    // Not published yet: nothing public, not even a public paper by its address.
    expect((await t.app.inject(`/published/${next.id}/pack.pdf`)).statusCode).toBe(404)
    const publicPaper = (await t.container.services.papers.current(next.id)).find((p) => !p.not_for_publication)!
    expect((await t.app.inject(`/published/${next.id}/papers/${publicPaper.id}`)).statusCode).toBe(404)
    const publish = await t.submit(`/meetings/${next.id}`, `/meetings/${next.id}/agenda/publish`, {})
    expect(publish.statusCode).toBe(303)
    const published = await t.app.inject(`/published/${next.id}/pack.pdf`)
    expect(published.statusCode).toBe(200)
    const open = text(published.rawPayload)
    expect(open).toContain('Public ASB paper, page 1')
    expect(open).not.toContain('Confidential DHR paper')
    expect(open).not.toContain('DHR risk register')
    const exempt = (await t.container.services.papers.current(next.id)).find((p) => p.not_for_publication)!
    expect((await t.app.inject(`/published/${next.id}/papers/${exempt.id}`)).statusCode).toBe(404)
    expect((await t.app.inject(`/published/${next.id}/papers/${publicPaper.id}`)).statusCode).toBe(200)
    const publicPage = (await t.app.inject(`/published/${next.id}`)).body
    expect(publicPage).toContain('ASB impact update')
    expect(publicPage).not.toContain('DHR risk register')
  }, 60000)

  it('replaces a paper, keeping the old file as history', async () => {
    const t = app.t
    const { next } = await demoMeetings(t)
    const [first] = await t.container.services.papers.current(next.id)
    const r = await t.upload(`/meetings/${next.id}`, `/papers/${first!.id}/replace`, {}, [
      { field: 'file', name: 'asb-v2.pdf', content: await pdf('Public ASB paper, revised', 1) },
    ])
    expect(r.statusCode).toBe(303)
    // The replace page lists the earlier file.
    const [current] = await t.container.services.papers.current(next.id)
    const form = (await t.app.inject(`/papers/${current!.id}/replace`)).body
    expect(form).toContain('Earlier files')
    expect(form).toContain(`href="/papers/${first!.id}"`)
    // Details changed without a new file; then withdrawn, and gone from the agenda and the published pages.
    const changed = await t.upload(
      `/papers/${current!.id}/replace`,
      `/papers/${current!.id}/replace`,
      { action: 'save', title: 'ASB impact update (revised)', reason: '' },
      [],
    )
    expect(changed.statusCode).toBe(303)
    expect((await t.container.services.papers.current(next.id)).map((p) => p.title)).toContain(
      'ASB impact update (revised)',
    )
    const now = await t.container.services.papers.current(next.id)
    const again = now.find((p) => p.title === 'ASB impact update (revised)')!
    expect(again.replaces_id).toBe(first!.id)
    expect(again.pages).toBe(1)
    const history = await t.container.services.papers.history(next.id)
    expect(history.find((p) => p.id === first!.id)!.superseded_at).not.toBeNull()
    const audit = await t.container.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'papers.%')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['papers.add', 'papers.add', 'papers.replace', 'papers.change'])
    const gone = await t.upload(
      `/papers/${again.id}/replace`,
      `/papers/${again.id}/replace`,
      { action: 'withdraw' },
      [],
    )
    expect(gone.statusCode).toBe(303)
    expect((await t.container.services.papers.current(next.id)).some((p) => p.id === again.id)).toBe(false)
    // Its old address says so, and takes no upload.
    const old = await t.app.inject(`/papers/${again.id}/replace`)
    expect(old.body.replace(/\s+/g, ' ')).toContain('was replaced or withdrawn')
    void actor
  })
})
