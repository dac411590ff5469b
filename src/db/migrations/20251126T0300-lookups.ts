import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. An official lookup from LSOA to a partner's area (ward, locality, authority),
// for reporting crime by locality through police.uk's own LSOA column.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('lsoa_lookup')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('lsoa_field', 'text', (c) => c.notNull())
    .addColumn('code_field', 'text', (c) => c.notNull())
    .addColumn('name_field', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('lsoa_lookup_row')
    .addColumn('lookup_id', 'text', (c) => c.notNull().references('lsoa_lookup.id').onDelete('cascade'))
    .addColumn('lsoa_code', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('area_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lsoa_lookup_row_pk', ['lookup_id', 'lsoa_code'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lsoa_lookup_row').execute()
  await db.schema.dropTable('lsoa_lookup').execute()
}
