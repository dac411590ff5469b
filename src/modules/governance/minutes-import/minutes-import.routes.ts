// Importing old minutes in the browser: upload Word files, PDFs, text or a zip (or paste text); each
// file is kept as a draft; the review page shows what was read beside what was found, with each
// finding's place and confidence; the coordinator corrects names and facts, confirms the new
// people, and saves; a batch can be undone. Coordinators (and administrators) only.
import { readFileSync } from 'node:fs'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../../container'
import { RuleError } from '../../../errors'
import { ACCESS, guardRoutes } from '../../../web/route-access'
import { removeUploads, tooLarge, uploadedPaths } from '../../../web/uploads'
import { asText, counted } from '../../../words'
import { isIsoDate, parseClock } from '../meetings/meeting-date'
import { readSource } from './read-source'
import { actionLines, type ReviewEdits } from './review-edits'
import { draftVersion } from './minutes-import.service'

type IdParams = { Params: { id: string } }

/**
 * The review form's edits, by each row's place as shown (1-based in field names): as-<n> for a
 * person (present, apologies, drop), item-number-<n> / item-title-<n> / item-join-<n>,
 * action-owners-<n> / action-text-<n> / action-drop-<n>, decision-drop-<n>; and what the reader
 * missed: add-people (one per line) with add-people-as, add-item-number / -title / -start.
 */
function editsIn(b: Record<string, unknown>): ReviewEdits {
  const rows = (prefix: string) =>
    [...new Set(Object.keys(b).flatMap((k) => (k.startsWith(prefix) ? [Number(k.slice(prefix.length))] : [])))]
      .filter((n) => Number.isInteger(n) && n > 0)
      .sort((x, y) => x - y)
  const yes = (k: string) => asText(b[k]) === 'yes'
  return {
    people: rows('as-').flatMap((n) => {
      const as = asText(b[`as-${n}`])
      return as === 'present' || as === 'apologies' || as === 'drop' ? [{ index: n - 1, as }] : []
    }),
    items: rows('item-title-').map((n) => ({
      index: n - 1,
      number: asText(b[`item-number-${n}`]),
      title: asText(b[`item-title-${n}`]),
      join: yes(`item-join-${n}`),
    })),
    actions: rows('action-owners-').map((n) => ({
      index: n - 1,
      owners: asText(b[`action-owners-${n}`]),
      text: asText(b[`action-text-${n}`]),
      drop: yes(`action-drop-${n}`),
    })),
    decisions: rows('decision-drop-').map((n) => ({ index: n - 1, drop: yes(`decision-drop-${n}`) })),
    addPeople: {
      lines: asText(b['add-people']),
      as: asText(b['add-people-as']) === 'apologies' ? 'apologies' : 'present',
    },
    addItem: {
      number: asText(b['add-item-number']),
      title: asText(b['add-item-title']),
      startsWith: asText(b['add-item-start']),
    },
  }
}

const pct = (c: number) => `${Math.round(c * 100)}%`

export function minutesImportRoutes(services: Services) {
  const imports = services.minutesImport

  async function listModel(extra: Record<string, unknown> = {}) {
    const p = await services.partnership.current()
    const rows = await imports.list(p.id)
    const batches = new Map<string, typeof rows>()
    for (const r of rows) batches.set(r.batch_id, [...(batches.get(r.batch_id) ?? []), r])
    return {
      pageTitle: 'Import old minutes',
      section: 'meetings',
      batches: [...batches.entries()].map(([id, files]) => ({
        id,
        files,
        at: files[0]!.created_at.slice(0, 10),
        by: files[0]!.created_by,
        saved: files.filter((f) => f.status === 'saved').length,
        undone: files.every((f) => f.status === 'undone'),
      })),
      values: {},
      ...extra,
    }
  }

  async function reviewModel(id: string, extra: Record<string, unknown> = {}) {
    const r = await imports.review(id)
    const f = r.found
    // The source as it was read: each line with its place, for the page's left-hand column.
    let source: { at: string; text: string }[] = []
    try {
      const bytes = await imports.content(id)
      const read = await readSource({ name: bytes.name, bytes: bytes.bytes })
      source = read.doc.lines.map((l) =>
        l.kind === 'table'
          ? { at: l.at, text: l.rows.map((row) => row.join(' | ')).join('\n') }
          : { at: l.at, text: `${l.number ? `${l.number} ` : ''}${l.bullet ? '• ' : ''}${l.text}` },
      )
    } catch {
      source = []
    }
    const person = (p: { name: string; agency: string | null; group: string; at: string; confidence: number }) => {
      const m = r.matches.get(p.name)
      return {
        ...p,
        confidence: pct(p.confidence),
        match: m?.personId
          ? { kind: 'known', text: m.personName === p.name ? 'Held' : `Held as ${m.personName}` }
          : m?.candidates.length
            ? { kind: 'ambiguous', text: m.candidates[0] }
            : { kind: 'new', text: 'New person' },
        agencyMatch: p.agency ? (r.agencies.get(p.agency) ?? null) : null,
      }
    }
    const attendees = f.attendees.map(person)
    const apologies = f.apologies.map(person)
    const newNames = [...new Set([...attendees, ...apologies].filter((p) => p.match.kind === 'new').map((p) => p.name))]
    const owners = [...new Set(f.actions.map((a) => a.owner))].filter((o) => !r.matches.get(o)?.personId)
    return {
      pageTitle: `Review ${r.file_name.replace(/^.*\//, '')}`,
      section: 'meetings',
      r,
      f,
      fact: (x: { value: string; at: string; confidence: number } | null) =>
        x ? { value: x.value, at: x.at, confidence: pct(x.confidence) } : null,
      attendees,
      apologies,
      newPeople: [...new Set([...newNames, ...owners])],
      actionLines: actionLines(f.actions),
      seen: draftVersion(JSON.stringify(f)),
      source,
      values: {
        date: f.date?.value ?? '',
        time: f.time?.value ?? '',
        venue: f.venue?.value ?? f.platform?.value ?? '',
        title: f.title?.value ?? f.body?.value ?? '',
      },
      ...extra,
    }
  }

  const again = async (reply: FastifyReply, id: string, e: RuleError, values?: Record<string, unknown>) => {
    const field = e.field ?? 'save'
    const error = { text: e.message, href: `#${field}` }
    const model = await reviewModel(id)
    return reply.page(
      'governance/minutes-import/views/review.njk',
      { ...model, values: { ...model.values, ...values }, errors: { [field]: error }, errorList: [error] },
      400,
    )
  }

  return async function (app: FastifyInstance) {
    guardRoutes(app, ACCESS.coordinated)

    app.get('/minutes/imports', async (_req, reply) =>
      reply.page('governance/minutes-import/views/imports.njk', await listModel()),
    )

    app.post('/minutes/imports', { config: { upload: true } }, async (req: FastifyRequest, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>
      const paths = uploadedPaths(body.files)
      const pasted = asText(body.text).trim()
      const fail = async (text: string, field: string) => {
        removeUploads(paths)
        const error = { text, href: `#${field}` }
        return reply.page(
          'governance/minutes-import/views/imports.njk',
          await listModel({ values: { text: pasted }, errors: { [field]: error }, errorList: [error] }),
          400,
        )
      }
      const big = tooLarge(body.files)
      if (big) return fail(`${big} is larger than the upload limit: import it with csp minutes import.`, 'files')
      if (!paths.length && !pasted)
        return fail('Choose the files of minutes (Word, PDF, text or a zip), or paste the text of one.', 'files')
      const files = [
        ...paths.map((p) => ({ name: p.replace(/^.*[\\/]/, ''), bytes: readFileSync(p) })),
        ...(pasted
          ? [
              {
                name: `pasted-${services.clock().toISOString().slice(0, 16).replace(':', '')}.txt`,
                bytes: Buffer.from(pasted),
              },
            ]
          : []),
      ]
      removeUploads(paths)
      const p = await services.partnership.current()
      const read = await imports.read(p.id, files, req.actor)
      const ok = read.files.filter((x): x is Exclude<typeof x, { error: string }> => !('error' in x))
      const problems = read.files.filter((x): x is { file: string; error: string } => 'error' in x)
      if (ok.length === 1 && !problems.length)
        return reply
          .flash(
            ok[0]!.status === 'saved'
              ? `${ok[0]!.file} was imported before: here it is.`
              : `Read ${ok[0]!.file}. Check what was found, correct it, then save.`,
          )
          .redirect(`/minutes/imports/${ok[0]!.id}`, 303)
      return reply
        .flash(
          `Read ${counted(ok.length, 'file')}` +
            (problems.length
              ? `; ${problems.length} could not be read: ${problems.map((x) => `${x.file} (${x.error})`).join('; ')}`
              : '') +
            '. Review each below.',
        )
        .redirect('/minutes/imports', 303)
    })

    app.get<IdParams>('/minutes/imports/:id', async (req, reply) =>
      reply.page('governance/minutes-import/views/review.njk', await reviewModel(req.params.id)),
    )

    app.post<IdParams>('/minutes/imports/:id', async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, unknown>
      const id = req.params.id
      const values = {
        date: asText(b.date),
        time: asText(b.time),
        venue: asText(b.venue),
        title: asText(b.title),
        // What was typed to add, kept when the page comes back with an error.
        'add-people': asText(b['add-people']),
        'add-people-as': asText(b['add-people-as']),
        'add-item-number': asText(b['add-item-number']),
        'add-item-title': asText(b['add-item-title']),
        'add-item-start': asText(b['add-item-start']),
      }
      try {
        if (values.date && !isIsoDate(values.date))
          throw new RuleError('Enter the date as YYYY-MM-DD, like 2024-10-02', 'date')
        const time = values.time ? parseClock(values.time) : null
        if (values.time && !time) throw new RuleError('Enter the time like 14:00 or 2pm', 'time')
        // Each name as corrected: fields name-<n> hold the new spelling of the name in from-<n>.
        const names: Record<string, string> = {}
        for (const [k, v] of Object.entries(b))
          if (k.startsWith('name-')) {
            const from = asText(b[`from-${k.slice(5)}`])
            if (from) names[from] = asText(v)
          }
        await imports.correct(
          id,
          {
            date: values.date || null,
            time: time ?? null,
            venue: values.venue || null,
            title: values.title || null,
            names,
            edits: editsIn(b),
            seen: asText(b.seen) || undefined,
          },
          req.actor,
        )
        if (asText(b.action) !== 'save')
          return reply.flash('Saved your corrections.').redirect(`/minutes/imports/${id}`, 303)
        const meetingId = await imports.save(id, req.actor, {
          newPeople: asText(b.newPeople) === 'yes',
          asSeparate: asText(b.asSeparate) === 'yes',
        })
        return reply
          .flash(
            'Saved: the minutes are approved and locked, their actions are in the action log ' +
              'and their decisions in the decisions log.',
          )
          .redirect(`/meetings/${meetingId}`, 303)
      } catch (e) {
        if (!(e instanceof RuleError)) throw e
        return again(reply, id, e, values)
      }
    })

    app.get<IdParams>('/minutes/imports/:id/source', async (req, reply) => {
      const f = await imports.content(req.params.id)
      const type =
        f.format === 'pdf'
          ? 'application/pdf'
          : f.format === 'docx'
            ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
            : 'text/plain; charset=utf-8'
      return reply
        .type(type)
        .header('Content-Disposition', `attachment; filename="${f.name.replace(/["\\\r\n]/g, '_')}"`)
        .send(f.bytes)
    })

    app.post<IdParams>('/minutes/imports/batches/:id/undo', async (req, reply) => {
      try {
        const r = await imports.undoBatch(req.params.id, req.actor)
        return reply
          .flash(`Undone: ${counted(r.files, 'file')}, ${counted(r.meetings, 'meeting')} removed.`)
          .redirect('/minutes/imports', 303)
      } catch (e) {
        if (!(e instanceof RuleError)) throw e
        return reply.flash(e.message).redirect('/minutes/imports', 303)
      }
    })
  }
}
