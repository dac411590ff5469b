import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. Geometry is GeoJSON text in WGS84 with its bounding box in columns, so both
// engines store it the same way; the point lookup builds its index in memory from it.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  // A beat "belongs to" a locality when at least this share of it lies there (methods.md §1.7: 50%).
  await db.schema
    .alterTable('partnership')
    .addColumn('locality_share_threshold', 'double precision', (c) => c.notNull().defaultTo(0.5))
    .execute()

  await db.schema
    .createTable('boundary_set')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('layer', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('source_sha256', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source_crs', 'text', (c) => c.notNull())
    .addColumn('code_field', 'text', (c) => c.notNull())
    .addColumn('name_field', 'text')
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('feature_count', 'integer', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('boundary_set_layer')
    .on('boundary_set')
    .columns(['partnership_id', 'layer', 'effective_from'])
    .execute()

  await db.schema
    .createTable('boundary_area')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('set_id', 'text', (c) => c.notNull().references('boundary_set.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('geometry', 'text', (c) => c.notNull())
    .addColumn('min_lon', 'double precision', (c) => c.notNull())
    .addColumn('min_lat', 'double precision', (c) => c.notNull())
    .addColumn('max_lon', 'double precision', (c) => c.notNull())
    .addColumn('max_lat', 'double precision', (c) => c.notNull())
    .addColumn('area_m2', 'double precision', (c) => c.notNull())
    .addUniqueConstraint('boundary_area_code_unique', ['set_id', 'code'])
    .execute()

  await db.schema
    .createTable('area_overlap')
    .addColumn('beat_set_id', 'text', (c) => c.notNull().references('boundary_set.id').onDelete('cascade'))
    .addColumn('locality_set_id', 'text', (c) => c.notNull().references('boundary_set.id').onDelete('cascade'))
    .addColumn('beat_code', 'text', (c) => c.notNull())
    .addColumn('locality_code', 'text', (c) => c.notNull())
    .addColumn('area_share', 'double precision', (c) => c.notNull())
    .addColumn('crime_share', 'double precision')
    .addPrimaryKeyConstraint('area_overlap_pk', ['beat_set_id', 'locality_set_id', 'beat_code', 'locality_code'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('partnership').dropColumn('locality_share_threshold').execute()
  await db.schema.dropTable('area_overlap').execute()
  await db.schema.dropTable('boundary_area').execute()
  await db.schema.dropTable('boundary_set').execute()
}
