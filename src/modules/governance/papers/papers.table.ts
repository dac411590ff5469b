export interface AgendaPaperTable {
  id: string
  meeting_id: string
  agenda_item_id: string
  title: string
  /** The name the file was uploaded with. */
  file_name: string
  content_type: string
  size: number
  sha256: string
  /** A PDF's page count (null for other formats). */
  pages: number | null
  /** Kept out of the published minutes, the public feed and the public pack, with the reason why. */
  not_for_publication: number
  /** E.g. "Local Government Act 1972, Schedule 12A, paragraph 3". */
  exempt_reason: string | null
  /** The paper this one replaced: the old one is kept, marked superseded. */
  replaces_id: string | null
  superseded_at: string | null
  created_at: string
  created_by: string
}

export interface AgendaPaperFileTable {
  paper_id: string
  content: Uint8Array
}

export interface PaperTables {
  agenda_paper: AgendaPaperTable
  agenda_paper_file: AgendaPaperFileTable
}
