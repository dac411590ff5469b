export const actionStatuses = ['open', 'in_progress', 'done', 'dropped'] as const
export type ActionStatus = (typeof actionStatuses)[number]
export const openActionStatuses: readonly ActionStatus[] = ['open', 'in_progress']

export interface ActionTable {
  id: string
  partnership_id: string
  /** A short number people can say aloud ("action 3"). */
  ref: number
  meeting_id: string
  paragraph_id: string | null
  /** Which "Action - …" line in the paragraph this is (0-based), for paragraphs with several. */
  marker_index: number
  title: string
  description: string
  due_date: string | null
  target_meeting_id: string | null
  status: ActionStatus
  /** Where the action came from before this partnership's records begin, e.g. "3.3 of 2 Oct 2024". */
  carried_from: string | null
  created_at: string
  updated_at: string
}

export interface ActionOwnerTable {
  action_id: string
  person_id: string
  position: number
}

export interface ActionUpdateTable {
  id: string
  action_id: string
  update_date: string
  status: ActionStatus
  note: string
  actor: string
  created_at: string
}

export interface ActionTables {
  action: ActionTable
  action_owner: ActionOwnerTable
  action_update: ActionUpdateTable
}
