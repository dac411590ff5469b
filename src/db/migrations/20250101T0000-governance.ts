import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time: this file must never import application code. Dialect-neutral on purpose:
// text ids, ISO text dates and timestamps, 0/1 integers for booleans, JSON as text.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('partnership')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_name', 'text', (c) => c.notNull())
    .addColumn('quorum_min_statutory_agencies', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('default_platform', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('agency')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text')
    .addColumn('statutory', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('agency_name_unique', ['partnership_id', 'name'])
    .execute()

  await db.schema
    .createTable('person')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('honorific', 'text')
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('person_alias')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('alias_key', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute()
  await db.schema.createIndex('person_alias_key').on('person_alias').column('alias_key').execute()

  await db.schema
    .createTable('membership')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('affiliation', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('meeting')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('date', 'text')
    .addColumn('date_not_before', 'text')
    .addColumn('date_not_after', 'text')
    .addColumn('date_note', 'text')
    .addColumn('note', 'text')
    .addColumn('start_time', 'text')
    .addColumn('end_time', 'text')
    .addColumn('venue', 'text')
    .addColumn('online_platform', 'text')
    .addColumn('online_url', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('minutes_status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('minutes_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('minutes_approved_at_meeting_id', 'text')
    .addColumn('minutes_approved_on', 'text')
    .addColumn('minutes_published_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('meeting_partnership_date').on('meeting').columns(['partnership_id', 'date']).execute()

  await db.schema
    .createTable('attendance')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addColumn('affiliation', 'text', (c) => c.notNull())
    .addColumn('attendance_group', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_chair', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('attendance_person_unique', ['meeting_id', 'person_id'])
    .execute()

  await db.schema
    .createTable('agenda_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('presenter_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('forward_plan_item_id', 'text')
    .addUniqueConstraint('agenda_item_number_unique', ['meeting_id', 'number'])
    .execute()

  await db.schema
    .createTable('minute_paragraph')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agenda_item_id', 'text', (c) => c.notNull().references('agenda_item.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('heading', 'text')
    .addColumn('cites', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('written'))
    .addColumn('action_id', 'text')
    .addUniqueConstraint('minute_paragraph_seq_unique', ['agenda_item_id', 'seq'])
    .execute()

  await db.schema
    .createTable('minutes_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('minutes_version_unique', ['meeting_id', 'version'])
    .execute()

  await db.schema
    .createTable('action')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('ref', 'integer', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id'))
    .addColumn('paragraph_id', 'text', (c) => c.references('minute_paragraph.id'))
    .addColumn('marker_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('target_meeting_id', 'text', (c) => c.references('meeting.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('carried_from', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('action_ref_unique', ['partnership_id', 'ref'])
    .execute()

  await db.schema
    .createTable('action_owner')
    .addColumn('action_id', 'text', (c) => c.notNull().references('action.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_owner_pk', ['action_id', 'person_id'])
    .execute()

  await db.schema
    .createTable('action_update')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('action_id', 'text', (c) => c.notNull().references('action.id').onDelete('cascade'))
    .addColumn('update_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('decision')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('ref', 'integer', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id'))
    .addColumn('paragraph_id', 'text', (c) => c.references('minute_paragraph.id'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('wording', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('decision_ref_unique', ['partnership_id', 'ref'])
    .execute()

  await db.schema
    .createTable('forward_plan_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('lead_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('source_paragraph_id', 'text', (c) => c.references('minute_paragraph.id'))
    .addColumn('target_meeting_id', 'text', (c) => c.references('meeting.id'))
    .addColumn('target_month', 'text')
    .addColumn('target_note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('audit_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_event_subject').on('audit_event').columns(['subject_type', 'subject_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'audit_event',
    'forward_plan_item',
    'decision',
    'action_update',
    'action_owner',
    'action',
    'minutes_version',
    'minute_paragraph',
    'agenda_item',
    'attendance',
    'meeting',
    'membership',
    'person_alias',
    'person',
    'agency',
    'partnership',
  ]) {
    await db.schema.dropTable(t).execute()
  }
}
