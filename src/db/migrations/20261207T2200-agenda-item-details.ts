import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. An agenda item's purpose (for decision, for information, for discussion) and the
// minutes it is given, from which the agenda's timings follow the meeting's start; and how many
// days before a meeting its papers are due.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('agenda_item').addColumn('purpose', 'text').execute()
  await db.schema.alterTable('agenda_item').addColumn('minutes_allotted', 'integer').execute()
  // Papers are due this many days before a meeting: the meeting page says which are still missing.
  await db.schema
    .alterTable('partnership')
    .addColumn('papers_due_days', 'integer', (c) => c.notNull().defaultTo(7))
    .execute()
}
