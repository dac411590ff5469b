import type { Generated } from 'kysely'
import type { Visibility } from '../../access/restriction'

export const agendaItemKinds = [
  'minutes_and_matters_arising',
  'standard',
  'forward_plan',
  'any_other_business',
] as const
export type AgendaItemKind = (typeof agendaItemKinds)[number]

export interface AgendaItemTable {
  id: string
  meeting_id: string
  number: number
  title: string
  kind: AgendaItemKind
  presenter_person_id: string | null
  forward_plan_item_id: string | null
  visibility: Generated<Visibility>
  /** Why it comes to the meeting: 'decision', 'information' or 'discussion' (null: not said). */
  purpose: Generated<string | null>
  /** Minutes given to it on the agenda; the timings follow from the meeting's start. */
  minutes_allotted: Generated<number | null>
}

/** written: typed by the minute-taker; matters_arising: generated from an open action. */
export type ParagraphSource = 'written' | 'matters_arising'

export interface MinuteParagraphTable {
  id: string
  agenda_item_id: string
  /** The n in "2.n". */
  seq: number
  /** A sub-heading shown above the paragraph ("Domestic Abuse Needs Assessment."). */
  heading: string | null
  /** The earlier paragraph this one reports on ("3.3" in "1.1 3.3 Managing individuals…"). */
  cites: string | null
  /** Minutes markup: text lines, "- " bullets, "Action - Name / Name" lines. */
  body: string
  source: ParagraphSource
  action_id: string | null
  visibility: Generated<Visibility>
}

export interface MinutesVersionTable {
  id: string
  meeting_id: string
  version: number
  status: string
  snapshot: string
  note: string
  actor: string
  created_at: string
}

export interface MinutesTables {
  agenda_item: AgendaItemTable
  minute_paragraph: MinuteParagraphTable
  minutes_version: MinutesVersionTable
}
