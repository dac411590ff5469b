import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. A forward plan item can promise a board report (its template, and the period
// when the promise names one), so the plan shows whether the paper is built, issued and attached.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('forward_plan_item').addColumn('report_template', 'text').execute()
  await db.schema.alterTable('forward_plan_item').addColumn('report_period', 'text').execute()
}
