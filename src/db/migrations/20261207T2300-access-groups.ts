import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. Named groups (e.g. "DHR panel") a restricted record can be shown to, so it is not
// orphaned when one person leaves; and an administrator's break-glass grant to a restricted record,
// with its reason and when it ends.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('access_group')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('access_group_name', ['partnership_id', 'name'])
    .execute()
  await db.schema
    .createTable('access_group_member')
    .addColumn('group_id', 'text', (c) => c.notNull().references('access_group.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_group_member_pk', ['group_id', 'user_id'])
    .execute()
  await db.schema.createIndex('access_group_member_user').on('access_group_member').column('user_id').execute()
  await db.schema
    .createTable('record_group_access')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull().references('access_group.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_group_access_pk', ['subject_id', 'group_id'])
    .execute()
  await db.schema.createIndex('record_group_access_group').on('record_group_access').column('group_id').execute()
  await db.schema
    .createTable('break_glass')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('break_glass_user').on('break_glass').columns(['user_id', 'subject_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('break_glass').execute()
  await db.schema.dropTable('record_group_access').execute()
  await db.schema.dropTable('access_group_member').execute()
  await db.schema.dropTable('access_group').execute()
}
