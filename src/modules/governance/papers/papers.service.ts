// Papers on agenda items: uploaded PDF, Word, Excel or OpenDocument files, each as visible as its
// item, some "not for publication" with the reason (kept out of everything published); replacing
// one keeps the old as history. The bytes live in the database, so a backup holds them.
import { createHash, randomUUID } from 'node:crypto'
import JSZip from 'jszip'
import { PDFDocument } from 'pdf-lib'
import type { Db } from '../../../db/database'
import { NotFoundError, RuleError } from '../../../errors'
import { currentViewer, visibleIn, type Viewer } from '../../access/restriction'
import { recordAudit, type Actor } from '../../audit/audit.service'
import type { Notices } from '../../notify/notices'
import { describeMeetingDate } from '../meetings/meeting-date'

/** The largest paper taken, in bytes. */
export const MAX_PAPER_BYTES = 50 * 1024 * 1024

export interface PaperUpload {
  title: string
  fileName: string
  bytes: Buffer
  notForPublication: boolean
  reason: string | null
}

const TYPES = {
  pdf: { type: 'application/pdf', name: 'PDF' },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: 'Word document' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name: 'Excel workbook' },
  odt: { type: 'application/vnd.oasis.opendocument.text', name: 'OpenDocument text' },
} as const
export type PaperKind = keyof typeof TYPES

/** A format's name in words, for lists ("Word document"). */
export function formatName(contentType: string): string {
  return Object.values(TYPES).find((t) => t.type === contentType)?.name ?? 'file'
}

/**
 * What a file is, by its bytes (not its name alone), and a PDF's page count: a clear error, at the
 * file field, for anything else.
 */
export async function identifyPaper(
  fileName: string,
  bytes: Buffer,
): Promise<{ kind: PaperKind; pages: number | null }> {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? ''
  if (bytes.length === 0) throw new RuleError(`${fileName} is empty. Choose the paper's file.`, 'file')
  if (bytes.length > MAX_PAPER_BYTES)
    throw new RuleError(
      `${fileName} is over ${MAX_PAPER_BYTES / 1024 / 1024} MB. Make it smaller, or split it.`,
      'file',
    )
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    try {
      const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false })
      return { kind: 'pdf', pages: doc.getPageCount() }
    } catch {
      throw new RuleError(`${fileName} starts like a PDF but cannot be read as one. Save it again as PDF.`, 'file')
    }
  }
  const unsupported = `${fileName} is not a PDF, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt) file. Save it as one of those.`
  if (bytes.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') throw new RuleError(unsupported, 'file')
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    throw new RuleError(`${fileName} looks like an Office file but cannot be opened. Save it again.`, 'file')
  }
  if (zip.file('word/document.xml')) return { kind: 'docx', pages: null }
  if (zip.file('xl/workbook.xml')) return { kind: 'xlsx', pages: null }
  const mimetype = await zip.file('mimetype')?.async('string')
  if (mimetype === TYPES.odt.type) return { kind: 'odt', pages: null }
  throw new RuleError(
    ext === 'doc' || ext === 'xls' ? `${fileName} is an old Office format: save it as .${ext}x or PDF.` : unsupported,
    'file',
  )
}

/** A paper's title and why it is not for publication, checked: the same for a new paper and a changed one. */
function paperDetails(input: { title: string; notForPublication: boolean; reason?: string | null }) {
  const title = input.title.trim()
  if (!title) throw new RuleError('Enter the paper’s title, as it will be listed on the agenda', 'title')
  if (title.length > 300) throw new RuleError('The title must be 300 characters or fewer', 'title')
  const reason = input.reason?.trim() || null
  if (input.notForPublication && !reason)
    throw new RuleError(
      'Say why it is not for publication, e.g. Local Government Act 1972, Schedule 12A, paragraph 3',
      'reason',
    )
  return { title, reason }
}

export type PapersService = ReturnType<typeof papersService>

const COLUMNS = [
  'agenda_paper.id',
  'agenda_paper.meeting_id',
  'agenda_paper.agenda_item_id',
  'agenda_paper.title',
  'agenda_paper.file_name',
  'agenda_paper.content_type',
  'agenda_paper.size',
  'agenda_paper.sha256',
  'agenda_paper.pages',
  'agenda_paper.not_for_publication',
  'agenda_paper.exempt_reason',
  'agenda_paper.replaces_id',
  'agenda_paper.superseded_at',
  'agenda_paper.created_at',
  'agenda_paper.created_by',
] as const

export function papersService(db: Db, clock: () => Date, deps: { notices: Pick<Notices, 'agendaPublished'> }) {
  /** Papers of a meeting whose items the viewer may see (published: public items, not exempt). */
  function query(meetingId: string, viewer: Viewer, published: boolean) {
    let q = db
      .selectFrom('agenda_paper')
      .innerJoin('agenda_item', 'agenda_item.id', 'agenda_paper.agenda_item_id')
      .select([...COLUMNS, 'agenda_item.number as item_number', 'agenda_item.visibility as item_visibility'])
      .where('agenda_paper.meeting_id', '=', meetingId)
    if (published)
      q = q.where('agenda_item.visibility', '=', 'public').where('agenda_paper.not_for_publication', '=', 0)
    else q = q.where((eb) => visibleIn(eb, 'agenda_item', viewer))
    return q.orderBy('agenda_item.number').orderBy('agenda_paper.created_at')
  }

  async function store(
    item: { id: string; meeting_id: string },
    input: PaperUpload,
    actor: Actor,
    replaces: string | null,
  ): Promise<string> {
    const { title, reason } = paperDetails(input)
    const { kind, pages } = await identifyPaper(input.fileName, input.bytes)
    const id = randomUUID()
    const now = clock().toISOString()
    await db.transaction().execute(async (tx) => {
      if (replaces)
        await tx.updateTable('agenda_paper').set({ superseded_at: now }).where('id', '=', replaces).execute()
      await tx
        .insertInto('agenda_paper')
        .values({
          id,
          meeting_id: item.meeting_id,
          agenda_item_id: item.id,
          title,
          file_name: input.fileName.replace(/^.*[\\/]/, '').slice(0, 200),
          content_type: TYPES[kind].type,
          size: input.bytes.length,
          sha256: createHash('sha256').update(input.bytes).digest('hex'),
          pages,
          not_for_publication: input.notForPublication ? 1 : 0,
          exempt_reason: input.notForPublication ? reason : null,
          replaces_id: replaces,
          superseded_at: null,
          created_at: now,
          created_by: actor.name,
        })
        .execute()
      await tx.insertInto('agenda_paper_file').values({ paper_id: id, content: input.bytes }).execute()
      await recordAudit(tx, actor, clock(), {
        action: replaces ? 'papers.replace' : 'papers.add',
        subjectType: 'agenda_paper',
        subjectId: id,
        details: {
          item: item.id,
          kind,
          size: input.bytes.length,
          notForPublication: input.notForPublication,
          replaces,
        },
      })
    })
    return id
  }

  async function itemFor(itemId: string, viewer: Viewer) {
    const item = await db
      .selectFrom('agenda_item')
      .select(['id', 'meeting_id'])
      .where('id', '=', itemId)
      .where((eb) => visibleIn(eb, 'agenda_item', viewer))
      .executeTakeFirst()
    if (!item) throw new NotFoundError(`There is no agenda item with id ${itemId}.`)
    return item
  }

  /** A paper the viewer may see (published: only a public item's paper that is not exempt). */
  async function get(paperId: string, viewer: Viewer = currentViewer(), published = false) {
    let q = db
      .selectFrom('agenda_paper')
      .innerJoin('agenda_item', 'agenda_item.id', 'agenda_paper.agenda_item_id')
      .select([...COLUMNS, 'agenda_item.number as item_number', 'agenda_item.visibility as item_visibility'])
      .where('agenda_paper.id', '=', paperId)
    if (published)
      q = q.where('agenda_item.visibility', '=', 'public').where('agenda_paper.not_for_publication', '=', 0)
    else q = q.where((eb) => visibleIn(eb, 'agenda_item', viewer))
    const p = await q.executeTakeFirst()
    if (!p) throw new NotFoundError(`There is no paper with id ${paperId}.`)
    return p
  }

  return {
    get,

    /** The earlier files a paper replaced, newest first (each still opens at /papers/:id). */
    async earlierFiles(paperId: string, viewer: Viewer = currentViewer()) {
      const out: Awaited<ReturnType<typeof get>>[] = []
      let p = await get(paperId, viewer)
      while (p.replaces_id && out.length < 100) {
        p = await get(p.replaces_id, viewer)
        out.push(p)
      }
      return out
    },

    /** Adds a paper to an agenda item the actor may see. */
    async add(itemId: string, input: PaperUpload, actor: Actor, viewer: Viewer = currentViewer()) {
      return store(await itemFor(itemId, viewer), input, actor, null)
    },

    /** A new file for a paper: the old one is kept, marked superseded; title and publication carry over unless given. */
    async replace(
      paperId: string,
      input: Omit<PaperUpload, 'title' | 'notForPublication' | 'reason'> & Partial<PaperUpload>,
      actor: Actor,
      viewer: Viewer = currentViewer(),
    ) {
      const old = await get(paperId, viewer)
      if (old.superseded_at)
        throw new RuleError('That paper has already been replaced: replace the current one.', 'file')
      return store(
        await itemFor(old.agenda_item_id, viewer),
        {
          title: input.title ?? old.title,
          fileName: input.fileName,
          bytes: input.bytes,
          notForPublication: input.notForPublication ?? old.not_for_publication === 1,
          reason: input.reason ?? old.exempt_reason,
        },
        actor,
        old.id,
      )
    },

    /** A current paper's title and publication changed (the file stays), audited with before and after. */
    async changeDetails(
      paperId: string,
      input: { title: string; notForPublication: boolean; reason: string | null },
      actor: Actor,
      viewer: Viewer = currentViewer(),
    ) {
      const p = await get(paperId, viewer)
      if (p.superseded_at)
        throw new RuleError('That paper has been replaced or withdrawn: change the current one.', 'title')
      const { title, reason } = paperDetails(input)
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('agenda_paper')
          .set({
            title,
            not_for_publication: input.notForPublication ? 1 : 0,
            exempt_reason: input.notForPublication ? reason : null,
          })
          .where('id', '=', paperId)
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'papers.change',
          subjectType: 'agenda_paper',
          subjectId: paperId,
          details: {
            before: { title: p.title, notForPublication: p.not_for_publication === 1 },
            after: { title, notForPublication: input.notForPublication },
          },
        })
      })
    },

    /** Takes a paper off the agenda (and out of the packs and published pages); its file is kept in the history. */
    async withdraw(paperId: string, actor: Actor, viewer: Viewer = currentViewer()) {
      const p = await get(paperId, viewer)
      if (p.superseded_at) throw new RuleError('That paper has already been replaced or withdrawn.', 'title')
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('agenda_paper')
          .set({ superseded_at: clock().toISOString() })
          .where('id', '=', paperId)
          .execute()
        await recordAudit(tx, actor, clock(), {
          action: 'papers.withdraw',
          subjectType: 'agenda_paper',
          subjectId: paperId,
          details: { title: p.title },
        })
      })
      return p
    },

    /** The file's bytes (after `get` has said the reader may see it). */
    async content(paperId: string): Promise<Buffer> {
      const f = await db
        .selectFrom('agenda_paper_file')
        .select('content')
        .where('paper_id', '=', paperId)
        .executeTakeFirstOrThrow()
      return Buffer.from(f.content)
    },

    /** The current papers of a meeting the viewer may see (or, published, the public ones). */
    current: (meetingId: string, viewer: Viewer = currentViewer(), published = false) =>
      query(meetingId, viewer, published).where('agenda_paper.superseded_at', 'is', null).execute(),

    /**
     * Publishes a meeting's agenda and papers to its members: stamped on the meeting, and an email
     * with the link to every enabled account, queued in the same transaction (once per account per
     * publication: publishing again after a change tells them again).
     */
    async publishAgenda(meetingId: string, actor: Actor): Promise<{ queued: number }> {
      const m = await db
        .selectFrom('meeting')
        .innerJoin('partnership', 'partnership.id', 'meeting.partnership_id')
        .select([
          'meeting.id',
          'meeting.partnership_id',
          'meeting.title',
          'meeting.date',
          'meeting.date_not_before',
          'meeting.date_not_after',
          'meeting.start_time',
          'partnership.name as partnership',
        ])
        .where('meeting.id', '=', meetingId)
        .executeTakeFirst()
      if (!m) throw new NotFoundError(`There is no meeting with id ${meetingId}.`)
      const now = clock().toISOString()
      const when = `${describeMeetingDate(m)}${m.start_time ? ` at ${m.start_time}` : ''}`
      let queued = 0
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('meeting')
          .set({ agenda_published_at: now, agenda_published_by: actor.name })
          .where('id', '=', meetingId)
          .execute()
        queued = await deps.notices.agendaPublished(tx, { ...m, when }, now)
        await recordAudit(tx, actor, clock(), {
          action: 'meetings.agenda.publish',
          subjectType: 'meeting',
          subjectId: meetingId,
          details: { emailed: queued },
        })
      })
      return { queued }
    },

    /** Every version, replaced ones included, newest first within each item. */
    history: (meetingId: string, viewer: Viewer = currentViewer()) => query(meetingId, viewer, false).execute(),
  }
}
