import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. Each account may have a secret calendar address: a random token that lets
// Outlook or Google Calendar subscribe without a session, replaced or turned off on request.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('calendar_feed')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().unique().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}
