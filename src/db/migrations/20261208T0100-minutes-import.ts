import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. Minutes imported from a partnership's old Word files, PDFs and text: each file
// kept (name, SHA-256, bytes) with what was found in it and the corrections made on review; once
// saved, the meeting it became and what the import created (people, agencies), so a batch can be
// undone as a whole.
export async function up(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  const blob = ctx.dialect === 'postgres' ? 'bytea' : 'blob'
  await db.schema
    .createTable('minutes_import')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('found', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text')
    .addColumn('created', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text')
    .addColumn('undone_at', 'text')
    .execute()
  await db.schema.createIndex('minutes_import_sha').on('minutes_import').columns(['partnership_id', 'sha256']).execute()
  await db.schema.createIndex('minutes_import_batch').on('minutes_import').column('batch_id').execute()
  await db.schema
    .createTable('minutes_import_file')
    .addColumn('import_id', 'text', (c) => c.primaryKey().references('minutes_import.id').onDelete('cascade'))
    .addColumn('content', blob, (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('minutes_import_file').execute()
  await db.schema.dropTable('minutes_import').execute()
}
