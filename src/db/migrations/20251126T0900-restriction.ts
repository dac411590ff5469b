import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. Who may see a meeting item or minute paragraph: public (in published minutes),
// partners (any signed-in account) or restricted (only the accounts named in record_access).
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('agenda_item')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .execute()
  await db.schema
    .alterTable('minute_paragraph')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .execute()
  await db.schema
    .createTable('record_access')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_access_pk', ['subject_id', 'user_id'])
    .execute()
  await db.schema.createIndex('record_access_user').on('record_access').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('record_access').execute()
  await db.schema.alterTable('minute_paragraph').dropColumn('visibility').execute()
  await db.schema.alterTable('agenda_item').dropColumn('visibility').execute()
}
