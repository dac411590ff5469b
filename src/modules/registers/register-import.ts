/**
 * Reading a register from CSV (a partnership moving its spreadsheet in). Every problem is found
 * before anything is written, each located by row and column; the caller writes all the rows in one
 * transaction or none. Pure: the partnership's names and references are passed in.
 */
import { checkDhrMove, dhrStatusLabels, type DhrEvent, type DhrStatus } from './dhr-clock'
import { dhrReasonLabels, dhrReasons, type DhrReason } from './dhr-analysis'
import { readFields, type FieldValue, type RegisterDef } from './register-defs'

export class RegisterImportError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? problems[0]!
        : `${problems.length} problems in the file; nothing was imported. ${problems.slice(0, 3).join(' ')}${problems.length > 3 ? ' …' : ''}`,
    )
  }
}

export interface ImportContext {
  existingRefs: readonly string[]
  /** Agency and person names (any case) to their ids. */
  agencies: ReadonlyMap<string, string>
  people: ReadonlyMap<string, string>
  today: string
}

export interface ImportedEntry {
  line: number
  ref: string | null
  title: string
  status: string
  statusDate: string
  leadAgencyId: string | null
  ownerPersonId: string | null
  visibility: 'public' | 'partners'
  fields: Record<string, FieldValue>
}

export interface ImportedDhr {
  line: number
  ref: string
  title: string
  leadAgencyId: string | null
  history: DhrEvent[]
  reason: DhrReason | null
  themes: string[]
  impact: string
}

const MAX_PROBLEMS = 50
const ISO = /^\d{4}-\d{2}-\d{2}$/
const realDate = (s: string) => ISO.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s

/** The columns of the general registers' CSV: the same as their export. */
export function generalColumns(def: RegisterDef) {
  return {
    required: ['title', 'status', 'status_since'],
    optional: [
      'ref',
      'lead_agency',
      'owner',
      'visibility',
      ...def.fields.map((f) => f.name.toLowerCase()),
      ...(def.kind === 'risks' ? ['score'] : []),
    ],
  }
}

/** The DHR register's CSV: a review, the date it reached each stage, and what the analysis reads. */
const DHR_STAGE_COLUMNS: readonly DhrStatus[] = [
  'decision_pending',
  'ongoing',
  'submitted_qa',
  'approved',
  'not_published',
  'published',
  'not_met',
  'transferred',
]
export const dhrStageColumns = DHR_STAGE_COLUMNS.map((s) => `${s}_on`)
/** Columns the export writes that are worked out from the stages: read past on import. */
export const dhrDerivedColumns = [
  'status',
  'status_since',
  'decision_due',
  'completion_due',
  'publication_due',
  'days_overdue',
]
export const dhrColumns = {
  required: ['ref', 'title', 'notified_on'],
  optional: ['lead_agency', ...dhrStageColumns, 'reason', 'themes', 'impact', ...dhrDerivedColumns],
}
/** The DHR export's columns, in order: the import's, so a downloaded register can be read back. */
export const dhrExportColumns = [
  'ref',
  'title',
  'status',
  'status_since',
  'lead_agency',
  'notified_on',
  ...dhrStageColumns,
  'reason',
  'themes',
  'impact',
  'decision_due',
  'completion_due',
  'publication_due',
  'days_overdue',
] as const
export { DHR_STAGE_COLUMNS }

class Problems {
  readonly list: string[] = []
  add(text: string) {
    if (this.list.length < MAX_PROBLEMS) this.list.push(text)
  }
}

/** Checks the header: required columns present, no column it does not know, none twice. */
function checkHeader(
  header: readonly string[],
  cols: { required: readonly string[]; optional: readonly string[] },
  p: Problems,
) {
  const missing = cols.required.filter((c) => !header.includes(c))
  if (missing.length)
    p.add(
      `The header (row 1) has no ${missing.map((m) => `"${m}"`).join(', ')} column${missing.length === 1 ? '' : 's'}. The file needs ${cols.required.join(', ')}, and may have ${cols.optional.join(', ')}.`,
    )
  header.forEach((h, i) => {
    if (!cols.required.includes(h) && !cols.optional.includes(h))
      p.add(
        `Row 1, column ${i + 1}: "${h}" is not a column of this register. Use ${[...cols.required, ...cols.optional].join(', ')}.`,
      )
    if (header.indexOf(h) !== i) p.add(`Row 1, column ${i + 1}: "${h}" appears twice.`)
  })
  return missing.length === 0
}

/** A row as column → value, or a problem when it has a different number of fields from the header. */
function cells(
  header: readonly string[],
  row: { line: number; fields: string[] },
  p: Problems,
): Map<string, string> | null {
  if (row.fields.length !== header.length) {
    p.add(
      `Row ${row.line} has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'} but the header has ${header.length}: ${
        row.fields.length < header.length
          ? `it is missing ${header
              .slice(row.fields.length)
              .map((h) => `"${h}"`)
              .join(', ')}`
          : 'it has more than there are columns'
      }. Check for a missing or extra comma.`,
    )
    return null
  }
  return new Map(header.map((h, i) => [h, row.fields[i]!]))
}

function refCheck(ref: string, line: number, seen: Map<string, number>, ctx: ImportContext, p: Problems, what: string) {
  if (!ref) return
  if (ctx.existingRefs.includes(ref))
    p.add(`Row ${line}, column ref: ${what} ${ref} is already in the register. Each reference may be used once.`)
  else if (seen.has(ref))
    p.add(`Row ${line}, column ref: ${what} ${ref} is also on row ${seen.get(ref)}. Each reference may be used once.`)
  else seen.set(ref, line)
}

function named(
  map: ReadonlyMap<string, string>,
  name: string,
  line: number,
  column: string,
  what: string,
  p: Problems,
): string | null {
  if (!name) return null
  const id = map.get(name.toLowerCase())
  if (!id)
    p.add(
      `Row ${line}, column ${column}: there is no ${what} called "${name}". Use the name as the partnership has it, or leave it empty.`,
    )
  return id ?? null
}

/** The rows of one of the general registers (priorities, assessments, interventions, risks), checked. */
export function readGeneralImport(
  def: RegisterDef,
  table: { header: string[]; rows: { line: number; fields: string[] }[] },
  ctx: ImportContext,
): ImportedEntry[] {
  const p = new Problems()
  const ok = checkHeader(table.header, generalColumns(def), p)
  if (table.rows.length === 0) p.add('The file has a header but no rows.')
  const out: ImportedEntry[] = []
  const seen = new Map<string, number>()
  for (const row of ok ? table.rows : []) {
    const c = cells(table.header, row, p)
    if (!c) continue
    const line = row.line
    const title = c.get('title') ?? ''
    if (!title) p.add(`Row ${line}, column title: it is empty. Every ${def.singular} needs a title.`)
    const ref = c.get('ref') ?? ''
    refCheck(ref, line, seen, ctx, p, `The reference`)
    const statusText = c.get('status') ?? ''
    const status = def.statuses.find((s) => s.code === statusText || s.label.toLowerCase() === statusText.toLowerCase())
    if (!status)
      p.add(
        `Row ${line}, column status: "${statusText}" is not a status of this register. Use one of: ${def.statuses.map((s) => s.code).join(', ')}.`,
      )
    const since = c.get('status_since') ?? ''
    if (!realDate(since)) p.add(`Row ${line}, column status_since: "${since}" is not a date written YYYY-MM-DD.`)
    else if (since > ctx.today) p.add(`Row ${line}, column status_since: ${since} is in the future.`)
    const visibility = (c.get('visibility') || def.defaultVisibility) as ImportedEntry['visibility']
    if (visibility !== 'public' && visibility !== 'partners')
      p.add(
        `Row ${line}, column visibility: "${c.get('visibility')}" is not public or partners. Restrict an entry to named people on its page once it is imported.`,
      )
    const input: Record<string, unknown> = {}
    for (const f of def.fields) {
      const v = c.get(f.name.toLowerCase()) ?? ''
      input[f.name] =
        f.type === 'yesno'
          ? (({ true: 'yes', false: 'no' } as Record<string, string>)[v.toLowerCase()] ?? v.toLowerCase())
          : f.type === 'measures'
            ? v
                .split(';')
                .map((x) => x.trim())
                .filter(Boolean)
            : v
    }
    const fields = readFields(def, input)
    if (!fields.ok) p.add(`Row ${line}, column ${fields.field.toLowerCase()}: ${fields.message}.`)
    const leadAgencyId = named(ctx.agencies, c.get('lead_agency') ?? '', line, 'lead_agency', 'agency', p)
    const ownerPersonId = named(ctx.people, c.get('owner') ?? '', line, 'owner', 'person', p)
    if (title && status && realDate(since) && fields.ok)
      out.push({
        line,
        ref: ref || null,
        title,
        status: status.code,
        statusDate: since,
        leadAgencyId,
        ownerPersonId,
        visibility,
        fields: fields.details,
      })
  }
  if (p.list.length) throw new RegisterImportError(p.list)
  return out
}

/**
 * The DHR register's rows, checked: a unique case reference, the notification date, and the date
 * each later stage was reached, which must follow the statutory order (a review cannot be published
 * before it was submitted to the Quality Assurance Panel).
 */
export function readDhrImport(
  table: { header: string[]; rows: { line: number; fields: string[] }[] },
  ctx: ImportContext,
): ImportedDhr[] {
  const p = new Problems()
  const ok = checkHeader(table.header, dhrColumns, p)
  if (table.rows.length === 0) p.add('The file has a header but no rows.')
  const out: ImportedDhr[] = []
  const seen = new Map<string, number>()
  for (const row of ok ? table.rows : []) {
    const c = cells(table.header, row, p)
    if (!c) continue
    const line = row.line
    const ref = c.get('ref') ?? ''
    if (!ref) p.add(`Row ${line}, column ref: it is empty. Every review needs its case reference.`)
    refCheck(ref, line, seen, ctx, p, 'Case reference')
    const title = c.get('title') ?? ''
    if (!title)
      p.add(`Row ${line}, column title: it is empty. Give a title that identifies nobody, like "DHR 2024/03".`)
    const history: DhrEvent[] = []
    let valid = true
    for (const stage of ['notified' as const, ...DHR_STAGE_COLUMNS]) {
      const date = c.get(`${stage}_on`) ?? ''
      if (!date) {
        if (stage === 'notified') {
          p.add(`Row ${line}, column notified_on: it is empty. A review starts with its notification date.`)
          valid = false
        }
        continue
      }
      if (!realDate(date)) {
        p.add(`Row ${line}, column ${stage}_on: "${date}" is not a date written YYYY-MM-DD.`)
        valid = false
        continue
      }
      if (!valid) continue
      const problem = checkDhrMove(history, stage, date, ctx.today)
      if (problem) {
        p.add(`Row ${line}, column ${stage}_on: ${problem}`)
        valid = false
        continue
      }
      history.push({ status: stage, date })
    }
    const reasonText = c.get('reason') ?? ''
    const reason = reasonText
      ? dhrReasons.find((r) => r === reasonText || dhrReasonLabels[r].toLowerCase() === reasonText.toLowerCase())
      : null
    if (reason === undefined)
      p.add(
        `Row ${line}, column reason: "${reasonText}" is not a reason for review. Use one of: ${dhrReasons.join(', ')}.`,
      )
    const leadAgencyId = named(ctx.agencies, c.get('lead_agency') ?? '', line, 'lead_agency', 'agency', p)
    const themes = (c.get('themes') ?? '')
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean)
    if (ref && title && valid && reason !== undefined)
      out.push({ line, ref, title, leadAgencyId, history, reason, themes, impact: c.get('impact') ?? '' })
  }
  if (p.list.length) throw new RegisterImportError(p.list)
  return out
}

/** A line describing a stage column for the import page. */
export const dhrStageColumnHelp = DHR_STAGE_COLUMNS.map((s) => ({ column: `${s}_on`, label: dhrStatusLabels[s] }))
