import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. Partner measures police.uk lacks: monthly series (value, optional denominator)
// and domestic-abuse occurrences with pseudonymous ids, from which repeat rates are computed.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('measure')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('description', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('target', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('measure_key', ['partnership_id', 'key'])
    .execute()
  await db.schema
    .createTable('measure_value')
    .addColumn('measure_id', 'text', (c) => c.notNull().references('measure.id').onDelete('cascade'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('value', 'real', (c) => c.notNull())
    .addColumn('denominator', 'real')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('measure_value_pk', ['measure_id', 'month'])
    .execute()
  await db.schema
    .createTable('da_occurrence')
    .addColumn('measure_id', 'text', (c) => c.notNull().references('measure.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('victim_ref', 'text', (c) => c.notNull())
    .addColumn('perpetrator_ref', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('da_occurrence_pk', ['measure_id', 'seq'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['da_occurrence', 'measure_value', 'measure']) await db.schema.dropTable(t).execute()
}
