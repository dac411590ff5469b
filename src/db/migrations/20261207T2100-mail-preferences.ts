import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. What each person chooses not to be emailed: the kinds they turned off.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('app_user')
    .addColumn('mail_off', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
}
