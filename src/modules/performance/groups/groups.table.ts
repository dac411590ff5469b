/** A crime group the partnership defined: a name for a set of police.uk crime types. */
export interface CrimeGroupTable {
  partnership_id: string
  /** What commands and addresses use: lower-case letters, digits and hyphens. */
  key: string
  label: string
  /** JSON array of police.uk crime types, as police.uk writes them. */
  types: string
  updated_at: string
}

export interface GroupTables {
  crime_group: CrimeGroupTable
}
