import type { FastifyReply } from 'fastify'
import type { z } from 'zod'
import { ConflictError, RuleError } from '../errors'
import { formValues, parseForm, type HrefOverrides } from './forms'

export interface FormSubmission<S extends z.ZodType> {
  schema: S
  body: unknown
  hrefs?: HrefOverrides
  /** The form's page and the model it needs, re-rendered on any error with what the user typed. */
  template: string
  model: Record<string, unknown>
  /** Writes the change; returns where to go next and the success message. */
  /** Where to go next, and the message to show there (none where the next page says it). */
  save(data: z.output<S>): Promise<{ to: string; flash?: string }>
}

/**
 * The POST flow every form shares: parse (unknown fields dropped) → 400 with the error summary,
 * or save → a broken rule (400) or a stale version (409) re-renders with the reason at its field →
 * 303 to the result with a success banner. Nothing is written unless save() commits.
 */
export async function submitForm<S extends z.ZodType>(reply: FastifyReply, f: FormSubmission<S>) {
  const values = formValues(f.body)
  const form = parseForm(f.schema, f.body, f.hrefs)
  if (!form.ok) return reply.page(f.template, { ...f.model, values, ...form }, 400)
  try {
    const { to, flash } = await f.save(form.data)
    return (flash ? reply.flash(flash) : reply).redirect(to, 303)
  } catch (e) {
    if (!(e instanceof RuleError) && !(e instanceof ConflictError)) throw e
    const field = (e instanceof RuleError && e.field) || Object.keys(values).find((k) => k !== 'version') || 'form'
    const error = { text: e.message, href: `#${f.hrefs?.[field] ?? field}` }
    return reply.page(
      f.template,
      { ...f.model, values, errors: { [field]: error }, errorList: [error] },
      e instanceof ConflictError ? 409 : 400,
    )
  }
}
