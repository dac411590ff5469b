import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. The partnership's registers (priorities, assessments, interventions, DHRs,
// risks): entries with a status and its dated history, a timeline of updates, links to the minute
// paragraphs, actions and decisions that discuss them, and per-register settings.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('register_entry')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('register', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_since', 'text', (c) => c.notNull())
    .addColumn('lead_agency_id', 'text', (c) => c.references('agency.id'))
    .addColumn('owner_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('partners'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('register_entry_ref_unique', ['partnership_id', 'register', 'ref'])
    .execute()
  await db.schema
    .createTable('register_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('register_entry.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('from_status', 'text')
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('register_event_entry').on('register_event').columns(['entry_id', 'date']).execute()
  await db.schema
    .createTable('register_link')
    .addColumn('entry_id', 'text', (c) => c.notNull().references('register_entry.id').onDelete('cascade'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('register_link_pk', ['entry_id', 'target_type', 'target_id'])
    .execute()
  await db.schema
    .createIndex('register_link_target')
    .on('register_link')
    .columns(['target_type', 'target_id'])
    .execute()
  await db.schema
    .createTable('register_setting')
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('register', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('register_setting_pk', ['partnership_id', 'register'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['register_setting', 'register_link', 'register_event', 'register_entry'])
    await db.schema.dropTable(t).execute()
}
