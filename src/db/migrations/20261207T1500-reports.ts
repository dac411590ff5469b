import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. Board reports: each a stored snapshot of what the board saw (its model, with the
// data it was built from), drafted then issued and locked, rebuilt as a new version, and attached
// to a meeting's agenda item as its paper.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('report')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('previous_id', 'text', (c) => c.references('report.id'))
    .addColumn('changes', 'text')
    .addColumn('agenda_item_id', 'text', (c) => c.references('agenda_item.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text')
    .addColumn('issued_by', 'text')
    .execute()
  await db.schema
    .createIndex('report_period')
    .on('report')
    .columns(['partnership_id', 'template', 'period', 'audience', 'version'])
    .unique()
    .execute()
}
