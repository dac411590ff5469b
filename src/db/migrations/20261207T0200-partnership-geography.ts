import type { Kysely } from 'kysely'
import type { MigrationContext } from './index'

// Frozen in time. A partnership set up from the ONS list knows its code and the local authorities
// it covers: its area is their LSOAs, and a crime is in it by police.uk's own LSOA column.
export async function up(db: Kysely<any>, _ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('partnership').addColumn('ons_code', 'text').execute()
  await db.schema
    .createTable('partnership_authority')
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('partnership_authority_pk', ['partnership_id', 'code'])
    .execute()
}
