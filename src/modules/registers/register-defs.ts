import { NotFoundError } from '../../errors'
import { asText } from '../../words'
import type { Visibility } from '../access/restriction'
import type { RegisterKind } from './registers.table'

/** One of a register's own fields, kept in the entry's `details`. */
export interface FieldDef {
  name: string
  label: string
  /** group: a crime group; measures: partner measures (several); their options come from the partnership. */
  type: 'text' | 'longtext' | 'date' | 'yesno' | 'select' | 'score' | 'group' | 'measures'
  options?: readonly { value: string; text: string }[]
  hint?: string
}

export interface StatusDef {
  code: string
  label: string
  /** A status that ends the entry's active life (removed, completed, closed). */
  closed?: boolean
  /** How far along an entry in this status is (0–100), for the register's progress roll-up; none when it does not apply. */
  progress?: number | null
}

/** What a partnership has changed of a register: its statuses, and for risks the named risk registers. */
export interface RegisterSettings {
  statuses?: StatusDef[]
  books?: string[]
}

export const DEFAULT_BOOK = 'Partnership risk register'

export interface RegisterDef {
  kind: Exclude<RegisterKind, 'dhr'>
  title: string
  singular: string
  intro: string
  statuses: readonly StatusDef[]
  defaultVisibility: Visibility
  fields: readonly FieldDef[]
  /** Whether a change of name is kept as history ("The Boys Project became The Bystander Project"). */
  renames?: boolean
  /** Risks only: the named risk registers entries belong to (the DHR risk register is one). */
  books?: readonly string[]
}

/** R1, R2, R3 and R5 (the DHR register, R4, has its own statutory stages and clock). */
export const registerDefs: Record<RegisterDef['kind'], RegisterDef> = {
  priorities: {
    kind: 'priorities',
    title: 'Priorities',
    singular: 'priority',
    intro: "The partnership's strategic and local priorities, with why each was kept, added or removed.",
    statuses: [
      { code: 'active', label: 'Active' },
      { code: 'under_review', label: 'Under review' },
      { code: 'removed', label: 'Removed', closed: true },
      { code: 'achieved', label: 'Achieved', closed: true },
    ],
    defaultVisibility: 'public',
    fields: [
      {
        name: 'level',
        label: 'Kind',
        type: 'select',
        options: [
          { value: 'strategic', text: 'Strategic' },
          { value: 'local', text: 'Local' },
        ],
      },
      {
        name: 'trendGroup',
        label: 'Crime group that tracks it',
        type: 'group',
        hint: "Its monthly trend, with process limits, shows on the priority's page",
      },
      {
        name: 'measures',
        label: 'Partner measures that track it',
        type: 'measures',
        hint: "Their charts show on the priority's page",
      },
    ],
  },
  assessments: {
    kind: 'assessments',
    title: 'Assessments',
    singular: 'assessment',
    intro:
      'Strategic assessments and needs assessments: who owns each, when it is due, and which plans and strategies it feeds.',
    statuses: [
      { code: 'planned', label: 'Planned', progress: 0 },
      { code: 'in_progress', label: 'In progress', progress: 50 },
      { code: 'updating', label: 'Being updated', progress: 75 },
      { code: 'completed', label: 'Completed', closed: true, progress: 100 },
    ],
    defaultVisibility: 'partners',
    fields: [
      { name: 'dueDate', label: 'Due', type: 'date' },
      { name: 'feeds', label: 'Plans and strategies it feeds', type: 'longtext' },
    ],
  },
  interventions: {
    kind: 'interventions',
    title: 'Serious Violence Duty interventions',
    singular: 'intervention',
    intro:
      'What the partnership delivers under the Serious Violence Duty: lead, funding and when it ends, and whether it is designed to become business as usual.',
    statuses: [
      { code: 'planned', label: 'Planned', progress: 0 },
      { code: 'active', label: 'Being delivered', progress: 50 },
      { code: 'business_as_usual', label: 'Business as usual', closed: true, progress: 100 },
      { code: 'ended', label: 'Ended', closed: true, progress: 100 },
    ],
    defaultVisibility: 'partners',
    renames: true,
    fields: [
      { name: 'fundingSource', label: 'Funding source', type: 'text' },
      { name: 'fundingEnds', label: 'Funding period ends', type: 'date' },
      { name: 'designedForBau', label: 'Designed to become business as usual', type: 'yesno' },
    ],
  },
  risks: {
    kind: 'risks',
    title: 'Risk register',
    singular: 'risk',
    intro:
      "Risks to the partnership's work, scored likelihood × impact (1–5 each), with mitigations and the next review.",
    statuses: [
      { code: 'open', label: 'Open' },
      { code: 'mitigated', label: 'Mitigated' },
      { code: 'closed', label: 'Closed', closed: true },
    ],
    defaultVisibility: 'partners',
    books: [DEFAULT_BOOK],
    fields: [
      { name: 'book', label: 'Risk register', type: 'select', options: [] },
      { name: 'likelihood', label: 'Likelihood (1–5)', type: 'score' },
      { name: 'impact', label: 'Impact (1–5)', type: 'score' },
      { name: 'mitigations', label: 'Mitigations', type: 'longtext' },
      { name: 'reviewDate', label: 'Next review', type: 'date' },
    ],
  },
}

export const isGenericRegister = (kind: string): kind is RegisterDef['kind'] => Object.hasOwn(registerDefs, kind)

/** A field's choices as a partnership has them: crime groups, partner measures, named risk registers. */
export interface FieldChoices {
  groups: readonly { value: string; text: string }[]
  measures: readonly { value: string; text: string }[]
}

/**
 * The register as this partnership has it: its own statuses (in place of the defaults) and, for
 * risks, its named risk registers; fields that choose from the partnership's data get their options.
 */
export function configure(def: RegisterDef, settings: RegisterSettings, choices: FieldChoices): RegisterDef {
  const books = def.books ? (settings.books?.length ? settings.books : def.books) : undefined
  return {
    ...def,
    statuses: settings.statuses?.length ? settings.statuses : def.statuses,
    ...(books ? { books } : {}),
    fields: def.fields.map((f) =>
      f.type === 'group'
        ? { ...f, options: choices.groups }
        : f.type === 'measures'
          ? { ...f, options: choices.measures }
          : f.name === 'book' && books
            ? { ...f, options: books.map((b) => ({ value: b, text: b })) }
            : f,
    ),
  }
}

export type FieldValue = string | number | boolean | string[] | null

/** How far a register has come: entries by status, and the mean progress of those whose status has one. */
export function progressRollUp(statuses: readonly StatusDef[], entries: readonly { status: string }[]) {
  const byStatus = statuses.map((s) => ({ ...s, count: entries.filter((e) => e.status === s.code).length }))
  const measured = byStatus.filter((s) => typeof s.progress === 'number' && s.count > 0)
  const n = measured.reduce((a, s) => a + s.count, 0)
  const percent = n ? Math.round(measured.reduce((a, s) => a + s.count * (s.progress as number), 0) / n) : null
  return { byStatus, percent, measuredEntries: n, total: entries.length }
}

/**
 * Checks an entry's own fields against its register (configured: see configure()): a date is a real
 * YYYY-MM-DD date, a score 1–5, a choice one of the options. Returns the clean values, or the first
 * problem by field.
 */
export function readFields(
  def: RegisterDef,
  input: Record<string, unknown>,
): { ok: true; details: Record<string, FieldValue> } | { ok: false; field: string; message: string } {
  const details: Record<string, FieldValue> = {}
  for (const f of def.fields) {
    if (f.type === 'measures') {
      const raw = input[f.name]
      const keys = (Array.isArray(raw) ? raw : raw === undefined || raw === '' ? [] : [raw])
        .map((x) => String(x).trim())
        .filter(Boolean)
      const unknown = keys.find((k) => !f.options!.some((o) => o.value === k))
      if (unknown !== undefined)
        return {
          ok: false,
          field: f.name,
          message: `${f.label}: there is no partner measure "${unknown}". Choose from the list.`,
        }
      details[f.name] = [...new Set(keys)]
      continue
    }
    const raw = asText(input[f.name]).trim()
    if (raw === '') {
      details[f.name] = null
      continue
    }
    if (f.type === 'date') {
      const d = new Date(`${raw}T00:00:00Z`)
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw)
        return { ok: false, field: f.name, message: `${f.label} must be a date written YYYY-MM-DD, like 2025-03-31` }
      details[f.name] = raw
    } else if (f.type === 'score') {
      if (!/^[1-5]$/.test(raw))
        return {
          ok: false,
          field: f.name,
          message: `${f.label.replace(/ \(1–5\)$/, '')} must be a whole number from 1 to 5`,
        }
      details[f.name] = Number(raw)
    } else if (f.type === 'yesno') {
      if (raw !== 'yes' && raw !== 'no') return { ok: false, field: f.name, message: `${f.label}: answer yes or no` }
      details[f.name] = raw === 'yes'
    } else if (f.type === 'group') {
      if (!f.options!.some((o) => o.value === raw))
        return {
          ok: false,
          field: f.name,
          message: `${f.label}: there is no crime group "${raw}". Choose one from the list.`,
        }
      details[f.name] = raw
    } else if (f.type === 'select') {
      if (!f.options!.some((o) => o.value === raw))
        return {
          ok: false,
          field: f.name,
          message: `${f.label} must be one of: ${f.options!.map((o) => o.value).join(', ')}`,
        }
      details[f.name] = raw
    } else {
      if (raw.length > (f.type === 'longtext' ? 5000 : 300))
        return { ok: false, field: f.name, message: `${f.label} is too long` }
      details[f.name] = raw
    }
  }
  return { ok: true, details }
}

/** A general register's definition by the name in its address; a NotFoundError for any other name. */
export function generalRegister(kind: string): RegisterDef {
  if (!isGenericRegister(kind)) throw new NotFoundError(`There is no register called ${kind}.`)
  return registerDefs[kind]
}
