import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. How a force-month's rows are stored: 'csv' (the published bytes in chunks, as
// the first release stored them) or 'seg1' (compact segments, unit-store.ts). Both read back
// byte for byte, so units imported before this change need no rewriting.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('crime_unit')
    .addColumn('storage', 'text', (c) => c.notNull().defaultTo('csv'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('crime_unit').dropColumn('storage').execute()
}
