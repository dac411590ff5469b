import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. Papers on agenda items: uploaded files (their bytes in the database, so backups
// hold them), "not for publication" with its reason, a replaced paper kept as history; and when
// a meeting's agenda was published to its members.
export async function up(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  const blob = ctx.dialect === 'postgres' ? 'bytea' : 'blob'
  await db.schema
    .createTable('agenda_paper')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('agenda_item_id', 'text', (c) => c.notNull().references('agenda_item.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer')
    .addColumn('not_for_publication', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exempt_reason', 'text')
    .addColumn('replaces_id', 'text', (c) => c.references('agenda_paper.id'))
    .addColumn('superseded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('agenda_paper_item').on('agenda_paper').columns(['agenda_item_id']).execute()
  await db.schema
    .createTable('agenda_paper_file')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('agenda_paper.id').onDelete('cascade'))
    .addColumn('content', blob, (c) => c.notNull())
    .execute()
  await db.schema.alterTable('meeting').addColumn('agenda_published_at', 'text').execute()
  await db.schema.alterTable('meeting').addColumn('agenda_published_by', 'text').execute()
}
