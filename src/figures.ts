/** A p-value as people read it, on pages and in the CLI alike: three decimals, and "< 0.001" rather than a misleading "0.000". */
export function formatP(p: number | null | undefined): string {
  return p === null || p === undefined || !Number.isFinite(p) ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(3)
}

/** "p = 0.012" or "p < 0.001", for a sentence. */
export function pClause(p: number | null | undefined): string {
  const f = formatP(p)
  return f.startsWith('<') ? `p ${f}` : `p = ${f}`
}
