import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. Which person in the partnership's records an account is: a member may update
// the actions they own.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('app_user')
    .addColumn('person_id', 'text', (c) => c.references('person.id'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').dropColumn('person_id').execute()
}
