import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. The partnership's own crime groups (e.g. "acquisitive" = burglary, robbery,
// theft…), beside the built-in asb, violence and every police.uk type by its own name.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('crime_group')
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('types', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('crime_group_pk', ['partnership_id', 'key'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('crime_group').execute()
}
