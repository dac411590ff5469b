import { asText } from '../words'
import { z } from 'zod'

export interface FieldError {
  text: string
  href: string
}

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; errors: Record<string, FieldError>; errorList: FieldError[] }

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : v)

/** A text field the user must fill in, with the GOV.UK message to show when they did not. */
export function requiredText(message: string, max = 2000, tooLong?: string) {
  return z.preprocess(
    trimmed,
    z
      .string()
      .min(1, message)
      .max(max, tooLong ?? `${message} using ${max.toLocaleString('en-GB')} characters or fewer`),
  )
}

/** A text field that may be left empty: empty becomes null. */
export function optionalText(max = 2000, tooLong = `Use ${max.toLocaleString('en-GB')} characters or fewer`) {
  return z.preprocess(trimmed, z.string().max(max, tooLong)).transform((s) => (s === '' ? null : s))
}

/**
 * Cross-field checks that run even when a field already failed, so the error summary lists every
 * problem at once (Zod skips object-level refinements after a field error by default).
 */
export const always = { when: () => true }

/** Ticked checkboxes: none, one (a string) or several (an array), as a browser sends them. */
export const ticked = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
  z.array(z.string().max(100)).max(500),
)

/** Which element an error links to when it is not the field's own id (e.g. the day box of a date input). */
export type HrefOverrides = Record<string, string>

/**
 * Parses a submitted form against its schema. Unknown fields (including _csrf) are dropped; every
 * error is reported at once, keyed by field, in the order the schema lists them.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  hrefs: HrefOverrides = {},
): FormResult<z.output<S>> {
  const parsed = schema.safeParse(body ?? {})
  if (parsed.success) return { ok: true, data: parsed.data }
  const errors: Record<string, FieldError> = {}
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    if (errors[field]) continue
    errors[field] = { text: issue.message, href: `#${hrefs[field] ?? field}` }
  }
  return { ok: false, errors, errorList: Object.values(errors) }
}

/** GOV.UK date input: three boxes named <name>-day, -month, -year, combined into an ISO date. */
export function dateParts(name: string, label: string, required: boolean) {
  return {
    schema: {
      [`${name}-day`]: z.preprocess(trimmed, z.string()),
      [`${name}-month`]: z.preprocess(trimmed, z.string()),
      [`${name}-year`]: z.preprocess(trimmed, z.string()),
    },
    href: { [name]: `${name}-day` },
    /** Checks the three boxes; returns the ISO date, null when empty and optional, or an error message. */
    read(v: Record<string, unknown>): { iso: string | null } | { error: string } {
      const d = asText(v[`${name}-day`])
      const m = asText(v[`${name}-month`])
      const y = asText(v[`${name}-year`])
      if (!d && !m && !y) return required ? { error: `Enter ${label}` } : { iso: null }
      const missing = [!d && 'day', !m && 'month', !y && 'year'].filter(Boolean)
      if (missing.length) return { error: `${capitalise(label)} must include a ${missing.join(' and ')}` }
      if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
        return { error: `${capitalise(label)} must be a real date, like 13 3 2025` }
      }
      const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
      const date = new Date(`${iso}T00:00:00Z`)
      if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
        return { error: `${capitalise(label)} must be a real date` }
      }
      return { iso }
    },
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/** The values to put back in a re-rendered form: what the user typed, never lost. */
export function formValues(body: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  if (body && typeof body === 'object') {
    // Strings, and the arrays several ticked checkboxes arrive as.
    for (const [k, v] of Object.entries(body))
      if (k !== '_csrf' && (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))))
        out[k] = v
  }
  return out
}
