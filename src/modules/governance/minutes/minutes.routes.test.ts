import { execFileSync } from 'node:child_process'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, demoMeetings, type TestApp } from '../../../web/test-app'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

async function paragraph(meetingId: string, number: string) {
  const doc = await t.container.services.minutes.document(meetingId)
  return doc.items.flatMap((i) => i.paragraphs).find((p) => p.number === number)!
}

describe('editing draft minutes', () => {
  it('saves a paragraph edit as a new version', async () => {
    const { reference } = await demoMeetings(t)
    const p = await paragraph(reference.id, '9.1')
    const url = `/meetings/${reference.id}/paragraphs/${p.id}/edit`
    const res = await t.submit(url, url, {
      heading: '',
      cites: '',
      body: 'There was no other business. See 2.1 for the performance measures.',
      version: '1',
    })
    expect(res.statusCode).toBe(303)
    const page = await t.app.inject(`/meetings/${reference.id}`)
    expect(page.body).toContain('See <a class="govuk-link" href="#p-2-1">2.1</a> for the performance measures.')
    const versions = await t.container.services.minutes.versions(reference.id)
    expect(versions.map((v) => v.version)).toEqual([2, 1])
    expect(versions[0]!.note).toBe('Paragraph 9.1 edited')
    const v2 = await t.app.inject(`/meetings/${reference.id}/minutes/versions/2`)
    expect(v2.body).toMatch(
      /9\.1 There was no other business\. See 2\.1 for the performance measures\. <strong class="govuk-tag govuk-tag--yellow">changed/,
    )
  })

  it('refuses the second of two editors working from the same version, and loses nothing', async () => {
    const { reference } = await demoMeetings(t)
    const p = await paragraph(reference.id, '8.1')
    const url = `/meetings/${reference.id}/paragraphs/${p.id}/edit`
    const version = String((await t.container.services.meetings.get(reference.id)).minutes_version)
    const first = await t.submit(url, url, {
      heading: '',
      cites: '',
      body: 'The forward plan was agreed, with the DHR risk register added for March.',
      version,
    })
    expect(first.statusCode).toBe(303)
    const second = await t.submit(url, url, {
      heading: '',
      cites: '',
      body: 'My own careful wording of 8.1 that must not vanish.',
      version,
    })
    expect(second.statusCode).toBe(409)
    expect(second.body).toContain('Someone else saved these minutes while you were editing')
    expect(second.body).toContain('My own careful wording of 8.1 that must not vanish.')
    expect(second.body).toContain('The forward plan was agreed, with the DHR risk register added for March.')
    expect((await paragraph(reference.id, '8.1')).body).toBe(
      'The forward plan was agreed, with the DHR risk register added for March.',
    )
  })

  it('turns a new "Action - Name" line into an action owned by the person the alias names', async () => {
    const { reference, partnership } = await demoMeetings(t)
    const p = await paragraph(reference.id, '7.5')
    const url = `/meetings/${reference.id}/paragraphs/${p.id}/edit`
    const version = String((await t.container.services.meetings.get(reference.id)).minutes_version)
    const res = await t.submit(url, url, { heading: '', cites: '', body: `${p.body}\nAction - Di Evans`, version })
    expect(res.statusCode).toBe(303)
    const actions = await t.container.services.actions.list(partnership.id, { status: 'all' })
    const created = actions.find((a) => a.paragraphNumber === '7.5')!
    expect(created.ownersText).toBe('Diane Evans')
    // The title is the sentence the action line follows, not the paragraph's opening.
    const last = p.body
      .replace(/\s+/g, ' ')
      .trim()
      .match(/[^.!?]+(?:[.!?]+|$)/g)!
      .map((x) => x.trim())
      .filter(Boolean)
      .at(-1)!
      .replace(/[.!?]+$/, '')
    expect(created.title).toEqual(last.length > 140 ? expect.stringMatching(/…$/) : last)
  })

  it('titles a new action by what its line asks for, and the banner names each action created', async () => {
    const { reference, partnership } = await demoMeetings(t)
    const item = (await t.container.services.minutes.document(reference.id)).items.find((i) => i.number === 7)!
    const url = `/meetings/${reference.id}/items/${item.id}/paragraphs/new`
    const version = String((await t.container.services.meetings.get(reference.id)).minutes_version)
    const body =
      'The board discussed the DHR risk register at length. Di Evans and Ian Denness will bring the draft register to the March meeting.\nAction - Di Evans / Ian Denness\nThe chair asked for a briefing note.\nAction - Di Evans: circulate a one-page briefing note'
    const res = await t.submit(url, url, { heading: '', cites: '', body, version })
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303)
    const actions = (await t.container.services.actions.list(partnership.id, { status: 'all' })).filter(
      (a) => a.meeting_id === reference.id && a.created_at && /DHR|briefing|draft register/.test(a.title),
    )
    const titles = actions.map((a) => a.title)
    expect(titles).toContain('Di Evans and Ian Denness will bring the draft register to the March meeting')
    expect(titles).toContain('Circulate a one-page briefing note')
    // The cookie as the browser sends it back: the raw Set-Cookie value, still encoded.
    const raw = [res.headers['set-cookie']]
      .flat()
      .map((c) => String(c).split(';')[0])
      .join('; ')
    const page = await t.app.inject({ method: 'GET', url: res.headers.location!, headers: { cookie: raw } })
    expect(/govuk-notification-banner__heading[^>]*>([^<]*)/.exec(page.body)?.[1]?.trim()).toContain(
      'and 2 actions in the action log: “Di Evans and Ian Denness will bring the draft register to the March meeting” for Di Evans / Ian Denness; “Circulate a one-page briefing note” for Di Evans',
    )
  })

  it('rejects an action owner who is not in the partnership, naming them, and writes nothing', async () => {
    const { reference } = await demoMeetings(t)
    const p = await paragraph(reference.id, '7.4')
    const url = `/meetings/${reference.id}/paragraphs/${p.id}/edit`
    const before = await t.container.services.meetings.get(reference.id)
    const res = await t.submit(url, url, {
      heading: '',
      cites: '',
      body: `${p.body}\nAction - Jane Nobody`,
      version: String(before.minutes_version),
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain(
      '&quot;Jane Nobody&quot; in &quot;Action - Jane Nobody&quot; is not a person in this partnership',
    )
    expect(res.body).toContain('Action - Jane Nobody</textarea>')
    expect((await t.container.services.meetings.get(reference.id)).minutes_version).toBe(before.minutes_version)
    expect((await paragraph(reference.id, '7.4')).body).toBe(p.body)
  })

  it('rejects empty text and a malformed cross-reference with the error summary', async () => {
    const { reference } = await demoMeetings(t)
    const p = await paragraph(reference.id, '6.2')
    const url = `/meetings/${reference.id}/paragraphs/${p.id}/edit`
    const res = await t.submit(url, url, { heading: '', cites: 'three', body: ' ', version: '1' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('href="#body">Enter the text of the paragraph')
    expect(res.body).toContain('href="#cites">Enter the paragraph it reports on as item and paragraph number, like 3.3')
  })

  it('refuses to delete an action line that the action log holds', async () => {
    const { reference } = await demoMeetings(t)
    const p = await paragraph(reference.id, '1.2')
    const url = `/meetings/${reference.id}/paragraphs/${p.id}/edit`
    const version = String((await t.container.services.meetings.get(reference.id)).minutes_version)
    const res = await t.submit(url, url, {
      heading: '',
      cites: '7.5',
      body: 'Domestic Homicide Reviews Risk Register.',
      version,
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('keep its &quot;Action -&quot; line')
  })
})

describe('the minutes lifecycle', () => {
  it("approves at the next meeting, records it in that meeting's item 1, then locks the text", async () => {
    const { reference, next } = await demoMeetings(t)
    const version = String((await t.container.services.meetings.get(reference.id)).minutes_version)
    const bad = await t.submit(`/meetings/${reference.id}`, `/meetings/${reference.id}/minutes/status`, {
      to: 'approved',
      approvedAtMeetingId: '',
      version,
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Select the meeting that approved the minutes')
    const ok = await t.submit(`/meetings/${reference.id}`, `/meetings/${reference.id}/minutes/status`, {
      to: 'approved',
      approvedAtMeetingId: next.id,
      version,
    })
    expect(ok.statusCode).toBe(303)
    const m = await t.container.services.meetings.get(reference.id)
    expect(m.minutes_status).toBe('approved')
    expect(m.minutes_approved_at_meeting_id).toBe(next.id)
    expect(m.minutes_approved_on).toBe('2025-03-13')

    const p = await paragraph(reference.id, '9.1')
    const url = `/meetings/${reference.id}/paragraphs/${p.id}/edit`
    expect((await t.app.inject(url)).statusCode).toBe(400)
    const { token, cookie } = await t.formToken(`/meetings/${reference.id}`)
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: token,
        heading: '',
        cites: '',
        body: 'Rewriting history.',
        version: String(m.minutes_version),
      }).toString(),
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('These minutes are approved and locked')
    expect((await paragraph(reference.id, '9.1')).body).not.toBe('Rewriting history.')
  })

  it('publishes approved minutes and will not take them back to draft', async () => {
    const { reference } = await demoMeetings(t)
    const version = String((await t.container.services.meetings.get(reference.id)).minutes_version)
    expect(
      (
        await t.submit(`/meetings/${reference.id}`, `/meetings/${reference.id}/minutes/status`, {
          to: 'published',
          version,
        })
      ).statusCode,
    ).toBe(303)
    const back = await t.submit('/meetings/new', `/meetings/${reference.id}/minutes/status`, {
      to: 'draft',
      version: String(Number(version) + 1),
    })
    expect(back.statusCode).toBe(400)
    expect(back.body).toContain('Minutes that are published cannot be made draft.')
  })
})

describe('documents', () => {
  it('downloads the minutes as DOCX in the reference layout', async () => {
    const { reference } = await demoMeetings(t)
    const res = await t.app.inject(`/meetings/${reference.id}/minutes.docx`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    const zip = await JSZip.loadAsync(res.rawPayload)
    const xml = await zip.file('word/document.xml')!.async('string')
    const text = xml.replace(/<w:tab\/>/g, '\t').replace(/<[^>]+>/g, '')
    for (const s of [
      'Attendance',
      'Superintendent Neil Leat',
      'Dorset Council (Chair)',
      'Apologies',
      'Sunita Khattra-Hall (Children&apos;s Services)',
      'No 2. Performance Measures Report',
      'Action - John Newcombe / Andy Frost',
      'No 9. Any Other Business',
      'Future Meeting Dates',
      '13th March 2025 at 2pm',
      'All meetings will take place via Microsoft Teams',
    ]) {
      expect(text).toContain(s)
    }
    expect(xml.match(/<w:tbl>/g)).toHaveLength(3)
    expect(xml).toContain('<w:tblHeader/>')
  })

  it('titles the generated agenda\'s Word file "Agenda", not "Draft minutes"', async () => {
    const { next } = await demoMeetings(t)
    await t.container.services.minutes.generateAgenda(next.id, { name: 'system:test' })
    // A paragraph written into the agenda of a meeting still to come does not make it minutes.
    const item = (await t.container.services.minutes.document(next.id)).items[0]!
    const version = (await t.container.services.meetings.get(next.id)).minutes_version
    await t.container.services.minutes.addParagraph(
      next.id,
      item.id,
      { heading: null, cites: null, body: 'Papers to follow.', version },
      { name: 'system:test' },
    )
    const res = await t.app.inject(`/meetings/${next.id}/minutes.docx`)
    expect(res.statusCode).toBe(200)
    const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string')
    const text = xml.replace(/<[^>]+>/g, ' ')
    expect(text).toMatch(/Agenda: /)
    // The standing opening item, before No 1, with the apologies received so far.
    expect(text).toMatch(/Welcome, introductions and apologies .*Apologies received: /)
    expect(text).not.toContain('Draft minutes')
    expect(res.headers['content-disposition']).toContain('agenda.docx')
  })

  it('gives the minutes and the agenda as tagged PDFs with bookmarks and page numbers, the same words as the Word file', async () => {
    const { reference, next } = await demoMeetings(t)
    const res = await t.app.inject(`/meetings/${reference.id}/minutes.pdf`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    const pdf = res.rawPayload
    const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString()
    expect(info).toMatch(/Tagged:\s+yes/)
    expect(info).toMatch(
      /Title:\s+Dorset Community Safety Partnership: (Draft minutes|Minutes): Community Safety Partnership/,
    )
    expect(pdf.toString('latin1')).toContain('/Outlines')
    const text = execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString().replace(/\s+/g, ' ')
    for (const s of [
      'Superintendent Neil Leat',
      "Sunita Khattra-Hall (Children's Services)",
      'No 2. Performance Measures Report',
      'Action - John Newcombe / Andy Frost',
      'Future Meeting Dates',
      'Page 1 of',
    ])
      expect(text).toContain(s)
    const agenda = await t.app.inject(`/meetings/${next.id}/minutes.pdf`)
    expect(agenda.headers['content-disposition']).toContain('agenda.pdf')
    expect(execFileSync('pdftotext', ['-', '-'], { input: agenda.rawPayload }).toString()).toMatch(/^Agenda: /m)
    const page = await t.app.inject(`/meetings/${reference.id}`)
    expect(page.body).toContain(`href="/meetings/${reference.id}/minutes.pdf"`)
  }, 60000)

  it('gives the minutes as plain text', async () => {
    const { reference } = await demoMeetings(t)
    const res = await t.app.inject(`/meetings/${reference.id}/minutes.txt`)
    expect(res.statusCode).toBe(200)
    expect(res.body.split('\n')[0]).toBe('Attendance')
  })
})

describe('matters arising', () => {
  it("link their cross-references to the meeting that raised them, not the new agenda's own paragraphs", async () => {
    const { reference, next, partnership } = await demoMeetings(t)
    const action = (await t.container.services.actions.list(partnership.id, { status: 'current' })).find(
      (a) => a.meeting_id === reference.id,
    )!
    await t.container.database.db
      .updateTable('action')
      .set({ title: 'Report back on the hotspot work (see 2.1)' })
      .where('id', '=', action.id)
      .execute()
    await t.container.services.minutes.generateAgenda(next.id, { name: 'system:test' })
    const page = (await t.app.inject(`/meetings/${next.id}`)).body
    expect(page).toContain(`(see <a class="govuk-link" href="/meetings/${reference.id}#p-2-1">2.1</a>)`)
    expect(page).not.toContain('(see <a class="govuk-link" href="#p-2-1">2.1</a>)')
  })
})

describe("an agenda item's lead, purpose and time", () => {
  it('saves them through the form, shows when each item runs from the start time, and refuses a bad number at its field', async () => {
    const { next } = await demoMeetings(t)
    const doc = await t.container.services.minutes.document(next.id)
    const ian = (await t.container.services.partnership.people(next.partnership_id)).find(
      (p) => p.displayName === 'Ian Denness',
    )!
    const [first, second] = doc.items
    const edit = async (item: string, fields: Record<string, string>) =>
      t.submit(`/meetings/${next.id}/items/${item}/edit`, `/meetings/${next.id}/items/${item}/edit`, {
        ...fields,
        version: String((await t.container.services.meetings.get(next.id)).minutes_version),
      })
    const bad = await edit(first!.id, { title: first!.title, minutes: 'ten' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#minutes"')
    expect(bad.body).toContain('Enter the minutes as a whole number from 1 to 480')
    expect((await edit(first!.id, { title: first!.title, purpose: 'information', minutes: '15' })).statusCode).toBe(303)
    expect(
      (await edit(second!.id, { title: second!.title, presenter: ian.id, purpose: 'decision', minutes: '20' }))
        .statusCode,
    ).toBe(303)
    const page = (await t.app.inject(`/meetings/${next.id}`)).body
    // Papers are due a week before (the partnership's setting), and the items without one are named.
    expect(page.replace(/\s+/g, ' ')).toContain(
      'Papers are due by 6 March 2025 (7 days before the meeting). Not in yet: No 2. Managing individuals',
    )
    expect(page).toContain('For information · 14:00 to 14:15')
    expect(page).toContain('Lead: Ian Denness · For decision · 14:15 to 14:35')
    const zip = await JSZip.loadAsync((await t.app.inject(`/meetings/${next.id}/minutes.docx`)).rawPayload)
    const xml = await zip.file('word/document.xml')!.async('string')
    expect(xml).toContain('Lead: Ian Denness · For decision · 14:15 to 14:35')
  })
})
