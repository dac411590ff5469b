import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. An agenda item's purpose (for decision, for information, for discussion) and the
// minutes it is given, from which the agenda's timings follow the meeting's start.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('agenda_item').addColumn('purpose', 'text').execute()
  await db.schema.alterTable('agenda_item').addColumn('minutes_allotted', 'integer').execute()
}
