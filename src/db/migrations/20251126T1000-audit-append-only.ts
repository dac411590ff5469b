import { sql, type Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. The audit trail is append-only in the database itself: an UPDATE or DELETE of an
// audit event fails, whoever sends it. (TRUNCATE, used only by a whole-database restore, is allowed.)
export async function up(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  if (ctx.dialect === 'postgres') {
    await sql`create function audit_event_append_only() returns trigger language plpgsql as $$ begin raise exception 'The audit trail cannot be changed.'; end $$`.execute(
      db,
    )
    await sql`create trigger audit_event_no_change before update or delete on audit_event for each row execute function audit_event_append_only()`.execute(
      db,
    )
  } else {
    await sql`create trigger audit_event_no_update before update on audit_event begin select raise(abort, 'The audit trail cannot be changed.'); end`.execute(
      db,
    )
    await sql`create trigger audit_event_no_delete before delete on audit_event begin select raise(abort, 'The audit trail cannot be changed.'); end`.execute(
      db,
    )
  }
}

export async function down(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  if (ctx.dialect === 'postgres') {
    await sql`drop trigger audit_event_no_change on audit_event`.execute(db)
    await sql`drop function audit_event_append_only()`.execute(db)
  } else {
    await sql`drop trigger audit_event_no_update`.execute(db)
    await sql`drop trigger audit_event_no_delete`.execute(db)
  }
}
