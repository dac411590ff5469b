import type { XmrLimits } from '../../stats/spc'
import { escapeHtml } from '../views'

const W = 760
const H = 330
const M = { top: 16, right: 16, bottom: 48, left: 56 }

/** Marker shapes by variation, so a signal reads without colour: circle, square (better), triangle (worse), diamond (neutral). */
export function marker(variation: string, x: number, y: number): string {
  if (variation === 'special_cause_improvement')
    return `<rect x="${x - 6}" y="${y - 6}" width="12" height="12" fill="#1d70b8" stroke="#0b0c0c" stroke-width="1"/>`
  if (variation === 'special_cause_concern')
    return `<path d="M${x} ${y - 8} L${x + 8} ${y + 6} L${x - 8} ${y + 6} Z" fill="#f47738" stroke="#0b0c0c" stroke-width="1"/>`
  if (variation.startsWith('special_cause_neutral'))
    return `<path d="M${x} ${y - 7} L${x + 7} ${y} L${x} ${y + 7} L${x - 7} ${y} Z" fill="#4c2c92" stroke="#0b0c0c" stroke-width="1"/>`
  return `<circle cx="${x}" cy="${y}" r="4" fill="#505a5f"/>`
}

function niceStep(range: number): number {
  const raw = range / 5
  const p = 10 ** Math.floor(Math.log10(raw || 1))
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p
}

const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export interface ChartSeries {
  /** What the chart shows, for its title (the months are added). */
  title: string
  rows: readonly { month: string; value: number; signal: string | null; variation: string }[]
  limits: XmrLimits | null
  /** The unit after a value in the description, e.g. "%". */
  unit?: string
  /** Prefix of the title's and description's ids, where a page holds several charts. */
  id?: string
}

/** A chart's title and description in words: its alternative text wherever it is drawn. */
export function chartText(r: ChartSeries): { title: string; desc: string } {
  const rows = r.rows
  const l = r.limits
  const unit = r.unit ?? ''
  const signals = rows.filter((x) => x.signal).length
  const title = `${r.title}: ${rows[0]!.month} to ${rows[rows.length - 1]!.month}`
  const desc = `${rows.length} months. Mean ${l ? `${l.mean.toFixed(1)}${unit}` : 'not defined'}; process limits ${l ? `${Math.max(0, l.lower).toFixed(1)}${unit} to ${l.upper.toFixed(1)}${unit}` : 'not defined'}. ${signals ? `${signals} months show special-cause variation.` : 'No special-cause variation.'} The table below gives every figure.`
  return { title, desc }
}

/** An SVG XmR chart of a monthly series: values, mean (solid), process limits (dashed), signals marked by shape. */
export function spcChartSvg(r: ChartSeries): string {
  const rows = r.rows
  if (!rows.length) return ''
  const id = r.id ?? 'chart'
  const l = r.limits
  const values = rows.map((x) => x.value)
  const hi = Math.max(...values, l?.upper ?? 0)
  const lo = Math.min(0, ...values, l ? Math.max(l.lower, 0) : 0)
  const step = niceStep(hi - lo)
  const top = Math.ceil(hi / step) * step
  const bottom = Math.floor(lo / step) * step
  const iw = W - M.left - M.right
  const ih = H - M.top - M.bottom
  const xAt = (i: number) => M.left + (rows.length === 1 ? iw / 2 : (i * iw) / (rows.length - 1))
  const yAt = (v: number) => M.top + ih - ((Math.max(bottom, v) - bottom) / (top - bottom || 1)) * ih
  const parts: string[] = []
  const { title, desc } = chartText(r)
  parts.push(
    `<svg class="csp-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">`,
  )
  parts.push(`<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>`)
  for (let v = bottom; v <= top + 1e-9; v += step) {
    const y = yAt(v)
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#e0e0e0"/>`)
    parts.push(
      `<text x="${M.left - 8}" y="${y + 4}" text-anchor="end" font-size="13" fill="#0b0c0c">${Number(v.toFixed(2)).toLocaleString('en-GB')}</text>`,
    )
  }
  const every = rows.length > 24 ? 3 : rows.length > 12 ? 2 : 1
  rows.forEach((x, i) => {
    if (i % every && i !== rows.length - 1) return
    const [yy, mm] = x.month.split('-')
    parts.push(
      `<text x="${xAt(i)}" y="${H - M.bottom + 18}" text-anchor="middle" font-size="13" fill="#0b0c0c">${SHORT[Number(mm) - 1]}</text>`,
    )
    if (i === 0 || mm === '01')
      parts.push(
        `<text x="${xAt(i)}" y="${H - M.bottom + 34}" text-anchor="middle" font-size="13" fill="#0b0c0c">${yy}</text>`,
      )
  })
  if (l) {
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${yAt(l.mean)}" y2="${yAt(l.mean)}" stroke="#0b0c0c" stroke-width="1.5"/>`,
    )
    for (const v of [l.upper, l.lower])
      if (v >= bottom)
        parts.push(
          `<line x1="${M.left}" x2="${W - M.right}" y1="${yAt(v)}" y2="${yAt(v)}" stroke="#505a5f" stroke-width="1.5" stroke-dasharray="7 5"/>`,
        )
  }
  parts.push(
    `<polyline fill="none" stroke="#505a5f" stroke-width="2" points="${rows.map((x, i) => `${xAt(i)},${yAt(x.value)}`).join(' ')}"/>`,
  )
  rows.forEach((x, i) => parts.push(marker(x.variation, xAt(i), yAt(x.value))))
  parts.push('</svg>')
  return parts.join('')
}

/** The chart's key: each marker shape with its meaning (the lines are drawn in the page's CSS). */
export function chartLegend(): { text: string; icon: string }[] {
  return [
    ['common_cause', 'Common cause'],
    ['special_cause_improvement', 'Special cause: improvement'],
    ['special_cause_concern', 'Special cause: concern'],
    ['special_cause_neutral_high', 'Special cause: neither better nor worse'],
  ].map(([v, text]) => ({
    text: text!,
    icon: `<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">${marker(v!, 10, 11)}</svg>`,
  }))
}
