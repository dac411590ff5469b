// Importing a partnership's old minutes. A file is read and what it holds is found (parse-minutes);
// it is kept as a draft with its bytes, so nothing is lost between reading and saving; a person
// reviews it (names matched to the people held, new people and agencies proposed, anything
// corrected) and saves it; saved minutes are historic (held, approved, locked) with the source
// file kept and named on the meeting. The same file twice is recognised; a second document for a
// meeting already held on that day is flagged; a batch is undone as a whole; everything audited.
import { createHash, randomUUID } from 'node:crypto'
import type { Db, Queryable } from '../../../db/database'
import { NotFoundError, RuleError } from '../../../errors'
import { recordAudit, type Actor } from '../../audit/audit.service'
import type { ActionsService } from '../actions/actions.service'
import type { DecisionsService } from '../decisions/decisions.service'
import { longDate } from '../meetings/meeting-date'
import { actionTitle, parseMinutesMarkup } from '../minutes/minutes-markup'
import type { MinutesService } from '../minutes/minutes.service'
import type { AgencySector } from '../partnership/partnership.table'
import { AmbiguousNameError, type PartnershipService } from '../partnership/partnership.service'
import { nameKey } from '../partnership/person-name'
import { GROUPS, parseMinutes, type ImportedMinutes, type ImportedPerson } from './parse-minutes'
import { filesInZip, formatOf, readSource, type SourceFile } from './read-source'
import { applyEdits, type ReviewEdits } from './review-edits'

/** The titles taken off a new person's full name when one is given ("Cllr Jo Bloggs" → "Jo Bloggs"). */
const NEW_PERSON_TITLE = new RegExp(
  String.raw`^(cllr\.?|councillor|supt\.?|superintendent|dr\.?|mr\.?|mrs\.?|ms\.?|miss|prof\.?|rev\.?` +
    String.raw`|pc|dc|ds|di|dci|insp(?:ector)?\.?|sgt\.?)\s+`,
  'i',
)

export type MinutesImportService = ReturnType<typeof minutesImportService>

/** A name in the minutes as matched to the people held: a person, several (ambiguous), or none (new). */
export interface NameMatch {
  name: string
  personId: string | null
  personName: string | null
  candidates: string[]
}

/** One file read: a draft to review, or the reason it could not be read. */
export type ReadOutcome =
  | { file: string; id: string; status: 'draft' | 'saved'; duplicateOf: string | null; sameDay: string | null }
  | { file: string; error: string }

const GROUP_KEYS = { [GROUPS[0]]: 'core', [GROUPS[1]]: 'attendee', [GROUPS[2]]: 'support' } as const
const NOT_RECORDED = 'Agency not recorded in the minutes'

const sectorOf = (name: string): AgencySector =>
  /police(?! and crime commissioner)/i.test(name)
    ? 'police'
    : /fire/i.test(name)
      ? 'fire'
      : /\bnhs\b|health|icb|hospital|clinical/i.test(name)
        ? 'health'
        : /probation/i.test(name)
          ? 'probation'
          : /commissioner|\bopcc\b|\bpcc\b/i.test(name)
            ? 'pcc'
            : /youth (?:justice|offending)/i.test(name)
              ? 'youth_justice'
              : /council|authority/i.test(name)
                ? 'local_authority'
                : 'other'

/** A short fingerprint of a draft's findings, so a page can say which version it showed. */
export const draftVersion = (found: string) => createHash('sha256').update(found).digest('hex').slice(0, 16)

export function minutesImportService(
  db: Db,
  clock: () => Date,
  deps: {
    partnership: PartnershipService
    actions: Pick<ActionsService, 'createIn'>
    decisions: Pick<DecisionsService, 'createIn'>
    minutes: Pick<MinutesService, 'recordInitialVersion'>
  },
) {
  const row = async (id: string, q: Queryable = db) => {
    const r = await q.selectFrom('minutes_import').selectAll().where('id', '=', id).executeTakeFirst()
    if (!r) throw new NotFoundError(`There is no imported file with id ${id}.`)
    return r
  }
  const foundOf = (r: { found: string }) => JSON.parse(r.found) as ImportedMinutes

  /** A held meeting on the same day, other than one this import made. */
  const sameDay = async (partnershipId: string, date: string | null, q: Queryable = db) =>
    date
      ? ((
          await q
            .selectFrom('meeting')
            .select('id')
            .where('partnership_id', '=', partnershipId)
            .where('date', '=', date)
            .executeTakeFirst()
        )?.id ?? null)
      : null

  async function matchName(partnershipId: string, name: string, q: Queryable = db): Promise<NameMatch> {
    try {
      const p = await deps.partnership.resolveName(partnershipId, name, q)
      return { name, personId: p?.id ?? null, personName: p?.full_name ?? null, candidates: [] }
    } catch (e) {
      if (!(e instanceof AmbiguousNameError)) throw e
      return { name, personId: null, personName: null, candidates: [e.message] }
    }
  }

  /** The agency an affiliation as printed names: "Dorset Council (Community Safety, Place)" is Dorset Council. */
  async function matchAgency(partnershipId: string, printed: string | null, q: Queryable = db) {
    if (!printed) return null
    const agencies = await q
      .selectFrom('agency')
      .select(['id', 'name', 'short_name'])
      .where('partnership_id', '=', partnershipId)
      .execute()
    const t = printed.toLowerCase().trim()
    const hits = agencies
      .filter(
        (a) =>
          t === a.name.toLowerCase() ||
          t.startsWith(`${a.name.toLowerCase()} `) ||
          t.startsWith(`${a.name.toLowerCase()}(`) ||
          (a.short_name && (t === a.short_name.toLowerCase() || t.startsWith(`${a.short_name.toLowerCase()} `))),
      )
      .sort((a, b) => b.name.length - a.name.length)
    return hits[0] ?? null
  }

  return {
    /**
     * Reads files (a zip's files each in turn) and keeps each as a draft to review, under one batch.
     * The same file imported before is recognised (its earlier import returned, nothing stored again).
     */
    async read(partnershipId: string, files: readonly SourceFile[], actor: Actor, batchId: string = randomUUID()) {
      const out: ReadOutcome[] = []
      const expanded: SourceFile[] = []
      for (const f of files) {
        try {
          if ((await formatOf(f)) === 'zip') expanded.push(...(await filesInZip(f)))
          else expanded.push(f)
        } catch (e) {
          out.push({ file: f.name, error: (e as Error).message })
        }
      }
      for (const f of expanded) {
        const sha256 = createHash('sha256').update(f.bytes).digest('hex')
        const earlier = await db
          .selectFrom('minutes_import')
          .select(['id', 'status', 'file_name'])
          .where('partnership_id', '=', partnershipId)
          .where('sha256', '=', sha256)
          .where('status', '!=', 'undone')
          .executeTakeFirst()
        if (earlier) {
          out.push({
            file: f.name,
            id: earlier.id,
            status: earlier.status as 'draft' | 'saved',
            duplicateOf: earlier.file_name,
            sameDay: null,
          })
          continue
        }
        let found: ImportedMinutes
        let format: 'pdf' | 'docx' | 'text'
        try {
          const read = await readSource(f)
          format = read.format
          found = parseMinutes(read.doc)
        } catch (e) {
          out.push({ file: f.name, error: (e as Error).message })
          continue
        }
        const id = randomUUID()
        const now = clock().toISOString()
        await db.transaction().execute(async (tx) => {
          await tx
            .insertInto('minutes_import')
            .values({
              id,
              partnership_id: partnershipId,
              batch_id: batchId,
              file_name: f.name,
              sha256,
              format,
              size: f.bytes.length,
              found: JSON.stringify(found),
              status: 'draft',
              meeting_id: null,
              created: '{}',
              created_at: now,
              created_by: actor.name,
              saved_at: null,
              undone_at: null,
            })
            .execute()
          await tx.insertInto('minutes_import_file').values({ import_id: id, content: f.bytes }).execute()
          await recordAudit(tx, actor, clock(), {
            action: 'minutes.import.read',
            subjectType: 'minutes_import',
            subjectId: id,
            details: { file: f.name, sha256, format, batch: batchId },
          })
        })
        out.push({
          file: f.name,
          id,
          status: 'draft',
          duplicateOf: null,
          sameDay: await sameDay(partnershipId, found.date?.value ?? null),
        })
      }
      return { batchId, files: out }
    },

    /** A file being imported: what was found, with each name matched to the people held. */
    async review(id: string) {
      const r = await row(id)
      const found = foundOf(r)
      const names = [
        ...new Set([
          ...found.attendees.map((a) => a.name),
          ...found.apologies.map((a) => a.name),
          ...found.actions.map((a) => a.owner),
        ]),
      ]
      const matches = new Map<string, NameMatch>()
      for (const n of names) matches.set(n, await matchName(r.partnership_id, n))
      const agencies = new Map<string, string | null>()
      for (const a of [...found.attendees, ...found.apologies])
        if (a.agency && !agencies.has(a.agency))
          agencies.set(a.agency, (await matchAgency(r.partnership_id, a.agency))?.name ?? null)
      return {
        ...r,
        found,
        matches,
        agencies,
        sameDay: r.status === 'draft' ? await sameDay(r.partnership_id, found.date?.value ?? null) : null,
      }
    },

    /** Corrections made on review: the meeting's facts and the names as they should read. */
    async correct(
      id: string,
      input: {
        date?: string | null
        time?: string | null
        venue?: string | null
        title?: string | null
        names?: Record<string, string>
        edits?: ReviewEdits
        /** The draft as the page showed it (`draftVersion`): corrections to an older page are refused. */
        seen?: string
      },
      actor: Actor,
    ) {
      const r = await row(id)
      if (r.status !== 'draft') throw new RuleError('These minutes are already saved: change them on the meeting page.')
      if (input.seen && input.seen !== draftVersion(r.found))
        throw new RuleError('These findings were changed since this page was opened: check them again, then save.')
      const f = foundOf(r)
      const at = 'corrected on review'
      const set = (v: string | null | undefined) => (v ? { value: v, at, confidence: 1 } : null)
      if (input.date !== undefined) f.date = set(input.date)
      if (input.time !== undefined) f.time = set(input.time)
      if (input.venue !== undefined) f.venue = set(input.venue)
      if (input.title !== undefined) f.title = set(input.title)
      // Edits by place first, as the page showed them; then names respelt wherever they appear.
      const edited = input.edits ? applyEdits(f, input.edits) : null
      const renamed: Record<string, string> = {}
      for (const [from, to] of Object.entries(input.names ?? {})) {
        const name = to.trim()
        if (!name || name === from) continue
        renamed[from] = name
        const fix = (p: ImportedPerson) => (p.name === from ? { ...p, name, confidence: 1 } : p)
        f.attendees = f.attendees.map(fix)
        f.apologies = f.apologies.map(fix)
        f.actions = f.actions.map((a) =>
          a.owner === from
            ? {
                ...a,
                owner: name,
                ownersText: a.ownersText
                  .split(' / ')
                  .map((o) => (o === from ? name : o))
                  .join(' / '),
              }
            : a,
        )
        for (const item of f.items)
          for (const p of item.paragraphs)
            p.text = p.text
              .split('\n')
              .map((l) =>
                /^Action - /.test(l)
                  ? l.replace(
                      new RegExp(`(?<=[-/] ?)${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?= /|:|$)`, 'g'),
                      name,
                    )
                  : l,
              )
              .join('\n')
      }
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('minutes_import')
          .set({ found: JSON.stringify(f) })
          .where('id', '=', id)
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'minutes.import.correct',
          subjectType: 'minutes_import',
          subjectId: id,
          details: { date: input.date, time: input.time, venue: input.venue, title: input.title, renamed, edited },
        })
      })
    },

    /**
     * Saves a reviewed file as a held meeting with approved, locked minutes: attendance, items,
     * paragraphs, actions (owners matched or created), decisions. People and agencies the minutes
     * name but the partnership does not hold are created when `newPeople` says so; otherwise their
     * names are refused, each said. `asSeparate` saves even though a meeting is held that day.
     */
    async save(id: string, actor: Actor, options: { newPeople: boolean; asSeparate?: boolean }) {
      const r = await row(id)
      if (r.status === 'saved') throw new RuleError('These minutes are already saved.')
      if (r.status === 'undone') throw new RuleError('This import was undone: import the file again.')
      const f = foundOf(r)
      if (!f.date) throw new RuleError('Enter the date of the meeting: the minutes do not give it.', 'date')
      if (!f.items.length) throw new RuleError('No items were found in these minutes: nothing to save.')
      const existing = await sameDay(r.partnership_id, f.date.value)
      if (existing && !options.asSeparate)
        throw new RuleError(
          `A meeting on ${longDate(f.date.value)} is already held here: ` +
            'open it to compare, or save these as a separate meeting.',
          'date',
        )
      const pid = r.partnership_id
      const now = clock().toISOString()
      const created = { people: [] as string[], agencies: [] as string[] }
      const meetingId = randomUUID()
      await db.transaction().execute(async (tx) => {
        const agencyFor = async (printed: string | null, personId: string | null) => {
          const hit = await matchAgency(pid, printed, tx)
          if (hit) return hit.id
          if (!printed && personId) {
            const m = await tx
              .selectFrom('membership')
              .select('agency_id')
              .where('person_id', '=', personId)
              .orderBy('created_at', 'desc')
              .executeTakeFirst()
            if (m) return m.agency_id
          }
          const name = printed ? printed.replace(/\s*\(.*\)\s*$/, '').trim() || printed : NOT_RECORDED
          const again = await matchAgency(pid, name, tx)
          if (again) return again.id
          const aid = randomUUID()
          await tx
            .insertInto('agency')
            .values({
              id: aid,
              partnership_id: pid,
              name,
              short_name: null,
              // The responsible authorities of the Crime and Disorder Act 1998 count for quorum.
              statutory: ['local_authority', 'police', 'fire', 'health', 'probation'].includes(sectorOf(name)) ? 1 : 0,
              sector: sectorOf(name),
              created_at: now,
            })
            .execute()
          created.agencies.push(aid)
          return aid
        }
        const people = new Map<string, string>()
        const personFor = async (name: string, agency: string | null, group?: string): Promise<string> => {
          const key = nameKey(name)
          const known = people.get(key)
          if (known) return known
          const m = await matchName(pid, name, tx)
          if (m.candidates.length) throw new RuleError(`${m.candidates[0]} Correct it on the review page.`, 'names')
          if (m.personId) {
            people.set(key, m.personId)
            return m.personId
          }
          if (!options.newPeople)
            throw new RuleError(
              `${name} is not one of the partnership's people: confirm the new people, or correct the name.`,
              'names',
            )
          const honorific = NEW_PERSON_TITLE.exec(name)
          const full = honorific && name.split(/\s+/).length > 2 ? name.slice(honorific[0].length).trim() : name
          const newId = randomUUID()
          await tx
            .insertInto('person')
            .values({
              id: newId,
              partnership_id: pid,
              honorific: honorific && full !== name ? honorific[1]!.replace(/\.$/, '') : null,
              full_name: full,
              email: null,
              created_at: now,
            })
            .execute()
          if (full !== name)
            await tx
              .insertInto('person_alias')
              .values({
                id: randomUUID(),
                person_id: newId,
                alias: name,
                alias_key: nameKey(name),
                note: 'As the imported minutes print it',
              })
              .execute()
          const agencyId = await agencyFor(agency, null)
          await tx
            .insertInto('membership')
            .values({
              id: randomUUID(),
              partnership_id: pid,
              person_id: newId,
              agency_id: agencyId,
              affiliation: agency ?? NOT_RECORDED,
              role: group === GROUPS[0] ? 'core_member' : group === GROUPS[2] ? 'officer_support' : 'partner_attending',
              start_date: null,
              end_date: null,
              created_at: now,
            })
            .execute()
          created.people.push(newId)
          people.set(key, newId)
          return newId
        }

        // "Safer Arun Partnership meeting minutes" is the Safer Arun Partnership's meeting.
        const title =
          (f.title?.value ?? f.body?.value ?? 'Community Safety Partnership')
            .replace(/[\s,:–-]*(?:meeting\s+)?(?:minutes|notes)(?:\s+of(?:\s+the)?\s+meeting)?\s*$/i, '')
            .trim() || 'Community Safety Partnership'
        await tx
          .insertInto('meeting')
          .values({
            id: meetingId,
            partnership_id: pid,
            title,
            date: f.date!.value,
            date_not_before: null,
            date_not_after: null,
            date_note: null,
            note: `Imported from ${r.file_name}.`,
            start_time: f.time?.value ?? null,
            end_time: null,
            venue: f.venue?.value ?? null,
            online_platform: f.platform?.value ?? null,
            online_url: null,
            status: 'held',
            sequence: 0,
            minutes_status: 'approved',
            minutes_version: 1,
            minutes_approved_at_meeting_id: null,
            minutes_approved_on: null,
            minutes_published_on: null,
            created_at: now,
            updated_at: now,
          })
          .execute()

        let position = 1
        const attended = new Set<string>()
        for (const [list, status] of [
          [f.attendees, 'present'],
          [f.apologies, 'apologies'],
        ] as const)
          for (const a of list) {
            const personId = await personFor(a.name, a.agency, a.group)
            if (attended.has(personId)) continue
            attended.add(personId)
            await tx
              .insertInto('attendance')
              .values({
                id: randomUUID(),
                meeting_id: meetingId,
                person_id: personId,
                agency_id: await agencyFor(a.agency, personId),
                affiliation: a.agency ?? '',
                attendance_group:
                  status === 'present' ? (GROUP_KEYS[a.group as keyof typeof GROUP_KEYS] ?? 'core') : 'core',
                status,
                is_chair:
                  /^chair(?:man|person)?$/i.test(a.role ?? '') || (a.agency && /\(chair\)/i.test(a.agency)) ? 1 : 0,
                position: position++,
              })
              .execute()
          }

        const paragraphIds = new Map<string, string>()
        // Items keep a printed number that runs on; any other (none printed, "4a", "3(1)", a number
        // printed twice or going back) is numbered after the last, its printed number kept in the title.
        let last = 0
        for (const item of f.items) {
          const printedN = /^\d+$/.test(item.number) ? Number(item.number) : null
          const number = printedN !== null && printedN > last ? printedN : last + 1
          last = number
          const keepPrinted = !!item.number && printedN !== number
          const itemId = randomUUID()
          await tx
            .insertInto('agenda_item')
            .values({
              id: itemId,
              meeting_id: meetingId,
              number,
              title: keepPrinted ? `${item.number}${item.title ? ` ${item.title}` : ''}` : item.title,
              kind: 'standard',
              presenter_person_id: item.lead ? (await matchName(pid, item.lead, tx)).personId : null,
              forward_plan_item_id: null,
            })
            .execute()
          let seq = 0
          for (const p of item.paragraphs) {
            const printed = p.number ? /^(\d+)\.(\d+)$/.exec(p.number) : null
            seq = printed && Number(printed[1]) === number && Number(printed[2]) > seq ? Number(printed[2]) : seq + 1
            const paragraphId = randomUUID()
            if (p.number) paragraphIds.set(p.number, paragraphId)
            // A number printed in another style than "item.seq" stays in the text.
            const body = p.number && !printed ? `${p.number} ${p.text}` : p.text
            await tx
              .insertInto('minute_paragraph')
              .values({
                id: paragraphId,
                agenda_item_id: itemId,
                seq,
                heading: p.heading,
                cites: p.cites,
                body,
                source: 'written',
                action_id: null,
              })
              .execute()
            const { blocks } = parseMinutesMarkup(body)
            for (const marker of blocks.filter((b) => b.kind === 'action')) {
              const owners: string[] = []
              for (const o of marker.owners) owners.push(await personFor(o, null))
              const due = f.actions.find((a) => a.paragraph === p.number && a.owner === marker.owners[0])?.due ?? null
              await deps.actions.createIn(
                tx,
                pid,
                {
                  meetingId,
                  paragraphId,
                  markerIndex: marker.index,
                  title: actionTitle(blocks, marker) || item.title,
                  description: '',
                  ownerIds: owners,
                  dueDate: due,
                  quiet: true,
                },
                actor,
              )
            }
            paragraphIds.set(`${itemId}#${seq}`, paragraphId)
          }
        }
        for (const d of f.decisions) {
          const item = f.items.find((i) => i.paragraphs.some((p) => p.number === d.paragraph))
          await deps.decisions.createIn(
            tx,
            pid,
            {
              meetingId,
              paragraphId: d.paragraph ? (paragraphIds.get(d.paragraph) ?? null) : null,
              topic: item?.title ?? 'Decision',
              wording: d.text.replace(/^[-–]\s*/, ''),
            },
            actor,
          )
        }
        await deps.minutes.recordInitialVersion(tx, meetingId, actor, `Imported from ${r.file_name}`)
        await tx
          .updateTable('minutes_import')
          .set({ status: 'saved', meeting_id: meetingId, created: JSON.stringify(created), saved_at: now })
          .where('id', '=', id)
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'minutes.import.save',
          subjectType: 'meeting',
          subjectId: meetingId,
          details: { file: r.file_name, sha256: r.sha256, import: id, created },
        })
      })
      return meetingId
    },

    /**
     * Undoes a batch: every meeting it saved, with its attendance, items, paragraphs, actions and
     * decisions, and the people and agencies it created that nothing else now uses. Refused,
     * with the reason, when something done since would be lost (an action updated, a register
     * link, a paper, a later meeting approving these minutes).
     */
    async undoBatch(batchId: string, actor: Actor) {
      return db.transaction().execute(async (tx) => {
        const rows = await tx.selectFrom('minutes_import').selectAll().where('batch_id', '=', batchId).execute()
        if (!rows.length) throw new NotFoundError(`There is no import batch ${batchId}.`)
        const meetings = rows.map((r) => r.meeting_id).filter((m): m is string => !!m)
        if (meetings.length) {
          const actions = (
            await tx.selectFrom('action').select('id').where('meeting_id', 'in', meetings).execute()
          ).map((a) => a.id)
          const paragraphs = (
            await tx
              .selectFrom('minute_paragraph')
              .innerJoin('agenda_item', 'agenda_item.id', 'minute_paragraph.agenda_item_id')
              .select('minute_paragraph.id')
              .where('agenda_item.meeting_id', 'in', meetings)
              .execute()
          ).map((p) => p.id)
          const decisions = (
            await tx.selectFrom('decision').select('id').where('meeting_id', 'in', meetings).execute()
          ).map((d) => d.id)
          const targets = [...actions, ...paragraphs, ...decisions, ...meetings]
          const since = [
            actions.length &&
              (await tx
                .selectFrom('action_update')
                .select('id')
                .where('action_id', 'in', actions)
                .executeTakeFirst()) &&
              'an action from these minutes has been updated since',
            targets.length &&
              (await tx
                .selectFrom('register_link')
                .select('entry_id')
                .where('target_id', 'in', targets)
                .executeTakeFirst()) &&
              'a register entry links to these minutes',
            (await tx.selectFrom('agenda_paper').select('id').where('meeting_id', 'in', meetings).executeTakeFirst()) &&
              'a paper has been added to one of these meetings',
            (await tx
              .selectFrom('meeting')
              .select('id')
              .where('minutes_approved_at_meeting_id', 'in', meetings)
              .executeTakeFirst()) && 'another meeting records approving these minutes',
            paragraphs.length &&
              (await tx
                .selectFrom('forward_plan_item')
                .select('id')
                .where('source_paragraph_id', 'in', paragraphs)
                .executeTakeFirst()) &&
              'the forward plan holds an item raised in these minutes',
          ].filter(Boolean)
          if (since.length)
            throw new RuleError(`This batch cannot be undone: ${since.join('; ')}. Nothing was changed.`)
          if (actions.length) {
            await tx.deleteFrom('action_owner').where('action_id', 'in', actions).execute()
            await tx
              .updateTable('minute_paragraph')
              .set({ action_id: null })
              .where('action_id', 'in', actions)
              .execute()
            await tx.deleteFrom('action').where('id', 'in', actions).execute()
          }
          await tx.deleteFrom('decision').where('meeting_id', 'in', meetings).execute()
          if (paragraphs.length) {
            await tx.deleteFrom('record_access').where('subject_id', 'in', paragraphs).execute()
            await tx.deleteFrom('minute_paragraph').where('id', 'in', paragraphs).execute()
          }
          await tx.deleteFrom('agenda_item').where('meeting_id', 'in', meetings).execute()
          await tx.deleteFrom('attendance').where('meeting_id', 'in', meetings).execute()
          await tx.deleteFrom('minutes_version').where('meeting_id', 'in', meetings).execute()
          await tx.updateTable('minutes_import').set({ meeting_id: null }).where('batch_id', '=', batchId).execute()
          await tx.deleteFrom('meeting').where('id', 'in', meetings).execute()
        }
        // People and agencies the batch created, unless something else now names them.
        let people = 0
        for (const r of rows) {
          const made = JSON.parse(r.created) as { people?: string[]; agencies?: string[] }
          for (const p of made.people ?? []) {
            const used =
              (await tx.selectFrom('attendance').select('id').where('person_id', '=', p).executeTakeFirst()) ??
              (await tx.selectFrom('action_owner').select('action_id').where('person_id', '=', p).executeTakeFirst()) ??
              (await tx.selectFrom('app_user').select('id').where('person_id', '=', p).executeTakeFirst())
            if (used) continue
            await tx.deleteFrom('person_alias').where('person_id', '=', p).execute()
            await tx.deleteFrom('membership').where('person_id', '=', p).execute()
            await tx.deleteFrom('person').where('id', '=', p).execute()
            people++
          }
          for (const a of made.agencies ?? []) {
            const used =
              (await tx.selectFrom('membership').select('id').where('agency_id', '=', a).executeTakeFirst()) ??
              (await tx.selectFrom('attendance').select('id').where('agency_id', '=', a).executeTakeFirst())
            if (!used) await tx.deleteFrom('agency').where('id', '=', a).execute()
          }
        }
        await tx
          .updateTable('minutes_import')
          .set({ status: 'undone', undone_at: clock().toISOString() })
          .where('batch_id', '=', batchId)
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'minutes.import.undo',
          subjectType: 'minutes_import_batch',
          subjectId: batchId,
          details: { files: rows.map((r) => r.file_name), meetings: meetings.length, people },
        })
        return { meetings: meetings.length, files: rows.length, people }
      })
    },

    /** The imports, newest first, with the meeting each became. */
    list: (partnershipId: string) =>
      db
        .selectFrom('minutes_import')
        .select([
          'id',
          'batch_id',
          'file_name',
          'sha256',
          'format',
          'size',
          'status',
          'meeting_id',
          'created_at',
          'created_by',
          'saved_at',
          'undone_at',
        ])
        .where('partnership_id', '=', partnershipId)
        .orderBy('created_at', 'desc')
        .orderBy('file_name')
        .execute(),

    /** Where a meeting's minutes came from, when they were imported. */
    sourceOf: (meetingId: string) =>
      db
        .selectFrom('minutes_import')
        .select(['id', 'file_name', 'sha256', 'format', 'created_by', 'saved_at'])
        .where('meeting_id', '=', meetingId)
        .where('status', '=', 'saved')
        .executeTakeFirst(),

    /** A kept source file's bytes. */
    async content(id: string) {
      const r = await row(id)
      const f = await db
        .selectFrom('minutes_import_file')
        .select('content')
        .where('import_id', '=', id)
        .executeTakeFirstOrThrow()
      return { name: r.file_name.replace(/^.*\//, ''), format: r.format, bytes: Buffer.from(f.content) }
    },
  }
}
