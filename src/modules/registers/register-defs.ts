import type { Visibility } from '../access/restriction'
import type { RegisterKind } from './registers.table'

/** One of a register's own fields, kept in the entry's `details`. */
export interface FieldDef {
  name: string
  label: string
  type: 'text' | 'longtext' | 'date' | 'yesno' | 'select' | 'score' | 'group'
  options?: readonly { value: string; text: string }[]
  hint?: string
}

export interface StatusDef {
  code: string
  label: string
  /** A status that ends the entry's active life (removed, completed, closed). */
  closed?: boolean
}

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
}

/** R1, R2, R3 and R5 (the DHR register, R4, has its own statutory stages and clock). */
export const registerDefs: Record<RegisterDef['kind'], RegisterDef> = {
  priorities: {
    kind: 'priorities', title: 'Priorities', singular: 'priority',
    intro: 'The partnership\'s strategic and local priorities, with why each was kept, added or removed.',
    statuses: [{ code: 'active', label: 'Active' }, { code: 'under_review', label: 'Under review' }, { code: 'removed', label: 'Removed', closed: true }, { code: 'achieved', label: 'Achieved', closed: true }],
    defaultVisibility: 'public',
    fields: [
      { name: 'level', label: 'Kind', type: 'select', options: [{ value: 'strategic', text: 'Strategic' }, { value: 'local', text: 'Local' }] },
      { name: 'trendGroup', label: 'Crime group that tracks it', type: 'group', hint: 'Its monthly trend, with process limits, shows on the priority\'s page' },
    ],
  },
  assessments: {
    kind: 'assessments', title: 'Assessments', singular: 'assessment',
    intro: 'Strategic assessments and needs assessments: who owns each, when it is due, and which plans and strategies it feeds.',
    statuses: [{ code: 'planned', label: 'Planned' }, { code: 'in_progress', label: 'In progress' }, { code: 'updating', label: 'Being updated' }, { code: 'completed', label: 'Completed', closed: true }],
    defaultVisibility: 'partners',
    fields: [
      { name: 'dueDate', label: 'Due', type: 'date' },
      { name: 'feeds', label: 'Plans and strategies it feeds', type: 'longtext' },
    ],
  },
  interventions: {
    kind: 'interventions', title: 'Serious Violence Duty interventions', singular: 'intervention',
    intro: 'What the partnership delivers under the Serious Violence Duty: lead, funding and when it ends, and whether it is designed to become business as usual.',
    statuses: [{ code: 'planned', label: 'Planned' }, { code: 'active', label: 'Being delivered' }, { code: 'business_as_usual', label: 'Business as usual', closed: true }, { code: 'ended', label: 'Ended', closed: true }],
    defaultVisibility: 'partners',
    renames: true,
    fields: [
      { name: 'fundingSource', label: 'Funding source', type: 'text' },
      { name: 'fundingEnds', label: 'Funding period ends', type: 'date' },
      { name: 'designedForBau', label: 'Designed to become business as usual', type: 'yesno' },
    ],
  },
  risks: {
    kind: 'risks', title: 'Risk register', singular: 'risk',
    intro: 'Risks to the partnership\'s work, scored likelihood × impact (1–5 each), with mitigations and the next review.',
    statuses: [{ code: 'open', label: 'Open' }, { code: 'mitigated', label: 'Mitigated' }, { code: 'closed', label: 'Closed', closed: true }],
    defaultVisibility: 'partners',
    fields: [
      { name: 'likelihood', label: 'Likelihood (1–5)', type: 'score' },
      { name: 'impact', label: 'Impact (1–5)', type: 'score' },
      { name: 'mitigations', label: 'Mitigations', type: 'longtext' },
      { name: 'reviewDate', label: 'Next review', type: 'date' },
    ],
  },
}

export const isGenericRegister = (kind: string): kind is RegisterDef['kind'] => Object.hasOwn(registerDefs, kind)

/**
 * Checks an entry's own fields against its register: a date is a real YYYY-MM-DD date, a score 1–5,
 * a choice one of the options. Returns the clean values, or the first problem by field.
 */
export function readFields(def: RegisterDef, input: Record<string, unknown>, groupKeys: readonly string[] = []): { ok: true; details: Record<string, string | number | boolean | null> } | { ok: false; field: string; message: string } {
  const details: Record<string, string | number | boolean | null> = {}
  for (const f of def.fields) {
    const raw = String(input[f.name] ?? '').trim()
    if (raw === '') {
      details[f.name] = null
      continue
    }
    if (f.type === 'date') {
      const d = new Date(`${raw}T00:00:00Z`)
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw) return { ok: false, field: f.name, message: `${f.label} must be a date written YYYY-MM-DD, like 2025-03-31` }
      details[f.name] = raw
    } else if (f.type === 'score') {
      if (!/^[1-5]$/.test(raw)) return { ok: false, field: f.name, message: `${f.label.replace(/ \(1–5\)$/, '')} must be a whole number from 1 to 5` }
      details[f.name] = Number(raw)
    } else if (f.type === 'yesno') {
      if (raw !== 'yes' && raw !== 'no') return { ok: false, field: f.name, message: `${f.label}: answer yes or no` }
      details[f.name] = raw === 'yes'
    } else if (f.type === 'group') {
      if (!groupKeys.includes(raw)) return { ok: false, field: f.name, message: `${f.label}: there is no crime group "${raw}". Choose one from the list.` }
      details[f.name] = raw
    } else if (f.type === 'select') {
      if (!f.options!.some((o) => o.value === raw)) return { ok: false, field: f.name, message: `${f.label} must be one of: ${f.options!.map((o) => o.value).join(', ')}` }
      details[f.name] = raw
    } else {
      if (raw.length > (f.type === 'longtext' ? 5000 : 300)) return { ok: false, field: f.name, message: `${f.label} is too long` }
      details[f.name] = raw
    }
  }
  return { ok: true, details }
}
