// A report as stored: everything the board saw, so opening it later shows the same whatever was
// imported since. Pure data (JSON); report-layout.ts turns it into blocks for the three formats.
import type { XmrLimits } from '../../stats/spc'
import type { ReportPeriod, ReportTemplate } from './report-period'

export type Audience = 'public' | 'restricted'

/** One month of a tracked measure's chart. */
export interface MonthPoint {
  month: string
  value: number
  signal: string | null
  variation: string
}

/** A crime group or partner measure that a priority tracks (R1 links), with its figures for the period. */
export interface TrackedMeasure {
  /** Anchor of its section: m1, m2… */
  id: string
  kind: 'crime' | 'partner'
  priority: { ref: string; title: string }
  key: string
  label: string
  /** "%" for rates; "" for counts. */
  unit: string
  direction: 'increase' | 'decrease' | 'neutral'
  /** The chart up to the period's end (two years, or what is held). */
  series: MonthPoint[]
  limits: XmrLimits | null
  /** The latest month's variation (Making Data Count), and assurance against a target where there is one. */
  variation: string
  assurance: string | null
  plateau: string
  /** The period's figure (a count's total, a rate's mean) and the same period a year before; null where a month is not held. */
  value: number | null
  lastYear: number | null
  /** The period before (previous month or quarter). */
  previous: number | null
  /** Counts only: the exact conditional test of the period against the same period last year (methods.md §5.5). */
  test: { p: number; changePct: number | null; lower: number | null; upper: number | null } | null
  rolling12: number | null
  rolling12Before: number | null
  /** Counts by locality (crime only), for "particularly in…". */
  localities: { name: string; value: number; lastYear: number }[]
  /** Months of the period with no data held. */
  missing: string[]
}

export interface HotspotSummary {
  group: string
  label: string
  /** What the areas are ("beat", or the stand-in "ward"). */
  noun: string
  setLabel: string | null
  rows: {
    code: string
    name: string
    count: number
    lq: number | null
    band: string | null
    persistence: string | null
    localities: string
  }[]
  total: number
  /** Crimes in the partnership's area that fall in none of the areas compared. */
  unallocated?: number
  message: string | null
  /** The group's crimes by locality, this period and the same period last year, and the hotspots in each. */
  byLocality: { name: string; value: number; lastYear: number; hotspots: number }[]
  /** The map as drawn when the report was built (a static SVG), with its words. */
  map: { title: string; alt: string; svg: string } | null
}

export interface Headline {
  id: string
  /** The named rule that drafted it; "officer" for one an officer added. */
  rule: string
  /** The section it speaks of (a measure's anchor), if any. */
  section: string | null
  drafted: string
  text: string
  /** The figures it rests on, shown beside it. */
  figures: string
  removed: boolean
}

export interface ReportModel {
  schema: 1
  template: ReportTemplate
  title: string
  partnership: { name: string; area: string }
  period: ReportPeriod
  audience: Audience
  builtAt: string
  methods: string
  /** What it was built from: a rebuild compares against this. */
  basis: {
    crimeUnits: { force: string; month: string; importId: string; rows: number }[]
    boundarySets: { id: string; layer: string; label: string }[]
    measures: { key: string; label: string; updatedAt: string | null }[]
  }
  /** Counts below this are shown as "fewer than N" in the public version. */
  smallCount: number
  measures: TrackedMeasure[]
  hotspots: HotspotSummary[]
  rural: { headline: string; detail: string } | null
  repeats: { label: string; victims: number | null; victimRate: number | null; perpetratorRate: number | null }[]
  interventions: { ref: string; title: string; status: string; lead: string; fundingEnds: string | null }[]
  /** Open actions as the build found them: when each is due, in words ("By 31 March 2025", "Meeting on 13 March 2025"). */
  actions: {
    owner: string
    items: { ref: string; text: string; due: string | null; overdue: boolean; overdueText?: string | null }[]
  }[]
  dhr: { reviews: number; overCompletionDeadline: number; byStage: { stage: string; count: number }[] } | null
  notes: string[]
  headlines: Headline[]
}
