/** A file of minutes being imported: found, reviewed, saved as a meeting, or undone. */
export interface MinutesImportTable {
  id: string
  partnership_id: string
  /** Files imported together (a zip, a folder, one upload) share a batch: undone together. */
  batch_id: string
  file_name: string
  sha256: string
  format: 'pdf' | 'docx' | 'text'
  size: number
  /** What was found (ImportedMinutes), with the reviewer's corrections, as JSON. */
  found: string
  status: 'draft' | 'saved' | 'undone'
  meeting_id: string | null
  /** What saving created, for undoing it: { people: [], agencies: [] } as JSON. */
  created: string
  created_at: string
  created_by: string
  saved_at: string | null
  undone_at: string | null
}

export interface MinutesImportFileTable {
  import_id: string
  content: Uint8Array
}

export interface MinutesImportTables {
  minutes_import: MinutesImportTable
  minutes_import_file: MinutesImportFileTable
}
