import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fromRoot } from '../paths'
import nunjucks from 'nunjucks'
import { inlineSegments } from '../modules/governance/minutes/minutes-markup'
import { clockTime, longDate } from '../modules/governance/meetings/meeting-date'
import { counted, pluralOf, withArticle } from '../words'
import { formatP } from '../figures'

const here = fromRoot('src', 'web')
const require = createRequire(import.meta.url)
export const govukFrontendDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist')

/** The Nunjucks environment, built once at start-up (never per request). */
export function buildViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([join(here, 'views'), join(here, '..', 'modules'), govukFrontendDist], {
      noCache: false,
    }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  )

  /** Paragraph text with "see 2.1" cross-references linked to the paragraph's anchor. */
  // `base` is the page the references belong to: a matter arising's text refers to the meeting that raised it.
  env.addFilter('minutesInline', (text: string, base?: string) => {
    const html = inlineSegments(String(text ?? ''))
      .map((s) =>
        s.ref
          ? `<a class="govuk-link" href="${escapeHtml(base ?? '')}#p-${s.ref.replace('.', '-')}">${escapeHtml(s.text)}</a>`
          : escapeHtml(s.text),
      )
      .join('')
    return new nunjucks.runtime.SafeString(html)
  })
  env.addFilter('longDate', (iso: string | null | undefined) => (iso ? longDate(iso) : ''))
  // Whether someone is among the people named on a record (break-glass readers are not).
  env.addFilter(
    'names',
    (list: { id: string }[] | undefined, id: string | undefined) => !!id && !!list?.some((u) => u.id === id),
  )
  env.addFilter('clockTime', (hhmm: string | null | undefined) => (hhmm ? clockTime(hhmm) : ''))
  // Plurals and articles come from words.ts, never from gluing an "s" or "a" on.
  env.addFilter('pluralise', (n: number, one: string, many?: string) => counted(Number(n) || 0, one, many))
  env.addFilter('plural', (noun: string) => pluralOf(String(noun)))
  env.addFilter('withArticle', (noun: string) => withArticle(String(noun)))
  env.addFilter('errorFor', (errors: Record<string, { text: string }> | undefined, field: string) =>
    errors?.[field] ? { text: errors[field].text } : undefined,
  )
  env.addFilter(
    'selectItems',
    (items: { value: string; text: string }[], selected: string | null | undefined, blank?: string) => [
      ...(blank !== undefined ? [{ value: '', text: blank }] : []),
      ...items.map((i) => ({ ...i, selected: i.value === selected })),
    ],
  )
  env.addFilter('checkedItems', (items: { value: string; text: string }[], checked: string | null | undefined) =>
    items.map((i) => ({ ...i, checked: i.value === checked })),
  )
  env.addFilter(
    'groupItems',
    (groups: { key: string; label: string; origin: string }[], selected: string | undefined) =>
      groups.map((g) => ({
        value: g.key,
        text: g.origin === 'partnership' || g.key === 'asb' || g.key === 'violence' ? `${g.label} (${g.key})` : g.label,
        selected: g.key === selected,
      })),
  )
  env.addFilter('checkedTypes', (items: { value: string; text: string }[], checked: unknown) => {
    const set = new Set(Array.isArray(checked) ? checked.map(String) : typeof checked === 'string' ? [checked] : [])
    return items.map((i) => ({ ...i, checked: set.has(i.value) }))
  })
  env.addFilter('number', (n: number | null | undefined) =>
    n === null || n === undefined ? '–' : n.toLocaleString('en-GB'),
  )
  // A p-value as people read it: three decimals, and "< 0.001" rather than a misleading "0.000".
  env.addFilter('pValue', formatP)
  // Thousands grouped as in the `number` filter, so a mean of 87,326.5 reads like the counts beside it.
  env.addFilter('fixed', (n: number | null | undefined, digits: number = 2) =>
    n === null || n === undefined || !Number.isFinite(n)
      ? '–'
      : // A value that rounds to zero is written 0, never "-0.0".
        (Math.abs(n) < 0.5 * 10 ** -digits ? 0 : n).toLocaleString('en-GB', {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }),
  )
  env.addFilter('monthName', (m: string) => {
    const match = /^(\d{4})-(\d{2})$/.exec(String(m ?? ''))
    if (!match) return m
    return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)).toLocaleDateString('en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    })
  })
  return env
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
