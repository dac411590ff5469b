import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. One row per force-month (the unit police.uk republishes), its rows in one
// columnar blob, and the counts the measures read, stamped with the boundary set they used.
export async function up(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  const blob = ctx.dialect === 'postgres' ? 'bytea' : 'blob'

  await db.schema
    .createTable('crime_import')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('crime_unit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('force', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull().references('crime_import.id'))
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('located', 'integer', (c) => c.notNull())
    .addColumn('unlocated', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('outside_area', 'integer', (c) => c.notNull())
    .addColumn('unallocated', 'integer', (c) => c.notNull())
    .addColumn('beat_set_id', 'text')
    .addColumn('locality_set_id', 'text')
    .addColumn('area_set_id', 'text')
    .addColumn('quirks', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('crime_unit_force_month', ['partnership_id', 'force', 'month'])
    .execute()

  // The unit's rows exactly as police.uk published them (CSV bytes, header first), in chunks.
  await db.schema
    .createTable('crime_unit_data')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('crime_unit.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .addPrimaryKeyConstraint('crime_unit_data_pk', ['unit_id', 'seq'])
    .execute()

  // Counts by area, crime type and month for one unit and one boundary set, as compact JSON: a
  // national year is ~700,000 non-zero cells, which cost more to insert as rows than to read whole.
  await db.schema
    .createTable('crime_count')
    .addColumn('unit_id', 'text', (c) => c.notNull().references('crime_unit.id').onDelete('cascade'))
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('set_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('cells', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('crime_count_pk', ['unit_id', 'dimension'])
    .execute()
  await db.schema.createIndex('crime_count_month').on('crime_count').columns(['dimension', 'month']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['crime_count', 'crime_unit_data', 'crime_unit', 'crime_import'])
    await db.schema.dropTable(t).execute()
}
