export interface LsoaLookupTable {
  id: string
  partnership_id: string
  label: string
  source_name: string
  lsoa_field: string
  code_field: string
  name_field: string | null
  rows: number
  imported_at: string
}

export interface LsoaLookupRowTable {
  lookup_id: string
  lsoa_code: string
  area_code: string
  area_name: string
}

export interface LookupTables {
  lsoa_lookup: LsoaLookupTable
  lsoa_lookup_row: LsoaLookupRowTable
}
