import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. A boundary set keeps the point index built when it was imported, so the crime
// import loads it instead of parsing every outline and building it again.
export async function up(db: Kysely<any>, ctx: MigrationContext): Promise<void> {
  const blob = ctx.dialect === 'postgres' ? 'bytea' : 'blob'
  await db.schema.alterTable('boundary_set').addColumn('point_index', blob).execute()
}
