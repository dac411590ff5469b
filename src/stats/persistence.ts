/**
 * Hotspot persistence over time (methods.md §2.3.4, after Chainey 2020 and sfhotspot's
 * hotspot_classify): persistent, emerging, former or intermittent, from which periods an area was a
 * significant hotspot (and coldspot). Two modes: "intended" (the documented rule, the default)
 * and "sfhotspot" (the package's code, off-by-one window included, for parity).
 */
export interface PersistenceOptions {
  mode: 'intended' | 'sfhotspot'
  hotspotProp: number
  persistentProp: number
  recentProp: number
}
export const PERSISTENCE_DEFAULTS: PersistenceOptions = {
  mode: 'intended',
  hotspotProp: 0.1,
  persistentProp: 0.8,
  recentProp: 0.2,
}

export type PersistenceLabel = 'persistent' | 'emerging' | 'former' | 'intermittent' | 'no pattern'

export interface PersistenceSide {
  label: PersistenceLabel
  prop: number
  recent: number
  older: number
}

function side(flags: readonly boolean[], o: PersistenceOptions): PersistenceSide {
  const k = flags.length
  let r = Math.floor(o.recentProp * k)
  if (r < 1 || k - r < 1) r = 1
  const sum = (a: readonly boolean[]) => a.filter(Boolean).length
  const prop = sum(flags) / k
  let recent: number
  let older: number
  if (o.mode === 'sfhotspot') {
    // Columns (k − r) … k (1-based), r + 1 of them, over r; and 1 … (k − r) over (k − r).
    recent = sum(flags.slice(k - r - 1)) / r
    older = sum(flags.slice(0, k - r)) / (k - r)
  } else {
    recent = sum(flags.slice(k - r)) / r
    older = sum(flags.slice(0, k - r)) / (k - r)
  }
  const recentThreshold = o.mode === 'sfhotspot' ? o.recentProp : o.hotspotProp
  let label: PersistenceLabel = 'no pattern'
  if (prop >= o.persistentProp) label = 'persistent'
  else if (older < o.hotspotProp && recent >= recentThreshold) label = 'emerging'
  else if (older >= o.hotspotProp && recent < o.hotspotProp) label = 'former'
  else if (prop >= o.hotspotProp) label = 'intermittent'
  return { label, prop, recent, older }
}

/** The label for one area from its per-period significant hot (and cold) flags, oldest first. */
export function classifyPersistence(
  hot: readonly boolean[],
  cold: readonly boolean[] = hot.map(() => false),
  options: Partial<PersistenceOptions> = {},
) {
  const o = { ...PERSISTENCE_DEFAULTS, ...options }
  if (hot.length < 2) return { label: 'no pattern', hot: null, cold: null } as const
  const h = side(hot, o)
  const c = side(cold, o)
  const label =
    h.label !== 'no pattern' && c.label !== 'no pattern'
      ? 'mixed hot/coldspot'
      : h.label !== 'no pattern'
        ? `${h.label} hotspot`
        : c.label !== 'no pattern'
          ? `${c.label} coldspot`
          : 'no pattern'
  return { label, hot: h, cold: c }
}
